package io.github.oraclephone;

/**
 * When {@link Engine#segmentFile} puts back the leading zero that spreadsheets drop from
 * national numbers ({@code 0707123456} stored as the number {@code 707123456}): the C++ {@code
 * oracle::LeadingZeroRule}. The zero is put back only with a default region, when the digits
 * are not a valid number of that region and {@code "0"} + digits is one; every such row is
 * counted ({@link FileSummary#leadingZerosRestored()}) and noted in the {@code note} field.
 */
public enum LeadingZeroRule {
  /** Only in cells stored as numbers (the default). */
  NUMERIC_CELLS,
  /** Also in text cells (a CSV file saved by a spreadsheet). */
  ALL_CELLS,
  /** Never. */
  NEVER
}
