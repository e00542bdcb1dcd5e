package io.github.oraclephone;

import java.time.Instant;
import java.util.Objects;

/**
 * Filters of {@link HistoryStore#queryMessages}, {@link HistoryStore#queryEvents} and {@link
 * HistoryStore#countMessages} (C++ {@code oracle::HistoryQuery}); immutable, from {@link
 * #builder()}. Unset filters do not filter; results are newest first.
 *
 * <pre>{@code
 * HistoryQuery q = HistoryQuery.builder()
 *     .number("+2250707123456")
 *     .from(Instant.parse("2026-11-01T00:00:00Z"))
 *     .stateName("sent")       // events
 *     .limit(500)
 *     .build();
 * }</pre>
 */
public final class HistoryQuery {
  private final String number;
  private final long campaignId;
  private final MessageState state;
  private final String stateName;
  private final String operatorName;
  private final long fromUnixMs;
  private final long toUnixMs;
  private final int limit;
  private final String cursor;
  private final String kind;

  private HistoryQuery(Builder b) {
    number = b.number;
    campaignId = b.campaignId;
    state = b.state;
    stateName = b.stateName;
    operatorName = b.operatorName;
    fromUnixMs = b.fromUnixMs;
    toUnixMs = b.toUnixMs;
    limit = b.limit;
    cursor = b.cursor;
    kind = b.kind;
  }

  /** No filter, 100 per page. */
  public static HistoryQuery all() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this query (e.g. to ask for the next page). */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.number = number;
    b.campaignId = campaignId;
    b.state = state;
    b.stateName = stateName;
    b.operatorName = operatorName;
    b.fromUnixMs = fromUnixMs;
    b.toUnixMs = toUnixMs;
    b.limit = limit;
    b.cursor = cursor;
    b.kind = kind;
    return b;
  }

  /** This query for the page after {@code page}. */
  public HistoryQuery next(Page<?> page) {
    return toBuilder().cursor(page.nextCursor()).build();
  }

  /** The event kind filter ("" for any). */
  public String kind() {
    return kind;
  }

  public int limit() {
    return limit;
  }

  String[] toFlat() {
    return new String[] {
      number,
      Long.toString(campaignId),
      Integer.toString(state == null ? -1 : state.ordinal()),
      stateName,
      operatorName,
      Long.toString(fromUnixMs),
      Long.toString(toUnixMs),
      Integer.toString(limit),
      cursor,
      kind
    };
  }

  @Override
  public String toString() {
    return "HistoryQuery" + java.util.Arrays.toString(toFlat());
  }

  /** Builds a {@link HistoryQuery}; not thread-safe. */
  public static final class Builder {
    private String number = "";
    private long campaignId;
    private MessageState state;
    private String stateName = "";
    private String operatorName = "";
    private long fromUnixMs;
    private long toUnixMs;
    private int limit = 100;
    private String cursor = "";
    private String kind = "";

    private Builder() {}

    /** E.164; matched through the store's lookup key (works with masked or hashed stores). */
    public Builder number(String v) {
      number = Objects.requireNonNull(v, "number");
      return this;
    }

    public Builder campaignId(long v) {
      campaignId = v;
      return this;
    }

    /** Messages only. */
    public Builder state(MessageState v) {
      state = v;
      return this;
    }

    /** Events only: their state, e.g. "sent". */
    public Builder stateName(String v) {
      stateName = Objects.requireNonNull(v, "stateName");
      return this;
    }

    public Builder operatorName(String v) {
      operatorName = Objects.requireNonNull(v, "operatorName");
      return this;
    }

    /** Inclusive. */
    public Builder from(Instant v) {
      fromUnixMs = v.toEpochMilli();
      return this;
    }

    /** Exclusive. */
    public Builder to(Instant v) {
      toUnixMs = v.toEpochMilli();
      return this;
    }

    public Builder fromUnixMs(long v) {
      fromUnixMs = v;
      return this;
    }

    public Builder toUnixMs(long v) {
      toUnixMs = v;
      return this;
    }

    /** Page size, 1 to 10000 (checked by the store). */
    public Builder limit(int v) {
      limit = v;
      return this;
    }

    /** The previous page's {@link Page#nextCursor()}; "" for the first page. */
    public Builder cursor(String v) {
      cursor = Objects.requireNonNull(v, "cursor");
      return this;
    }

    /**
     * Events only: their kind ("message", "job", "receipt", "sms", or a host's own). A query of
     * messages with a kind is refused ({@code INVALID_ARGUMENT}).
     */
    public Builder kind(String v) {
      kind = Objects.requireNonNull(v, "kind");
      return this;
    }

    public HistoryQuery build() {
      return new HistoryQuery(this);
    }
  }
}
