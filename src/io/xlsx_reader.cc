// The XLSX reader of xlsx.h: libzip inflates the archive's parts, expat
// parses their XML in chunks. The worksheet is parsed one row at a time:
// the parser is suspended at the end of each row and resumed by the next
// call to Next(), so nothing but the current row is held.
#include <expat.h>
#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/xlsx_internal.h"
#include "oracle/xlsx.h"

namespace oracle {

Status XlsxReadOptions::Validate() const {
  if (sheet_index < 0) {
    return Status::InvalidArgument("XlsxReadOptions.sheet_index must be >= 0");
  }
  if (header != XlsxHeader::kDetect && header != XlsxHeader::kPresent &&
      header != XlsxHeader::kAbsent) {
    return Status::InvalidArgument(
        "XlsxReadOptions.header is not an XlsxHeader");
  }
  if (max_part_bytes <= 0) {
    return Status::InvalidArgument(
        "XlsxReadOptions.max_part_bytes must be > 0");
  }
  if (!(max_compression_ratio >= 1)) {
    return Status::InvalidArgument(
        "XlsxReadOptions.max_compression_ratio must be >= 1");
  }
  if (max_cells_per_row <= 0) {
    return Status::InvalidArgument(
        "XlsxReadOptions.max_cells_per_row must be > 0");
  }
  if (max_cell_bytes <= 0) {
    return Status::InvalidArgument(
        "XlsxReadOptions.max_cell_bytes must be > 0");
  }
  if (max_shared_strings_bytes <= 0) {
    return Status::InvalidArgument(
        "XlsxReadOptions.max_shared_strings_bytes must be > 0");
  }
  return Status::OK();
}

namespace internal {

int XlsxColumnOfRef(std::string_view ref) {
  int column = 0;
  size_t i = 0;
  for (; i < ref.size() && i < 4; ++i) {
    char c = ref[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    column = column * 26 + (c - 'A' + 1);
  }
  if (i == 0 || i > 3) return -1;
  return column - 1;
}

int64_t XlsxRowOfRef(std::string_view ref) {
  size_t i = 0;
  while (i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') ||
                            (ref[i] >= 'a' && ref[i] <= 'z'))) {
    ++i;
  }
  if (i == ref.size() || ref.size() - i > 9) return -1;
  int64_t row = 0;
  for (; i < ref.size(); ++i) {
    if (ref[i] < '0' || ref[i] > '9') return -1;
    row = row * 10 + (ref[i] - '0');
  }
  return row > 0 ? row : -1;
}

std::string XlsxColumnName(int column) {
  std::string name;
  for (int n = column + 1; n > 0; n = (n - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return name;
}

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

void DecodeXlsxEscapes(std::string* s) {
  size_t pos = s->find("_x");
  if (pos == std::string::npos) return;
  std::string out;
  out.reserve(s->size());
  out.append(*s, 0, pos);
  size_t i = pos;
  while (i < s->size()) {
    if (i + 7 <= s->size() && (*s)[i] == '_' && (*s)[i + 1] == 'x' &&
        (*s)[i + 6] == '_') {
      uint32_t cp = 0;
      bool hex = true;
      for (size_t k = i + 2; k < i + 6; ++k) {
        const int h = HexValue((*s)[k]);
        if (h < 0) {
          hex = false;
          break;
        }
        cp = cp * 16 + static_cast<uint32_t>(h);
      }
      if (hex && cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
        AppendUtf8(cp, &out);
        i += 7;
        continue;
      }
    }
    out.push_back((*s)[i]);
    ++i;
  }
  s->swap(out);
}

bool ParseExactXlsxNumber(std::string_view s, double* value) {
  if (s.empty()) return false;
  // The grammar: -?digits(.digits)?([eE][+-]?digits)? with at least one
  // mantissa digit.
  size_t i = 0;
  if (s[i] == '-' || s[i] == '+') ++i;
  int first_nonzero = -1;
  int last_nonzero = -1;
  int position = 0;
  int mantissa_digits = 0;
  bool dot = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      if (c != '0') {
        if (first_nonzero < 0) first_nonzero = position;
        last_nonzero = position;
      }
      ++position;
      ++mantissa_digits;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (mantissa_digits == 0) return false;
  if (i < s.size()) {
    if (s[i] != 'e' && s[i] != 'E') return false;
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    const size_t exp_start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == exp_start || i != s.size() || i - exp_start > 3) return false;
  }
  if (first_nonzero >= 0 && last_nonzero - first_nonzero + 1 > 15) {
    return false;
  }
  const char* begin = s.data() + (s[0] == '+' ? 1 : 0);
  double v = 0;
  const auto [ptr, ec] = std::from_chars(begin, s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return false;
  if (!(v - v == 0)) return false;  // inf or nan
  *value = v;
  return true;
}

bool LooksNumeric(std::string_view s) {
  size_t digits = 0;
  size_t others = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != ' ' && c != '\t') {
      ++others;
    }
  }
  return digits >= 5 && digits >= others;
}

namespace {

constexpr size_t kChunkBytes = size_t{128} << 10;
constexpr int64_t kRatioGraceBytes = int64_t{1} << 20;

// The local part of an XML name ("x:row" -> "row").
inline std::string_view LocalName(const char* name) {
  std::string_view n(name);
  const size_t colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

inline const char* Attribute(const char** atts, std::string_view local) {
  for (; atts[0] != nullptr; atts += 2) {
    if (LocalName(atts[0]) == local) return atts[1];
  }
  return nullptr;
}

// One open archive. Owns the zip_t.
class Archive {
 public:
  ~Archive() {
    if (zip_ != nullptr) zip_discard(zip_);
  }

  static Result<std::unique_ptr<Archive>> Open(const std::string& path,
                                               const XlsxReadOptions& options) {
    int err = 0;
    zip_t* zip = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &err);
    if (zip == nullptr) return OpenError(path, err, errno);
    auto archive = std::unique_ptr<Archive>(new Archive());
    archive->zip_ = zip;
    archive->path_ = path;
    archive->options_ = options;
    return archive;
  }

  // The index of the part `name`, or -1.
  zip_int64_t Locate(const std::string& name) const {
    zip_int64_t index = zip_name_locate(zip_, name.c_str(), 0);
    if (index < 0) index = zip_name_locate(zip_, name.c_str(), ZIP_FL_NOCASE);
    return index;
  }

  zip_t* zip() const { return zip_; }
  const std::string& path() const { return path_; }
  const XlsxReadOptions& options() const { return options_; }

 private:
  Archive() = default;

  static Status OpenError(const std::string& path, int code, int saved_errno) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string what = zip_error_strerror(&error);
    zip_error_fini(&error);
    switch (code) {
      case ZIP_ER_NOENT:
        return Status::NotFound(path + ": no such file");
      case ZIP_ER_OPEN:
      case ZIP_ER_READ:
      case ZIP_ER_SEEK:
        return Status::IoError("cannot read " + path + ": " + what);
      case ZIP_ER_MEMORY:
        return Status::ResourceExhausted(path + ": " + what);
      case ZIP_ER_NOZIP: {
        // A file that starts like a zip archive but has no readable
        // central directory was cut short; anything else is not XLSX.
        char magic[4] = {0, 0, 0, 0};
        std::FILE* f = std::fopen(path.c_str(), "rb");
        size_t got = 0;
        if (f != nullptr) {
          got = std::fread(magic, 1, sizeof(magic), f);
          std::fclose(f);
        }
        if (got == 4 && std::memcmp(magic, "PK\x03\x04", 4) == 0) {
          return Status::DataLoss(path +
                                  ": truncated or corrupt zip archive (no "
                                  "central directory)");
        }
        if (got == 4 && std::memcmp(magic, "\xD0\xCF\x11\xE0", 4) == 0) {
          return Status::InvalidArgument(
              path + ": not an XLSX file (an OLE compound file: a legacy .xls "
                     "workbook or a password-protected one)");
        }
        return Status::InvalidArgument(
            path + ": not an XLSX file (not a zip archive)");
      }
      default:
        return Status::DataLoss(path + ": corrupt zip archive: " + what);
    }
  }

