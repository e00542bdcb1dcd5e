package io.github.oraclephone;

/**
 * The native methods, implemented in {@code bindings/java/jni/} ({@code oracle_jni.cc}, {@code
 * batch.cc}, {@code io.cc}) and bound by the {@code JNI_OnLoad} of {@code oracle_jni.cc}.
 * Every method turns a C++ failure into a Java exception ({@link OracleException}, {@link
 * OutOfMemoryError}, {@link NullPointerException}, {@link IllegalArgumentException} or {@link
 * IllegalStateException}); none lets a C++ exception through.
 *
 * <p>Array layouts (they must match the constants of those files):
 *
 * <ul>
 *   <li>{@link #segment}: {@code meta[META_*]} holds the status code (0 = OK), the scalar
 *       fields and the UTF-8 byte length of each string field ({@code STRING_*} order);
 *       {@code data} holds those strings one after another. For a failure only {@code
 *       META_CODE} and the length of {@link #STRING_ERROR_MESSAGE} are set.
 *   <li>{@link #segmentColumns}: the integer columns of a batch go into Java arrays the caller
 *       allocated ({@code COL_*}); the string columns come back ({@code OUT_*}) as a {@code
 *       byte[]} of UTF-8 with an {@code int[rows + 1]} of offsets, or sparse: the rows that
 *       have a value, their UTF-8 and offsets.
 *   <li>{@link #segmentFile}: the summary as {@code SUMMARY_*} slots.
 * </ul>
 */
final class NativeMethods {
  static final int META_CODE = 0;
  static final int META_COUNTRY_CODE = 1;
  static final int META_TYPE = 2;
  static final int META_POSSIBILITY = 3;
  static final int META_SOURCE = 4;
  static final int META_BITS = 5;
  static final int META_FLAGS = 6;
  static final int META_LENGTHS = 7;
  static final int STRING_FIELDS = 12;
  static final int META_SIZE = META_LENGTHS + STRING_FIELDS;

  static final int BIT_VALID = 1;
  static final int BIT_POSSIBLE = 2;
  static final int BIT_PORTABLE = 4;

  static final int STRING_E164 = 0;
  static final int STRING_REGION = 1;
  static final int STRING_NATIONAL_NUMBER = 2;
  static final int STRING_NDC = 3;
  static final int STRING_SUBSCRIBER_NUMBER = 4;
  static final int STRING_OPERATOR_NAME = 5;
  static final int STRING_EXTENSION = 6;
  static final int STRING_INTERNATIONAL = 7;
  static final int STRING_NATIONAL = 8;
  static final int STRING_RFC3966 = 9;
  static final int STRING_CARRIER_CODE = 10;
  static final int STRING_ERROR_MESSAGE = 11;

  // segmentColumns: the integer columns (Object[] columns), their Java types.
  static final int COL_ERROR = 0; // byte[]
  static final int COL_VALID = 1; // byte[]
  static final int COL_POSSIBLE = 2; // byte[]
  static final int COL_POSSIBILITY = 3; // byte[]
  static final int COL_TYPE = 4; // byte[]
  static final int COL_SOURCE = 5; // byte[]
  static final int COL_PORTABLE = 6; // byte[]
  static final int COL_REGION_ID = 7; // char[]
  static final int COL_COUNTRY_CODE = 8; // char[]
  static final int COL_NATIONAL_NUMBER = 9; // long[]
  static final int COL_LEADING_ZEROS = 10; // byte[]
  static final int COL_NDC_LENGTH = 11; // byte[]
  static final int COL_OPERATOR_ID = 12; // char[]
  static final int COL_FLAGS = 13; // int[]
  static final int COLUMN_COUNT = 14;

  // segmentColumns: the Object[] it returns.
  static final int OUT_INTERNATIONAL = 0; // byte[] UTF-8, int[rows + 1] offsets
  static final int OUT_NATIONAL = 2;
  static final int OUT_RFC3966 = 4;
  static final int OUT_EXTENSION = 6; // int[] rows, byte[] UTF-8, int[count + 1] offsets
  static final int OUT_CARRIER_CODE = 9;
  // int[] failed rows, int[] index of each one's message, String[] distinct messages
  static final int OUT_ERROR_MESSAGE = 12;
  static final int OUT_SIZE = 15;

