// The XLSX writer of xlsx.h, on libxlsxwriter in constant-memory mode: each
// row goes to a temporary file as soon as the next one starts; Close()
// packs the archive.
#include <unistd.h>
#include <xlsxwriter.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/utf8_internal.h"
#include "io/xlsx_internal.h"
#include "oracle/xlsx.h"

namespace oracle {

namespace {

// Characters of UTF-8 text, or -1 when it is not well-formed UTF-8.
int64_t Utf8Length(std::string_view s) {
  int64_t chars = 0;
  size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
    } else {
      const size_t n = internal::Utf8SequenceLength(s, i);
      if (n == 0) return -1;
      i += n;
    }
    ++chars;
  }
  return chars;
}

constexpr int64_t kMaxStringChars = 32767;
constexpr int64_t kMaxRows = 1048576;
constexpr size_t kMaxColumns = 16384;

}  // namespace

Status XlsxWriteOptions::Validate() const {
  const int64_t chars = Utf8Length(sheet_name);
  if (chars < 1 || chars > 31) {
    return Status::InvalidArgument(
        "XlsxWriteOptions.sheet_name must be 1 to 31 characters of UTF-8");
  }
  if (sheet_name.find_first_of("[]:*?/\\") != std::string::npos) {
    return Status::InvalidArgument(
        "XlsxWriteOptions.sheet_name must not contain any of []:*?/\\");
  }
  if (sheet_name.front() == '\'' || sheet_name.back() == '\'') {
    return Status::InvalidArgument(
        "XlsxWriteOptions.sheet_name must not start or end with an apostrophe");
  }
  if (tmpdir.find('\0') != std::string::npos) {
    return Status::InvalidArgument("XlsxWriteOptions.tmpdir contains a NUL");
  }
  return Status::OK();
}

namespace internal {
namespace {

class XlsxWriter final : public RowWriter {
 public:
  static Result<std::unique_ptr<RowWriter>> Open(
      const std::string& path, const XlsxWriteOptions& options) {
    ORACLE_RETURN_NOT_OK(options.Validate());
    if (path.empty() || path.find('\0') != std::string::npos) {
      return Status::InvalidArgument("XLSX output: bad path '" + path + "'");
    }
    // libxlsxwriter creates the file only in Close(): find out now whether
    // it can.
    const size_t slash = path.rfind('/');
    std::string dir = ".";
    if (slash != std::string::npos) {
      dir = slash == 0 ? "/" : path.substr(0, slash);
    }
    if (::access(dir.c_str(), W_OK) != 0) {
      return Status::IoError("cannot create " + path + ": " +
                             std::strerror(errno));
    }
    if (!options.tmpdir.empty() &&
        ::access(options.tmpdir.c_str(), W_OK) != 0) {
      return Status::IoError("XLSX temporary directory " + options.tmpdir +
                             ": " + std::strerror(errno));
    }
    auto writer = std::unique_ptr<XlsxWriter>(new XlsxWriter());
    writer->path_ = path;
    writer->options_ = options;
    lxw_workbook_options lxw_options;
    std::memset(&lxw_options, 0, sizeof(lxw_options));
    lxw_options.constant_memory = LXW_TRUE;
    lxw_options.tmpdir =
        options.tmpdir.empty()
            ? nullptr
            : const_cast<char*>(writer->options_.tmpdir.c_str());
    lxw_options.use_zip64 = options.zip64 ? LXW_TRUE : LXW_FALSE;
    writer->workbook_ = workbook_new_opt(path.c_str(), &lxw_options);
    if (writer->workbook_ == nullptr) {
      return Status::IoError("cannot start the XLSX workbook " + path);
    }
    const lxw_error name_error = workbook_validate_sheet_name(
        writer->workbook_, writer->options_.sheet_name.c_str());
    if (name_error != LXW_NO_ERROR) {
      writer->Abandon();
      return Status::InvalidArgument("XlsxWriteOptions.sheet_name '" +
                                     options.sheet_name +
                                     "': " + lxw_strerror(name_error));
    }
    writer->sheet_ = workbook_add_worksheet(
        writer->workbook_, writer->options_.sheet_name.c_str());
    if (writer->sheet_ == nullptr) {
      writer->Abandon();
      return Status::IoError(
          "cannot add the worksheet to " + path +
          " (temporary file in " +
          (options.tmpdir.empty() ? std::string("the temporary directory")
                                  : options.tmpdir) +
          "?)");
    }
    return std::unique_ptr<RowWriter>(std::move(writer));
  }

  ~XlsxWriter() override {
    if (workbook_ != nullptr) {
      workbook_close(workbook_);  // frees it; the error is dropped
    }
  }

  Status WriteHeader(const std::vector<std::string>& names) override {
    if (workbook_ == nullptr) return Closed();
    if (next_row_ != 0) {
      return Status::FailedPrecondition(
          path_ + ": the header must be written before the first row");
    }
    if (names.empty()) return Status::OK();
    ORACLE_RETURN_NOT_OK(Check(names, {}));
    for (size_t c = 0; c < names.size(); ++c) {
      ORACLE_RETURN_NOT_OK(WriteText(c, names[c]));
    }
    ++next_row_;
    return Status::OK();
  }