  zip_t* zip_ = nullptr;
  std::string path_;
  XlsxReadOptions options_;
};

// Inflates one part, enforcing the size and ratio limits.
class PartStream {
 public:
  ~PartStream() {
    if (file_ != nullptr) zip_fclose(file_);
  }

  static Result<std::unique_ptr<PartStream>> Open(const Archive& archive,
                                                  const std::string& name) {
    const zip_int64_t index = archive.Locate(name);
    if (index < 0) {
      return Status::DataLoss(archive.path() + ": part " + name +
                              " is missing from the archive");
    }
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive.zip(), static_cast<zip_uint64_t>(index), 0,
                       &st) != 0) {
      return Status::DataLoss(archive.path() + ": cannot read the entry of " +
                              name + ": " + zip_strerror(archive.zip()));
    }
    auto part = std::unique_ptr<PartStream>(new PartStream());
    part->name_ = archive.path() + ": " + name;
    part->options_ = &archive.options();
    part->declared_ = (st.valid & ZIP_STAT_SIZE)
                          ? static_cast<int64_t>(st.size) : 0;
    part->compressed_ = (st.valid & ZIP_STAT_COMP_SIZE)
                            ? static_cast<int64_t>(st.comp_size) : 0;
    ORACLE_RETURN_NOT_OK(part->CheckLimits(part->declared_, "declares"));
    part->file_ = zip_fopen_index(archive.zip(),
                                  static_cast<zip_uint64_t>(index), 0);
    if (part->file_ == nullptr) {
      const int code = zip_error_code_zip(zip_get_error(archive.zip()));
      std::string what = zip_strerror(archive.zip());
      if (code == ZIP_ER_COMPNOTSUPP || code == ZIP_ER_ENCRNOTSUPP ||
          code == ZIP_ER_NOPASSWD) {
        return Status::InvalidArgument(part->name_ + ": " + what);
      }
      return Status::DataLoss(part->name_ + ": " + what);
    }
    return part;
  }

