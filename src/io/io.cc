// OpenRowReader / OpenRowWriter of io.h: the format from the extension.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "io/io_internal.h"
#include "oracle/io.h"

namespace oracle {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// An XLSX reader over a temporary copy of standard input, removed when the
// reader goes.
class TempFileReader final : public RowReader {
 public:
  TempFileReader(std::unique_ptr<RowReader> inner, std::string path)
      : inner_(std::move(inner)), path_(std::move(path)) {}
  ~TempFileReader() override {
    inner_.reset();
    std::remove(path_.c_str());
  }
  const std::vector<std::string>& header() const override {
    return inner_->header();
  }
  Result<bool> Next(Row* row) override { return inner_->Next(row); }
  int64_t bytes_read() const override { return inner_->bytes_read(); }
  int64_t bytes_total() const override { return inner_->bytes_total(); }

 private:
  std::unique_ptr<RowReader> inner_;
  std::string path_;
};

Result<std::unique_ptr<RowReader>> OpenXlsxFromStdin(
    const XlsxReadOptions& options) {
  const char* tmpdir = std::getenv("TMPDIR");
  std::string path = std::string(tmpdir != nullptr && *tmpdir ? tmpdir : "/tmp") +
                     "/oracle-stdin-XXXXXX";
  const int fd = mkstemp(path.data());
  if (fd < 0) {
    return Status::IoError(
        internal::ErrnoMessage("create a temporary file in", path, errno));
  }
  std::FILE* f = fdopen(fd, "wb");
  if (f == nullptr) {
    close(fd);
    std::remove(path.c_str());
    return Status::IoError(internal::ErrnoMessage("open", path, errno));
  }
  std::string buf(size_t{1} << 20, '\0');
  Status status;
  while (true) {
    const size_t got = std::fread(buf.data(), 1, buf.size(), stdin);
    if (got > 0 && std::fwrite(buf.data(), 1, got, f) != got) {
      status = Status::IoError(internal::ErrnoMessage("write", path, errno));
      break;
    }
    if (got < buf.size()) {
      if (std::ferror(stdin)) {
        status = Status::IoError("cannot read standard input");
      }
      break;
    }
  }
  if (std::fclose(f) != 0 && status.ok()) {
    status = Status::IoError(internal::ErrnoMessage("write", path, errno));
  }
  if (!status.ok()) {
    std::remove(path.c_str());
    return status;
  }
  Result<std::unique_ptr<RowReader>> inner = OpenXlsxReader(path, options);
  if (!inner.ok()) {
    std::remove(path.c_str());
    return inner.status();
  }
  return std::unique_ptr<RowReader>(
      new TempFileReader(std::move(inner).value(), path));
}

Result<FileFormat> Resolve(const std::string& path, FileFormat format) {
  if (format != FileFormat::kAuto) return format;
  if (path == "-") {
    return Status::InvalidArgument(
        "standard input/output ('-') needs an explicit format (csv, tsv, "
        "xlsx, jsonl or json)");
  }
  return FileFormatFromPath(path);
}

}  // namespace

std::string_view FileFormatName(FileFormat format) {
  switch (format) {
    case FileFormat::kAuto: return "auto";
    case FileFormat::kCsv: return "csv";
    case FileFormat::kTsv: return "tsv";
    case FileFormat::kXlsx: return "xlsx";
    case FileFormat::kJsonLines: return "jsonl";
    case FileFormat::kJson: return "json";
  }
  return "unknown";
}

Result<FileFormat> ParseFileFormat(std::string_view name) {
  const std::string n = Lower(name);
  if (n == "auto") return FileFormat::kAuto;
  if (n == "csv") return FileFormat::kCsv;
  if (n == "tsv" || n == "tab") return FileFormat::kTsv;
  if (n == "xlsx") return FileFormat::kXlsx;
  if (n == "jsonl" || n == "ndjson") return FileFormat::kJsonLines;
  if (n == "json") return FileFormat::kJson;
  return Status::InvalidArgument("unknown file format '" + std::string(name) +
                                 "' (csv, tsv, xlsx, jsonl or json)");
}

