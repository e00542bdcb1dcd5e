// The XLSX writer of xlsx.h. The worksheet XML is emitted by a small
// escaping serializer into a large buffer, flushed to an unlinked temporary
// file (bounded memory); Close() packs the archive with libzip: the
// worksheet deflated at a fast level, the small fixed parts as constant
// strings.
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
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
  for (const char ch : sheet_name) {
    if (static_cast<unsigned char>(ch) < 0x20) {
      return Status::InvalidArgument(
          "XlsxWriteOptions.sheet_name must not contain control characters");
    }
  }
  if (tmpdir.find('\0') != std::string::npos) {
    return Status::InvalidArgument("XlsxWriteOptions.tmpdir contains a NUL");
  }
  return Status::OK();
}

namespace internal {
namespace {

// The fixed parts of the package.
constexpr std::string_view kXmlDecl =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

constexpr std::string_view kContentTypes =
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/"
    "vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
    "<Override PartName=\"/xl/worksheets/sheet1.xml\" "
    "ContentType=\"application/"
    "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
    "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/"
    "vnd.openxmlformats-package.core-properties+xml\"/>"
    "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
    "</Types>";

constexpr std::string_view kRootRels =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/officeDocument\" "
    "Target=\"xl/workbook.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/"
    "package/2006/relationships/metadata/core-properties\" "
    "Target=\"docProps/core.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/extended-properties\" "
    "Target=\"docProps/app.xml\"/>"
    "</Relationships>";

constexpr std::string_view kWorkbookRels =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "</Relationships>";

constexpr std::string_view kWorkbookBegin =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
    "main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships\"><sheets><sheet name=\"";
constexpr std::string_view kWorkbookEnd =
    "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

constexpr std::string_view kStyles =
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"
    "2006/main\">"
    "<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/>"
    "<family val=\"2\"/></font></fonts>"
    "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
    "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
    "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/>"
    "</border></borders>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" "
    "borderId=\"0\"/></cellStyleXfs>"
    "<cellXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" "
    "borderId=\"0\" xfId=\"0\"/></cellXfs>"
    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" "
    "builtinId=\"0\"/></cellStyles>"
    "</styleSheet>";

constexpr std::string_view kCore =
    "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/"
    "2006/metadata/core-properties\" "
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
    "xmlns:dcterms=\"http://purl.org/dc/terms/\" "
    "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
    "</cp:coreProperties>";

constexpr std::string_view kApp =
    "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/"
    "2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/docPropsVTypes\"><Application>liboracle"
    "</Application></Properties>";

constexpr std::string_view kSheetBegin =
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
    "main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships\">";
// The sheet's used range (readers such as openpyxl's read-only mode size
// their rows by it) is known at the end only: a fixed-width slot, padded
// with spaces before "/>", is rewritten by Close().
constexpr size_t kDimensionBytes = 48;  // fits "A1:XFD1048576"
constexpr std::string_view kSheetData = "<sheetData>";
constexpr std::string_view kSheetEnd = "</sheetData></worksheet>";

// The buffer of worksheet XML is written out once it holds this much.
constexpr size_t kFlushBytes = size_t{1} << 20;

// Bytes of text that need more than copying: XML's markup characters, the
// control characters XML cannot hold (and CR, which XML parsers turn into
// LF), '_' (which may start a literal "_xHHHH_") and 0xEF (which starts
// U+FFFE and U+FFFF, not XML characters either).
struct SpecialBytes {
  bool special[256] = {};
  constexpr SpecialBytes() {
    for (int b = 0; b < 0x20; ++b) special[b] = b != '\t' && b != '\n';
    special[static_cast<unsigned char>('&')] = true;
    special[static_cast<unsigned char>('<')] = true;
    special[static_cast<unsigned char>('>')] = true;
    special[static_cast<unsigned char>('"')] = true;
    special[static_cast<unsigned char>('_')] = true;
    special[0xEF] = true;
  }
};
constexpr SpecialBytes kSpecial;

bool IsHex(char ch) {
  return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
         (ch >= 'A' && ch <= 'F');
}

// Appends `v` escaped as XML text (or attribute value) to `out`: markup
// characters as entities, characters XML cannot hold as _xHHHH_, and the
// '_' of a literal "_xHHHH_" as _x005F_ so that readers do not decode it.
void AppendEscaped(std::string_view v, std::string* out) {
  static constexpr char kHexDigits[] = "0123456789ABCDEF";
  size_t done = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    const unsigned char b = static_cast<unsigned char>(v[i]);
    if (!kSpecial.special[b]) continue;
    std::string_view replacement;
    char code[8];
    size_t skip = 1;
    switch (b) {
      case '&':
        replacement = "&amp;";
        break;
      case '<':
        replacement = "&lt;";
        break;
      case '>':
        replacement = "&gt;";
        break;
      case '"':
        replacement = "&quot;";
        break;
      case '_':
        if (i + 6 < v.size() && v[i + 1] == 'x' && IsHex(v[i + 2]) &&
            IsHex(v[i + 3]) && IsHex(v[i + 4]) && IsHex(v[i + 5]) &&
            v[i + 6] == '_') {
          replacement = "_x005F_";
        } else {
          continue;
        }
        break;
      case 0xEF:
        // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
        if (i + 2 < v.size() && static_cast<unsigned char>(v[i + 1]) == 0xBF &&
            (static_cast<unsigned char>(v[i + 2]) == 0xBE ||
             static_cast<unsigned char>(v[i + 2]) == 0xBF)) {
          replacement = static_cast<unsigned char>(v[i + 2]) == 0xBE
                            ? "_xFFFE_"
                            : "_xFFFF_";
          skip = 3;
        } else {
          continue;
        }
        break;
      default:  // a control character
        std::memcpy(code, "_x00", 4);
        code[4] = kHexDigits[b >> 4];
        code[5] = kHexDigits[b & 15];
        code[6] = '_';
        replacement = std::string_view(code, 7);
        break;
    }
    out->append(v.data() + done, i - done);
    out->append(replacement);
    i += skip - 1;
    done = i + 1;
  }
  out->append(v.data() + done, v.size() - done);
}

// Closes a file descriptor when it goes out of scope.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Reset(); }
  int get() const { return fd_; }
  int Release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void Reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

class XlsxWriter final : public RowWriter {
 public:
  static Result<std::unique_ptr<RowWriter>> Open(
      const std::string& path, const XlsxWriteOptions& options) {
    ORACLE_RETURN_NOT_OK(options.Validate());
    if (path.empty() || path.find('\0') != std::string::npos) {
      return Status::InvalidArgument("XLSX output: bad path '" + path + "'");
    }
    // The archive is created only in Close(): find out now whether it can.
    const size_t slash = path.rfind('/');
    std::string dir = ".";
    if (slash != std::string::npos) {
      dir = slash == 0 ? "/" : path.substr(0, slash);
    }
    if (::access(dir.c_str(), W_OK) != 0) {
      return Status::IoError("cannot create " + path + ": " +
                             std::strerror(errno));
    }
    std::string tmpdir = options.tmpdir;
    if (tmpdir.empty()) {
      const char* env = std::getenv("TMPDIR");
      tmpdir = env != nullptr && *env != '\0' ? env : "/tmp";
    }
    std::string name = tmpdir + "/oracle_xlsx.XXXXXX";
    const int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) {
      return Status::IoError("XLSX temporary directory " + tmpdir + ": " +
                             std::strerror(errno));
    }
    ::unlink(name.c_str());  // gone when closed, whatever happens
    auto writer = std::unique_ptr<XlsxWriter>(new XlsxWriter());
    writer->path_ = path;
    writer->options_ = options;
    writer->tmp_.Reset(fd);
    writer->buffer_.reserve(kFlushBytes + (size_t{1} << 16));
    writer->buffer_.append(kXmlDecl);
    writer->buffer_.append(kSheetBegin);
    writer->dimension_offset_ = writer->buffer_.size();
    writer->buffer_.append(writer->Dimension());
    writer->buffer_.append(kSheetData);
    return std::unique_ptr<RowWriter>(std::move(writer));
  }