  // Reads up to n inflated bytes; 0 at the end of the part.
  Result<size_t> Read(void* buffer, size_t n) {
    const zip_int64_t got = zip_fread(file_, buffer, n);
    if (got < 0) {
      return Status::DataLoss(part_error());
    }
    read_ += got;
    ORACLE_RETURN_NOT_OK(CheckLimits(read_, "inflates to"));
    return static_cast<size_t>(got);
  }

  int64_t read() const { return read_; }
  int64_t declared() const { return declared_; }
  const std::string& name() const { return name_; }

 private:
  PartStream() = default;

  std::string part_error() const {
    return name_ + ": corrupt compressed data: " + zip_file_strerror(file_);
  }

  Status CheckLimits(int64_t bytes, const char* verb) const {
    if (bytes > options_->max_part_bytes) {
      return Status::ResourceExhausted(
          name_ + " " + verb + " more than " +
          std::to_string(options_->max_part_bytes) +
          " bytes (XlsxReadOptions.max_part_bytes)");
    }
    if (bytes > kRatioGraceBytes &&
        static_cast<double>(bytes) >
            options_->max_compression_ratio *
                static_cast<double>(std::max<int64_t>(compressed_, 1))) {
      return Status::ResourceExhausted(
          name_ + " " + verb + " more than " +
          std::to_string(
              static_cast<int64_t>(options_->max_compression_ratio)) +
          " times its compressed size of " + std::to_string(compressed_) +
          " bytes: a zip bomb? (XlsxReadOptions.max_compression_ratio)");
    }
    return Status::OK();
  }

  zip_file_t* file_ = nullptr;
  std::string name_;
  const XlsxReadOptions* options_ = nullptr;
  int64_t declared_ = 0;
  int64_t compressed_ = 0;
  int64_t read_ = 0;
};

// An expat parser fed from a PartStream, calling the virtual handlers.
// Document type declarations are refused.
class XmlPart {
 public:
  virtual ~XmlPart() {
    if (parser_ != nullptr) XML_ParserFree(parser_);
  }

  // Parses the whole part.
  Status ParseAll() {
    while (true) {
      ORACLE_ASSIGN_OR_RAISE(bool more, Step());
      if (!more) return Status::OK();
    }
  }

 protected:
  XmlPart() = default;

  Status Init(std::unique_ptr<PartStream> part) {
    part_ = std::move(part);
    parser_ = XML_ParserCreate(nullptr);
    if (parser_ == nullptr) {
      return Status::ResourceExhausted("cannot create an XML parser");
    }
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &StartThunk, &EndThunk);
    XML_SetCharacterDataHandler(parser_, &TextThunk);
    XML_SetStartDoctypeDeclHandler(parser_, &DoctypeThunk);
    XML_SetEntityDeclHandler(parser_, &EntityThunk);
    return Status::OK();
  }

  virtual void Start(std::string_view name, const char** atts) = 0;
  virtual void End(std::string_view name) = 0;
  virtual void Text(const char* s, int len) {}

  // Stops parsing with an error that Step() returns.
  void Fail(Status status) {
    if (fatal_.ok()) fatal_ = std::move(status);
    XML_StopParser(parser_, XML_FALSE);
  }
  // Suspends parsing after the current event; Step() returns true.
  void Suspend() { XML_StopParser(parser_, XML_TRUE); }

  // Runs the parser until it suspends (returns true) or the part ends
  // (false).
  Result<bool> Step() {
    while (true) {
      XML_Status status;
      if (suspended_) {
        suspended_ = false;
        status = XML_ResumeParser(parser_);
      } else {
        if (finished_) return false;
        void* buffer = XML_GetBuffer(parser_, kChunkBytes);
        if (buffer == nullptr) {
          return Status::ResourceExhausted(
              part_->name() + ": out of memory for the XML parser");
        }
        ORACLE_ASSIGN_OR_RAISE(size_t n, part_->Read(buffer, kChunkBytes));
        fed_ += static_cast<int64_t>(n);
        finished_ = (n == 0);
        status = XML_ParseBuffer(parser_, static_cast<int>(n), finished_);
      }
      if (status == XML_STATUS_ERROR) return ParseError();
      if (status == XML_STATUS_SUSPENDED) {
        suspended_ = true;
        return true;
      }
      // The whole buffer was parsed: what expat keeps of it is one
      // unfinished tag, which must stay small.
      const int64_t pending = fed_ - XML_GetCurrentByteIndex(parser_);
      if (pending > kMaxPendingBytes) {
        return Status::ResourceExhausted(
            part_->name() + ": an XML tag longer than " +
            std::to_string(kMaxPendingBytes) + " bytes");
      }
      if (finished_) return false;
    }
  }

  const PartStream& part() const { return *part_; }

 private:
  static constexpr int64_t kMaxPendingBytes = int64_t{8} << 20;

  Status ParseError() {
    if (!fatal_.ok()) return fatal_;
    const XML_Error code = XML_GetErrorCode(parser_);
    return Status::DataLoss(part_->name() + ": malformed XML at line " +
                            std::to_string(XML_GetCurrentLineNumber(parser_)) +
                            ": " + XML_ErrorString(code));
  }

  static void XMLCALL StartThunk(void* self, const XML_Char* name,
                                 const XML_Char** atts) {
    static_cast<XmlPart*>(self)->Start(LocalName(name), atts);
  }
  static void XMLCALL EndThunk(void* self, const XML_Char* name) {
    static_cast<XmlPart*>(self)->End(LocalName(name));
  }
  static void XMLCALL TextThunk(void* self, const XML_Char* s, int len) {
    static_cast<XmlPart*>(self)->Text(s, len);
  }
  static void XMLCALL DoctypeThunk(void* self, const XML_Char*,
                                   const XML_Char*, const XML_Char*, int) {
    auto* part = static_cast<XmlPart*>(self);
    part->Fail(Status::InvalidArgument(
        part->part_->name() +
        ": XML document type declarations (DOCTYPE, entities) are not allowed "
        "in XLSX parts"));
  }
  static void XMLCALL EntityThunk(void* self, const XML_Char*, int,
                                  const XML_Char*, int, const XML_Char*,
                                  const XML_Char*, const XML_Char*,
                                  const XML_Char*) {
    auto* part = static_cast<XmlPart*>(self);
    part->Fail(Status::InvalidArgument(
        part->part_->name() + ": XML entity declarations are not allowed"));
  }

  std::unique_ptr<PartStream> part_;
  XML_Parser parser_ = nullptr;
  Status fatal_;
  int64_t fed_ = 0;
  bool suspended_ = false;
  bool finished_ = false;
};