  Status WriteRow(const Row& row) override {
    if (workbook_ == nullptr) return Closed();
    ORACLE_RETURN_NOT_OK(Check(row.values, row.types));
    const bool typed = !row.types.empty();
    for (size_t c = 0; c < row.values.size(); ++c) {
      const std::string& v = row.values[c];
      const CellType type = typed ? row.types[c] : CellType::kText;
      switch (type) {
        case CellType::kEmpty:
          if (!v.empty()) ORACLE_RETURN_NOT_OK(WriteText(c, v));
          break;
        case CellType::kText:
        case CellType::kError:
          ORACLE_RETURN_NOT_OK(WriteText(c, v));
          break;
        case CellType::kNumber:
        case CellType::kFormula: {
          double number = 0;
          if (options_.numbers_as_numbers &&
              internal::ParseExactXlsxNumber(v, &number)) {
            ORACLE_RETURN_NOT_OK(Lxw(
                worksheet_write_number(sheet_, Rw(), Col(c), number, nullptr),
                c));
          } else {
            ORACLE_RETURN_NOT_OK(WriteText(c, v));
          }
          break;
        }
        case CellType::kBoolean:
          if (v == "true" || v == "TRUE" || v == "1") {
            ORACLE_RETURN_NOT_OK(WriteBoolean(c, true));
          } else if (v == "false" || v == "FALSE" || v == "0") {
            ORACLE_RETURN_NOT_OK(WriteBoolean(c, false));
          } else {
            ORACLE_RETURN_NOT_OK(WriteText(c, v));
          }
          break;
      }
    }
    ++next_row_;
    return Status::OK();
  }

  Status Close() override {
    if (workbook_ == nullptr) return close_status_;
    const lxw_error error = workbook_close(workbook_);
    workbook_ = nullptr;
    sheet_ = nullptr;
    if (error != LXW_NO_ERROR) {
      close_status_ = Status::IoError("cannot write " + path_ + ": " +
                                      lxw_strerror(error));
    }
    return close_status_;
  }

 private:
  XlsxWriter() = default;

  // Frees the workbook without writing the file.
  void Abandon() {
    lxw_workbook_free(workbook_);
    workbook_ = nullptr;
    sheet_ = nullptr;
  }

  Status Closed() const {
    return Status::FailedPrecondition(path_ + ": the XLSX writer is closed");
  }

  lxw_row_t Rw() const { return static_cast<lxw_row_t>(next_row_); }
  static lxw_col_t Col(size_t c) { return static_cast<lxw_col_t>(c); }

  std::string Where(size_t c) const {
    return path_ + ": cell " + internal::XlsxColumnName(static_cast<int>(c)) +
           std::to_string(next_row_ + 1);
  }

  // Checks a whole row before anything of it is written.
  Status Check(const std::vector<std::string>& values,
               const std::vector<CellType>& types) const {
    if (next_row_ >= kMaxRows) {
      return Status::OutOfRange(path_ + ": an XLSX sheet holds at most " +
                                std::to_string(kMaxRows) + " rows");
    }
    if (values.size() > kMaxColumns) {
      return Status::OutOfRange(path_ + ": row " +
                                std::to_string(next_row_ + 1) + " has " +
                                std::to_string(values.size()) +
                                " cells; an XLSX sheet holds at most " +
                                std::to_string(kMaxColumns) + " columns");
    }
    if (!types.empty() && types.size() != values.size()) {
      return Status::InvalidArgument(
          path_ + ": row " + std::to_string(next_row_ + 1) + " has " +
          std::to_string(values.size()) + " values but " +
          std::to_string(types.size()) + " types");
    }
    for (size_t c = 0; c < values.size(); ++c) {
      const std::string& v = values[c];
      if (v.empty()) continue;
      const int64_t chars = Utf8Length(v);
      if (chars < 0) {
        return Status::InvalidArgument(Where(c) + ": not valid UTF-8");
      }
      if (chars > kMaxStringChars) {
        return Status::OutOfRange(Where(c) + ": " + std::to_string(chars) +
                                  " characters; an XLSX cell holds at most " +
                                  std::to_string(kMaxStringChars));
      }
      if (v.find('\0') != std::string::npos) {
        return Status::InvalidArgument(
            Where(c) + ": a NUL character, which XLSX cannot hold");
      }
    }
    return Status::OK();
  }

  Status WriteText(size_t c, const std::string& v) {
    if (v.empty()) return Status::OK();
    return Lxw(worksheet_write_string(sheet_, Rw(), Col(c), v.c_str(), nullptr),
               c);
  }

  Status WriteBoolean(size_t c, bool value) {
    return Lxw(worksheet_write_boolean(sheet_, Rw(), Col(c), value ? 1 : 0,
                                       nullptr),
               c);
  }

  Status Lxw(lxw_error error, size_t c) const {
    if (error == LXW_NO_ERROR) return Status::OK();
    return Status::IoError(Where(c) + ": " + lxw_strerror(error));
  }

  std::string path_;
  XlsxWriteOptions options_;
  lxw_workbook* workbook_ = nullptr;
  lxw_worksheet* sheet_ = nullptr;
  int64_t next_row_ = 0;
  Status close_status_;
};

}  // namespace
}  // namespace internal

Result<std::unique_ptr<RowWriter>> OpenXlsxWriter(
    const std::string& path, const XlsxWriteOptions& options) {
  return internal::XlsxWriter::Open(path, options);
}

}  // namespace oracle
