package io.github.oraclephone;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link Engine#segmentFile} did: the C++ {@code oracle::TableSummary}. Counts are rows of
 * the input, its header excluded.
 *
 * <pre>{@code
 * FileSummary s = engine.segmentFile(in, out, options);
 * s.rowsRead();                         // 10000
 * s.valid();                            // 9612
 * s.byOperator().get("Orange");         // 4180
 * s.rejectsByReason();                  // {invalid number=371, wrong column count=17}
 * }</pre>
 *
 * <p>Thread safety: immutable (the maps are unmodifiable and sorted by key).
 */
public final class FileSummary {
  private final String phoneColumn;
  private final long[] counts;
  private final double seconds;
  private final Map<String, Long> byCountry;
  private final Map<String, Long> byOperator;
  private final Map<String, Long> byType;
  private final Map<String, Long> byValidity;
  private final Map<String, Long> rejectsByReason;

  /** From the Object[] of NativeMethods.segmentFile. */
  FileSummary(Object[] raw) {
    phoneColumn = (String) raw[NativeMethods.SUMMARY_PHONE_COLUMN];
    counts = ((long[]) raw[NativeMethods.SUMMARY_COUNTS]).clone();
    seconds = ((double[]) raw[NativeMethods.SUMMARY_SECONDS])[0];
    byCountry = map(raw, NativeMethods.SUMMARY_BY_COUNTRY);
    byOperator = map(raw, NativeMethods.SUMMARY_BY_OPERATOR);
    byType = map(raw, NativeMethods.SUMMARY_BY_TYPE);
    byValidity = map(raw, NativeMethods.SUMMARY_BY_VALIDITY);
    rejectsByReason = map(raw, NativeMethods.SUMMARY_REJECTS_BY_REASON);
  }

  private static Map<String, Long> map(Object[] raw, int slot) {
    String[] keys = (String[]) raw[slot];
    long[] values = (long[]) raw[slot + 1];
    TreeMap<String, Long> m = new TreeMap<>();
    for (int i = 0; i < keys.length; i++) {
      m.put(keys[i], values[i]);
    }
    return Collections.unmodifiableMap(m);
  }

  /** The phone column's header name ({@code "column_N"} without a header). */
  public String phoneColumn() {
    return phoneColumn;
  }

  /** The phone column's 1-based position. */
  public int phoneColumnIndex() {
    return (int) counts[NativeMethods.COUNT_PHONE_COLUMN_INDEX];
  }

  /** Every row the reader returned. */
  public long rowsRead() {
    return counts[NativeMethods.COUNT_ROWS_READ];
  }

  /** Rows in the output. */
  public long rowsWritten() {
    return counts[NativeMethods.COUNT_ROWS_WRITTEN];
  }

  /**
   * Rows that could not be read as they should (invalid encoding, wrong column count, broken
   * quoting or JSON): not in the output, listed in the rejects.
   */
  public long unreadableRows() {
    return counts[NativeMethods.COUNT_UNREADABLE];
  }

  /** Valid numbers among the rows segmented. */
  public long valid() {
    return counts[NativeMethods.COUNT_VALID];
  }

  /** Numbers that parse but are not valid. */
  public long invalid() {
    return counts[NativeMethods.COUNT_INVALID];
  }

  /** Phone cells that could not be read as numbers at all. */
  public long notANumber() {
    return counts[NativeMethods.COUNT_NOT_A_NUMBER];
  }

  /** Rows left out as duplicates (with {@link SegmentFileOptions#dedupe()}). */
  public long duplicates() {
    return counts[NativeMethods.COUNT_DUPLICATES];
  }

  /** Rows whose leading zero was put back ({@link LeadingZeroRule}). */
  public long leadingZerosRestored() {
    return counts[NativeMethods.COUNT_LEADING_ZEROS];
  }

  /** Rows listed in the rejects (counted even without a rejects file). */
  public long rejects() {
    return counts[NativeMethods.COUNT_REJECTS];
  }

  /**
   * Rows written, by region code ({@code "CI"}; {@code "+888"} for a country code without a
   * region); failed rows are not counted.
   */
  public Map<String, Long> byCountry() {
    return byCountry;
  }

  /** Rows written, by operator ({@code "(none)"} for none). */
  public Map<String, Long> byOperator() {
    return byOperator;
  }

  /** Rows written, by number type ({@code "MOBILE"}...; failed rows by their error code). */
  public Map<String, Long> byType() {
    return byType;
  }

  /** Rows written, by {@code "valid"}, {@code "invalid"} and {@code "not a number"}. */
  public Map<String, Long> byValidity() {
    return byValidity;
  }

  /**
   * Rejected rows by reason: {@code "invalid encoding"}, {@code "wrong column count"}, {@code
   * "unreadable"}, {@code "invalid number"}.
   */
  public Map<String, Long> rejectsByReason() {
    return rejectsByReason;
  }

  /** Wall time of the run, in seconds. */
  public double seconds() {
    return seconds;
  }

  /** {@link #rowsRead()} per second. */
  public double rowsPerSecond() {
    return seconds > 0 ? rowsRead() / seconds : 0;
  }

  @Override
  public String toString() {
    return "FileSummary{phoneColumn="
        + phoneColumn
        + " (#"
        + phoneColumnIndex()
        + "), rowsRead="
        + rowsRead()
        + ", rowsWritten="
        + rowsWritten()
        + ", unreadable="
        + unreadableRows()
        + ", valid="
        + valid()
        + ", invalid="
        + invalid()
        + ", notANumber="
        + notANumber()
        + ", duplicates="
        + duplicates()
        + ", leadingZerosRestored="
        + leadingZerosRestored()
        + ", rejects="
        + rejects()
        + ", byCountry="
        + byCountry
        + ", byOperator="
        + byOperator
        + ", byType="
        + byType
        + ", byValidity="
        + byValidity
        + ", rejectsByReason="
        + rejectsByReason
        + "}";
  }
}
