// CSV and TSV contact files: a streaming reader and writer.
//
// The reader takes text as exported by spreadsheets, CRMs and phones and
// gives RowReader rows (see table.h), one at a time, in bounded memory:
//
//   - RFC 4180 quoting: quoted fields may hold the delimiter, doubled quotes
//     ("") and line breaks; records end with LF, CRLF or CR.
//   - Delimiter: ',', ';', tab or '|', detected from the first lines unless
//     given.
//   - Header: detected (a first record with no cell that looks like a phone
//     number or any other figure) unless given.
//   - Encoding: UTF-8 (with or without BOM), UTF-16 LE/BE (BOM, or detected
//     from the NUL bytes of ASCII text), Windows-1252 and ISO-8859-1, given
//     or detected (a BOM, else UTF-8 when the start of the file is valid
//     UTF-8, else Windows-1252), converted to UTF-8 with ICU.
//   - Bad rows are data: a record whose cell count differs from the header's
//     (or the first record's), a record with bytes that are not valid in the
//     encoding or NUL bytes, a quote in the wrong place, an unterminated
//     quoted field: each comes back with Row::error set (INVALID_ARGUMENT
//     for the shape, DATA_LOSS for the encoding) and reading goes on.
//     Blank lines hold no cell and are skipped.
//   - Limits: a field longer than max_field_bytes or a record longer than
//     max_record_bytes stops the reader with RESOURCE_EXHAUSTED naming the
//     line: a 1 GB line costs at most the limit in memory. Input that looks
//     binary (NUL bytes or control characters in the first block, not
//     UTF-16) is refused with DATA_LOSS.
//
// Example:
//
//   oracle::CsvReadOptions options;        // detect everything
//   options.encoding = "windows-1252";     // or give what you know
//   ORACLE_ASSIGN_OR_RAISE(std::unique_ptr<oracle::RowReader> in,
//                          oracle::OpenCsvReader("contacts.csv", options));
//   oracle::Row row;
//   while (true) {
//     ORACLE_ASSIGN_OR_RAISE(bool more, in->Next(&row));
//     if (!more) break;
//     if (!row.error.ok()) {
//       std::cerr << "line " << row.number << ": " << row.error.message();
//       continue;
//     }
//     ...  // row.values[i] is the UTF-8 text of column in->header()[i]
//   }
//
// The writer quotes only the fields that need it (delimiter, quote, CR or
// LF inside), writes UTF-8 and can add a BOM for Excel.
//
// Thread safety: a reader or writer is used by one thread at a time.
// Ownership: the factories return objects that own their file or stream.
#ifndef ORACLE_CSV_H_
#define ORACLE_CSV_H_

#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <ostream>
#include <string>

#include "oracle/export.h"
#include "oracle/result.h"
#include "oracle/status.h"
#include "oracle/table.h"

namespace oracle {

// Whether the first record is a header.
enum class HeaderMode : uint8_t { kDetect = 0, kPresent = 1, kAbsent = 2 };

struct CsvReadOptions {
  // ',', ';', '\t' or '|'; 0 to detect it from the first lines.
  char delimiter = 0;
  HeaderMode header = HeaderMode::kDetect;
  // "" to detect, or one of "utf-8", "utf-16le", "utf-16be",
  // "windows-1252", "iso-8859-1" (any case; "utf8", "latin1", "cp1252" are
  // accepted too).
  std::string encoding;
  // Longest field and longest record, in bytes of UTF-8 (> 0).
  size_t max_field_bytes = size_t{1} << 20;   // 1 MiB
  size_t max_record_bytes = size_t{4} << 20;  // 4 MiB
  // Most cells in one record (> 0).
  size_t max_columns = 10000;

  // OK or INVALID_ARGUMENT naming the bad field.
  Status Validate() const;
  static CsvReadOptions Defaults() { return CsvReadOptions(); }
};

struct CsvWriteOptions {
  // Any single byte but '"', CR and LF.
  char delimiter = ',';
  // "\n" or "\r\n".
  std::string line_ending = "\n";
  // Start with a UTF-8 BOM (helps Excel read UTF-8).
  bool write_bom = false;

  Status Validate() const;
  static CsvWriteOptions Defaults() { return CsvWriteOptions(); }
  // Tab-separated.
  static CsvWriteOptions Tsv() {
    CsvWriteOptions o;
    o.delimiter = '\t';
    return o;
  }
};

// Opens a CSV/TSV file ("-": standard input). Fails with NOT_FOUND or
// IO_ERROR when it cannot be opened, INVALID_ARGUMENT for bad options,
// DATA_LOSS when the input looks binary, RESOURCE_EXHAUSTED when the header
// passes a limit. The delimiter, encoding and header are settled here.
ORACLE_EXPORT Result<std::unique_ptr<RowReader>> OpenCsvReader(
    const std::string& path, const CsvReadOptions& options = {});

// The same from a stream (owned by the reader); `size_hint` is the total
// number of bytes when known (progress reports), else 0.
ORACLE_EXPORT Result<std::unique_ptr<RowReader>> MakeCsvReader(
    std::unique_ptr<std::istream> in, const CsvReadOptions& options = {},
    int64_t size_hint = 0);

// Creates (or truncates) a CSV/TSV file ("-": standard output).
ORACLE_EXPORT Result<std::unique_ptr<RowWriter>> OpenCsvWriter(
    const std::string& path, const CsvWriteOptions& options = {});

// The same to a stream, borrowed: it must outlive the writer.
ORACLE_EXPORT Result<std::unique_ptr<RowWriter>> MakeCsvWriter(
    std::ostream* out, const CsvWriteOptions& options = {});

// What the reader settled on (after detection), for messages: the
// delimiter, "utf-8"/"utf-16le"/... and whether a header was found. Null
// for a reader that is not a CSV reader.
struct CsvDialect {
  char delimiter = ',';
  std::string encoding;
  bool has_header = false;
  bool had_bom = false;
};
ORACLE_EXPORT const CsvDialect* GetCsvDialect(const RowReader& reader);

}  // namespace oracle

#endif  // ORACLE_CSV_H_