  // segmentFile: the Object[] summary and its long[] of counts.
  static final int SUMMARY_PHONE_COLUMN = 0; // String
  static final int SUMMARY_COUNTS = 1; // long[], COUNT_* order
  static final int SUMMARY_SECONDS = 2; // double[1]
  static final int SUMMARY_BY_COUNTRY = 3; // String[] keys, long[] values at + 1
  static final int SUMMARY_BY_OPERATOR = 5;
  static final int SUMMARY_BY_TYPE = 7;
  static final int SUMMARY_BY_VALIDITY = 9;
  static final int SUMMARY_REJECTS_BY_REASON = 11;
  static final int COUNT_PHONE_COLUMN_INDEX = 0;
  static final int COUNT_ROWS_READ = 1;
  static final int COUNT_ROWS_WRITTEN = 2;
  static final int COUNT_UNREADABLE = 3;
  static final int COUNT_VALID = 4;
  static final int COUNT_INVALID = 5;
  static final int COUNT_NOT_A_NUMBER = 6;
  static final int COUNT_DUPLICATES = 7;
  static final int COUNT_LEADING_ZEROS = 8;
  static final int COUNT_REJECTS = 9;

  static {
    NativeLibrary.load();
  }

  private NativeMethods() {}

  /** Makes sure the library is loaded (class initialisation does it). */
  static void ensureLoaded() {}

  static native String libraryVersion();

  /** Returns the handle of a heap-allocated oracle::Engine; throws OracleException. */
  static native long createEngine(
      String metadataPath,
      boolean lenientDoubleZero,
      boolean migrateCiLegacy,
      boolean ciFixedLineOperators,
      String[] rulePrefixes,
      String[] ruleOperators,
      String[] portabilityRegions,
      boolean[] portabilityValues);

  static native void destroyEngine(long handle);

  static native String metadataVersion(long handle);

  static native String[] supportedRegions(long handle);

  static native int countryCodeForRegion(long handle, String region);

  /**
   * Segments one text; returns the number of data bytes the result needs (when larger than
   * {@code data.length}, {@code data} was left alone: call again with a larger array).
   */
  static native int segment(
      long handle, String text, String region, int fields, int[] meta, byte[] data);

  /** A batch context (segmenters, id tables) for an engine; freed by destroyBatchContext. */
  static native long createBatchContext(long engineHandle);

  static native void destroyBatchContext(long batchHandle);

  /** {@code {String[] region names, String[] operator names}}: the id tables of the batch. */
  static native Object[] batchTables(long batchHandle);

  /**
   * Segments one chunk of {@code rows} texts packed as UTF-8: row {@code i} is {@code
   * utf8[offsets[i], offsets[i + 1])}. Its region is {@code regionDictionary[regionIds[i]]}
   * when {@code regionIds} is not null, else {@code region}. {@code specialRows} (ascending,
   * nullable) are rows left empty: null texts where {@code specialTexts[k]} is null, texts too
   * large to pack otherwise. Writes the integer columns into {@code columns} ({@code COL_*})
   * from index {@code at}; returns the string columns ({@code OUT_*}).
   */
  static native Object[] segmentColumns(
      long batchHandle,
      int threads,
      int fields,
      byte[] utf8,
      int[] offsets,
      int rows,
      String region,
      String[] regionDictionary,
      int[] regionIds,
      int[] specialRows,
      String[] specialTexts,
      Object[] columns,
      int at);

  /**
   * Segments a contact file ({@code oracle::SegmentTable}); returns the summary ({@code
   * SUMMARY_*}). {@code fields}: comma-separated, null for the default list; {@code delimiter}
   * and {@code outputDelimiter}: 0 to detect / keep the input's; {@code header}: 0 detect, 1
   * present, 2 absent; formats: {@link FileFormat} values.
   */
  static native Object[] segmentFile(
      long engineHandle,
      String input,
      String output,
      String rejects,
      String column,
      String region,
      String fields,
      boolean dedupe,
      int threads,
      int leadingZero,
      int inputFormat,
      int outputFormat,
      String sheetName,
      int sheetIndex,
      String encoding,
      char delimiter,
      int header,
      char outputDelimiter,
      int chunkRows);

  /** The field names segmentFile accepts. */
  static native String[] fileFieldNames();

  /** Rules flattened as {prefix0, operator0, prefix1, operator1, ...}. */
  static native String[] parseOperatorRulesCsv(String csv);

  static native String[] loadOperatorRulesCsv(String path);
}
