package io.github.oraclephone;

/** Whether the first row of an input table names its columns. */
public enum HeaderMode {
  /**
   * Decided from the first rows: a header when its cells are all text and none looks like a
   * phone number or another number.
   */
  DETECT,
  /** The first row is always a header. */
  PRESENT,
  /** There is no header: the columns are named {@code column_1}, {@code column_2}... */
  ABSENT
}
