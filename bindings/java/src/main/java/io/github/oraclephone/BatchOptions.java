package io.github.oraclephone;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link Engine#segmentBatch(String[], String, BatchOptions)} runs: on how many threads,
 * and which optional fields it fills.
 *
 * <pre>{@code
 * BatchOptions fast = BatchOptions.defaults()
 *     .withThreads(BatchOptions.ALL_PROCESSORS)
 *     .withFields(EnumSet.noneOf(SegmentField.class));  // no formatted strings
 * }</pre>
 *
 * <p>Thread safety: immutable.
 */
public final class BatchOptions {
  /** {@link #withThreads(int)} value: one thread per available processor. */
  public static final int ALL_PROCESSORS = 0;

  private static final BatchOptions DEFAULTS =
      new BatchOptions(1, EnumSet.allOf(SegmentField.class));

  private final int threads;
  private final Set<SegmentField> fields;

  private BatchOptions(int threads, Set<SegmentField> fields) {
    this.threads = threads;
    this.fields = Collections.unmodifiableSet(EnumSet.copyOf(fields));
  }

  /** One thread (the caller's), every field. */
  public static BatchOptions defaults() {
    return DEFAULTS;
  }

  /**
   * These options on {@code threads} threads (the caller's and {@code threads - 1} more for
   * the duration of the call); {@link #ALL_PROCESSORS} for one per available processor.
   */
  public BatchOptions withThreads(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0, got " + threads);
    }
    return new BatchOptions(threads, fields);
  }

  /** These options filling only the given optional fields. */
  public BatchOptions withFields(Set<SegmentField> fields) {
    Objects.requireNonNull(fields, "fields");
    EnumSet<SegmentField> copy = EnumSet.noneOf(SegmentField.class);
    copy.addAll(fields);
    return new BatchOptions(threads, copy);
  }

  /** The number of threads; {@link #ALL_PROCESSORS} for one per processor. */
  public int threads() {
    return threads;
  }

  /** The number of threads a call will use. */
  int effectiveThreads() {
    return threads == ALL_PROCESSORS ? Runtime.getRuntime().availableProcessors() : threads;
  }

  /** The optional fields filled; unmodifiable. */
  public Set<SegmentField> fields() {
    return fields;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BatchOptions
        && ((BatchOptions) o).threads == threads
        && ((BatchOptions) o).fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(threads, fields);
  }

  @Override
  public String toString() {
    return "BatchOptions{threads=" + threads + ", fields=" + fields + "}";
  }
}
