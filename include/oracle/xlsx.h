// Excel workbooks (.xlsx, Office Open XML): a RowReader over one worksheet
// and a RowWriter that writes one worksheet, both streaming.
//
// Reading inflates the worksheet and parses its XML in small chunks: memory
// stays bounded by one row plus the workbook's shared-string table, however
// many rows the sheet has. Every cell comes back with the type it was stored
// with (table.h, CellType):
//
//   - text (shared strings, rich text runs joined, inline strings): kText;
//   - numbers: kNumber, the value exactly as written in the file
//     ("2250707123456", "2.25070712345E+12", "707123456.5"), never
//     reformatted; dates are numbers too (Excel's serial day numbers);
//   - booleans: kBoolean, "true" / "false";
//   - formulas: kFormula, the result the spreadsheet cached ("" when the
//     file carries none, as files written by openpyxl do);
//   - error values ("#N/A", "#DIV/0!"): kError;
//   - missing cells inside a row: kEmpty with an empty value, so that the
//     columns stay aligned ("A1, C1" gives three cells).
//
// Row::number is the row number the spreadsheet shows. Rows without any
// value are skipped unless XlsxReadOptions::skip_empty_rows is false. When
// the sheet has a header, every row is padded with kEmpty cells to the
// header's width; longer rows keep all their cells.
//
// Example: print the phone column of the sheet "Contacts".
//
//   oracle::XlsxReadOptions options;
//   options.sheet_name = "Contacts";
//   ORACLE_ASSIGN_OR_RAISE(std::unique_ptr<oracle::RowReader> reader,
//                          oracle::OpenXlsxReader("contacts.xlsx", options));
//   oracle::Row row;
//   while (true) {
//     ORACLE_ASSIGN_OR_RAISE(bool more, reader->Next(&row));
//     if (!more) break;
//     std::cout << row.number << ": " << row.values[1] << "\n";
//   }
//
// And write a sheet, keeping leading zeros (text) and numbers (kNumber):
//
//   ORACLE_ASSIGN_OR_RAISE(std::unique_ptr<oracle::RowWriter> writer,
//                          oracle::OpenXlsxWriter("out.xlsx"));
//   ORACLE_RETURN_NOT_OK(writer->WriteHeader({"name", "phone", "count"}));
//   oracle::Row row;
//   row.values = {"Awa", "0707123456", "3"};
//   row.types = {oracle::CellType::kText, oracle::CellType::kText,
//                oracle::CellType::kNumber};
//   ORACLE_RETURN_NOT_OK(writer->WriteRow(row));
//   ORACLE_RETURN_NOT_OK(writer->Close());
//
// Hostile files: a file that is not a zip archive (INVALID_ARGUMENT), a
// truncated or corrupt archive or XML (DATA_LOSS), a part that inflates
// beyond XlsxReadOptions::max_part_bytes or faster than
// max_compression_ratio (a zip bomb), a row or a cell past its limit, a
// shared-string table past max_shared_strings_bytes (RESOURCE_EXHAUSTED)
// stop reading with a Status naming the part. XML document type
// declarations (and so entity definitions) are refused: workbooks never
// have them, and entity expansion is how "billion laughs" files exhaust
// memory.
//
// Thread safety: a reader or a writer is used by one thread at a time;
// distinct readers and writers are independent (no shared state).
// Ownership: the reader owns its open archive, the writer its workbook
// and its temporary files; both are released by the destructor.
#ifndef ORACLE_XLSX_H_
#define ORACLE_XLSX_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "oracle/export.h"
#include "oracle/result.h"
#include "oracle/status.h"
#include "oracle/table.h"

namespace oracle {

// Whether the first row with a value is a header.
enum class XlsxHeader : uint8_t {
  // A header when every value of that row is text and none of them looks
  // like a phone number or another number (5 digits or more, mostly
  // digits: "e164" and "phone 2" are names); otherwise data.
  kDetect = 0,
  kPresent = 1,  // always a header
  kAbsent = 2,   // no header: header() is empty, every row is data
};

struct XlsxReadOptions {
  // The worksheet to read: by name when sheet_name is not empty (exact
  // match), otherwise by its 0-based position in the workbook (hidden
  // sheets count). Default: the first sheet.
  std::string sheet_name;
  int sheet_index = 0;
  XlsxHeader header = XlsxHeader::kDetect;
  // Skip rows without any value (true), or return every row from the
  // first to the last, empty ones included, so that the n-th row read is
  // spreadsheet row n (false; with a header, the rows after it).
  bool skip_empty_rows = true;

