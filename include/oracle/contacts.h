// Segmenting a contact table: every row of a RowReader goes to a RowWriter
// with segmentation columns added, bad rows go to an optional rejects table,
// and a summary counts what happened.
//
// SegmentTable() reads the input in chunks, segments each chunk's phone
// column with a BatchSegmenter (on a pool of threads) and writes each row
// back with all of its cells untouched, followed by the chosen fields. It
// never stops at a bad row:
//
//   - a row the reader could not read as it should (invalid encoding, wrong
//     column count, broken quoting or JSON) is not written to the output; it
//     goes to the rejects table with its row number and the reason;
//   - a row whose phone cell is not a valid number is written to the output
//     (valid = false, empty segmentation fields) and also listed in the
//     rejects table with the reason "invalid number: ...";
//   - with `dedupe`, a row whose E.164 number was already written is left
//     out and counted as a duplicate (the first occurrence wins).
//
// Phone cells that a spreadsheet stored as numbers (CellType::kNumber, e.g.
// "2.25070712345E+12" or "707123456.0") are first written out in plain
// digits, exactly ("2250707123450", "707123456"); a value with a fractional
// part is segmented as written. Spreadsheets drop the leading zero of
// national numbers such as Cote d'Ivoire's 0707123456. The leading-zero
// rule puts it back only when all of this holds: a default region is set,
// the cell is numeric (or LeadingZeroRule::kAllCells), its digits are not a
// valid number of that region, and "0" + digits is one (that is, the digit
// count is one short of the region's national number length and the zero
// makes it valid). Every such row is reported: the "note" field says
// "leading zero restored" and the summary counts it.
//
// Example:
//
//   ORACLE_ASSIGN_OR_RAISE(oracle::Engine engine, oracle::Engine::Make());
//   ORACLE_ASSIGN_OR_RAISE(auto in, oracle::OpenRowReader("contacts.xlsx"));
//   ORACLE_ASSIGN_OR_RAISE(auto out, oracle::OpenRowWriter("out.csv"));
//   ORACLE_ASSIGN_OR_RAISE(auto rejects, oracle::OpenRowWriter("rejects.csv"));
//   oracle::SegmentTableOptions options;
//   options.column = "Mobile";          // or "3", or "" to detect
//   options.default_region = "CI";
//   options.dedupe = true;
//   ORACLE_ASSIGN_OR_RAISE(oracle::TableSummary summary,
//       oracle::SegmentTable(engine, in.get(), out.get(), rejects.get(),
//                            options));
//   ORACLE_RETURN_NOT_OK(out->Close());
//   ORACLE_RETURN_NOT_OK(rejects->Close());
//   std::cout << summary.ToText();
//
// Thread safety: SegmentTable may run concurrently on different readers and
// writers; it borrows the engine (thread-safe), the reader and the writers
// for the duration of the call and does not close the writers.
#ifndef ORACLE_CONTACTS_H_
#define ORACLE_CONTACTS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "oracle/engine.h"
#include "oracle/export.h"
#include "oracle/result.h"
#include "oracle/status.h"
#include "oracle/table.h"