Result<FileFormat> FileFormatFromPath(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  const std::string_view base =
      slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = base.find_last_of('.');
  if (dot == std::string_view::npos || dot == 0 || path == "-") {
    return Status::InvalidArgument(
        "cannot tell the format of '" + std::string(path) +
        "' from its name: use a .csv, .tsv, .xlsx, .jsonl or .json file or "
        "give the format");
  }
  Result<FileFormat> format = ParseFileFormat(base.substr(dot + 1));
  if (!format.ok() || *format == FileFormat::kAuto) {
    return Status::InvalidArgument(
        "unknown extension '" + std::string(base.substr(dot)) + "' of '" +
        std::string(path) + "': use .csv, .tsv, .xlsx, .jsonl or .json, or "
        "give the format");
  }
  return format;
}

Status ReadOptions::Validate() const {
  if (static_cast<uint8_t>(format) > static_cast<uint8_t>(FileFormat::kJson)) {
    return Status::InvalidArgument("ReadOptions.format is not a FileFormat");
  }
  ORACLE_RETURN_NOT_OK(csv.Validate());
  ORACLE_RETURN_NOT_OK(xlsx.Validate());
  return json.Validate();
}

Status WriteOptions::Validate() const {
  if (static_cast<uint8_t>(format) > static_cast<uint8_t>(FileFormat::kJson)) {
    return Status::InvalidArgument("WriteOptions.format is not a FileFormat");
  }
  ORACLE_RETURN_NOT_OK(csv.Validate());
  ORACLE_RETURN_NOT_OK(xlsx.Validate());
  return json.Validate();
}

Result<std::unique_ptr<RowReader>> OpenRowReader(const std::string& path,
                                                 const ReadOptions& options) {
  ORACLE_RETURN_NOT_OK(options.Validate());
  ORACLE_ASSIGN_OR_RAISE(FileFormat format, Resolve(path, options.format));
  switch (format) {
    case FileFormat::kCsv:
      return OpenCsvReader(path, options.csv);
    case FileFormat::kTsv: {
      CsvReadOptions csv = options.csv;
      if (csv.delimiter == 0) csv.delimiter = '\t';
      return OpenCsvReader(path, csv);
    }
    case FileFormat::kXlsx:
      if (path == "-") return OpenXlsxFromStdin(options.xlsx);
      return OpenXlsxReader(path, options.xlsx);
    case FileFormat::kJsonLines:
    case FileFormat::kJson: {
      JsonReadOptions json = options.json;
      json.layout = format == FileFormat::kJson ? JsonLayout::kArray
                                                : JsonLayout::kLines;
      return OpenJsonReader(path, json);
    }
    case FileFormat::kAuto:
      break;
  }
  return Status::Internal("no reader for the format");
}

Result<std::unique_ptr<RowWriter>> OpenRowWriter(const std::string& path,
                                                 const WriteOptions& options) {
  ORACLE_RETURN_NOT_OK(options.Validate());
  ORACLE_ASSIGN_OR_RAISE(FileFormat format, Resolve(path, options.format));
  switch (format) {
    case FileFormat::kCsv:
      return OpenCsvWriter(path, options.csv);
    case FileFormat::kTsv: {
      CsvWriteOptions csv = options.csv;
      csv.delimiter = '\t';
      return OpenCsvWriter(path, csv);
    }
    case FileFormat::kXlsx:
      if (path == "-") {
        return Status::InvalidArgument(
            "XLSX cannot be written to standard output: give a file name");
      }
      return OpenXlsxWriter(path, options.xlsx);
    case FileFormat::kJsonLines:
    case FileFormat::kJson: {
      JsonWriteOptions json = options.json;
      json.layout = format == FileFormat::kJson ? JsonLayout::kArray
                                                : JsonLayout::kLines;
      return OpenJsonWriter(path, json);
    }
    case FileFormat::kAuto:
      break;
  }
  return Status::Internal("no writer for the format");
}

}  // namespace oracle
