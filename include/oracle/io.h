// Contact files of any supported format, opened by name.
//
// This header gathers the table readers and writers (table.h, csv.h,
// xlsx.h, json_io.h) and adds OpenRowReader / OpenRowWriter, which choose
// the format from the file's extension:
//
//   .csv   CSV (delimiter, encoding and header detected)
//   .tsv   tab-separated (encoding and header detected)
//   .xlsx  Excel workbook (first sheet unless told)
//   .jsonl JSON Lines (also .ndjson)
//   .json  a JSON array of objects
//
// "-" means standard input or output; the format must then be given.
//
// Example: any contact file to JSON Lines on standard output.
//
//   oracle::ReadOptions in_options;          // format from the extension
//   in_options.xlsx.sheet_name = "Clients";  // used only for .xlsx
//   ORACLE_ASSIGN_OR_RAISE(auto in,
//                          oracle::OpenRowReader("contacts.xlsx", in_options));
//   oracle::WriteOptions out_options;
//   out_options.format = oracle::FileFormat::kJsonLines;
//   ORACLE_ASSIGN_OR_RAISE(auto out, oracle::OpenRowWriter("-", out_options));
//   (then copy the rows as in table.h)
//
// Thread safety: the functions are thread-safe; the objects they return
// are used by one thread at a time and own their file.
#ifndef ORACLE_IO_H_
#define ORACLE_IO_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "oracle/csv.h"
#include "oracle/export.h"
#include "oracle/json_io.h"
#include "oracle/result.h"
#include "oracle/status.h"
#include "oracle/table.h"
#include "oracle/xlsx.h"

namespace oracle {

enum class FileFormat : uint8_t {
  kAuto = 0,  // from the file name's extension
  kCsv = 1,
  kTsv = 2,
  kXlsx = 3,
  kJsonLines = 4,
  kJson = 5,  // a JSON array of objects
};

// "auto", "csv", "tsv", "xlsx", "jsonl", "json".
ORACLE_EXPORT std::string_view FileFormatName(FileFormat format);
// The format of a name as FileFormatName gives it (any case; "ndjson" is
// JSON Lines), or INVALID_ARGUMENT.
ORACLE_EXPORT Result<FileFormat> ParseFileFormat(std::string_view name);
// The format of a path from its extension (any case), or INVALID_ARGUMENT
// naming the path when the extension is not one of the above ("-"
// included: standard streams have no extension).
ORACLE_EXPORT Result<FileFormat> FileFormatFromPath(std::string_view path);

struct ReadOptions {
  FileFormat format = FileFormat::kAuto;
  // Options of each format; only those of the chosen format are used. For
  // .tsv the CSV options apply with the delimiter set to tab unless given.
  CsvReadOptions csv;
  XlsxReadOptions xlsx;
  JsonReadOptions json;  // layout is set from the format

  Status Validate() const;
  static ReadOptions Defaults() { return ReadOptions(); }
};

struct WriteOptions {
  FileFormat format = FileFormat::kAuto;
  CsvWriteOptions csv;  // for .tsv the delimiter is tab unless given
  XlsxWriteOptions xlsx;
  JsonWriteOptions json;  // layout is set from the format

  Status Validate() const;
  static WriteOptions Defaults() { return WriteOptions(); }
};

// Opens a table for reading ("-": standard input, format required).
ORACLE_EXPORT Result<std::unique_ptr<RowReader>> OpenRowReader(
    const std::string& path, const ReadOptions& options = {});

// Creates a table for writing ("-": standard output, format required; not
// possible for XLSX, which needs a seekable file).
ORACLE_EXPORT Result<std::unique_ptr<RowWriter>> OpenRowWriter(
    const std::string& path, const WriteOptions& options = {});

}  // namespace oracle

#endif  // ORACLE_IO_H_
