package io.github.oraclephone;

/**
 * The formats of contact files (the C++ {@code oracle::FileFormat}), for {@link
 * SegmentFileOptions.Builder#inputFormat} and {@link SegmentFileOptions.Builder#outputFormat}.
 */
public enum FileFormat {
  /** From the file name's extension: {@code .csv}, {@code .tsv}, {@code .xlsx}, {@code .jsonl}
   * (or {@code .ndjson}), {@code .json}. */
  AUTO(0),
  /** Comma-separated values (the delimiter, encoding and header are detected when reading). */
  CSV(1),
  /** Tab-separated values. */
  TSV(2),
  /** An Excel workbook (one sheet is read or written). */
  XLSX(3),
  /** JSON Lines: one object per line. */
  JSONL(4),
  /** One JSON array of objects. */
  JSON(5);

  private final int value;

  FileFormat(int value) {
    this.value = value;
  }

  /** The C++ enum value. */
  int value() {
    return value;
  }
}