// A relationships part: Id -> (Type, Target).
struct Relationship {
  std::string id;
  std::string type;
  std::string target;
  bool external = false;
};

class RelsParser final : public XmlPart {
 public:
  static Result<std::vector<Relationship>> Parse(const Archive& archive,
                                                 const std::string& name) {
    ORACLE_ASSIGN_OR_RAISE(auto part, PartStream::Open(archive, name));
    RelsParser parser;
    ORACLE_RETURN_NOT_OK(parser.Init(std::move(part)));
    ORACLE_RETURN_NOT_OK(parser.ParseAll());
    return std::move(parser.rels_);
  }

 private:
  void Start(std::string_view name, const char** atts) override {
    if (name != "Relationship") return;
    if (rels_.size() >= 100000) {
      Fail(Status::ResourceExhausted(part().name() +
                                     ": more than 100000 relationships"));
      return;
    }
    Relationship rel;
    const char* id = Attribute(atts, "Id");
    const char* type = Attribute(atts, "Type");
    const char* target = Attribute(atts, "Target");
    const char* mode = Attribute(atts, "TargetMode");
    if (id != nullptr) rel.id = id;
    if (type != nullptr) rel.type = type;
    if (target != nullptr) rel.target = target;
    rel.external = mode != nullptr && std::string_view(mode) == "External";
    rels_.push_back(std::move(rel));
  }
  void End(std::string_view) override {}

  std::vector<Relationship> rels_;
};

struct SheetEntry {
  std::string name;
  std::string rel_id;
};

class WorkbookParser final : public XmlPart {
 public:
  static Result<std::vector<SheetEntry>> Parse(const Archive& archive,
                                               const std::string& name) {
    ORACLE_ASSIGN_OR_RAISE(auto part, PartStream::Open(archive, name));
    WorkbookParser parser;
    ORACLE_RETURN_NOT_OK(parser.Init(std::move(part)));
    ORACLE_RETURN_NOT_OK(parser.ParseAll());
    return std::move(parser.sheets_);
  }

 private:
  void Start(std::string_view name, const char** atts) override {
    if (name != "sheet") return;
    if (sheets_.size() >= 100000) {
      Fail(Status::ResourceExhausted(part().name() +
                                     ": more than 100000 sheets"));
      return;
    }
    SheetEntry sheet;
    const char* sheet_name = Attribute(atts, "name");
    const char* id = Attribute(atts, "id");
    if (sheet_name != nullptr) sheet.name = sheet_name;
    if (id != nullptr) sheet.rel_id = id;
    sheets_.push_back(std::move(sheet));
  }
  void End(std::string_view) override {}

  std::vector<SheetEntry> sheets_;
};

