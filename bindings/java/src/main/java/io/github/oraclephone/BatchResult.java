package io.github.oraclephone;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The result of {@link Engine#segmentBatch(String[], String, BatchOptions)}: one row per input
 * text, stored by column in primitive arrays.
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
 *
 * // The columns as the engine keeps them: no string at all.
 * long[] national = r.nationalNumberValues().toArray();  // 707123456 for "0707123456"
 * int[] zeros = r.leadingZeroCounts().toArray();         // 1: one '0' in front
 * int[] regionIds = r.regionIds().toArray();             // r.regionTable().get(id): "CI"
 * int[] operatorIds = r.operatorIds().toArray();         // r.operatorTable().get(id): "Orange"
 * }</pre>
 *
 * <p>How strings are made: the E.164 number, the national number, the NDC and the subscriber
 * number are rebuilt from the integer columns (country code, national number, leading zeros,
 * NDC length) when read; the region and the operator are entries of two small tables
 * ({@link #regionTable()}, {@link #operatorTable()}) indexed by the id columns; the three
 * formats are UTF-8 columns made by the native side when {@link BatchOptions#fields()} asks
 * for them ({@code ""} otherwise, see {@link #fields()}); extensions and carrier codes (when
 * asked for) and error messages, which few rows have, are kept for
 * those rows only. So reading a column costs only that column.
 *
 * <p>Thread safety: immutable; read from any number of threads. Holds no native memory.
 */
public final class BatchResult {
  private static final ErrorCode[] NO_ERROR_CODES = new ErrorCode[0];

  /** The integer columns, filled by the native side (NativeMethods.COL_* order). */
  static final class Columns {
    final byte[] error;
    final byte[] valid;
    final byte[] possible;
    final byte[] possibility;
    final byte[] type;
    final byte[] source;
    final byte[] portable;
    final char[] regionId;
    final char[] countryCode;
    final long[] nationalNumber;
    final byte[] leadingZeros;
    final byte[] ndcLength;
    final char[] operatorId;
    final int[] flags;

    Columns(int rows) {
      error = new byte[rows];
      valid = new byte[rows];
      possible = new byte[rows];
      possibility = new byte[rows];
      type = new byte[rows];
      source = new byte[rows];
      portable = new byte[rows];
      regionId = new char[rows];
      countryCode = new char[rows];
      nationalNumber = new long[rows];
      leadingZeros = new byte[rows];
      ndcLength = new byte[rows];
      operatorId = new char[rows];
      flags = new int[rows];
    }

    /** The arrays in NativeMethods.COL_* order. */
    Object[] asArray() {
      Object[] a = new Object[NativeMethods.COLUMN_COUNT];
      a[NativeMethods.COL_ERROR] = error;
      a[NativeMethods.COL_VALID] = valid;
      a[NativeMethods.COL_POSSIBLE] = possible;
      a[NativeMethods.COL_POSSIBILITY] = possibility;
      a[NativeMethods.COL_TYPE] = type;
      a[NativeMethods.COL_SOURCE] = source;
      a[NativeMethods.COL_PORTABLE] = portable;
      a[NativeMethods.COL_REGION_ID] = regionId;
      a[NativeMethods.COL_COUNTRY_CODE] = countryCode;
      a[NativeMethods.COL_NATIONAL_NUMBER] = nationalNumber;
      a[NativeMethods.COL_LEADING_ZEROS] = leadingZeros;
      a[NativeMethods.COL_NDC_LENGTH] = ndcLength;
      a[NativeMethods.COL_OPERATOR_ID] = operatorId;
      a[NativeMethods.COL_FLAGS] = flags;
      return a;
    }
  }

  private final int size;
  private final Set<SegmentField> fields;
  private final Columns c;
  private final List<String> regionTable;
  private final List<String> operatorTable;
  // The string columns of each chunk (NativeMethods.OUT_* layout); chunk k starts at row
  // chunkStarts[k].
  private final int[] chunkStarts;
  private final Object[][] chunkStrings;

  BatchResult(
      int size,
      Set<SegmentField> fields,
      Columns columns,
      List<String> regionTable,
      List<String> operatorTable,
      int[] chunkStarts,
      Object[][] chunkStrings) {
    this.size = size;
    this.fields = fields;
    this.c = columns;
    this.regionTable = regionTable;
    this.operatorTable = operatorTable;
    this.chunkStarts = chunkStarts;
    this.chunkStrings = chunkStrings;
  }

  /** The number of rows (the number of input texts). */
  public int size() {
    return size;
  }

  /**
   * The optional fields this result has, as {@link BatchOptions#fields()} asked;
   * the columns of the others are {@code ""}. Unmodifiable.
   */
  public Set<SegmentField> fields() {
    return fields;
  }

  /** True when row {@code row} could be read as a number. */
  public boolean isOk(int row) {
    Objects.checkIndex(row, size);
    return c.error[row] == 0;
  }

  /** Why row {@code row} could not be read, or {@link ErrorCode#OK}. */
  public ErrorCode errorCode(int row) {
    Objects.checkIndex(row, size);
    return ErrorCode.fromValue(c.error[row]);
  }

  /** The number of rows that could not be read as numbers. */
  public int failedCount() {
    int failed = 0;
    for (byte e : c.error) {
      if (e != 0) {
        failed++;
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
    Objects.checkIndex(row, size);
    if (c.error[row] != 0) {
      throw new OracleException(
          ErrorCode.fromValue(c.error[row]), errorMessage(row));
    }
    String national = nationalNumber(row);
    int ndc = Math.min(c.ndcLength[row], national.length());
    return new Segmentation(
        e164(row, national),
        c.countryCode[row],
        regionTable.get(c.regionId[row]),
        national,
        national.substring(0, ndc),
        national.substring(ndc),
        NumberType.fromValue(c.type[row]),
        c.valid[row] != 0,
        c.possible[row] != 0,
        Possibility.fromValue(c.possibility[row]),
        operatorTable.get(c.operatorId[row]),
        sparse(NativeMethods.OUT_EXTENSION, row),
        dense(NativeMethods.OUT_INTERNATIONAL, row),
        dense(NativeMethods.OUT_NATIONAL, row),
        dense(NativeMethods.OUT_RFC3966, row),
        CountryCodeSource.fromValue(c.source[row]),
        c.portable[row] != 0,
        c.flags[row],
        sparse(NativeMethods.OUT_CARRIER_CODE, row));
  }

  // Strings rebuilt from the integer columns.

  /** The national significant number: the leading zeros, then the digits of the value. */
  private String nationalNumber(int row) {
    int zeros = c.leadingZeros[row];
    long value = c.nationalNumber[row];
    if (zeros == 0) {
      return value == 0 ? "" : Long.toString(value);
    }
    StringBuilder b = new StringBuilder(zeros + 19);
    for (int k = 0; k < zeros; k++) {
      b.append('0');
    }
    if (value != 0) {
      b.append(value);
    }
    return b.toString();
  }

  private String e164(int row, String national) {
    if (c.error[row] != 0) {
      return "";
    }
    return "+" + (int) c.countryCode[row] + national;
  }

  private int chunkOf(int row) {
    if (chunkStarts.length == 1) {
      return 0;
    }
    int k = Arrays.binarySearch(chunkStarts, row);
    return k >= 0 ? k : -k - 2;
  }

  /** A dense UTF-8 column made by the native side; "" when it was not asked for. */
  private String dense(int slot, int row) {
    if (chunkStrings.length == 0) {
      return "";
    }
    int k = chunkOf(row);
    Object[] strings = chunkStrings[k];
    byte[] data = (byte[]) strings[slot];
    if (data == null) {
      return "";
    }
    int[] offsets = (int[]) strings[slot + 1];
    int i = row - chunkStarts[k];
    int start = offsets[i];
    int end = offsets[i + 1];
    return start == end ? "" : new String(data, start, end - start, UTF_8);
  }

  /** A sparse column: "" for the rows that are not listed. */
  private String sparse(int slot, int row) {
    if (chunkStrings.length == 0) {
      return "";
    }
    int k = chunkOf(row);
    Object[] strings = chunkStrings[k];
    int[] rows = (int[]) strings[slot];
    if (rows == null) {
      return "";
    }
    int j = Arrays.binarySearch(rows, row - chunkStarts[k]);
    if (j < 0) {
      return "";
    }
    int[] offsets = (int[]) strings[slot + 2];
    return new String((byte[]) strings[slot + 1], offsets[j], offsets[j + 1] - offsets[j], UTF_8);
  }

  /** The message of a failed row (listed with an index into the chunk's messages), or "". */
  private String errorMessage(int row) {
    if (chunkStrings.length == 0) {
      return "";
    }
    int k = chunkOf(row);
    Object[] strings = chunkStrings[k];
    int[] rows = (int[]) strings[NativeMethods.OUT_ERROR_MESSAGE];
    if (rows == null) {
      return "";
    }
    int j = Arrays.binarySearch(rows, row - chunkStarts[k]);
    if (j < 0) {
      return "";
    }
    int[] index = (int[]) strings[NativeMethods.OUT_ERROR_MESSAGE + 1];
    return ((String[]) strings[NativeMethods.OUT_ERROR_MESSAGE + 2])[index[j]];
  }

  // Columns.

  /** Why each row could not be read ({@link ErrorCode#OK} for rows that could). */
  public Column<ErrorCode> errorCodes() {
    return new Column<>(size, NO_ERROR_CODES, i -> ErrorCode.fromValue(c.error[i]));
  }

  /** The error message of each failed row; {@code ""} for rows that could be read. */
  public StringColumn errorMessages() {
    return new StringColumn(size, i -> errorMessage(i));
  }

  /** {@link Segmentation#e164()}. */
  public StringColumn e164() {
    return new StringColumn(size, i -> e164(i, nationalNumber(i)));
  }

  /** {@link Segmentation#countryCode()}. */
  public IntColumn countryCodes() {
    return new IntColumn(size, i -> c.countryCode[i]);
  }

  /** {@link Segmentation#region()}. */
  public StringColumn regions() {
    return new StringColumn(size, i -> regionTable.get(c.regionId[i]));
  }

  /** {@link Segmentation#nationalNumber()}. */
  public StringColumn nationalNumbers() {
    return new StringColumn(size, this::nationalNumber);
  }

  /** {@link Segmentation#ndc()}. */
  public StringColumn ndcs() {
    return new StringColumn(
        size,
        i -> {
          String national = nationalNumber(i);
          return national.substring(0, Math.min(c.ndcLength[i], national.length()));
        });
  }

  /** {@link Segmentation#subscriberNumber()}. */
  public StringColumn subscriberNumbers() {
    return new StringColumn(
        size,
        i -> {
          String national = nationalNumber(i);
          return national.substring(Math.min(c.ndcLength[i], national.length()));
        });
  }

  /** {@link Segmentation#type()}; null for failed rows. */
  public Column<NumberType> types() {
    return new Column<>(
        size, new NumberType[0], i -> c.error[i] != 0 ? null : NumberType.fromValue(c.type[i]));
  }

  /** {@link Segmentation#valid()}. */
  public BooleanColumn valid() {
    return new BooleanColumn(size, i -> c.valid[i] != 0);
  }

  /** {@link Segmentation#possible()}. */
  public BooleanColumn possible() {
    return new BooleanColumn(size, i -> c.possible[i] != 0);
  }

  /** {@link Segmentation#possibility()}; null for failed rows. */
  public Column<Possibility> possibilities() {
    return new Column<>(
        size,
        new Possibility[0],
        i -> c.error[i] != 0 ? null : Possibility.fromValue(c.possibility[i]));
  }

  /** {@link Segmentation#operatorName()}. */
  public StringColumn operatorNames() {
    return new StringColumn(size, i -> operatorTable.get(c.operatorId[i]));
  }

  /** {@link Segmentation#extension()}; {@code ""} everywhere unless asked for ({@link #fields()}). */
  public StringColumn extensions() {
    return new StringColumn(size, i -> sparse(NativeMethods.OUT_EXTENSION, i));
  }

  /**
   * {@link Segmentation#international()}; {@code ""} everywhere when {@link
   * BatchOptions#fields()} left {@link SegmentField#INTERNATIONAL} out.
   */
  public StringColumn internationalFormats() {
    return new StringColumn(size, i -> dense(NativeMethods.OUT_INTERNATIONAL, i));
  }

  /** {@link Segmentation#national()}; as {@link #internationalFormats()}. */
  public StringColumn nationalFormats() {
    return new StringColumn(size, i -> dense(NativeMethods.OUT_NATIONAL, i));
  }

  /** {@link Segmentation#rfc3966()}; as {@link #internationalFormats()}. */
  public StringColumn rfc3966Formats() {
    return new StringColumn(size, i -> dense(NativeMethods.OUT_RFC3966, i));
  }

  /** {@link Segmentation#countryCodeSource()}; null for failed rows. */
  public Column<CountryCodeSource> countryCodeSources() {
    return new Column<>(
        size,
        new CountryCodeSource[0],
        i -> c.error[i] != 0 ? null : CountryCodeSource.fromValue(c.source[i]));
  }

  /** {@link Segmentation#portable()}. */
  public BooleanColumn portable() {
    return new BooleanColumn(size, i -> c.portable[i] != 0);
  }

  /** {@link Segmentation#flagBits()}. */
  public IntColumn flagBits() {
    return new IntColumn(size, i -> c.flags[i]);
  }

  /** {@link Segmentation#carrierCode()}; {@code ""} everywhere unless asked for. */
  public StringColumn carrierCodes() {
    return new StringColumn(size, i -> sparse(NativeMethods.OUT_CARRIER_CODE, i));
  }

  // The columns as the engine keeps them.

  /**
   * The national significant number as an integer, without its leading zeros ({@code
   * 707123456} for {@code "0707123456"}); 0 for failed rows. At most 17 digits.
   */
  public LongColumn nationalNumberValues() {
    return new LongColumn(size, i -> c.nationalNumber[i]);
  }

  /** The zeros to put in front of {@link #nationalNumberValues()} (1 for {@code "0707123456"}). */
  public IntColumn leadingZeroCounts() {
    return new IntColumn(size, i -> c.leadingZeros[i]);
  }

  /** The number of digits of the national number that make the NDC. */
  public IntColumn ndcLengths() {
    return new IntColumn(size, i -> c.ndcLength[i]);
  }

  /** Each row's region as an index into {@link #regionTable()}; 0 for none. */
  public IntColumn regionIds() {
    return new IntColumn(size, i -> c.regionId[i]);
  }

  /**
   * The region codes the ids of {@link #regionIds()} stand for: entry 0 is {@code ""}, then
   * every region of the metadata, sorted ({@code "001"} for non-geographic numbers).
   * Unmodifiable; the same for every batch of an engine.
   */
  public List<String> regionTable() {
    return regionTable;
  }

  /** Each row's operator as an index into {@link #operatorTable()}; 0 for none. */
  public IntColumn operatorIds() {
    return new IntColumn(size, i -> c.operatorId[i]);
  }

  /**
   * The operator names the ids of {@link #operatorIds()} stand for: entry 0 is {@code ""},
   * then the operator names of the metadata, Oracle's Côte d'Ivoire fixed-line operators and
   * the engine's operator rules. Unmodifiable; the same for every batch of an engine.
   */
  public List<String> operatorTable() {
    return operatorTable;
  }

  /** The number of native calls that made this result (for the tests). */
  int chunkCount() {
    return chunkStarts.length;
  }

  @Override
  public String toString() {
    return "BatchResult{size=" + size + ", failed=" + failedCount() + "}";
  }
}
