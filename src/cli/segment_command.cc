// `oracle segment`: segments phone numbers given as arguments or read from
// standard input (one per line) and writes one record per input line as
// JSON Lines, CSV or an aligned table.
//
// The command streams: it reads a chunk, segments each complete line into a
// reused Segmentation, appends the record to an output buffer and writes the
// buffer out regularly, so memory stays bounded by the chunk size and the
// longest line whatever the size of the input.
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/cli_internal.h"
#include "common/utf8_internal.h"
#include "oracle/engine.h"
#include "oracle/segmentation.h"
#include "oracle/status.h"

namespace oracle::internal {

const char kSegmentUsage[] =
    "Usage: oracle segment [OPTIONS] [NUMBER...]\n"
    "\n"
    "Segments each NUMBER, or each line of standard input when no NUMBER is\n"
    "given, and writes exactly one record per number, in order (empty lines\n"
    "included). Text that is not a phone number gives a record with an\n"
    "error, not a failure of the command.\n"
    "\n"
    "Options:\n"
    "  -r, --region CC          default region (ISO 3166 code such as CI, FR,\n"
    "                           US) for numbers written without a country\n"
    "                           code; none by default (ZZ also means none)\n"
    "  -f, --format FORMAT      jsonl, csv or table; default: table when\n"
    "                           standard output is a terminal, else jsonl\n"
    "      --lenient-00         with no region, read a leading 00 as '+'\n"
    "      --migrate-ci-legacy  read 8-digit Cote d'Ivoire numbers of the\n"
    "                           pre-2021 plan as their 10-digit successors\n"
    "      --ci-fixed-operators give Cote d'Ivoire fixed lines their\n"
    "                           original operator (27 Orange, 25 MTN,\n"
    "                           21 Moov)\n"
    "      --operator-rules FILE.csv\n"
    "                           operator rules 'prefix,operator' overriding\n"
    "                           the built-in operator data\n"
    "      --metadata FILE      metadata blob to use instead of the embedded\n"
    "                           one\n"
    "  -h, --help               show this help and exit\n"
    "  --                       end of options: the rest are numbers\n"
    "\n"
    "Records carry the fields input, valid, possible, error, e164,\n"
    "country_code, region, national_number, ndc, subscriber_number, type,\n"
    "operator, extension, international, national, rfc3966, possibility,\n"
    "error_message, portable, flags, carrier_code, country_code_source.\n"
    "See docs/cli.md.\n"
    "\n"
    "Examples:\n"
    "  oracle segment --region CI '07 07 12 34 56'\n"
    "  oracle segment --region FR --format csv < numbers.txt > numbers.csv\n"
    "\n"
    "Exit status: 0 success (whatever the numbers), 1 runtime failure,\n"
    "2 usage error.\n";

namespace {

// ---------------------------------------------------------------------------
// Text helpers.

using ::oracle::internal::Utf8SequenceLength;
constexpr std::string_view kReplacementChar =
    ::oracle::internal::kUtf8ReplacementChar;


// What a byte needs when written out: kPlain bytes are copied as they are.
enum ByteClass : uint8_t { kPlain, kControl, kQuoteOrBackslash, kNonAscii };

constexpr std::array<uint8_t, 256> MakeByteClasses() {
  std::array<uint8_t, 256> classes{};
  for (int c = 0; c < 256; ++c) {
    if (c < 0x20 || c == 0x7F) {
      classes[c] = kControl;
    } else if (c == '"' || c == '\\') {
      classes[c] = kQuoteOrBackslash;
    } else if (c >= 0x80) {
      classes[c] = kNonAscii;
    } else {
      classes[c] = kPlain;
    }
  }
  return classes;
}
constexpr std::array<uint8_t, 256> kByteClasses = MakeByteClasses();

inline uint8_t ClassOf(char c) {
  return kByteClasses[static_cast<unsigned char>(c)];
}

// Appends the well-formed UTF-8 sequence at text[*i] (advancing *i past
// it), or U+FFFD for the single byte at text[*i] when none starts there.
inline void AppendUtf8SequenceAt(std::string_view text, size_t* i,
                                 std::string* out) {
  const size_t n = Utf8SequenceLength(text, *i);
  if (n == 0) {
    out->append(kReplacementChar);
    ++*i;
  } else {
    out->append(text.data() + *i, n);
    *i += n;
  }
}

// Appends `text` to `out` as a JSON string (quotes included). Bytes that
// are not part of well-formed UTF-8 become U+FFFD, one per byte.
void AppendJsonString(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t i = 0;
  while (i < text.size()) {
    size_t run = i;
    while (run < text.size() && ClassOf(text[run]) == kPlain) ++run;
    out->append(text.data() + i, run - i);
    i = run;
    if (i == text.size()) break;
    const unsigned char c = static_cast<unsigned char>(text[i]);
    switch (ClassOf(text[i])) {
      case kNonAscii:
        AppendUtf8SequenceAt(text, &i, out);
        continue;
      case kQuoteOrBackslash:
        out->push_back('\\');
        out->push_back(static_cast<char>(c));
        break;
      default:  // kControl
        switch (c) {
          case '\b': out->append("\\b"); break;
          case '\f': out->append("\\f"); break;
          case '\n': out->append("\\n"); break;
          case '\r': out->append("\\r"); break;
          case '\t': out->append("\\t"); break;
          default: {
            const char escape[6] = {'\\', 'u', '0', '0', kHex[c >> 4],
                                    kHex[c & 0xF]};
            out->append(escape, sizeof(escape));
          }
        }
    }
    ++i;
  }
  out->push_back('"');
}

// Appends `text` with each byte that is not part of well-formed UTF-8
// replaced by U+FFFD.
void AppendValidUtf8(std::string_view text, std::string* out) {
  size_t i = 0;
  while (i < text.size()) {
    size_t run = i;
    while (run < text.size() && ClassOf(text[run]) != kNonAscii) ++run;
    out->append(text.data() + i, run - i);
    i = run;
    if (i < text.size()) AppendUtf8SequenceAt(text, &i, out);
  }
}

// Appends `text` as one CSV field (RFC 4180: quoted when it holds a comma,
// a double quote, CR or LF; quotes doubled), as well-formed UTF-8.
void AppendCsvField(std::string_view text, std::string* out) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    AppendValidUtf8(text, out);
    return;
  }
  out->push_back('"');
  size_t start = 0;
  for (size_t quote = text.find('"'); quote != std::string_view::npos;
       quote = text.find('"', start)) {
    AppendValidUtf8(text.substr(start, quote + 1 - start), out);
    out->push_back('"');
    start = quote + 1;
  }
  AppendValidUtf8(text.substr(start), out);
  out->push_back('"');
}

