// The XLSX writer of xlsx.h. The worksheet XML is emitted by a small
// escaping serializer into 1 MiB buffers handed to a packer thread, where
// libzip's zip_close() deflates them (fast level) as they come and writes
// the archive; the small fixed parts are constant strings. Memory is
// bounded by the few buffers in flight.
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
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
    "relationships\"><sheetData>";
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

// How many full buffers of worksheet XML may wait for the packer.
constexpr size_t kMaxQueued = 4;

// The worksheet XML on its way from the writer (the caller's thread) to
// libzip, which reads it through Read() while zip_close() deflates and
// writes the archive on the packer thread.
class SheetStream {
 public:
  // Hands a buffer over (it is left empty, with capacity); false, and the
  // buffer dropped, once the packer has stopped (it failed).
  bool Push(std::string* buffer) {
    std::unique_lock<std::mutex> lock(mu_);
    space_.wait(lock, [&] { return queue_.size() < kMaxQueued || stopped_; });
    if (stopped_) {
      buffer->clear();
      return false;
    }
    queue_.push_back(std::move(*buffer));
    if (!spare_.empty()) {
      *buffer = std::move(spare_.back());
      spare_.pop_back();
    } else {
      *buffer = std::string();
      buffer->reserve(kFlushBytes + (size_t{1} << 16));
    }
    data_.notify_one();
    return true;
  }

  // No more buffers.
  void Finish() {
    std::lock_guard<std::mutex> lock(mu_);
    finished_ = true;
    data_.notify_one();
  }

  // The packer has stopped reading.
  void Stop() {
    std::lock_guard<std::mutex> lock(mu_);
    stopped_ = true;
    space_.notify_all();
  }

