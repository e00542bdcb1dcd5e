// Rows of a contact file, and the reader and writer interfaces every file
// format (CSV/TSV, XLSX, JSON Lines, JSON arrays) implements.
//
// A contact file is a table: an optional header, then rows of cells. Readers
// stream it one row at a time in bounded memory; writers stream rows out. The
// format-specific factories live in csv.h, xlsx.h and json_io.h; io.h opens
// the right one from a file name.
//
// Example: copy any supported file to another format, keeping every cell.
//
//   ORACLE_ASSIGN_OR_RAISE(std::unique_ptr<oracle::RowReader> in,
//                          oracle::OpenRowReader("contacts.xlsx"));
//   ORACLE_ASSIGN_OR_RAISE(std::unique_ptr<oracle::RowWriter> out,
//                          oracle::OpenRowWriter("contacts.jsonl"));
//   ORACLE_RETURN_NOT_OK(out->WriteHeader(in->header()));
//   oracle::Row row;
//   while (true) {
//     ORACLE_ASSIGN_OR_RAISE(bool more, in->Next(&row));
//     if (!more) break;
//     if (!row.error.ok()) { /* report row.number and row.error */ continue; }
//     ORACLE_RETURN_NOT_OK(out->WriteRow(row));
//   }
//   ORACLE_RETURN_NOT_OK(out->Close());
//
// Errors: a problem with one row (bad encoding, wrong number of cells) is data:
// it comes back in Row::error and reading goes on with the next row. Only a
// problem that stops the whole input (I/O error, corrupt container, a limit
// exceeded) makes Next() return an error Status.
//
// Thread safety: a reader or writer is used by one thread at a time.
#ifndef ORACLE_TABLE_H_
#define ORACLE_TABLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "oracle/export.h"
#include "oracle/result.h"
#include "oracle/status.h"

namespace oracle {

// What a cell held in its source. Text formats (CSV, TSV) give kText or
// kEmpty only; spreadsheets and JSON keep the type they stored.
enum class CellType : uint8_t {
  kEmpty = 0,
  kText = 1,
  // A number. The cell's value is the number as written in the source,
  // unchanged (e.g. "2250707123456", "2.25070712345E+12", "707123456.0"):
  // never rounded or reformatted by the reader.
  kNumber = 2,
  kBoolean = 3,  // "true" / "false"
  // A spreadsheet formula's cached result; the value is that result as text.
  kFormula = 4,
  kError = 5,  // a spreadsheet error value such as "#N/A"
};

// One row of a table. Readers reuse the vectors' capacity between rows.
struct Row {
  // Position in the source, 1-based: the physical line where the record
  // starts (CSV/TSV, JSON Lines), the row number shown by the spreadsheet
  // (XLSX), or the element index + 1 (JSON array).
  int64_t number = 0;
  // The cells, UTF-8. values.size() == types.size().
  std::vector<std::string> values;
  std::vector<CellType> types;
  // OK, or why this row could not be read as it should; `values` then holds
  // what could be read.
  Status error;

  void Clear() {
    number = 0;
    values.clear();
    types.clear();
    error = Status::OK();
  }
};

// Streams the rows of one table. Made by a format's factory; owns its input.
class ORACLE_EXPORT RowReader {
 public:
  virtual ~RowReader() = default;

  // The header's column names (empty when the table has no header).
  virtual const std::vector<std::string>& header() const = 0;

  // Reads the next row into *row (cleared first). Returns false at the end of
  // the input; an error only when the input as a whole cannot go on.
  virtual Result<bool> Next(Row* row) = 0;

  // Bytes of the source consumed so far and its total size (0 when unknown,
  // e.g. a pipe): for progress reports.
  virtual int64_t bytes_read() const = 0;
  virtual int64_t bytes_total() const = 0;
};

// Streams rows out to one table. Made by a format's factory; owns its output.
// Call WriteHeader at most once, before the first row; then WriteRow for each
// row; then Close, which flushes and reports the final error. Destroying an
// unclosed writer closes it and drops the error.
class ORACLE_EXPORT RowWriter {
 public:
  virtual ~RowWriter() = default;

  virtual Status WriteHeader(const std::vector<std::string>& names) = 0;
  // Writes row.values; row.types, when the format can keep them (XLSX, JSON),
  // chooses the cell type (an empty `types` means all text).
  virtual Status WriteRow(const Row& row) = 0;
  virtual Status Close() = 0;
};

}  // namespace oracle

#endif  // ORACLE_TABLE_H_