// Terminal columns taken by a code point: 0 for combining marks and
// zero-width characters, 2 for East Asian wide and full-width forms, else 1.
int CodePointWidth(char32_t c) {
  if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200F) ||
      (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) ||
      (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF) {
    return 0;
  }
  if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
      (c >= 0x3041 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
      (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
      (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) ||
      (c >= 0x1F300 && c <= 0x1F64F) || (c >= 0x1F900 && c <= 0x1F9FF) ||
      (c >= 0x20000 && c <= 0x3FFFD)) {
    return 2;
  }
  return 1;
}

// Characters a table must not print as they are: C0 and C1 controls (a
// terminal may act on them) and the bidirectional embeddings, overrides and
// isolates (they reorder what follows).
bool IsUnsafeForTerminal(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

// Appends `text` as a table cell of exactly `width` columns (no padding when
// `pad` is false): invalid bytes and characters unsafe for a terminal shown
// as '?', text too wide cut and ended with an ellipsis.
void AppendTableCell(std::string_view text, int width, bool pad,
                     std::string* out) {
  // Each step: the bytes of one character, and its width once shown.
  const auto next = [&text](size_t i, size_t* n) {
    *n = Utf8SequenceLength(text, i);
    if (*n == 0) {
      *n = 1;
      return 1;
    }
    const char32_t c = DecodeUtf8(text, i, *n);
    return IsUnsafeForTerminal(c) ? 1 : CodePointWidth(c);
  };
  // Does it fit?
  int total = 0;
  for (size_t i = 0, n = 0; i < text.size() && total <= width; i += n) {
    total += next(i, &n);
  }
  const bool cut = total > width;
  const int budget = cut ? width - 1 : width;  // room for the ellipsis
  int used = 0;
  for (size_t i = 0, n = 0; i < text.size(); i += n) {
    const int w = next(i, &n);
    if (used + w > budget) break;
    const size_t valid = Utf8SequenceLength(text, i);
    if (valid == 0 || IsUnsafeForTerminal(DecodeUtf8(text, i, valid))) {
      out->push_back('?');
    } else {
      out->append(text.data() + i, n);
    }
    used += w;
  }
  if (cut) {
    out->append("\xE2\x80\xA6");  // U+2026
    ++used;
  }
  if (pad && used < width) out->append(static_cast<size_t>(width - used), ' ');
}

std::string ToUpperAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// ---------------------------------------------------------------------------
// Records: one input line and its segmentation, as a row of typed fields.



// The record's columns, in output order.
enum Column : int {
  kInput,
  kValid,
  kPossible,
  kError,
  kE164,
  kCountryCode,
  kRegion,
  kNationalNumber,
  kNdc,
  kSubscriberNumber,
  kType,
  kOperator,
  kExtension,
  kInternational,
  kNational,
  kRfc3966,
  kPossibility,
  kErrorMessage,
  kPortable,
  kFlags,
  kCarrierCode,
  kCountryCodeSource,
  kColumnCount,
};

constexpr const auto& kColumnNames = kSegmentationRecordFields;
static_assert(kSegmentationRecordFields.size() == kColumnCount);

struct Field {
  enum Kind : uint8_t { kNull, kBool, kInt, kString, kFlagList };
  Kind kind = kNull;
  bool boolean = false;
  int integer = 0;
  uint32_t flags = 0;
  std::string_view text;

  static Field Bool(bool b) {
    Field f;
    f.kind = kBool;
    f.boolean = b;
    return f;
  }
  static Field Int(int i) {
    Field f;
    f.kind = kInt;
    f.integer = i;
    return f;
  }
  static Field String(std::string_view s) {
    Field f;
    f.kind = kString;
    f.text = s;
    return f;
  }
  static Field Flags(uint32_t bits) {
    Field f;
    f.kind = kFlagList;
    f.flags = bits;
    return f;
  }
};

using Row = std::array<Field, kColumnCount>;

// Fills `row` from one input line and the engine's answer (`status` not OK:
// the text could not be read as a number and `seg` is ignored). The row
// views `input`, `status` and `seg`.
void FillRow(std::string_view input, const Status& status,
             const Segmentation& seg, Row* row) {
  Row& r = *row;
  r.fill(Field());
  r[kInput] = Field::String(input);
  if (!status.ok()) {
    r[kValid] = Field::Bool(false);
    r[kPossible] = Field::Bool(false);
    r[kError] = Field::String(StatusCodeName(status.code()));
    r[kErrorMessage] = Field::String(status.message());
    r[kFlags] = Field::Flags(0);
    return;
  }
  r[kValid] = Field::Bool(seg.valid);
  r[kPossible] = Field::Bool(seg.possible);
  r[kE164] = Field::String(seg.e164);
  r[kCountryCode] = Field::Int(seg.country_code);
  r[kRegion] = Field::String(seg.region);
  r[kNationalNumber] = Field::String(seg.national_number);
  r[kNdc] = Field::String(seg.ndc);
  r[kSubscriberNumber] = Field::String(seg.subscriber_number);
  r[kType] = Field::String(NumberTypeName(seg.type));
  r[kOperator] = Field::String(seg.operator_name);
  r[kExtension] = Field::String(seg.extension);
  r[kInternational] = Field::String(seg.international);
  r[kNational] = Field::String(seg.national);
  r[kRfc3966] = Field::String(seg.rfc3966);
  r[kPossibility] = Field::String(PossibilityName(seg.possibility));
  r[kPortable] = Field::Bool(seg.portable);
  r[kFlags] = Field::Flags(seg.flags);
  r[kCarrierCode] = Field::String(seg.carrier_code);
  r[kCountryCodeSource] =
      Field::String(CountryCodeSourceName(seg.country_code_source));
}

// The names of the set flag bits; unknown bits as "FLAG_<bit value>".
template <typename Fn>
void ForEachFlagName(uint32_t flags, Fn fn) {
  for (SegmentationFlag flag : kSegmentationFlags) {
    if (flags & flag) {
      fn(SegmentationFlagName(flag));
      flags &= ~static_cast<uint32_t>(flag);
    }
  }
  for (int bit = 0; bit < 32; ++bit) {
    if (flags & (1u << bit)) {
      const std::string name = "FLAG_" + std::to_string(1u << bit);
      fn(std::string_view(name));
    }
  }
}

// ---------------------------------------------------------------------------
// Output formats.

enum class OutputFormat { kJsonl, kCsv, kTable };

class RecordWriter {
 public:
  virtual ~RecordWriter() = default;
  // Appends what precedes the first record (a header), if anything.
  virtual void AppendHeader(std::string* out) = 0;
  virtual void AppendRow(const Row& row, std::string* out) = 0;
  // The engine fields this format prints (SegmentField bits).
  virtual uint32_t fields() const { return kFieldAll; }
};

// Appends the decimal digits of `value`.
void AppendInt(int value, std::string* out) {
  char buffer[16];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out->append(buffer, end);
}

class JsonLinesWriter : public RecordWriter {
 public:
  JsonLinesWriter() {
    for (int c = 0; c < kColumnCount; ++c) {
      key_prefixes_[c] = (c == 0 ? "{\"" : ",\"");
      key_prefixes_[c].append(kColumnNames[c]);
      key_prefixes_[c].append("\":");
    }
  }
  void AppendHeader(std::string*) override {}
  void AppendRow(const Row& row, std::string* out) override {
    for (int c = 0; c < kColumnCount; ++c) {
      out->append(key_prefixes_[c]);
      const Field& f = row[c];
      switch (f.kind) {
        case Field::kNull: out->append("null"); break;
        case Field::kBool: out->append(f.boolean ? "true" : "false"); break;
        case Field::kInt: AppendInt(f.integer, out); break;
        case Field::kString: AppendJsonString(f.text, out); break;
        case Field::kFlagList: {
          out->push_back('[');
          bool first = true;
          ForEachFlagName(f.flags, [&](std::string_view name) {
            if (!first) out->push_back(',');
            first = false;
            AppendJsonString(name, out);
          });
          out->push_back(']');
          break;
        }
      }
    }
    out->append("}\n");
  }

 private:
  // '{"input":', ',"valid":', ...
  std::array<std::string, kColumnCount> key_prefixes_;
};

class CsvWriter : public RecordWriter {
 public:
  void AppendHeader(std::string* out) override {
    for (int c = 0; c < kColumnCount; ++c) {
      if (c > 0) out->push_back(',');
      out->append(kColumnNames[c]);
    }
    out->push_back('\n');
  }
  void AppendRow(const Row& row, std::string* out) override {
    for (int c = 0; c < kColumnCount; ++c) {
      if (c > 0) out->push_back(',');
      const Field& f = row[c];
      switch (f.kind) {
        case Field::kNull: break;
        case Field::kBool: out->append(f.boolean ? "true" : "false"); break;
        case Field::kInt: AppendInt(f.integer, out); break;
        case Field::kString: AppendCsvField(f.text, out); break;
        case Field::kFlagList: {
          bool first = true;
          ForEachFlagName(f.flags, [&](std::string_view name) {
            if (!first) out->push_back('|');
            first = false;
            out->append(name);
          });
          break;
        }
      }
    }
    out->push_back('\n');
  }
};

class TableWriter : public RecordWriter {
 public:
  void AppendHeader(std::string* out) override {
    for (size_t i = 0; i < kCells.size(); ++i) {
      AppendTableCell(ToUpperAscii(kColumnNames[kCells[i].column]),
                      kCells[i].width, i + 1 < kCells.size(), out);
      if (i + 1 < kCells.size()) out->append("  ");
    }
    TrimTrailingSpaces(out);
    out->push_back('\n');
  }
  void AppendRow(const Row& row, std::string* out) override {
    for (size_t i = 0; i < kCells.size(); ++i) {
      const Field& f = row[kCells[i].column];
      std::string_view text;
      if (f.kind == Field::kString) text = f.text;
      if (f.kind == Field::kBool) text = f.boolean ? "yes" : "no";
      AppendTableCell(text, kCells[i].width, i + 1 < kCells.size(), out);
      if (i + 1 < kCells.size()) out->append("  ");
    }
    TrimTrailingSpaces(out);
    out->push_back('\n');
  }
  uint32_t fields() const override { return kFieldNational; }

 private:
  struct Cell {
    Column column;
    int width;
  };
  static constexpr std::array<Cell, 8> kCells = {{
      {kInput, 26},
      {kValid, 5},
      {kE164, 16},
      {kRegion, 6},
      {kType, 20},
      {kOperator, 16},
      {kNational, 20},
      {kError, 20},
  }};

  static void TrimTrailingSpaces(std::string* out) {
    while (!out->empty() && out->back() == ' ') out->pop_back();
  }
};

// ---------------------------------------------------------------------------
// Standard streams.

// Buffered writes to a file descriptor. Errors are sticky: after one, the
// writer drops everything and error() says what happened.
class Output {
 public:
  explicit Output(int fd) : fd_(fd) { buffer_.reserve(kFlushBytes + 4096); }

  std::string* buffer() { return &buffer_; }
  bool wants_flush() const { return buffer_.size() >= kFlushBytes; }
  const std::string& error() const { return error_; }

  void Flush() {
    size_t done = 0;
    while (error_.empty() && done < buffer_.size()) {
      const ssize_t n =
          write(fd_, buffer_.data() + done, buffer_.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        error_ = std::strerror(errno);
        break;
      }
      done += static_cast<size_t>(n);
    }
    buffer_.clear();
  }

 private:
  static constexpr size_t kFlushBytes = 64 * 1024;
  int fd_;
  std::string buffer_;
  std::string error_;
};

// Splits a file descriptor into lines ('\n' separated; a last line without
// '\n' counts when not empty). Reads in fixed-size chunks; only a line that
// spans chunks is copied.
class LineReader {
 public:
  // `before_read` runs before each read(2), which may block: the place to
  // flush pending output so that interactive use sees every answer.
  LineReader(int fd, Output* before_read)
      : fd_(fd), before_read_(before_read), chunk_(kChunkBytes) {}

  // The next line, without its '\n'. False at the end of the input or on a
  // read error (then error() is not empty). The view stays valid until the
  // next call.
  bool Next(std::string_view* line) {
    if (spill_returned_) {
      spill_.clear();
      spill_returned_ = false;
    }
    for (;;) {
      const char* start = chunk_.data() + begin_;
      const size_t available = end_ - begin_;
      const void* newline = std::memchr(start, '\n', available);
      if (newline != nullptr) {
        const size_t n = static_cast<const char*>(newline) - start;
        begin_ += n + 1;
        if (spill_.empty()) {
          *line = std::string_view(start, n);
        } else {
          spill_.append(start, n);
          *line = spill_;
          spill_returned_ = true;
        }
        return true;
      }
      spill_.append(start, available);
      begin_ = end_ = 0;
      if (eof_ || !Fill()) {
        if (spill_.empty()) return false;
        *line = spill_;
        spill_returned_ = true;
        return true;
      }
    }
  }

  const std::string& error() const { return error_; }

 private:
  static constexpr size_t kChunkBytes = 256 * 1024;

  // Reads the next chunk; false at the end of the input or on error.
  bool Fill() {
    if (before_read_ != nullptr) before_read_->Flush();
    for (;;) {
      const ssize_t n = read(fd_, chunk_.data(), chunk_.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        error_ = std::strerror(errno);
        eof_ = true;
        return false;
      }
      if (n == 0) {
        eof_ = true;
        return false;
      }
      end_ = static_cast<size_t>(n);
      return true;
    }
  }

  int fd_;
  Output* before_read_;
  std::vector<char> chunk_;
  size_t begin_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  std::string spill_;  // a line spanning chunks
  bool spill_returned_ = false;
  std::string error_;
};

// ---------------------------------------------------------------------------
// Command line.

struct SegmentArgs {
  bool help = false;
  std::string region;  // upper case; "" for none
  std::optional<OutputFormat> format;
  bool lenient_double_zero = false;
  bool migrate_ci_legacy = false;
  bool ci_fixed_line_operators = false;
  std::string operator_rules_path;
  std::string metadata_path;
  std::vector<std::string_view> numbers;
};

int UsageError(std::string_view message) {
  std::fprintf(stderr,
               "oracle segment: %.*s\n"
               "Try 'oracle segment --help' for more information.\n",
               static_cast<int>(message.size()), message.data());
  return kExitUsage;
}

bool IsAsciiAlpha(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// Parses the arguments of `oracle segment`. Returns "" or the message of a
// usage error.
std::string ParseSegmentArgs(const std::vector<std::string_view>& args,
                             SegmentArgs* out) {
  bool options_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (options_done || arg.size() < 2 || arg.front() != '-') {
      out->numbers.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    // "--name=value" or "--name [value]".
    std::string_view name = arg;
    std::optional<std::string_view> inline_value;
    if (const size_t eq = arg.find('='); arg.starts_with("--") &&
                                         eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }
    const auto value = [&](std::string_view* v) -> std::string {
      if (inline_value) {
        *v = *inline_value;
        return "";
      }
      if (i + 1 >= args.size()) {
        return "option '" + std::string(name) + "' needs a value";
      }
      *v = args[++i];
      return "";
    };
    const auto no_value = [&]() -> std::string {
      if (inline_value) {
        return "option '" + std::string(name) + "' takes no value";
      }
      return "";
    };
    std::string error;
    std::string_view v;
    if (name == "-h" || name == "--help") {
      error = no_value();
      out->help = true;
    } else if (name == "-r" || name == "--region") {
      error = value(&v);
      if (error.empty()) {
        if (v.size() != 2 || !IsAsciiAlpha(v[0]) || !IsAsciiAlpha(v[1])) {
          error = "invalid region '" + std::string(v) +
                  "': expected a two-letter ISO 3166 code such as CI, FR or US";
        } else {
          out->region = ToUpperAscii(v);
          if (out->region == "ZZ") out->region.clear();
        }
      }
    } else if (name == "-f" || name == "--format") {
      error = value(&v);
      if (error.empty()) {
        if (v == "jsonl") {
          out->format = OutputFormat::kJsonl;
        } else if (v == "csv") {
          out->format = OutputFormat::kCsv;
        } else if (v == "table") {
          out->format = OutputFormat::kTable;
        } else {
          error = "unknown format '" + std::string(v) +
                  "': expected jsonl, csv or table";
        }
      }
    } else if (name == "--lenient-00") {
      error = no_value();
      out->lenient_double_zero = true;
    } else if (name == "--migrate-ci-legacy") {
      error = no_value();
      out->migrate_ci_legacy = true;
    } else if (name == "--ci-fixed-operators") {
      error = no_value();
      out->ci_fixed_line_operators = true;
    } else if (name == "--operator-rules") {
      error = value(&v);
      if (error.empty() && v.empty()) {
        error = "empty file name for '--operator-rules'";
      }
      out->operator_rules_path = std::string(v);
    } else if (name == "--metadata") {
      error = value(&v);
      if (error.empty() && v.empty()) {
        error = "empty file name for '--metadata'";
      }
      out->metadata_path = std::string(v);
    } else {
      error = "unknown option '" + std::string(name) + "'";
    }
    if (!error.empty()) return error;
  }
  return "";
}

int Failure(std::string_view what, const Status& status) {
  std::fprintf(stderr, "oracle segment: %.*s: %s\n",
               static_cast<int>(what.size()), what.data(),
               status.ToString().c_str());
  return kExitFailure;
}

}  // namespace

int RunSegmentCommand(const std::vector<std::string_view>& args) {
  SegmentArgs parsed;
  if (std::string error = ParseSegmentArgs(args, &parsed); !error.empty()) {
    return UsageError(error);
  }
  if (parsed.help) {
    std::fputs(kSegmentUsage, stdout);
    return kExitOk;
  }

  EngineOptions options;
  options.metadata_path = parsed.metadata_path;
  options.lenient_double_zero = parsed.lenient_double_zero;
  options.migrate_ci_legacy = parsed.migrate_ci_legacy;
  options.ci_fixed_line_operators = parsed.ci_fixed_line_operators;
  if (!parsed.operator_rules_path.empty()) {
    Result<std::vector<OperatorRule>> rules =
        LoadOperatorRulesCsv(parsed.operator_rules_path);
    if (!rules.ok()) {
      return Failure("cannot load operator rules '" +
                         parsed.operator_rules_path + "'",
                     rules.status());
    }
    options.operator_rules = std::move(rules).value();
  }
  Result<Engine> made = Engine::Make(options);
  if (!made.ok()) return Failure("cannot make the engine", made.status());
  const Engine& engine = *made;

  if (!parsed.region.empty()) {
    const std::vector<std::string> regions = engine.SupportedRegions();
    bool known = false;
    for (const std::string& r : regions) known = known || r == parsed.region;
    if (!known) {
      return UsageError("unsupported region '" + parsed.region +
                        "' (not in the metadata " +
                        engine.metadata_version() + ")");
    }
  }

  const OutputFormat format = parsed.format.value_or(
      isatty(STDOUT_FILENO) ? OutputFormat::kTable : OutputFormat::kJsonl);
  JsonLinesWriter jsonl;
  CsvWriter csv;
  TableWriter table;
  RecordWriter* writer = &jsonl;
  if (format == OutputFormat::kCsv) writer = &csv;
  if (format == OutputFormat::kTable) writer = &table;
  const uint32_t fields = writer->fields();

  Output output(STDOUT_FILENO);
  writer->AppendHeader(output.buffer());

  Segmentation seg;  // reused: its buffers stop growing after a few numbers
  Row row;
  size_t since_flush = 0;
  const auto process = [&](std::string_view line) {
    const Status status =
        engine.SegmentInto(line, parsed.region, fields, &seg);
    FillRow(line, status, seg, &row);
    writer->AppendRow(row, output.buffer());
    if (++since_flush >= 4096 || output.wants_flush()) {
      output.Flush();
      since_flush = 0;
    }
  };

  std::string read_error;
  if (!parsed.numbers.empty()) {
    for (std::string_view number : parsed.numbers) {
      process(number);
      if (!output.error().empty()) break;
    }
  } else {
    LineReader reader(STDIN_FILENO, &output);
    std::string_view line;
    while (output.error().empty() && reader.Next(&line)) {
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      process(line);
    }
    read_error = reader.error();
  }
  output.Flush();
  if (!output.error().empty()) {
    std::fprintf(stderr, "oracle segment: cannot write the output: %s\n",
                 output.error().c_str());
    return kExitFailure;
  }
  if (!read_error.empty()) {
    std::fprintf(stderr, "oracle segment: cannot read standard input: %s\n",
                 read_error.c_str());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace oracle::internal
