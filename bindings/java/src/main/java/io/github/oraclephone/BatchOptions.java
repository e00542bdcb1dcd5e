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
 * BatchOptions.defaults();                            // every processor, no optional field
 * BatchOptions all = BatchOptions.defaults().withAllFields();  // + formats, extension, carrier
 * BatchOptions inSpark = BatchOptions.defaults().withThreads(1);  // the calling thread only
 * }</pre>
 *
 * <p>Fields: the optional string fields ({@link SegmentField}: the three formats, the
 * extension, the carrier code) cost time on every row (the three formats more than the rest
 * of the segmentation together), so a batch makes only those asked for; the others are {@code
 * ""} in the result (as for {@link Engine#segment(String, String, java.util.Set)}). Every
 * other field is always there.
 *
 * <p>Threads: the batch runs on a pool of native threads that the engine keeps for each
 * thread count (and field selection) used, from the first batch that asks for it until the
 * engine is closed. The calling thread is one of them. Inside a framework that already runs
 * one task per processor (Spark executors), use {@code withThreads(1)}.
 *
 * <p>Thread safety: immutable.
 */
public final class BatchOptions {
  /** {@link #withThreads(int)} value: one thread per available processor. */
  public static final int ALL_PROCESSORS = 0;

  private static final BatchOptions DEFAULTS =
      new BatchOptions(ALL_PROCESSORS, EnumSet.noneOf(SegmentField.class));

  private final int threads;
  private final Set<SegmentField> fields;

  private BatchOptions(int threads, Set<SegmentField> fields) {
    this.threads = threads;
    EnumSet<SegmentField> copy = EnumSet.noneOf(SegmentField.class);
    copy.addAll(fields);
    this.fields = Collections.unmodifiableSet(copy);
  }

  /** Every processor ({@link #ALL_PROCESSORS}), no optional field. */
  public static BatchOptions defaults() {
    return DEFAULTS;
  }

  /**
   * These options on {@code threads} threads (the caller's and {@code threads - 1} native
   * worker threads); {@link #ALL_PROCESSORS} for one per available processor.
   */
  public BatchOptions withThreads(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0, got " + threads);
    }
    return new BatchOptions(threads, fields);
  }

  /** These options filling every optional field (formats, extension, carrier code). */
  public BatchOptions withAllFields() {
    return new BatchOptions(threads, EnumSet.allOf(SegmentField.class));
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
