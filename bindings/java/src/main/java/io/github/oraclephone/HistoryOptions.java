package io.github.oraclephone;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Options of a {@link HistoryStore} (C++ {@code oracle::HistoryOptions}) plus the clock the
 * Java store reads its times from; immutable, from {@link #builder()}.
 */
public final class HistoryOptions {
  private final NumberPrivacy numberPrivacy;
  private final String numberHmacKey;
  private final boolean dropBodiesWhenSettled;
  private final Duration defaultRetryDelay;
  private final Duration busyTimeout;
  private final boolean migrate;
  private final Clock clock;

  private HistoryOptions(Builder b) {
    numberPrivacy = b.numberPrivacy;
    numberHmacKey = b.numberHmacKey;
    dropBodiesWhenSettled = b.dropBodiesWhenSettled;
    defaultRetryDelay = b.defaultRetryDelay;
    busyTimeout = b.busyTimeout;
    migrate = b.migrate;
    clock = b.clock;
  }

  public static HistoryOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The clock of the times the store records ({@link Clock#systemUTC()} by default). */
  public Clock clock() {
    return clock;
  }

  public NumberPrivacy numberPrivacy() {
    return numberPrivacy;
  }

  String[] toFlat() {
    List<String> kv = new ArrayList<>();
    kv.add("number_privacy");
    kv.add(Integer.toString(numberPrivacy.ordinal()));
    kv.add("number_hmac_key");
    kv.add(numberHmacKey);
    kv.add("body_retention");
    kv.add(Boolean.toString(dropBodiesWhenSettled));
    kv.add("default_retry_delay_ms");
    kv.add(Long.toString(defaultRetryDelay.toMillis()));
    kv.add("busy_timeout_ms");
    kv.add(Long.toString(busyTimeout.toMillis()));
    kv.add("migrate");
    kv.add(Boolean.toString(migrate));
    return kv.toArray(new String[0]);
  }

  /** The options; the HMAC key is never shown. */
  @Override
  public String toString() {
    return "HistoryOptions{numberPrivacy=" + numberPrivacy
        + ", numberHmacKey=" + (numberHmacKey.isEmpty() ? "" : "<redacted>")
        + ", dropBodiesWhenSettled=" + dropBodiesWhenSettled
        + ", defaultRetryDelay=" + defaultRetryDelay
        + ", busyTimeout=" + busyTimeout
        + ", migrate=" + migrate + "}";
  }

  /** Builds {@link HistoryOptions}; not thread-safe. */
  public static final class Builder {
    private NumberPrivacy numberPrivacy = NumberPrivacy.PLAIN;
    private String numberHmacKey = "";
    private boolean dropBodiesWhenSettled;
    private Duration defaultRetryDelay = Duration.ofSeconds(30);
    private Duration busyTimeout = Duration.ofSeconds(10);
    private boolean migrate = true;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** How numbers are kept once settled; MASKED and HASHED need {@link #numberHmacKey}. */
    public Builder numberPrivacy(NumberPrivacy v) {
      numberPrivacy = Objects.requireNonNull(v, "numberPrivacy");
      return this;
    }

    /** Key of the HMAC that turns numbers into lookup keys. Secret: never logged nor stored. */
    public Builder numberHmacKey(String v) {
      numberHmacKey = Objects.requireNonNull(v, "numberHmacKey");
      return this;
    }

    /** Empty message bodies once settled. */
    public Builder dropBodiesWhenSettled(boolean v) {
      dropBodiesWhenSettled = v;
      return this;
    }

    /** Retry-later without a provider hint: wait this long. */
    public Builder defaultRetryDelay(Duration v) {
      defaultRetryDelay = Objects.requireNonNull(v, "defaultRetryDelay");
      return this;
    }

    /** SQLite: how long a writer waits for another process's lock. */
    public Builder busyTimeout(Duration v) {
      busyTimeout = Objects.requireNonNull(v, "busyTimeout");
      return this;
    }

    /** Upgrade an older store's schema (default true). */
    public Builder migrate(boolean v) {
      migrate = v;
      return this;
    }

    public Builder clock(Clock v) {
      clock = Objects.requireNonNull(v, "clock");
      return this;
    }

    public HistoryOptions build() {
      return new HistoryOptions(this);
    }
  }
}
