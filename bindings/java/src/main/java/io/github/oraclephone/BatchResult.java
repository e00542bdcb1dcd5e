package io.github.oraclephone;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Objects;

/**
 * The result of {@link Engine#segmentBatch(String[], String, BatchOptions)}: one row per input
 * text, stored by column.
 *
 * <p>Each field of {@link Segmentation} is a column ({@link #e164()}, {@link #types()}, ...),
 * plus {@link #errorCodes()} and {@link #errorMessages()}. A row whose text could not be read
 * as a number has an error code other than {@link ErrorCode#OK}; its string fields are
 * {@code ""}, its numbers 0, its booleans false and its enum fields null.
 *
 * <pre>{@code
 * BatchResult r = engine.segmentBatch(texts, "CI");
 * for (int i = 0; i < r.size(); i++) {
 *   if (r.isOk(i) && r.valid().get(i)) {
 *     use(r.e164().get(i), r.operatorNames().get(i));
 *   }
 * }
 * String[] e164 = r.e164().toArray();         // a whole column as an array
 * NumberType[] types = r.types().toArray();
 * }</pre>
 *
 * <p>Strings are held as UTF-8 bytes and decoded when read, so reading only some columns costs
 * only those. Thread safety: immutable; read from any number of threads.
 */
public final class BatchResult {
  static final int CHUNK_SHIFT = 14;
  /** Rows per native call. */
  static final int CHUNK_ROWS = 1 << CHUNK_SHIFT;

  private static final int MASK = CHUNK_ROWS - 1;
  private static final ErrorCode[] NO_ERROR_CODES = new ErrorCode[0];

  /** The columns of one chunk (rows {@code k * CHUNK_ROWS ...}), as the native side made them. */
  static final class Chunk {
    final int[] codes;
    final int[] countryCodes;
    final byte[] types;
    final byte[] possibilities;
    final byte[] sources;
    final byte[] bits;
    final int[] flags;
    final byte[][] strings = new byte[NativeMethods.STRING_FIELDS][];
    final int[][] offsets = new int[NativeMethods.STRING_FIELDS][];

    Chunk(Object[] raw) {
      codes = (int[]) raw[NativeMethods.CHUNK_CODE];
      countryCodes = (int[]) raw[NativeMethods.CHUNK_COUNTRY_CODE];
      types = (byte[]) raw[NativeMethods.CHUNK_TYPE];
      possibilities = (byte[]) raw[NativeMethods.CHUNK_POSSIBILITY];
      sources = (byte[]) raw[NativeMethods.CHUNK_SOURCE];
      bits = (byte[]) raw[NativeMethods.CHUNK_BITS];
      flags = (int[]) raw[NativeMethods.CHUNK_FLAGS];
      for (int f = 0; f < NativeMethods.STRING_FIELDS; f++) {
        strings[f] = (byte[]) raw[NativeMethods.CHUNK_STRINGS + 2 * f];
        offsets[f] = (int[]) raw[NativeMethods.CHUNK_STRINGS + 2 * f + 1];
      }
    }

    String string(int field, int i) {
      int[] o = offsets[field];
      int start = o[i];
      int end = o[i + 1];
      return start == end ? "" : new String(strings[field], start, end - start, UTF_8);
    }
  }

  private final int size;
  private final Chunk[] chunks;

  BatchResult(int size, Object[][] rawChunks) {
    this.size = size;
    this.chunks = new Chunk[rawChunks.length];
    for (int c = 0; c < rawChunks.length; c++) {
      chunks[c] = new Chunk(rawChunks[c]);
    }
  }

  /** The number of rows (the number of input texts). */
  public int size() {
    return size;
  }

  private Chunk chunk(int row) {
    Objects.checkIndex(row, size);
    return chunks[row >>> CHUNK_SHIFT];
  }

  /** True when row {@code row} could be read as a number. */
  public boolean isOk(int row) {
    return chunk(row).codes[row & MASK] == 0;
  }

  /** Why row {@code row} could not be read, or {@link ErrorCode#OK}. */
  public ErrorCode errorCode(int row) {
    return ErrorCode.fromValue(chunk(row).codes[row & MASK]);
  }

  /** The number of rows that could not be read as numbers. */
  public int failedCount() {
    int failed = 0;
    for (Chunk c : chunks) {
      for (int code : c.codes) {
        if (code != 0) {
          failed++;
        }
      }
    }
    return failed;
  }

  /**
   * Row {@code row} as a {@link Segmentation}.
   *
   * @throws OracleException when the row could not be read as a number (what {@link
   *     Engine#segment(String, String)} would have thrown)
   */
  public Segmentation segmentation(int row) {
    Chunk c = chunk(row);
    int i = row & MASK;
    if (c.codes[i] != 0) {
      throw new OracleException(
          ErrorCode.fromValue(c.codes[i]), c.string(NativeMethods.STRING_ERROR_MESSAGE, i));
    }
    int bits = c.bits[i];
    return new Segmentation(
        c.string(NativeMethods.STRING_E164, i),
        c.countryCodes[i],
        c.string(NativeMethods.STRING_REGION, i),
        c.string(NativeMethods.STRING_NATIONAL_NUMBER, i),
        c.string(NativeMethods.STRING_NDC, i),
        c.string(NativeMethods.STRING_SUBSCRIBER_NUMBER, i),
        NumberType.fromValue(c.types[i]),
        (bits & NativeMethods.BIT_VALID) != 0,
        (bits & NativeMethods.BIT_POSSIBLE) != 0,
        Possibility.fromValue(c.possibilities[i]),
        c.string(NativeMethods.STRING_OPERATOR_NAME, i),
        c.string(NativeMethods.STRING_EXTENSION, i),
        c.string(NativeMethods.STRING_INTERNATIONAL, i),
        c.string(NativeMethods.STRING_NATIONAL, i),
        c.string(NativeMethods.STRING_RFC3966, i),
        CountryCodeSource.fromValue(c.sources[i]),
        (bits & NativeMethods.BIT_PORTABLE) != 0,
        c.flags[i],
        c.string(NativeMethods.STRING_CARRIER_CODE, i));
  }