  ~XlsxWriter() override {
    if (open_) static_cast<void>(Close());  // the error is dropped
  }

  Status WriteHeader(const std::vector<std::string>& names) override {
    if (!open_) return Closed();
    if (next_row_ != 0) {
      return Status::FailedPrecondition(
          path_ + ": the header must be written before the first row");
    }
    if (names.empty()) return Status::OK();
    ORACLE_RETURN_NOT_OK(Check(names, {}));
    BeginRow();
    for (size_t c = 0; c < names.size(); ++c) WriteText(c, names[c]);
    return EndRow();
  }

  Status WriteRow(const Row& row) override {
    if (!open_) return Closed();
    ORACLE_RETURN_NOT_OK(Check(row.values, row.types));
    const bool typed = !row.types.empty();
    BeginRow();
    for (size_t c = 0; c < row.values.size(); ++c) {
      const std::string& v = row.values[c];
      const CellType type = typed ? row.types[c] : CellType::kText;
      switch (type) {
        case CellType::kEmpty:
        case CellType::kText:
        case CellType::kError:
          WriteText(c, v);
          break;
        case CellType::kNumber:
        case CellType::kFormula: {
          double number = 0;
          if (options_.numbers_as_numbers &&
              internal::ParseExactXlsxNumber(v, &number)) {
            WriteNumber(c, number);
          } else {
            WriteText(c, v);
          }
          break;
        }
        case CellType::kBoolean:
          if (v == "true" || v == "TRUE" || v == "1") {
            WriteBoolean(c, true);
          } else if (v == "false" || v == "FALSE" || v == "0") {
            WriteBoolean(c, false);
          } else {
            WriteText(c, v);
          }
          break;
      }
    }
    return EndRow();
  }