  // Limits (each must be > 0). Inflated size of one part of the archive
  // (the worksheet XML, the shared strings ...): 4 GiB.
  int64_t max_part_bytes = int64_t{4} << 30;
  // Inflated bytes per compressed byte of a part, checked once 1 MiB has
  // been inflated. Spreadsheet XML compresses 5 to 50 times; a zip bomb
  // around 1000 times.
  double max_compression_ratio = 250;
  // Cells of one row, counting the empty cells filled in: Excel's maximum
  // (16,384 columns, A to XFD).
  int max_cells_per_row = 16384;
  // Bytes of one cell's text (Excel's limit is 32,767 characters): 1 MiB.
  int64_t max_cell_bytes = int64_t{1} << 20;
  // Bytes of text of one row (shared strings counted at each use): 16 MiB.
  int64_t max_row_bytes = int64_t{16} << 20;
  // Bytes of the shared-string table, kept in memory while reading: 512 MiB.
  int64_t max_shared_strings_bytes = int64_t{512} << 20;

  // OK, or INVALID_ARGUMENT naming the bad field.
  Status Validate() const;
  static XlsxReadOptions Defaults() { return XlsxReadOptions(); }
};

struct XlsxWriteOptions {
  // Name of the worksheet written (1 to 31 characters, none of []:*?/\).
  std::string sheet_name = "Sheet1";
  // Directory for the writer's temporary worksheet file ("": $TMPDIR, or
  // /tmp). The file is unlinked as soon as it is made.
  std::string tmpdir;
  // kNumber cells are written as numeric cells when a spreadsheet's
  // double holds the value: always up to 15 significant digits, and
  // numbers written from a double ("2.250707123456789E+18"); otherwise
  // ("22507071234567891"), and with false, as text, so no digit is ever
  // lost.
  bool numbers_as_numbers = true;
  // Ignored: libzip writes ZIP64 extensions wherever they are needed
  // (archives over 4 GB).
  bool zip64 = false;

  // OK, or INVALID_ARGUMENT naming the bad field.
  Status Validate() const;
  static XlsxWriteOptions Defaults() { return XlsxWriteOptions(); }
};

// Opens `path` and prepares to stream the chosen worksheet: reads the
// workbook's sheet list, its shared strings and, when there is one, the
// header. Errors: NOT_FOUND (no such file, or no such sheet name; the
// message lists the sheets), OUT_OF_RANGE (sheet index), INVALID_ARGUMENT
// (bad options, not an XLSX file), DATA_LOSS, RESOURCE_EXHAUSTED (see
// above), IO_ERROR.
//
// The reader's bytes_read() / bytes_total() count the worksheet's
// inflated XML (total: the size the archive declares for it).
ORACLE_EXPORT Result<std::unique_ptr<RowReader>> OpenXlsxReader(
    const std::string& path, const XlsxReadOptions& options = {});

// Creates (or replaces) `path` and returns a writer of one worksheet. Rows
// are streamed to a temporary file (constant memory); Close() writes the
// archive (deflated at a fast level). Text cells (kText, and an empty
// `types`) are written as strings,
// so leading zeros stay; kNumber as numbers (see numbers_as_numbers);
// kBoolean as booleans; kFormula values (the cached results) as numbers
// when they are numbers, otherwise as text; kError values as text; kEmpty
// cells are left empty (one with a value is written as text). A sheet
// holds at most 1,048,576 rows and 16,384 columns and a cell at most 32,767
// characters: past that WriteRow() returns OUT_OF_RANGE, and a value that
// is not UTF-8 or holds a NUL INVALID_ARGUMENT, and nothing of the row is
// written.
ORACLE_EXPORT Result<std::unique_ptr<RowWriter>> OpenXlsxWriter(
    const std::string& path, const XlsxWriteOptions& options = {});

// The names of the workbook's sheets, in workbook order (worksheets and
// chart sheets).
ORACLE_EXPORT Result<std::vector<std::string>> ListXlsxSheets(
    const std::string& path);

}  // namespace oracle

#endif  // ORACLE_XLSX_H_