// The shared-string table: one buffer, one offset per string.
struct SharedStrings {
  std::string data;
  std::vector<int64_t> offsets{0};
  size_t size() const { return offsets.size() - 1; }
  std::string_view operator[](size_t i) const {
    return std::string_view(data).substr(
        static_cast<size_t>(offsets[i]),
        static_cast<size_t>(offsets[i + 1] - offsets[i]));
  }
};

class SharedStringsParser final : public XmlPart {
 public:
  static Status Parse(const Archive& archive, const std::string& name,
                      SharedStrings* out) {
    ORACLE_ASSIGN_OR_RAISE(auto part, PartStream::Open(archive, name));
    SharedStringsParser parser(archive.options(), out);
    ORACLE_RETURN_NOT_OK(parser.Init(std::move(part)));
    return parser.ParseAll();
  }

 private:
  SharedStringsParser(const XlsxReadOptions& options, SharedStrings* out)
      : options_(options), out_(out) {}

  void Start(std::string_view name, const char** atts) override {
    if (name == "si") {
      in_si_ = true;
      text_.clear();
    } else if (name == "t") {
      in_t_ = in_si_ && phonetic_depth_ == 0;
    } else if (name == "rPh") {
      ++phonetic_depth_;
    }
  }
  void End(std::string_view name) override {
    if (name == "t") {
      in_t_ = false;
    } else if (name == "rPh") {
      if (phonetic_depth_ > 0) --phonetic_depth_;
    } else if (name == "si") {
      in_si_ = false;
      DecodeXlsxEscapes(&text_);
      bytes_ += static_cast<int64_t>(text_.size() + sizeof(int64_t));
      if (bytes_ > options_.max_shared_strings_bytes) {
        Fail(Status::ResourceExhausted(
            part().name() + ": the shared strings take more than " +
            std::to_string(options_.max_shared_strings_bytes) +
            " bytes (XlsxReadOptions.max_shared_strings_bytes)"));
        return;
      }
      out_->data.append(text_);
      out_->offsets.push_back(static_cast<int64_t>(out_->data.size()));
    }
  }
  void Text(const char* s, int len) override {
    if (!in_t_) return;
    if (static_cast<int64_t>(text_.size()) + len > options_.max_cell_bytes) {
      Fail(Status::ResourceExhausted(
          part().name() + ": a shared string longer than " +
          std::to_string(options_.max_cell_bytes) +
          " bytes (XlsxReadOptions.max_cell_bytes)"));
      return;
    }
    text_.append(s, static_cast<size_t>(len));
  }

  const XlsxReadOptions& options_;
  SharedStrings* out_;
  std::string text_;
  int64_t bytes_ = 0;
  int phonetic_depth_ = 0;
  bool in_si_ = false;
  bool in_t_ = false;
};

// The worksheet, parsed one row per Step().
class SheetParser final : public XmlPart {
 public:
  SheetParser(const XlsxReadOptions& options, const SharedStrings* strings)
      : options_(options), strings_(strings) {}

  Status Open(std::unique_ptr<PartStream> part) {
    return Init(std::move(part));
  }

  // Parses the next <row> into *row (cleared first). False at the end of
  // the sheet data.
  Result<bool> NextRow(Row* row) {
    row->Clear();
    row_ = row;
    row_done_ = false;
    while (!sheet_done_) {
      ORACLE_ASSIGN_OR_RAISE(bool suspended, Step());
      if (row_done_) return true;
      if (!suspended) break;  // the part ended
    }
    return false;
  }

  int64_t bytes_read() const { return part().read(); }
  int64_t bytes_total() const { return part().declared(); }

 private:
  enum class Kind : uint8_t {
    kNumber, kShared, kInlineString, kFormulaString, kBoolean, kError, kDate
  };

  void Start(std::string_view name, const char** atts) override {
    switch (name.size()) {
      case 1:
        if (name[0] == 'c' && in_row_) {
          StartCell(atts);
        } else if (name[0] == 'v' && in_cell_) {
          in_value_ = true;
          has_value_ = true;
        } else if (name[0] == 'f' && in_cell_) {
          has_formula_ = true;
        } else if (name[0] == 't' && in_inline_ && phonetic_depth_ == 0) {
          in_value_ = true;
          has_value_ = true;
        }
        return;
      case 2:
        if (name == "is" && in_cell_) in_inline_ = true;
        return;
      case 3:
        if (name == "row" && in_sheet_data_) {
          StartRow(atts);
        } else if (name == "rPh") {
          ++phonetic_depth_;
        }
        return;
      case 9:
        if (name == "sheetData") in_sheet_data_ = true;
        return;
      default:
        return;
    }
  }

  void End(std::string_view name) override {
    switch (name.size()) {
      case 1:
        if (name[0] == 'v' || name[0] == 't') {
          in_value_ = false;
        } else if (name[0] == 'c' && in_cell_) {
          EndCell();
        }
        return;
      case 2:
        if (name == "is") in_inline_ = false;
        return;
      case 3:
        if (name == "row" && in_row_) {
          in_row_ = false;
          row_done_ = true;
          Suspend();
        } else if (name == "rPh" && phonetic_depth_ > 0) {
          --phonetic_depth_;
        }
        return;
      case 9:
        if (name == "sheetData") {
          in_sheet_data_ = false;
          sheet_done_ = true;
          Suspend();  // the rest of the part is not needed
        }
        return;
      default:
        return;
    }
  }