  Status Close() override {
    if (!open_) return close_status_;
    open_ = false;
    close_status_ = Finish();
    tmp_.Reset();
    std::string().swap(buffer_);
    return close_status_;
  }

 private:
  XlsxWriter() = default;

  Status Closed() const {
    return Status::FailedPrecondition(path_ + ": the XLSX writer is closed");
  }

  std::string Where(size_t c) const {
    return path_ + ": cell " + internal::XlsxColumnName(static_cast<int>(c)) +
           std::to_string(next_row_ + 1);
  }

  // Checks a whole row before anything of it is written.
  Status Check(const std::vector<std::string>& values,
               const std::vector<CellType>& types) const {
    if (!write_status_.ok()) return write_status_;
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

  // Starts the row's XML; the <row> element is written with the first cell.
  void BeginRow() {
    const auto r = std::to_chars(row_number_, row_number_ + sizeof(row_number_),
                                 next_row_ + 1);
    row_number_size_ = static_cast<size_t>(r.ptr - row_number_);
    row_open_ = false;
  }

  // Ends the row (a row without cells is not written) and writes the buffer
  // out once it is large.
  Status EndRow() {
    if (row_open_) buffer_.append("</row>");
    ++next_row_;
    if (buffer_.size() >= kFlushBytes) return Flush();
    return Status::OK();
  }

  // Appends `<c r="B7"` (opening the row first when needed).
  void BeginCell(size_t c) {
    if (!row_open_) {
      buffer_.append("<row r=\"");
      buffer_.append(row_number_, row_number_size_);
      buffer_.append("\">");
      row_open_ = true;
      if (first_row_ == 0) first_row_ = next_row_ + 1;
      last_row_ = next_row_ + 1;
    }
    if (c < first_col_) first_col_ = c;
    if (c + 1 > end_col_) end_col_ = c + 1;
    while (column_names_.size() <= c) {
      column_names_.push_back(
          internal::XlsxColumnName(static_cast<int>(column_names_.size())));
    }
    buffer_.append("<c r=\"");
    buffer_.append(column_names_[c]);
    buffer_.append(row_number_, row_number_size_);
    buffer_.push_back('"');
  }

  // The <dimension> element of the cells written so far, kDimensionBytes
  // long.
  std::string Dimension() const {
    std::string ref = "A1";
    if (first_row_ > 0) {
      ref = internal::XlsxColumnName(static_cast<int>(first_col_)) +
            std::to_string(first_row_);
      if (last_row_ != first_row_ || end_col_ != first_col_ + 1) {
        ref.push_back(':');
        ref.append(internal::XlsxColumnName(static_cast<int>(end_col_ - 1)));
        ref.append(std::to_string(last_row_));
      }
    }
    std::string element = "<dimension ref=\"";
    element.append(ref);
    element.push_back('"');
    element.append(kDimensionBytes - 2 - element.size(), ' ');
    element.append("/>");
    return element;
  }

  void WriteText(size_t c, std::string_view v) {
    if (v.empty()) return;
    BeginCell(c);
    const auto space = [](char ch) {
      return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
    };
    if (space(v.front()) || space(v.back())) {
      buffer_.append(" t=\"inlineStr\"><is><t xml:space=\"preserve\">");
    } else {
      buffer_.append(" t=\"inlineStr\"><is><t>");
    }
    AppendEscaped(v, &buffer_);
    buffer_.append("</t></is></c>");
  }

  void WriteNumber(size_t c, double number) {
    BeginCell(c);
    buffer_.append("><v>");
    char text[32];
    // As "%.16G" (what other writers print), without the locale.
    const auto r = std::to_chars(text, text + sizeof(text), number,
                                 std::chars_format::general, 16);
    for (char* p = text; p != r.ptr; ++p) {
      if (*p == 'e') *p = 'E';
    }
    buffer_.append(text, static_cast<size_t>(r.ptr - text));
    buffer_.append("</v></c>");
  }

  void WriteBoolean(size_t c, bool value) {
    BeginCell(c);
    buffer_.append(value ? " t=\"b\"><v>1</v></c>" : " t=\"b\"><v>0</v></c>");
  }

  // Writes the buffer to the temporary file.
  Status Flush() {
    size_t done = 0;
    while (done < buffer_.size()) {
      const ssize_t n =
          ::write(tmp_.get(), buffer_.data() + done, buffer_.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        write_status_ = Status::IoError(
            path_ + ": cannot write the temporary worksheet file: " +
            std::strerror(errno));
        return write_status_;
      }
      done += static_cast<size_t>(n);
    }
    sheet_bytes_ += buffer_.size();
    buffer_.clear();
    return Status::OK();
  }

  Status ZipError(zip_t* za, const std::string& what) const {
    return Status::IoError("cannot write " + path_ + ": " + what + ": " +
                           zip_strerror(za));
  }

  // Adds a constant part to the archive.
  Status AddPart(zip_t* za, const char* name, std::string_view content) {
    parts_.emplace_back(kXmlDecl);
    parts_.back().append(content);
    zip_source_t* source = zip_source_buffer(
        za, parts_.back().data(), parts_.back().size(), 0);
    if (source == nullptr) return ZipError(za, name);
    const zip_int64_t index =
        zip_file_add(za, name, source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (index < 0) {
      zip_source_free(source);
      return ZipError(za, name);
    }
    if (zip_set_file_compression(za, static_cast<zip_uint64_t>(index),
                                 ZIP_CM_DEFLATE, 1) != 0) {
      return ZipError(za, name);
    }
    return Status::OK();
  }

  Status AddParts(zip_t* za) {
    parts_.reserve(8);  // zip_source_buffer keeps pointers into them
    ORACLE_RETURN_NOT_OK(AddPart(za, "[Content_Types].xml", kContentTypes));
    ORACLE_RETURN_NOT_OK(AddPart(za, "_rels/.rels", kRootRels));
    ORACLE_RETURN_NOT_OK(AddPart(za, "docProps/app.xml", kApp));
    ORACLE_RETURN_NOT_OK(AddPart(za, "docProps/core.xml", kCore));
    std::string workbook(kWorkbookBegin);
    AppendEscaped(options_.sheet_name, &workbook);
    workbook.append(kWorkbookEnd);
    ORACLE_RETURN_NOT_OK(AddPart(za, "xl/workbook.xml", workbook));
    ORACLE_RETURN_NOT_OK(
        AddPart(za, "xl/_rels/workbook.xml.rels", kWorkbookRels));
    ORACLE_RETURN_NOT_OK(AddPart(za, "xl/styles.xml", kStyles));
    // The worksheet, from the temporary file (libzip closes the FILE).
    if (::lseek(tmp_.get(), 0, SEEK_SET) != 0) {
      return Status::IoError(path_ + ": cannot read back the worksheet: " +
                             std::strerror(errno));
    }
    std::FILE* file = ::fdopen(tmp_.get(), "rb");
    if (file == nullptr) {
      return Status::IoError(path_ + ": cannot read back the worksheet: " +
                             std::strerror(errno));
    }
    tmp_.Release();
    zip_source_t* source = zip_source_filep(
        za, file, 0, static_cast<zip_int64_t>(sheet_bytes_));
    if (source == nullptr) {
      std::fclose(file);
      return ZipError(za, "xl/worksheets/sheet1.xml");
    }
    const zip_int64_t index = zip_file_add(
        za, "xl/worksheets/sheet1.xml", source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(source);
      return ZipError(za, "xl/worksheets/sheet1.xml");
    }
    if (zip_set_file_compression(za, static_cast<zip_uint64_t>(index),
                                 ZIP_CM_DEFLATE, 1) != 0) {
      return ZipError(za, "xl/worksheets/sheet1.xml");
    }
    return Status::OK();
  }

  // Ends the worksheet and writes the archive.
  Status Finish() {
    if (!write_status_.ok()) return write_status_;
    buffer_.append(kSheetEnd);
    ORACLE_RETURN_NOT_OK(Flush());
    const std::string dimension = Dimension();
    if (::pwrite(tmp_.get(), dimension.data(), dimension.size(),
                 static_cast<off_t>(dimension_offset_)) !=
        static_cast<ssize_t>(dimension.size())) {
      return Status::IoError(path_ + ": cannot write the temporary worksheet "
                             "file: " + std::strerror(errno));
    }
    int error = 0;
    zip_t* za = zip_open(path_.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (za == nullptr) {
      zip_error_t ze;
      zip_error_init_with_code(&ze, error);
      Status s = Status::IoError("cannot create " + path_ + ": " +
                                 zip_error_strerror(&ze));
      zip_error_fini(&ze);
      return s;
    }
    Status s = AddParts(za);
    if (!s.ok()) {
      zip_discard(za);
      parts_.clear();
      return s;
    }
    if (zip_close(za) != 0) {
      s = ZipError(za, "closing the archive");
      zip_discard(za);
    }
    parts_.clear();
    return s;
  }

  std::string path_;
  XlsxWriteOptions options_;
  Fd tmp_;                    // the unlinked temporary worksheet file
  std::string buffer_;        // worksheet XML not yet in tmp_
  uint64_t sheet_bytes_ = 0;  // worksheet XML in tmp_
  std::vector<std::string> column_names_;  // "A", "B" ... as used
  std::vector<std::string> parts_;  // the constant parts, until zip_close
  int64_t next_row_ = 0;
  char row_number_[24] = {};
  size_t row_number_size_ = 0;
  bool row_open_ = false;
  // The cells written: rows first_row_ to last_row_ (1-based; 0: none),
  // columns first_col_ to end_col_ - 1.
  int64_t first_row_ = 0;
  int64_t last_row_ = 0;
  size_t first_col_ = kMaxColumns;
  size_t end_col_ = 0;
  size_t dimension_offset_ = 0;
  bool open_ = true;
  Status write_status_;
  Status close_status_;
};

}  // namespace
}  // namespace internal

Result<std::unique_ptr<RowWriter>> OpenXlsxWriter(
    const std::string& path, const XlsxWriteOptions& options) {
  return internal::XlsxWriter::Open(path, options);
}

}  // namespace oracle
