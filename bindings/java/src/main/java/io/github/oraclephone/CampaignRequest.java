package io.github.oraclephone;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link HistoryStore#createCampaign} needs (C++ {@code oracle::NewCampaign}): a name, a
 * template, a sender, a transport name, a rate, an optional start, and the recipients (a list,
 * a contact file read with {@link Recipient#readFile}, or a saved segment). Immutable, from
 * {@link #builder(String, String)}.
 *
 * <pre>{@code
 * CampaignRequest request = CampaignRequest.builder("promo-2026-11", "Bonjour {name}, -20%")
 *     .recipients(Recipient.readFile(Path.of("contacts.csv")))
 *     .defaultRegion("CI")
 *     .senderAddress("tel:+2250000")
 *     .transport("orange")
 *     .ratePerSecond(50)
 *     .build();
 * }</pre>
 */
public final class CampaignRequest {
  private final Builder b;

  private CampaignRequest(Builder b) {
    this.b = b.copy();
  }

  /** A builder for a campaign of that (unique) name and template. */
  public static Builder builder(String name, String templateText) {
    return new Builder(name, templateText);
  }

  public String name() {
    return b.name;
  }

  public List<Recipient> recipients() {
    return b.recipients;
  }

  String[] spec() {
    return new String[] {
      b.name,
      b.templateText,
      b.senderAddress,
      b.senderName,
      b.transport,
      Double.toString(b.ratePerSecond),
      Long.toString(b.scheduledStart == null ? 0 : b.scheduledStart.toEpochMilli()),
      b.source
    };
  }

  String defaultRegion() {
    return b.defaultRegion;
  }

  String[] numberTypes() {
    return b.numberTypes.toArray(new String[0]);
  }

  /** Builds a {@link CampaignRequest}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private final String templateText;
    private String senderAddress = "";
    private String senderName = "";
    private String transport = "sandbox";
    private double ratePerSecond;
    private Instant scheduledStart;
    private String source = "";
    private String defaultRegion = "";
    private List<String> numberTypes = List.of();
    private List<Recipient> recipients = List.of();

    private Builder(String name, String templateText) {
      this.name = Objects.requireNonNull(name, "name");
      this.templateText = Objects.requireNonNull(templateText, "templateText");
    }

    private Builder copy() {
      Builder c = new Builder(name, templateText);
      c.senderAddress = senderAddress;
      c.senderName = senderName;
      c.transport = transport;
      c.ratePerSecond = ratePerSecond;
      c.scheduledStart = scheduledStart;
      c.source = source;
      c.defaultRegion = defaultRegion;
      c.numberTypes = numberTypes;
      c.recipients = recipients;
      return c;
    }

    /** e.g. "tel:+2250000". */
    public Builder senderAddress(String v) {
      senderAddress = Objects.requireNonNull(v, "senderAddress");
      return this;
    }

    public Builder senderName(String v) {
      senderName = Objects.requireNonNull(v, "senderName");
      return this;
    }

    /** The transport's name, recorded with the campaign (default "sandbox"). */
    public Builder transport(String v) {
      transport = Objects.requireNonNull(v, "transport");
      return this;
    }

    /** Messages per second; 0: as fast as the transport allows. */
    public Builder ratePerSecond(double v) {
      ratePerSecond = v;
      return this;
    }

    /** Start at this time (the campaign is then scheduled); null: no schedule. */
    public Builder scheduledStart(Instant v) {
      scheduledStart = v;
      return this;
    }

    /** Where the recipients came from (a file name, a segment), for the record. */
    public Builder source(String v) {
      source = Objects.requireNonNull(v, "source");
      return this;
    }

    /** Region of numbers written without a country code, e.g. "CI". */
    public Builder defaultRegion(String v) {
      defaultRegion = Objects.requireNonNull(v, "defaultRegion");
      return this;
    }

    /** Only numbers of these types ("MOBILE", "FIXED_LINE_OR_MOBILE"...); empty: any. */
    public Builder numberTypes(List<String> v) {
      numberTypes = List.copyOf(v);
      return this;
    }

    public Builder recipients(List<Recipient> v) {
      recipients = List.copyOf(v);
      return this;
    }

    /** Numbers without template fields. */
    public Builder numbers(List<String> numbers) {
      List<Recipient> r = new ArrayList<>(numbers.size());
      for (String n : numbers) {
        r.add(Recipient.of(n));
      }
      recipients = List.copyOf(r);
      return this;
    }

    public CampaignRequest build() {
      return new CampaignRequest(this);
    }
  }
}