  void Text(const char* s, int len) override {
    if (!in_value_) return;
    if (static_cast<int64_t>(text_.size()) + len > options_.max_cell_bytes) {
      Fail(Status::ResourceExhausted(
          part().name() + ": row " + std::to_string(row_->number) +
          ": a cell longer than " + std::to_string(options_.max_cell_bytes) +
          " bytes (XlsxReadOptions.max_cell_bytes)"));
      return;
    }
    text_.append(s, static_cast<size_t>(len));
  }

  void StartRow(const char** atts) {
    in_row_ = true;
    const char* r = Attribute(atts, "r");
    const int64_t number = r != nullptr ? XlsxRowOfRef(r) : -1;
    row_->number = number > 0 ? number : last_row_ + 1;
    last_row_ = row_->number;
  }

  void StartCell(const char** atts) {
    in_cell_ = true;
    has_value_ = false;
    has_formula_ = false;
    in_inline_ = false;
    text_.clear();
    kind_ = Kind::kNumber;
    column_ = static_cast<int>(row_->values.size());
    for (const char** a = atts; a[0] != nullptr; a += 2) {
      const std::string_view key = LocalName(a[0]);
      if (key == "r") {
        const int column = XlsxColumnOfRef(a[1]);
        if (column >= 0) column_ = column;
      } else if (key == "t") {
        const std::string_view t = a[1];
        if (t == "s") {
          kind_ = Kind::kShared;
        } else if (t == "inlineStr") {
          kind_ = Kind::kInlineString;
        } else if (t == "str") {
          kind_ = Kind::kFormulaString;
        } else if (t == "b") {
          kind_ = Kind::kBoolean;
        } else if (t == "e") {
          kind_ = Kind::kError;
        } else if (t == "d") {
          kind_ = Kind::kDate;
        }
      }
    }
  }

  void EndCell() {
    in_cell_ = false;
    in_value_ = false;
    in_inline_ = false;
    CellType type = CellType::kEmpty;
    if (has_value_) {
      switch (kind_) {
        case Kind::kNumber:
          type = CellType::kNumber;
          break;
        case Kind::kShared: {
          type = CellType::kText;
          size_t index = 0;
          const auto [ptr, ec] = std::from_chars(
              text_.data(), text_.data() + text_.size(), index);
          if (ec != std::errc() || ptr != text_.data() + text_.size() ||
              index >= strings_->size()) {
            SetRowError("cell " + XlsxColumnName(column_) +
                        std::to_string(row_->number) +
                        ": shared string index '" + text_ +
                        "' is not in the shared-string table (" +
                        std::to_string(strings_->size()) + " strings)");
            text_.clear();
            type = CellType::kEmpty;
          } else {
            text_.assign((*strings_)[index]);
          }
          break;
        }
        case Kind::kInlineString:
        case Kind::kFormulaString:
        case Kind::kDate:
          DecodeXlsxEscapes(&text_);
          type = CellType::kText;
          break;
        case Kind::kBoolean:
          type = CellType::kBoolean;
          text_ = (text_ == "1" || text_ == "true" || text_ == "TRUE")
                      ? "true" : "false";
          break;
        case Kind::kError:
          type = CellType::kError;
          break;
      }
    }
    if (has_formula_) type = CellType::kFormula;
    if (type == CellType::kNumber && text_.empty()) type = CellType::kEmpty;
    PlaceCell(type);
  }

  void PlaceCell(CellType type) {
    if (column_ >= options_.max_cells_per_row) {
      Fail(Status::ResourceExhausted(
          part().name() + ": row " + std::to_string(row_->number) +
          " has a cell in column " + std::to_string(column_ + 1) +
          ", past the limit of " + std::to_string(options_.max_cells_per_row) +
          " (XlsxReadOptions.max_cells_per_row)"));
      return;
    }
    const size_t column = static_cast<size_t>(column_);
    if (column < row_->values.size()) {
      SetRowError("cell " + XlsxColumnName(column_) +
                  std::to_string(row_->number) +
                  " comes after a cell to its right (or twice)");
      if (type == CellType::kEmpty) return;
      row_->values[column].swap(text_);
      row_->types[column] = type;
      return;
    }
    if (column > row_->values.size()) {
      row_->values.resize(column);
      row_->types.resize(column, CellType::kEmpty);
    }
    row_->values.emplace_back(std::move(text_));
    row_->types.push_back(type);
    text_.clear();
  }

  void SetRowError(std::string message) {
    if (row_->error.ok()) {
      row_->error = Status::DataLoss(std::move(message));
    }
  }