  // Columns.

  /** Why each row could not be read ({@link ErrorCode#OK} for rows that could). */
  public Column<ErrorCode> errorCodes() {
    return new Column<>(
        size, NO_ERROR_CODES, (c, i) -> ErrorCode.fromValue(chunks[c].codes[i]));
  }

  /** The error message of each failed row; {@code ""} for rows that could be read. */
  public StringColumn errorMessages() {
    return strings(NativeMethods.STRING_ERROR_MESSAGE);
  }

  /** {@link Segmentation#e164()}. */
  public StringColumn e164() {
    return strings(NativeMethods.STRING_E164);
  }

  /** {@link Segmentation#countryCode()}. */
  public IntColumn countryCodes() {
    return new IntColumn(size, (c, i) -> chunks[c].countryCodes[i]);
  }

  /** {@link Segmentation#region()}. */
  public StringColumn regions() {
    return strings(NativeMethods.STRING_REGION);
  }

  /** {@link Segmentation#nationalNumber()}. */
  public StringColumn nationalNumbers() {
    return strings(NativeMethods.STRING_NATIONAL_NUMBER);
  }

  /** {@link Segmentation#ndc()}. */
  public StringColumn ndcs() {
    return strings(NativeMethods.STRING_NDC);
  }

  /** {@link Segmentation#subscriberNumber()}. */
  public StringColumn subscriberNumbers() {
    return strings(NativeMethods.STRING_SUBSCRIBER_NUMBER);
  }

  /** {@link Segmentation#type()}; null for failed rows. */
  public Column<NumberType> types() {
    return new Column<>(
        size,
        new NumberType[0],
        (c, i) -> chunks[c].codes[i] != 0 ? null : NumberType.fromValue(chunks[c].types[i]));
  }

  /** {@link Segmentation#valid()}. */
  public BooleanColumn valid() {
    return bits(NativeMethods.BIT_VALID);
  }

  /** {@link Segmentation#possible()}. */
  public BooleanColumn possible() {
    return bits(NativeMethods.BIT_POSSIBLE);
  }

  /** {@link Segmentation#possibility()}; null for failed rows. */
  public Column<Possibility> possibilities() {
    return new Column<>(
        size,
        new Possibility[0],
        (c, i) ->
            chunks[c].codes[i] != 0
                ? null
                : Possibility.fromValue(chunks[c].possibilities[i]));
  }

  /** {@link Segmentation#operatorName()}. */
  public StringColumn operatorNames() {
    return strings(NativeMethods.STRING_OPERATOR_NAME);
  }

  /** {@link Segmentation#extension()}. */
  public StringColumn extensions() {
    return strings(NativeMethods.STRING_EXTENSION);
  }

  /** {@link Segmentation#international()}. */
  public StringColumn internationalFormats() {
    return strings(NativeMethods.STRING_INTERNATIONAL);
  }

  /** {@link Segmentation#national()}. */
  public StringColumn nationalFormats() {
    return strings(NativeMethods.STRING_NATIONAL);
  }

  /** {@link Segmentation#rfc3966()}. */
  public StringColumn rfc3966Formats() {
    return strings(NativeMethods.STRING_RFC3966);
  }

  /** {@link Segmentation#countryCodeSource()}; null for failed rows. */
  public Column<CountryCodeSource> countryCodeSources() {
    return new Column<>(
        size,
        new CountryCodeSource[0],
        (c, i) ->
            chunks[c].codes[i] != 0 ? null : CountryCodeSource.fromValue(chunks[c].sources[i]));
  }

  /** {@link Segmentation#portable()}. */
  public BooleanColumn portable() {
    return bits(NativeMethods.BIT_PORTABLE);
  }

  /** {@link Segmentation#flagBits()}. */
  public IntColumn flagBits() {
    return new IntColumn(size, (c, i) -> chunks[c].flags[i]);
  }

  /** {@link Segmentation#carrierCode()}. */
  public StringColumn carrierCodes() {
    return strings(NativeMethods.STRING_CARRIER_CODE);
  }

  private StringColumn strings(int field) {
    return new StringColumn(size, (c, i) -> chunks[c].string(field, i));
  }

  private BooleanColumn bits(int mask) {
    return new BooleanColumn(size, (c, i) -> (chunks[c].bits[i] & mask) != 0);
  }

  @Override
  public String toString() {
    return "BatchResult{size=" + size + ", failed=" + failedCount() + "}";
  }
}
