package io.github.oraclephone;

/**
 * The native methods, implemented in {@code bindings/java/jni/oracle_jni.cc} and bound by its
 * {@code JNI_OnLoad}. Every method turns a C++ failure into a Java exception ({@link
 * OracleException}, {@link OutOfMemoryError}, {@link NullPointerException}, {@link
 * IllegalArgumentException} or {@link IllegalStateException}); none lets a C++ exception
 * through.
 *
 * <p>Array layouts (they must match the constants of oracle_jni.cc):
 *
 * <ul>
 *   <li>{@link #segment}: {@code meta[META_*]} holds the status code (0 = OK), the scalar
 *       fields and the UTF-8 byte length of each string field ({@code STRING_*} order);
 *       {@code data} holds those strings one after another. For a failure only {@code
 *       META_CODE} and the length of {@link #STRING_ERROR_MESSAGE} are set.
 *   <li>{@link #segmentChunk} and {@link #segmentPacked}: an {@code Object[CHUNK_SIZE]} of
 *       columns: {@code int[]} codes, {@code int[]} country codes, {@code byte[]} types,
 *       possibilities, country code sources and bits, {@code int[]} flags, then per string
 *       field a {@code byte[]} of UTF-8 and an {@code int[rows + 1]} of offsets into it.
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

  static final int CHUNK_CODE = 0;
  static final int CHUNK_COUNTRY_CODE = 1;
  static final int CHUNK_TYPE = 2;
  static final int CHUNK_POSSIBILITY = 3;
  static final int CHUNK_SOURCE = 4;
  static final int CHUNK_BITS = 5;
  static final int CHUNK_FLAGS = 6;
  static final int CHUNK_STRINGS = 7;
  static final int CHUNK_SIZE = CHUNK_STRINGS + 2 * STRING_FIELDS;

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

  /** Segments {@code texts[from, to)}; {@code regions} (nullable) overrides {@code region}. */
  static native Object[] segmentChunk(
      long handle,
      String[] texts,
      int from,
      int to,
      String region,
      String[] regions,
      int fields);

  /**
   * Segments texts packed into one array: row {@code i} is {@code chars[ends[i - 1],
   * ends[i])} ({@code ends[-1] = 0}), null when {@code nulls[i]} ({@code nulls} may be null);
   * its region is {@code regionDictionary[regionIds[i]]} when {@code regionIds} is not null,
   * else {@code region}.
   */
  static native Object[] segmentPacked(
      long handle,
      char[] chars,
      int[] ends,
      boolean[] nulls,
      String region,
      String[] regionDictionary,
      int[] regionIds,
      int fields);

  /** Rules flattened as {prefix0, operator0, prefix1, operator1, ...}. */
  static native String[] parseOperatorRulesCsv(String csv);

  static native String[] loadOperatorRulesCsv(String path);
}