  const XlsxReadOptions& options_;
  const SharedStrings* strings_;
  Row* row_ = nullptr;
  std::string text_;
  int64_t last_row_ = 0;
  int column_ = 0;
  int phonetic_depth_ = 0;
  Kind kind_ = Kind::kNumber;
  bool in_sheet_data_ = false;
  bool in_row_ = false;
  bool in_cell_ = false;
  bool in_value_ = false;
  bool in_inline_ = false;
  bool has_value_ = false;
  bool has_formula_ = false;
  bool row_done_ = false;
  bool sheet_done_ = false;
};

// "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels".
std::string RelsPathOf(const std::string& part) {
  const size_t slash = part.rfind('/');
  if (slash == std::string::npos) return "_rels/" + part + ".rels";
  return part.substr(0, slash + 1) + "_rels/" + part.substr(slash + 1) +
         ".rels";
}

// Resolves a relationship target against the folder of `source`.
std::string ResolveTarget(const std::string& source,
                          const std::string& target) {
  std::string path;
  if (!target.empty() && target[0] == '/') {
    path = target.substr(1);
  } else {
    const size_t slash = source.rfind('/');
    path = (slash == std::string::npos ? "" : source.substr(0, slash + 1)) +
           target;
  }
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string piece = path.substr(start, end - start);
    if (piece == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!piece.empty() && piece != ".") {
      parts.push_back(std::move(piece));
    }
    start = end + 1;
  }
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += '/';
    out += p;
  }
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.substr(s.size() - suffix.size()) == suffix;
}

struct Workbook {
  std::string part;  // "xl/workbook.xml"
  std::vector<SheetEntry> sheets;
  std::vector<Relationship> rels;
};

Result<Workbook> ReadWorkbook(const Archive& archive) {
  Workbook workbook;
  workbook.part = "xl/workbook.xml";
  if (archive.Locate("_rels/.rels") >= 0) {
    ORACLE_ASSIGN_OR_RAISE(std::vector<Relationship> root,
                           RelsParser::Parse(archive, "_rels/.rels"));
    for (const Relationship& rel : root) {
      if (!rel.external && EndsWith(rel.type, "/officeDocument")) {
        workbook.part = ResolveTarget("", rel.target);
        break;
      }
    }
  }
  if (archive.Locate(workbook.part) < 0) {
    return Status::InvalidArgument(
        archive.path() + ": not an XLSX workbook (no " + workbook.part + ")");
  }
  ORACLE_ASSIGN_OR_RAISE(workbook.sheets,
                         WorkbookParser::Parse(archive, workbook.part));
  const std::string rels_path = RelsPathOf(workbook.part);
  if (archive.Locate(rels_path) >= 0) {
    ORACLE_ASSIGN_OR_RAISE(workbook.rels,
                           RelsParser::Parse(archive, rels_path));
  }
  return workbook;
}

class XlsxReader final : public RowReader {
 public:
  static Result<std::unique_ptr<RowReader>> Open(
      const std::string& path, const XlsxReadOptions& options) {
    ORACLE_RETURN_NOT_OK(options.Validate());
    auto reader = std::unique_ptr<XlsxReader>(new XlsxReader());
    ORACLE_ASSIGN_OR_RAISE(reader->archive_, Archive::Open(path, options));
    const Archive& archive = *reader->archive_;
    ORACLE_ASSIGN_OR_RAISE(Workbook workbook, ReadWorkbook(archive));

    // The sheet.
    size_t chosen = 0;
    if (!options.sheet_name.empty()) {
      chosen = workbook.sheets.size();
      for (size_t i = 0; i < workbook.sheets.size(); ++i) {
        if (workbook.sheets[i].name == options.sheet_name) {
          chosen = i;
          break;
        }
      }
      if (chosen == workbook.sheets.size()) {
        std::string names;
        for (const SheetEntry& s : workbook.sheets) {
          names += names.empty() ? "" : ", ";
          names += "'" + s.name + "'";
        }
        return Status::NotFound(path + ": no sheet named '" +
                                options.sheet_name + "' (sheets: " + names +
                                ")");
      }
    } else {
      chosen = static_cast<size_t>(options.sheet_index);
      if (chosen >= workbook.sheets.size()) {
        return Status::OutOfRange(
            path + ": sheet index " + std::to_string(options.sheet_index) +
            " but the workbook has " + std::to_string(workbook.sheets.size()) +
            " sheet(s)");
      }
    }
    const SheetEntry& sheet = workbook.sheets[chosen];
    std::string sheet_part;
    for (const Relationship& rel : workbook.rels) {
      if (rel.id == sheet.rel_id && !rel.external) {
        if (EndsWith(rel.type, "/chartsheet")) {
          return Status::InvalidArgument(path + ": sheet '" + sheet.name +
                                         "' is a chart sheet, without cells");
        }
        sheet_part = ResolveTarget(workbook.part, rel.target);
        break;
      }
    }
    if (sheet_part.empty()) {
      return Status::DataLoss(path + ": sheet '" + sheet.name +
                              "' has no part (relationship '" + sheet.rel_id +
                              "' is missing)");
    }

    // Shared strings.
    for (const Relationship& rel : workbook.rels) {
      if (!rel.external && EndsWith(rel.type, "/sharedStrings")) {
        const std::string strings_part =
            ResolveTarget(workbook.part, rel.target);
        ORACLE_RETURN_NOT_OK(SharedStringsParser::Parse(
            archive, strings_part, &reader->strings_));
        break;
      }
    }

    ORACLE_ASSIGN_OR_RAISE(auto part, PartStream::Open(archive, sheet_part));
    reader->sheet_ = std::make_unique<SheetParser>(reader->archive_->options(),
                                                   &reader->strings_);
    ORACLE_RETURN_NOT_OK(reader->sheet_->Open(std::move(part)));
    ORACLE_RETURN_NOT_OK(reader->ReadHeader());
    return std::unique_ptr<RowReader>(std::move(reader));
  }

