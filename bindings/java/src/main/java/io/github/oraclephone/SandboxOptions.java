package io.github.oraclephone;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Options of a {@link SandboxTransport} (C++ {@code oracle::SandboxTransportOptions}),
 * immutable, made by {@link #builder()}. Shares are in [0, 1]; the three send-outcome shares add
 * up to at most 1. Checked by {@link SandboxTransport#create(SandboxOptions)}.
 */
public final class SandboxOptions {
  private final Builder b;

  private SandboxOptions(Builder b) {
    this.b = b.copy();
  }

  /** The defaults: everything accepted, receipts at once, no journal. */
  public static SandboxOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    return b.copy();
  }

  /** The receipt callback as the native side takes it, or null. */
  java.util.function.Consumer<String[]> receiptCallback() {
    java.util.function.Consumer<DeliveryReceipt> c = b.onReceipt;
    return c == null ? null : v -> c.accept(SmsNatives.receiptFromFlat(v, 0));
  }

  String[] toFlat() {
    List<String> kv = new ArrayList<>();
    add(kv, "id_prefix", b.idPrefix);
    add(kv, "max_segments", Integer.toString(b.maxSegments));
    add(kv, "reject_ratio", Double.toString(b.rejectRatio));
    add(kv, "retry_later_ratio", Double.toString(b.retryLaterRatio));
    add(kv, "unknown_ratio", Double.toString(b.unknownRatio));
    add(kv, "receipts", Boolean.toString(b.receipts));
    add(kv, "receipt_delay_ms", Long.toString(b.receiptDelay.toMillis()));
    add(kv, "receipt_jitter_ms", Long.toString(b.receiptJitter.toMillis()));
    add(kv, "undeliverable_ratio", Double.toString(b.undeliverableRatio));
    add(kv, "network_receipts", Boolean.toString(b.networkReceipts));
    add(kv, "duplicate_ratio", Double.toString(b.duplicateRatio));
    add(kv, "reorder_ratio", Double.toString(b.reorderRatio));
    add(kv, "seed", Long.toString(b.seed));
    add(kv, "journal_path", b.journalPath == null ? "" : b.journalPath.toString());
    add(kv, "journal_fsync", Boolean.toString(b.journalFsync));
    return kv.toArray(new String[0]);
  }

  private static void add(List<String> kv, String k, String v) {
    kv.add(k);
    kv.add(v);
  }

  @Override
  public String toString() {
    return "SandboxOptions" + List.of(toFlat());
  }

  /** Builds {@link SandboxOptions}; not thread-safe. */
  public static final class Builder {
    private String idPrefix = "sbx-";
    private int maxSegments = 255;
    private double rejectRatio;
    private double retryLaterRatio;
    private double unknownRatio;
    private boolean receipts = true;
    private Duration receiptDelay = Duration.ZERO;
    private Duration receiptJitter = Duration.ZERO;
    private double undeliverableRatio;
    private boolean networkReceipts;
    private double duplicateRatio;
    private double reorderRatio;
    private long seed = 1;
    private Path journalPath;
    private boolean journalFsync;
    private java.util.function.Consumer<DeliveryReceipt> onReceipt;

    private Builder() {}

    private Builder copy() {
      Builder c = new Builder();
      c.idPrefix = idPrefix;
      c.maxSegments = maxSegments;
      c.rejectRatio = rejectRatio;
      c.retryLaterRatio = retryLaterRatio;
      c.unknownRatio = unknownRatio;
      c.receipts = receipts;
      c.receiptDelay = receiptDelay;
      c.receiptJitter = receiptJitter;
      c.undeliverableRatio = undeliverableRatio;
      c.networkReceipts = networkReceipts;
      c.duplicateRatio = duplicateRatio;
      c.reorderRatio = reorderRatio;
      c.seed = seed;
      c.journalPath = journalPath;
      c.journalFsync = journalFsync;
      c.onReceipt = onReceipt;
      return c;
    }

    /** Ids are {@code <prefix><16 hex digits>}. */
    public Builder idPrefix(String v) {
      idPrefix = Objects.requireNonNull(v, "idPrefix");
      return this;
    }

    /** Parts allowed per message (default 255); longer texts are MESSAGE_TOO_LONG. */
    public Builder maxSegments(int v) {
      maxSegments = v;
      return this;
    }

    /** Share of messages rejected (SIMULATED_REJECTION). */
    public Builder rejectRatio(double v) {
      rejectRatio = v;
      return this;
    }

    /** Share answered retry-later (SIMULATED_RETRY_LATER; not sent). */
    public Builder retryLaterRatio(double v) {
      retryLaterRatio = v;
      return this;
    }

    /** Share answered unknown (SIMULATED_UNKNOWN: sent, but the id is lost). */
    public Builder unknownRatio(double v) {
      unknownRatio = v;
      return this;
    }

    /** Simulate delivery receipts (default true). */
    public Builder receipts(boolean v) {
      receipts = v;
      return this;
    }

    public Builder receiptDelay(Duration v) {
      receiptDelay = Objects.requireNonNull(v, "receiptDelay");
      return this;
    }

    public Builder receiptJitter(Duration v) {
      receiptJitter = Objects.requireNonNull(v, "receiptJitter");
      return this;
    }

    /** Share of messages whose receipt is DeliveryImpossible. */
    public Builder undeliverableRatio(double v) {
      undeliverableRatio = v;
      return this;
    }

    /** A DeliveredToNetwork receipt first. */
    public Builder networkReceipts(boolean v) {
      networkReceipts = v;
      return this;
    }

    public Builder duplicateRatio(double v) {
      duplicateRatio = v;
      return this;
    }

    public Builder reorderRatio(double v) {
      reorderRatio = v;
      return this;
    }

    /** Seed of the simulations (one thread replays exactly). */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /** Append every accepted message and receipt to this file as JSON lines; null: none. */
    public Builder journalPath(Path v) {
      journalPath = v;
      return this;
    }

    public Builder journalFsync(boolean v) {
      journalFsync = v;
      return this;
    }

    /**
     * Receives each receipt at its due time, on a thread the sandbox owns (attached to the JVM
     * for the call), one at a time; {@link SandboxTransport#pollReceipts()} is then always
     * empty. An exception it throws goes to that thread's uncaught-exception handler. It may
     * call the sandbox, but must not close it (closing stops and joins that thread). null:
     * receipts wait for {@code pollReceipts()}.
     */
    public Builder onReceipt(java.util.function.Consumer<DeliveryReceipt> v) {
      onReceipt = v;
      return this;
    }

    public SandboxOptions build() {
      return new SandboxOptions(this);
    }
  }
}