  // libzip's source callback (ZIP_SOURCE_* commands), on the packer thread.
  static zip_int64_t Callback(void* self, void* data, zip_uint64_t len,
                              zip_source_cmd_t cmd) {
    auto* stream = static_cast<SheetStream*>(self);
    switch (cmd) {
      case ZIP_SOURCE_OPEN:
      case ZIP_SOURCE_CLOSE:
      case ZIP_SOURCE_FREE:
        return 0;
      case ZIP_SOURCE_READ:
        return stream->Read(static_cast<char*>(data), len);
      case ZIP_SOURCE_STAT: {
        // The size is not known in advance.
        auto* st = static_cast<zip_stat_t*>(data);
        zip_stat_init(st);
        return sizeof(*st);
      }
      case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&stream->error_, data, len);
      case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(
            ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
            ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
      default:
        zip_error_set(&stream->error_, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
  }

  SheetStream() { zip_error_init(&error_); }
  ~SheetStream() { zip_error_fini(&error_); }
  SheetStream(const SheetStream&) = delete;
  SheetStream& operator=(const SheetStream&) = delete;

 private:
  zip_int64_t Read(char* data, zip_uint64_t len) {
    if (read_pos_ == reading_.size()) {
      std::unique_lock<std::mutex> lock(mu_);
      data_.wait(lock, [&] { return !queue_.empty() || finished_; });
      if (queue_.empty()) return 0;  // the end
      reading_.clear();
      if (spare_.size() < 2 && reading_.capacity() > 0) {
        spare_.push_back(std::move(reading_));
      }
      reading_ = std::move(queue_.front());
      queue_.pop_front();
      read_pos_ = 0;
      space_.notify_one();
    }
    const size_t n =
        std::min(static_cast<size_t>(len), reading_.size() - read_pos_);
    std::memcpy(data, reading_.data() + read_pos_, n);
    read_pos_ += n;
    return static_cast<zip_int64_t>(n);
  }

  std::mutex mu_;
  std::condition_variable data_;   // a buffer queued, or finished_
  std::condition_variable space_;  // room in the queue, or stopped_
  std::deque<std::string> queue_;
  std::vector<std::string> spare_;  // emptied buffers, to reuse
  bool finished_ = false;
  bool stopped_ = false;
  // Packer thread only.
  std::string reading_;
  size_t read_pos_ = 0;
  zip_error_t error_;
};

class XlsxWriter final : public RowWriter {
 public:
  static Result<std::unique_ptr<RowWriter>> Open(
      const std::string& path, const XlsxWriteOptions& options) {
    ORACLE_RETURN_NOT_OK(options.Validate());
    if (path.empty() || path.find('\0') != std::string::npos) {
      return Status::InvalidArgument("XLSX output: bad path '" + path + "'");
    }
    // libzip writes the archive to a temporary file next to `path`: find
    // out now whether it can.
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
    const Status started = writer->StartArchive();
    if (!started.ok()) {
      writer->open_ = false;
      return started;
    }
    writer->buffer_.reserve(kFlushBytes + (size_t{1} << 16));
    writer->buffer_.append(kXmlDecl);
    writer->buffer_.append(kSheetBegin);
    return std::unique_ptr<RowWriter>(std::move(writer));
  }

  ~XlsxWriter() override {
    if (open_) static_cast<void>(Close());  // the error is dropped
    if (za_ != nullptr) zip_discard(za_);
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
    buffer_.append(kSheetEnd);
    if (!buffer_.empty()) stream_->Push(&buffer_);
    stream_->Finish();
    packer_.join();
    if (!pack_status_.ok()) {
      close_status_ = pack_status_;
      zip_discard(za_);
    }
    za_ = nullptr;
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

  // Ends the row (a row without cells is not written) and hands the buffer
  // to the packer once it is large.
  Status EndRow() {
    if (row_open_) buffer_.append("</row>");
    ++next_row_;
    if (buffer_.size() >= kFlushBytes && !stream_->Push(&buffer_)) {
      // The packer failed: its error is known once it has stopped.
      packer_.join();
      open_ = false;
      if (!pack_status_.ok()) zip_discard(za_);
      za_ = nullptr;
      write_status_ = pack_status_.ok()
                          ? Status::IoError("cannot write " + path_)
                          : pack_status_;
      close_status_ = write_status_;
      return write_status_;
    }
    return Status::OK();
  }

  // Appends `<c r="B7"` (opening the row first when needed).
  void BeginCell(size_t c) {
    if (!row_open_) {
      buffer_.append("<row r=\"");
      buffer_.append(row_number_, row_number_size_);
      buffer_.append("\">");
      row_open_ = true;
    }
    while (column_names_.size() <= c) {
      column_names_.push_back(
          internal::XlsxColumnName(static_cast<int>(column_names_.size())));
    }
    buffer_.append("<c r=\"");
    buffer_.append(column_names_[c]);
    buffer_.append(row_number_, row_number_size_);
    buffer_.push_back('"');
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

  Status ZipError(const std::string& what) const {
    return Status::IoError("cannot write " + path_ + ": " + what + ": " +
                           zip_strerror(za_));
  }

  // Adds an entry from `source` (freed on failure), deflated at level 1.
  Status AddEntry(const char* name, zip_source_t* source) {
    if (source == nullptr) return ZipError(name);
    const zip_int64_t index =
        zip_file_add(za_, name, source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (index < 0) {
      zip_source_free(source);
      return ZipError(name);
    }
    if (zip_set_file_compression(za_, static_cast<zip_uint64_t>(index),
                                 ZIP_CM_DEFLATE, 1) != 0) {
      return ZipError(name);
    }
    return Status::OK();
  }

  // Adds a constant part to the archive.
  Status AddPart(const char* name, std::string_view content) {
    parts_.emplace_back(kXmlDecl);
    parts_.back().append(content);
    return AddEntry(name, zip_source_buffer(za_, parts_.back().data(),
                                            parts_.back().size(), 0));
  }

  Status AddParts() {
    parts_.reserve(8);  // zip_source_buffer keeps pointers into them
    ORACLE_RETURN_NOT_OK(AddPart("[Content_Types].xml", kContentTypes));
    ORACLE_RETURN_NOT_OK(AddPart("_rels/.rels", kRootRels));
    ORACLE_RETURN_NOT_OK(AddPart("docProps/app.xml", kApp));
    ORACLE_RETURN_NOT_OK(AddPart("docProps/core.xml", kCore));
    std::string workbook(kWorkbookBegin);
    AppendEscaped(options_.sheet_name, &workbook);
    workbook.append(kWorkbookEnd);
    ORACLE_RETURN_NOT_OK(AddPart("xl/workbook.xml", workbook));
    ORACLE_RETURN_NOT_OK(AddPart("xl/_rels/workbook.xml.rels", kWorkbookRels));
    ORACLE_RETURN_NOT_OK(AddPart("xl/styles.xml", kStyles));
    return AddEntry(
        "xl/worksheets/sheet1.xml",
        zip_source_function(za_, &SheetStream::Callback, stream_.get()));
  }

  // Opens the archive and starts the packer thread: zip_close() deflates
  // the worksheet as the rows come and writes the archive.
  Status StartArchive() {
    int error = 0;
    za_ = zip_open(path_.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (za_ == nullptr) {
      zip_error_t ze;
      zip_error_init_with_code(&ze, error);
      Status s = Status::IoError("cannot create " + path_ + ": " +
                                 zip_error_strerror(&ze));
      zip_error_fini(&ze);
      return s;
    }
    stream_ = std::make_unique<SheetStream>();
    Status s = AddParts();
    if (!s.ok()) {
      zip_discard(za_);
      za_ = nullptr;
      return s;
    }
    packer_ = std::thread([this] {
      if (zip_close(za_) != 0) {
        pack_status_ = ZipError("writing the archive");
      }
      stream_->Stop();
    });
    return Status::OK();
  }

  std::string path_;
  XlsxWriteOptions options_;
  zip_t* za_ = nullptr;  // owned until zip_close() succeeds
  std::unique_ptr<SheetStream> stream_;
  std::thread packer_;
  Status pack_status_;  // written by packer_, read after joining it
  std::string buffer_;  // worksheet XML not yet handed to the packer
  std::vector<std::string> column_names_;  // "A", "B" ... as used
  std::vector<std::string> parts_;  // the constant parts, until zip_close
  int64_t next_row_ = 0;
  char row_number_[24] = {};
  size_t row_number_size_ = 0;
  bool row_open_ = false;
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