namespace oracle {

enum class LeadingZeroRule : uint8_t {
  kNumericCells = 0,  // only cells stored as numbers (default)
  kAllCells = 1,      // also text cells (e.g. a CSV saved by a spreadsheet)
  kNever = 2,
};

// What SegmentTable reports after each chunk (for progress bars).
struct TableProgress {
  int64_t rows = 0;         // rows read so far
  int64_t bytes_read = 0;   // of the input, when the reader knows
  int64_t bytes_total = 0;  // 0 when unknown (a pipe)
  double seconds = 0;       // since the start
};

// The segmentation fields SegmentTable can add: every field of the CLI's
// records (kSegmentationRecordFields: input, valid, possible, error, e164,
// country_code, region, national_number, ndc, subscriber_number, type,
// operator, extension, international, national, rfc3966, possibility,
// error_message, portable, flags, carrier_code, country_code_source) and
// "note" (what the leading-zero rule did to the row).
ORACLE_EXPORT const std::vector<std::string>& SegmentTableFieldNames();

// Parses a comma-separated field list ("e164,type,operator"; "all" for
// every field; "default" for the default list), or INVALID_ARGUMENT naming
// the unknown field.
ORACLE_EXPORT Result<std::vector<std::string>> ParseFieldList(
    std::string_view list);

struct SegmentTableOptions {
  // The phone column: a header name (exact match first, then any case), or
  // a 1-based column index ("3"). Empty: detected, first from the header
  // names (phone, tel, mobile, msisdn, gsm, cell, numero, number...), then
  // from the cells of the first chunk (the column whose cells look most
  // like phone numbers).
  std::string column;
  // Region for numbers written without a country code (ISO 3166, any case);
  // "" for none.
  std::string default_region;
  // Fields added after the input's columns, in this order. An added field
  // whose name is already a column of the input is named "oracle_<name>".
  std::vector<std::string> fields = {"e164", "valid", "type", "region",
                                     "operator", "ndc", "subscriber_number"};
  // Leave out rows whose E.164 number was already written.
  bool dedupe = false;
  LeadingZeroRule leading_zero = LeadingZeroRule::kNumericCells;
  // Segmentation threads, the caller included (0: all cores).
  int num_threads = 0;
  // Rows read, segmented and written at a time (bounds memory; > 0).
  size_t chunk_rows = 65536;
  // Called after each chunk, on the calling thread. May be empty.
  std::function<void(const TableProgress&)> progress;

  // OK or INVALID_ARGUMENT naming the bad field.
  Status Validate() const;
  static SegmentTableOptions Defaults() { return SegmentTableOptions(); }
};

// What SegmentTable did. Counts are rows of the input (header excluded).
struct ORACLE_EXPORT TableSummary {
  std::string phone_column;      // its header name ("column_N" without one)
  int phone_column_index = 0;    // 1-based
  int64_t rows_read = 0;         // every row the reader returned
  int64_t rows_written = 0;      // rows in the output
  int64_t unreadable_rows = 0;   // not written (see rejects by reason)
  int64_t valid = 0;             // valid numbers (among the rows segmented)
  int64_t invalid = 0;           // parsed but not valid
  int64_t not_a_number = 0;      // could not be read as a phone number
  int64_t duplicates = 0;        // left out by dedupe
  int64_t leading_zeros_restored = 0;
  int64_t rejects = 0;           // rows listed in the rejects table
  // Among the rows written: by region code ("CI"; "+888" for a country code
  // without region; failed rows are not counted), by operator ("" is
  // "(none)"), by type ("MOBILE"...; failed rows as "NOT_A_NUMBER" etc.),
  // by validity ("valid", "invalid", "not a number").
  std::map<std::string, int64_t> by_country;
  std::map<std::string, int64_t> by_operator;
  std::map<std::string, int64_t> by_type;
  std::map<std::string, int64_t> by_validity;
  // Rejected rows by reason: "invalid encoding", "wrong column count",
  // "unreadable", "invalid number".
  std::map<std::string, int64_t> rejects_by_reason;
  double seconds = 0;

  double rows_per_second() const {
    return seconds > 0 ? static_cast<double>(rows_read) / seconds : 0;
  }
  // An aligned text table for people.
  std::string ToText() const;
  // One JSON object with the same counts.
  std::string ToJson() const;
};

// Segments every row of `in` into `out` (both borrowed). `rejects` may be
// null; otherwise it gets the header "row", "reason", then the input's
// column names, and one row per rejected row. Fails (without writing
// further) only when the options are invalid, the phone column cannot be
// found, the reader stops (I/O error, a limit) or a writer fails; rows
// written until then stay written.
ORACLE_EXPORT Result<TableSummary> SegmentTable(
    const Engine& engine, RowReader* in, RowWriter* out, RowWriter* rejects,
    const SegmentTableOptions& options);

}  // namespace oracle

#endif  // ORACLE_CONTACTS_H_
