package io.github.oraclephone;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Options of a {@link Dispatcher} (C++ {@code oracle::DispatcherOptions}); immutable, from
 * {@link #builder()}. Checked by {@link Dispatcher#create}.
 */
public final class DispatcherOptions {
  private final List<String> kv;

  private DispatcherOptions(List<String> kv) {
    this.kv = List.copyOf(kv);
  }

  public static DispatcherOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  String[] toFlat() {
    return kv.toArray(new String[0]);
  }

  @Override
  public String toString() {
    return "DispatcherOptions" + kv;
  }

  /** Builds {@link DispatcherOptions}; not thread-safe. Unset options keep the C++ defaults. */
  public static final class Builder {
    private final List<String> kv = new ArrayList<>();

    private Builder() {}

    private Builder set(String k, String v) {
      kv.add(k);
      kv.add(v);
      return this;
    }

    /** Owner of the leases, unique per dispatcher; default "HOST:PID:RANDOM". */
    public Builder workerId(String v) {
      return set("worker_id", Objects.requireNonNull(v, "workerId"));
    }

    /** Messages sent at the same time (default 4). */
    public Builder concurrency(int v) {
      return set("concurrency", Integer.toString(v));
    }

    /** Lease taken on claimed messages (default 60 s). */
    public Builder leaseDuration(Duration v) {
      return set("lease_ms", Long.toString(v.toMillis()));
    }

    /** A send starts only with at least this much of its lease left (default 20 s). */
    public Builder sendMargin(Duration v) {
      return set("send_margin_ms", Long.toString(v.toMillis()));
    }

    /** Messages per second over this dispatcher's threads; 0: the campaign's rate. */
    public Builder ratePerSecond(double v) {
      return set("rate_per_second", Double.toString(v));
    }

    /** Messages claimed at a time (default 100). */
    public Builder batchSize(int v) {
      return set("batch_size", Integer.toString(v));
    }

    /** Wait before looking again when nothing can be claimed yet (default 200 ms). */
    public Builder idlePoll(Duration v) {
      return set("idle_poll_ms", Long.toString(v.toMillis()));
    }

    /** Retry-later backoff without a hint: min(base * 2^(attempts-1), cap). */
    public Builder retryBase(Duration v) {
      return set("retry_base_ms", Long.toString(v.toMillis()));
    }

    public Builder retryCap(Duration v) {
      return set("retry_cap_ms", Long.toString(v.toMillis()));
    }

    /** After this many attempts a retry-later is recorded as failed (RETRY_LIMIT; default 8). */
    public Builder maxAttempts(int v) {
      return set("max_attempts", Integer.toString(v));
    }

    /** Return when nothing can be sent now instead of waiting for retry times. */
    public Builder stopWhenIdle(boolean v) {
      return set("stop_when_idle", Boolean.toString(v));
    }

    public DispatcherOptions build() {
      return new DispatcherOptions(kv);
    }
  }
}
