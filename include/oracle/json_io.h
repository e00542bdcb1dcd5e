// JSON contact files: JSON Lines (one object per line) and JSON arrays of
// objects, read and written as streams of rows (see table.h).
//
// Each row is a JSON object keyed by column names. The reader takes the
// header from the keys of the first object, in their order; later objects
// may leave keys out (empty cells) but a key the header does not have makes
// the row an error (INVALID_ARGUMENT naming the key), so no value is
// silently dropped. Values map to cells as:
//
//   "text"           kText       (an empty string is kText "")
//   12, 2.25e12      kNumber     the number exactly as written in the file
//   true / false     kBoolean    "true" / "false"
//   null             kEmpty
//   [..] / {..}      kText       the nested JSON, compact
//
// The array reader does not load the whole file: it cuts the array into
// elements (each at most max_record_bytes) and parses one element at a
// time. A line or element that is not a JSON object is a row error; text
// that is not a JSON array at all, or is cut short, stops the reader.
//
// The writer writes each row as an object keyed by the header names, in
// order (a name given twice gets a suffix: "tel", "tel_2"): kNumber cells
// whose value is a JSON number as numbers, kBoolean as true/false, kEmpty
// as null, everything else as strings.
//
// Example: XLSX to JSON Lines.
//
//   ORACLE_ASSIGN_OR_RAISE(auto in, oracle::OpenXlsxReader("contacts.xlsx"));
//   ORACLE_ASSIGN_OR_RAISE(auto out, oracle::OpenJsonWriter(
//       "contacts.jsonl", oracle::JsonWriteOptions{}));
//   ORACLE_RETURN_NOT_OK(out->WriteHeader(in->header()));
//   ... (see table.h)
//
// Thread safety: a reader or writer is used by one thread at a time.
// Ownership: the factories return objects that own their file or stream.
#ifndef ORACLE_JSON_IO_H_
#define ORACLE_JSON_IO_H_

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

enum class JsonLayout : uint8_t {
  kLines = 0,  // JSON Lines: one object per line (.jsonl)
  kArray = 1,  // one JSON array of objects (.json)
};

struct JsonReadOptions {
  JsonLayout layout = JsonLayout::kLines;
  // Longest line (JSON Lines) or array element, in bytes (> 0).
  size_t max_record_bytes = size_t{4} << 20;
  // Most keys in one object (> 0).
  size_t max_columns = 10000;
  // Deepest nesting inside a row object (> 0).
  int max_depth = 64;

  Status Validate() const;
  static JsonReadOptions Defaults() { return JsonReadOptions(); }
};

struct JsonWriteOptions {
  JsonLayout layout = JsonLayout::kLines;

  Status Validate() const;
  static JsonWriteOptions Defaults() { return JsonWriteOptions(); }
};

// Opens a JSON Lines / JSON array file ("-": standard input). The first
// object (the header) is read here.
ORACLE_EXPORT Result<std::unique_ptr<RowReader>> OpenJsonReader(
    const std::string& path, const JsonReadOptions& options = {});
// The same from a stream (owned by the reader).
ORACLE_EXPORT Result<std::unique_ptr<RowReader>> MakeJsonReader(
    std::unique_ptr<std::istream> in, const JsonReadOptions& options = {},
    int64_t size_hint = 0);

// Creates (or truncates) a JSON file ("-": standard output). WriteHeader
// gives the keys; it must be called (a JSON row needs keys).
ORACLE_EXPORT Result<std::unique_ptr<RowWriter>> OpenJsonWriter(
    const std::string& path, const JsonWriteOptions& options = {});
// The same to a stream, borrowed: it must outlive the writer.
ORACLE_EXPORT Result<std::unique_ptr<RowWriter>> MakeJsonWriter(
    std::ostream* out, const JsonWriteOptions& options = {});

}  // namespace oracle

#endif  // ORACLE_JSON_IO_H_
