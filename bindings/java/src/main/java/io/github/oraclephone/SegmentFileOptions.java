package io.github.oraclephone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link Engine#segmentFile(Path, Path, SegmentFileOptions)} reads, segments and writes a
 * contact file: the C++ {@code oracle::SegmentTableOptions} with the reading and writing options
 * of {@code oracle/io.h}.
 *
 * <pre>{@code
 * SegmentFileOptions options = SegmentFileOptions.builder()
 *     .column("Mobile")                          // or "3", or detected when not set
 *     .region("CI")                              // for numbers without a country code
 *     .fields("e164", "valid", "type", "operator")
 *     .rejects(Path.of("rejects.csv"))
 *     .dedupe(true)
 *     .build();
 * FileSummary summary = engine.segmentFile(Path.of("contacts.xlsx"), Path.of("out.csv"), options);
 * }</pre>
 *
 * <p>Every option has a default that works: the phone column is detected, the format comes
 * from each file's extension, a CSV file's delimiter, encoding and header are detected, the
 * first sheet of a workbook is read, the default fields are added, every processor works.
 * Values the library checks (unknown field names, a bad encoding or delimiter, an unknown
 * region) make {@code segmentFile} throw {@link OracleException} with {@link
 * ErrorCode#INVALID_ARGUMENT} naming the option; {@link Builder} rejects at once what is
 * wrong on its face ({@link IllegalArgumentException}).
 *
 * <p>Thread safety: immutable; a {@link Builder} is not synchronised.
 */
public final class SegmentFileOptions {
  /** {@link Builder#threads(int)} value: one thread per available processor. */
  public static final int ALL_PROCESSORS = 0;

  private static final SegmentFileOptions DEFAULTS = builder().build();

  private final String column;
  private final String region;
  private final List<String> fields;
  private final Path rejects;
  private final boolean dedupe;
  private final int threads;
  private final LeadingZeroRule leadingZero;
  private final FileFormat inputFormat;
  private final FileFormat outputFormat;
  private final String sheetName;
  private final int sheetIndex;
  private final String encoding;
  private final char delimiter;
  private final HeaderMode header;
  private final char outputDelimiter;
  private final int chunkRows;

  private SegmentFileOptions(Builder b) {
    column = b.column;
    region = b.region;
    fields = b.fields == null ? null : Collections.unmodifiableList(new ArrayList<>(b.fields));
    rejects = b.rejects;
    dedupe = b.dedupe;
    threads = b.threads;
    leadingZero = b.leadingZero;
    inputFormat = b.inputFormat;
    outputFormat = b.outputFormat;
    sheetName = b.sheetName;
    sheetIndex = b.sheetIndex;
    encoding = b.encoding;
    delimiter = b.delimiter;
    header = b.header;
    outputDelimiter = b.outputDelimiter;
    chunkRows = b.chunkRows;
  }

  /** The defaults (see the class comment). */
  public static SegmentFileOptions defaults() {
    return DEFAULTS;
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.column = column;
    b.region = region;
    b.fields = fields == null ? null : new ArrayList<>(fields);
    b.rejects = rejects;
    b.dedupe = dedupe;
    b.threads = threads;
    b.leadingZero = leadingZero;
    b.inputFormat = inputFormat;
    b.outputFormat = outputFormat;
    b.sheetName = sheetName;
    b.sheetIndex = sheetIndex;
    b.encoding = encoding;
    b.delimiter = delimiter;
    b.header = header;
    b.outputDelimiter = outputDelimiter;
    b.chunkRows = chunkRows;
    return b;
  }

  /**
   * Every field name {@link Builder#fields} accepts, in the library's order: {@code input,
   * valid, possible, error, e164, country_code, region, national_number, ndc,
   * subscriber_number, type, operator, extension, international, national, rfc3966,
   * possibility, error_message, portable, flags, carrier_code, country_code_source, note}.
   */
  public static List<String> fieldNames() {
    return Collections.unmodifiableList(Arrays.asList(NativeMethods.fileFieldNames()));
  }

  /** The phone column (a header name or a 1-based index); empty: detected. */
  public Optional<String> column() {
    return Optional.ofNullable(column);
  }

  /** The default region; empty: none (numbers must then carry their country code). */
  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  /** The fields added after the input's columns; empty: the library's default list. */
  public Optional<List<String>> fields() {
    return Optional.ofNullable(fields);
  }

  /** Where rejected rows are written; empty: nowhere (they are still counted). */
  public Optional<Path> rejects() {
    return Optional.ofNullable(rejects);
  }

  /** Whether rows whose E.164 number was already written are left out. */
  public boolean dedupe() {
    return dedupe;
  }

  /** Segmentation threads, the caller's included; {@link #ALL_PROCESSORS} for all. */
  public int threads() {
    return threads;
  }

  /** When the leading zero of national numbers is put back. */
  public LeadingZeroRule leadingZero() {
    return leadingZero;
  }

  /** The input's format ({@link FileFormat#AUTO}: from its extension). */
  public FileFormat inputFormat() {
    return inputFormat;
  }

  /** The output's format ({@link FileFormat#AUTO}: from its extension). */
  public FileFormat outputFormat() {
    return outputFormat;
  }

  /** The worksheet read from an XLSX input, by name; empty: by {@link #sheetIndex()}. */
  public Optional<String> sheetName() {
    return Optional.ofNullable(sheetName);
  }

  /** The worksheet read from an XLSX input, by 0-based position (when no name is given). */
  public int sheetIndex() {
    return sheetIndex;
  }

  /** A CSV input's encoding; empty: detected. */
  public Optional<String> encoding() {
    return Optional.ofNullable(encoding);
  }

  /** A CSV input's delimiter; empty: detected. */
  public Optional<Character> delimiter() {
    return delimiter == 0 ? Optional.empty() : Optional.of(delimiter);
  }

  /** Whether the input's first row is a header. */
  public HeaderMode header() {
    return header;
  }

  /** A CSV output's delimiter; empty: the input's (CSV to CSV), else a comma. */
  public Optional<Character> outputDelimiter() {
    return outputDelimiter == 0 ? Optional.empty() : Optional.of(outputDelimiter);
  }

  /** Rows read, segmented and written at a time (bounds the memory used). */
  public int chunkRows() {
    return chunkRows;
  }

  char rawDelimiter() {
    return delimiter;
  }

  char rawOutputDelimiter() {
    return outputDelimiter;
  }

  String rawSheetName() {
    return sheetName;
  }

  String rawEncoding() {
    return encoding;
  }

  String rawColumn() {
    return column;
  }

  String rawRegion() {
    return region;
  }

  /** The fields as the library's comma-separated list, or null for its default. */
  String fieldList() {
    return fields == null ? null : String.join(",", fields);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SegmentFileOptions)) {
      return false;
    }
    SegmentFileOptions x = (SegmentFileOptions) o;
    return Objects.equals(column, x.column)
        && Objects.equals(region, x.region)
        && Objects.equals(fields, x.fields)
        && Objects.equals(rejects, x.rejects)
        && dedupe == x.dedupe
        && threads == x.threads
        && leadingZero == x.leadingZero
        && inputFormat == x.inputFormat
        && outputFormat == x.outputFormat
        && Objects.equals(sheetName, x.sheetName)
        && sheetIndex == x.sheetIndex
        && Objects.equals(encoding, x.encoding)
        && delimiter == x.delimiter
        && header == x.header
        && outputDelimiter == x.outputDelimiter
        && chunkRows == x.chunkRows;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        column, region, fields, rejects, dedupe, threads, leadingZero, inputFormat,
        outputFormat, sheetName, sheetIndex, encoding, delimiter, header, outputDelimiter,
        chunkRows);
  }

  @Override
  public String toString() {
    return "SegmentFileOptions{column="
        + column
        + ", region="
        + region
        + ", fields="
        + fields
        + ", rejects="
        + rejects
        + ", dedupe="
        + dedupe
        + ", threads="
        + threads
        + ", leadingZero="
        + leadingZero
        + ", inputFormat="
        + inputFormat
        + ", outputFormat="
        + outputFormat
        + ", sheet="
        + (sheetName != null ? sheetName : Integer.toString(sheetIndex))
        + ", encoding="
        + encoding
        + ", delimiter="
        + (delimiter == 0 ? "detect" : "'" + delimiter + "'")
        + ", header="
        + header
        + ", outputDelimiter="
        + (outputDelimiter == 0 ? "default" : "'" + outputDelimiter + "'")
        + ", chunkRows="
        + chunkRows
        + "}";
  }

  /** Builds {@link SegmentFileOptions}. Not thread-safe. */
  public static final class Builder {
    private String column;
    private String region;
    private List<String> fields;
    private Path rejects;
    private boolean dedupe;
    private int threads = ALL_PROCESSORS;
    private LeadingZeroRule leadingZero = LeadingZeroRule.NUMERIC_CELLS;
    private FileFormat inputFormat = FileFormat.AUTO;
    private FileFormat outputFormat = FileFormat.AUTO;
    private String sheetName;
    private int sheetIndex;
    private String encoding;
    private char delimiter;
    private HeaderMode header = HeaderMode.DETECT;
    private char outputDelimiter;
    private int chunkRows = 65536;

    private Builder() {}

    /**
     * The phone column: a header name (exact match first, then any case) or a 1-based index
     * ({@code "3"}); null to detect it (from the header names, then from the cells).
     */
    public Builder column(String column) {
      this.column = column == null || column.isEmpty() ? null : column;
      return this;
    }

    /** The region of numbers written without a country code (ISO 3166, any case); null: none. */
    public Builder region(String region) {
      this.region = region == null || region.isEmpty() ? null : region;
      return this;
    }

    /**
     * The fields added after the input's columns, in this order (see {@link
     * SegmentFileOptions#fieldNames()}; {@code "all"} for every one, {@code "default"} for the
     * default list). A field whose name is already a column of the input is named {@code
     * oracle_<name>}.
     */
    public Builder fields(List<String> fields) {
      Objects.requireNonNull(fields, "fields");
      List<String> copy = new ArrayList<>(fields);
      for (String f : copy) {
        Objects.requireNonNull(f, "field name");
        if (f.isEmpty() || f.indexOf(',') >= 0) {
          throw new IllegalArgumentException("not a field name: '" + f + "'");
        }
      }
      if (copy.isEmpty()) {
        throw new IllegalArgumentException("fields: give at least one");
      }
      this.fields = copy;
      return this;
    }

    /** As {@link #fields(List)}. */
    public Builder fields(String... fields) {
      return fields(Arrays.asList(fields));
    }

    /** The library's default fields (e164, valid, type, region, operator, ndc, subscriber_number). */
    public Builder defaultFields() {
      this.fields = null;
      return this;
    }

    /**
     * Writes rejected rows (the row number, the reason, then the input's cells) to this file,
     * in the format of its extension; null: none.
     */
    public Builder rejects(Path rejects) {
      this.rejects = rejects;
      return this;
    }

    /** Leaves out rows whose E.164 number was already written (the first occurrence wins). */
    public Builder dedupe(boolean dedupe) {
      this.dedupe = dedupe;
      return this;
    }

    /** Segmentation threads, the caller's included; {@link #ALL_PROCESSORS} (the default). */
    public Builder threads(int threads) {
      if (threads < 0) {
        throw new IllegalArgumentException("threads must be >= 0, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** When the leading zero of national numbers is put back ({@link LeadingZeroRule}). */
    public Builder leadingZero(LeadingZeroRule rule) {
      this.leadingZero = Objects.requireNonNull(rule, "rule");
      return this;
    }

    /** The input's format, when its extension does not say it. */
    public Builder inputFormat(FileFormat format) {
      this.inputFormat = Objects.requireNonNull(format, "format");
      return this;
    }

    /** The output's format, when its extension does not say it. */
    public Builder outputFormat(FileFormat format) {
      this.outputFormat = Objects.requireNonNull(format, "format");
      return this;
    }

    /** The worksheet of an XLSX input, by name (exact match). */
    public Builder sheet(String name) {
      Objects.requireNonNull(name, "name");
      this.sheetName = name;
      this.sheetIndex = 0;
      return this;
    }

    /** The worksheet of an XLSX input, by 0-based position (hidden sheets count). */
    public Builder sheet(int index) {
      if (index < 0) {
        throw new IllegalArgumentException("sheet index must be >= 0, got " + index);
      }
      this.sheetName = null;
      this.sheetIndex = index;
      return this;
    }

    /**
     * A CSV input's encoding: {@code "utf-8"}, {@code "utf-16le"}, {@code "utf-16be"}, {@code
     * "windows-1252"} or {@code "iso-8859-1"} (any case); null to detect it.
     */
    public Builder encoding(String encoding) {
      this.encoding = encoding == null || encoding.isEmpty() ? null : encoding;
      return this;
    }

    /** A CSV input's delimiter: {@code ','}, {@code ';'}, {@code '\t'} or {@code '|'}. */
    public Builder delimiter(char delimiter) {
      if (delimiter == 0) {
        throw new IllegalArgumentException("delimiter: NUL; use detectDelimiter()");
      }
      this.delimiter = delimiter;
      return this;
    }

    /** Detects a CSV input's delimiter from its first lines (the default). */
    public Builder detectDelimiter() {
      this.delimiter = 0;
      return this;
    }

    /** Whether the input's first row is a header ({@link HeaderMode#DETECT} by default). */
    public Builder header(HeaderMode header) {
      this.header = Objects.requireNonNull(header, "header");
      return this;
    }

    /** A CSV output's delimiter (default: the input's when it is CSV too, else a comma). */
    public Builder outputDelimiter(char delimiter) {
      if (delimiter == 0) {
        throw new IllegalArgumentException("outputDelimiter: NUL");
      }
      this.outputDelimiter = delimiter;
      return this;
    }

    /** Rows read, segmented and written at a time (default 65,536; bounds the memory). */
    public Builder chunkRows(int rows) {
      if (rows <= 0) {
        throw new IllegalArgumentException("chunkRows must be > 0, got " + rows);
      }
      this.chunkRows = rows;
      return this;
    }

    public SegmentFileOptions build() {
      return new SegmentFileOptions(this);
    }
  }
}