  const std::vector<std::string>& header() const override { return header_; }

  Result<bool> Next(Row* row) override {
    while (true) {
      if (!held_) {
        if (done_) {
          row->Clear();
          return false;
        }
        ORACLE_ASSIGN_OR_RAISE(bool got, sheet_->NextRow(&pending_));
        if (!got) {
          done_ = true;
          row->Clear();
          return false;
        }
        held_ = true;
      }
      const XlsxReadOptions& options = archive_->options();
      if (!options.skip_empty_rows && pending_.number > next_number_) {
        row->Clear();
        row->number = next_number_++;
        Pad(row);
        return true;
      }
      held_ = false;
      if (options.skip_empty_rows && IsEmpty(pending_) &&
          pending_.error.ok()) {
        continue;
      }
      next_number_ = pending_.number + 1;
      Pad(&pending_);
      std::swap(*row, pending_);
      return true;
    }
  }

  // At the end, the whole part counts as read (the XML after the cells is
  // not parsed).
  int64_t bytes_read() const override {
    return done_ ? std::max(sheet_->bytes_read(), sheet_->bytes_total())
                 : sheet_->bytes_read();
  }
  int64_t bytes_total() const override { return sheet_->bytes_total(); }

 private:
  XlsxReader() = default;

  static bool IsEmpty(const Row& row) {
    for (CellType t : row.types) {
      if (t != CellType::kEmpty) return false;
    }
    return true;
  }

  void Pad(Row* row) const {
    if (row->values.size() < header_.size()) {
      row->values.resize(header_.size());
      row->types.resize(header_.size(), CellType::kEmpty);
    }
  }

  // Reads the first row with a value and keeps it as the header or as the
  // first data row.
  Status ReadHeader() {
    const XlsxHeader mode = archive_->options().header;
    if (mode == XlsxHeader::kAbsent) return Status::OK();
    while (true) {
      ORACLE_ASSIGN_OR_RAISE(bool got, sheet_->NextRow(&pending_));
      if (!got) {
        done_ = true;
        return Status::OK();
      }
      if (!IsEmpty(pending_)) break;
    }
    bool is_header = mode == XlsxHeader::kPresent;
    if (mode == XlsxHeader::kDetect) {
      is_header = pending_.error.ok();
      for (size_t i = 0; i < pending_.types.size() && is_header; ++i) {
        const CellType t = pending_.types[i];
        if (t == CellType::kEmpty) continue;
        if (t != CellType::kText ||
            internal::LooksNumeric(pending_.values[i])) {
          is_header = false;
        }
      }
    }
    if (is_header) {
      header_ = std::move(pending_.values);
      next_number_ = pending_.number + 1;
      pending_.Clear();
    } else {
      held_ = true;
    }
    return Status::OK();
  }

  std::unique_ptr<Archive> archive_;
  SharedStrings strings_;
  std::unique_ptr<SheetParser> sheet_;
  std::vector<std::string> header_;
  Row pending_;
  int64_t next_number_ = 1;
  bool held_ = false;
  bool done_ = false;
};

}  // namespace
}  // namespace internal

Result<std::unique_ptr<RowReader>> OpenXlsxReader(
    const std::string& path, const XlsxReadOptions& options) {
  return internal::XlsxReader::Open(path, options);
}

Result<std::vector<std::string>> ListXlsxSheets(const std::string& path) {
  ORACLE_ASSIGN_OR_RAISE(auto archive,
                         internal::Archive::Open(path, XlsxReadOptions()));
  ORACLE_ASSIGN_OR_RAISE(internal::Workbook workbook,
                         internal::ReadWorkbook(*archive));
  std::vector<std::string> names;
  names.reserve(workbook.sheets.size());
  for (internal::SheetEntry& s : workbook.sheets) {
    names.push_back(std::move(s.name));
  }
  return names;
}

}  // namespace oracle
