// The streaming CSV/TSV reader of csv.h.
//
// Bytes come from a ByteSource in blocks, are converted to UTF-8 (ICU's
// ucnv for UTF-16, Windows-1252 and ISO-8859-1; UTF-8 is checked per cell
// instead of converted) into `text_`, and a quote-aware state machine cuts
// records out of `text_`. Only the unread tail of `text_` is kept between
// blocks, so memory is bounded by the block size plus the record limits.
#include <unicode/ucnv.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/utf8_internal.h"
#include "io/io_internal.h"
#include "oracle/csv.h"

namespace oracle {

namespace {

constexpr size_t kBlockBytes = size_t{1} << 20;
// Bytes looked at to detect the encoding, the delimiter and binary input.
constexpr size_t kSampleBytes = size_t{64} << 10;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The canonical name of an encoding, or "" when not supported.
std::string CanonicalEncoding(std::string_view name) {
  const std::string n = Lower(name);
  if (n == "utf-8" || n == "utf8") return "utf-8";
  if (n == "utf-16le" || n == "utf16le" || n == "utf-16-le") return "utf-16le";
  if (n == "utf-16be" || n == "utf16be" || n == "utf-16-be") return "utf-16be";
  if (n == "windows-1252" || n == "cp1252" || n == "win1252") {
    return "windows-1252";
  }
  if (n == "iso-8859-1" || n == "latin1" || n == "latin-1" ||
      n == "iso8859-1") {
    return "iso-8859-1";
  }
  return "";
}

// The ICU converter name of a canonical encoding.
const char* IcuName(const std::string& encoding) {
  if (encoding == "utf-16le") return "UTF-16LE";
  if (encoding == "utf-16be") return "UTF-16BE";
  if (encoding == "windows-1252") return "windows-1252";
  return "ISO-8859-1";
}

bool IsSupportedDelimiter(char c) {
  return c == ',' || c == ';' || c == '\t' || c == '|';
}

// Converts bytes of one encoding to UTF-8 with ICU, remembering where bytes
// that are not valid in the encoding were replaced by U+FFFD.
class IcuDecoder {
 public:
  ~IcuDecoder() {
    if (conv_ != nullptr) ucnv_close(conv_);
  }
  Status Init(const std::string& encoding) {
    UErrorCode err = U_ZERO_ERROR;
    conv_ = ucnv_open(IcuName(encoding), &err);
    if (U_FAILURE(err)) {
      return Status::Internal("ICU has no converter for " + encoding + ": " +
                              u_errorName(err));
    }
    ucnv_setToUCallBack(conv_, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr,
                        nullptr, &err);
    if (U_FAILURE(err)) {
      return Status::Internal(std::string("ICU callback: ") + u_errorName(err));
    }
    return Status::OK();
  }

  // Appends the UTF-8 of `bytes` to `*out`; `base` is the stream offset of
  // out[0], so that bad positions are recorded as stream offsets.
  void Decode(std::string_view bytes, bool flush, int64_t base,
              std::string* out, std::deque<int64_t>* bad) {
    const char* src = bytes.data();
    const char* const limit = bytes.data() + bytes.size();
    while (true) {
      UChar* target = units_.data();
      UErrorCode err = U_ZERO_ERROR;
      const char* before = src;
      ucnv_toUnicode(conv_, &target, units_.data() + units_.size(), &src,
                     limit, nullptr, flush, &err);
      AppendUtf8(units_.data(), target, base, out, bad);
      if (err == U_BUFFER_OVERFLOW_ERROR) continue;
      if (U_FAILURE(err)) {
        // Illegal, unassigned or truncated bytes: consumed by ICU; mark
        // the place and go on.
        FlushHigh(base, out, bad);
        bad->push_back(base + static_cast<int64_t>(out->size()));
        out->append(internal::kUtf8ReplacementChar);
        if (src == before && target == units_.data() && src < limit) ++src;
        if (src < limit || (flush && err != U_TRUNCATED_CHAR_FOUND)) continue;
        break;
      }
      break;
    }
    if (flush) FlushHigh(base, out, bad);
  }

 private:
  void FlushHigh(int64_t base, std::string* out, std::deque<int64_t>* bad) {
    if (high_ != 0) {
      bad->push_back(base + static_cast<int64_t>(out->size()));
      out->append(internal::kUtf8ReplacementChar);
      high_ = 0;
    }
  }
  void AppendUtf8(const UChar* p, const UChar* end, int64_t base,
                  std::string* out, std::deque<int64_t>* bad) {
    for (; p < end; ++p) {
      uint32_t c = *p;
      if (high_ != 0) {
        if (U16_IS_TRAIL(c)) {
          c = U16_GET_SUPPLEMENTARY(high_, c);
          high_ = 0;
          AppendCodePoint(c, out);
          continue;
        }
        FlushHigh(base, out, bad);
      }
      if (U16_IS_LEAD(c)) {
        high_ = static_cast<UChar>(c);
        continue;
      }
      if (U16_IS_TRAIL(c)) {
        bad->push_back(base + static_cast<int64_t>(out->size()));
        out->append(internal::kUtf8ReplacementChar);
        continue;
      }
      AppendCodePoint(c, out);
    }
  }
  static void AppendCodePoint(uint32_t c, std::string* out) {
    if (c < 0x80) {
      out->push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (c >> 6)));
      out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (c >> 12)));
      out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (c >> 18)));
      out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }

  UConverter* conv_ = nullptr;
  std::array<UChar, 16384> units_{};
  UChar high_ = 0;
};

// Whether a sample of bytes is UTF-8: no invalid byte (a sequence cut at
// the end of an incomplete sample aside), or mostly well-formed multi-byte
// sequences with a few bad bytes (a UTF-8 file with a damaged row, reported
// per row later), rather than Windows-1252 text whose accents are single
// bytes.
bool LooksUtf8(std::string_view s, bool complete) {
  size_t i = 0;
  size_t multibyte = 0;
  size_t invalid = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const size_t n = internal::Utf8SequenceLength(s, i);
    if (n == 0) {
      if (!complete && s.size() - i < 4) break;
      ++invalid;
      ++i;
      continue;
    }
    ++multibyte;
    i += n;
  }
  return invalid == 0 || invalid * 2 <= multibyte;
}

// Cell classes for the scanner.
enum : uint8_t { kOrdinary = 0, kSpecial = 1 };

class CsvReader final : public RowReader {
 public:
  CsvReader(std::unique_ptr<internal::ByteSource> source,
            const CsvReadOptions& options)
      : source_(std::move(source)), options_(options) {}

  Status Init();

  const std::vector<std::string>& header() const override { return header_; }
  Result<bool> Next(Row* row) override;
  int64_t bytes_read() const override {
    return raw_read_ - static_cast<int64_t>(text_.size() - pos_) *
                           (utf8_ ? 1 : 0);
  }
  int64_t bytes_total() const override { return source_->size(); }
  const CsvDialect& dialect() const { return dialect_; }

 private:
  // Reads and decodes the next block into text_ (keeping the unread tail).
  // False at the end of the input.
  Result<bool> Fill();
  Result<bool> ParseRecord(Row* row);
  void DetectDelimiter();
  Status TooBig(const char* what, size_t limit) const {
    return Status::ResourceExhausted(
        source_->name() + ": the record starting at line " +
        std::to_string(record_line_) + " has a " + what + " longer than " +
        std::to_string(limit) + " bytes (the limit; see CsvReadOptions)");
  }
  std::string* BeginCell(Row* row) {
    if (ncells_ == row->values.size()) {
      row->values.emplace_back();
      row->types.push_back(CellType::kEmpty);
    } else {
      row->values[ncells_].clear();
    }
    return &row->values[ncells_];
  }
  Status EndCell(Row* row, bool quoted) {
    row->types[ncells_] = (quoted || !row->values[ncells_].empty())
                              ? CellType::kText
                              : CellType::kEmpty;
    if (row->values[ncells_].empty()) row->types[ncells_] = CellType::kEmpty;
    ++ncells_;
    if (ncells_ > options_.max_columns) {
      return TooBig("cell count", options_.max_columns);
    }
    return Status::OK();
  }
  void SetRowError(Row* row, Status s) {
    if (row->error.ok()) row->error = std::move(s);
  }
  void CheckEncoding(Row* row, int64_t start, int64_t end);

  std::unique_ptr<internal::ByteSource> source_;
  CsvReadOptions options_;
  CsvDialect dialect_;
  std::vector<std::string> header_;
  bool utf8_ = true;
  IcuDecoder decoder_;
  std::string raw_;           // a block of undecoded bytes
  std::string text_;          // UTF-8 text; text_[pos_..] not yet parsed
  size_t pos_ = 0;
  int64_t text_base_ = 0;     // stream offset of text_[0] (decoded bytes)
  int64_t raw_read_ = 0;
  bool eof_ = false;
  bool skip_lf_ = false;      // a record ended on CR: drop a following LF
  std::deque<int64_t> bad_;   // decoded offsets of invalid input bytes
  int64_t line_ = 1;          // physical line of text_[pos_]
  int64_t record_line_ = 1;
  size_t ncells_ = 0;
  size_t expected_cells_ = 0;
  std::array<uint8_t, 256> unquoted_{};
  std::array<uint8_t, 256> quoted_{};
  // The first record when it is not a header, returned by the first Next().
  bool have_pending_ = false;
  Row pending_;
};

Result<bool> CsvReader::Fill() {
  if (eof_) return false;
  // Keep the unread tail only.
  if (pos_ > 0) {
    text_.erase(0, pos_);
    text_base_ += static_cast<int64_t>(pos_);
    pos_ = 0;
  }
  while (!bad_.empty() && bad_.front() < text_base_) bad_.pop_front();
  const size_t before = text_.size();
  while (text_.size() == before && !eof_) {
    if (utf8_) {
      text_.resize(before + kBlockBytes);
      ORACLE_ASSIGN_OR_RAISE(size_t got,
                             source_->Read(text_.data() + before, kBlockBytes));
      text_.resize(before + got);
      raw_read_ += static_cast<int64_t>(got);
      if (got == 0) eof_ = true;
    } else {
      raw_.resize(kBlockBytes);
      ORACLE_ASSIGN_OR_RAISE(size_t got, source_->Read(raw_.data(), kBlockBytes));
      raw_read_ += static_cast<int64_t>(got);
      if (got == 0) eof_ = true;
      decoder_.Decode(std::string_view(raw_.data(), got), eof_, text_base_,
                      &text_, &bad_);
    }
  }
  return text_.size() > before;
}

Status CsvReader::Init() {
  // A first sample of raw bytes for the BOM, the encoding and binary input.
  std::string sample(kSampleBytes, '\0');
  size_t have = 0;
  while (have < sample.size()) {
    ORACLE_ASSIGN_OR_RAISE(size_t got,
                           source_->Read(sample.data() + have,
                                         sample.size() - have));
    if (got == 0) {
      eof_ = true;
      break;
    }
    have += got;
  }
  sample.resize(have);
  raw_read_ = static_cast<int64_t>(have);

  std::string encoding = CanonicalEncoding(options_.encoding);
  size_t bom = 0;
  const auto starts = [&](std::string_view prefix) {
    return sample.compare(0, prefix.size(), prefix) == 0;
  };
  std::string bom_encoding;
  if (starts("\xEF\xBB\xBF")) {
    bom_encoding = "utf-8";
    bom = 3;
  } else if (starts("\xFF\xFE")) {
    bom_encoding = "utf-16le";
    bom = 2;
  } else if (starts("\xFE\xFF")) {
    bom_encoding = "utf-16be";
    bom = 2;
  }
  if (encoding.empty()) {
    encoding = bom_encoding;
  } else if (!bom_encoding.empty() && bom_encoding != encoding) {
    bom = 0;  // the caller knows better: the bytes are data
  }
  if (encoding.empty()) {
    // UTF-16 without BOM: ASCII text has a NUL in every other byte.
    size_t even_nul = 0;
    size_t odd_nul = 0;
    for (size_t i = 0; i < sample.size(); ++i) {
      if (sample[i] == '\0') ++((i % 2 == 0) ? even_nul : odd_nul);
    }
    const size_t half = sample.size() / 2;
    if (half >= 2 && odd_nul * 10 >= half * 3 && even_nul * 20 < half) {
      encoding = "utf-16le";
    } else if (half >= 2 && even_nul * 10 >= half * 3 && odd_nul * 20 < half) {
      encoding = "utf-16be";
    } else if (LooksUtf8(sample, eof_)) {
      encoding = "utf-8";
    } else {
      encoding = "windows-1252";
    }
  }
  dialect_.encoding = encoding;
  dialect_.had_bom = bom > 0;
  utf8_ = encoding == "utf-8";
  if (utf8_) {
    text_.assign(sample, bom, std::string::npos);
  } else {
    ORACLE_RETURN_NOT_OK(decoder_.Init(encoding));
    decoder_.Decode(std::string_view(sample).substr(bom), eof_, 0, &text_,
                    &bad_);
  }

  // Binary input: NUL bytes or many control characters at the start.
  const std::string_view head =
      std::string_view(text_).substr(0, std::min(text_.size(), kSampleBytes));
  size_t controls = 0;
  for (char ch : head) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == 0) {
      return Status::DataLoss(source_->name() +
                              ": not a text table (NUL bytes in the first "
                              "block; read as " + encoding + ")");
    }
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
      ++controls;
    }
  }
  if (controls > 0 && controls * 100 > head.size()) {
    return Status::DataLoss(source_->name() +
                            ": not a text table (" + std::to_string(controls) +
                            " control characters in the first " +
                            std::to_string(head.size()) + " bytes)");
  }

  if (options_.delimiter != 0) {
    dialect_.delimiter = options_.delimiter;
  } else {
    DetectDelimiter();
  }
  const unsigned char d = static_cast<unsigned char>(dialect_.delimiter);
  for (unsigned char c : {d, static_cast<unsigned char>('\n'),
                          static_cast<unsigned char>('\r'),
                          static_cast<unsigned char>('"'),
                          static_cast<unsigned char>('\0')}) {
    unquoted_[c] = kSpecial;
  }
  quoted_['"'] = kSpecial;
  quoted_['\n'] = kSpecial;
  quoted_['\0'] = kSpecial;

  // The first record: a header, or the first row.
  ORACLE_ASSIGN_OR_RAISE(bool any, ParseRecord(&pending_));
  if (!any) {
    dialect_.has_header = false;
    return Status::OK();
  }
  bool is_header = options_.header == HeaderMode::kPresent;
  if (options_.header == HeaderMode::kDetect) {
    is_header = pending_.error.ok();
    for (const std::string& v : pending_.values) {
      int digits = 0;
      for (char c : v) digits += (c >= '0' && c <= '9');
      if (v.empty() || digits >= 4) is_header = false;
    }
  }
  expected_cells_ = pending_.values.size();
  dialect_.has_header = is_header;
  if (is_header) {
    if (!pending_.error.ok()) {
      return Status::DataLoss(source_->name() + ": bad header (line " +
                              std::to_string(pending_.number) +
                              "): " + pending_.error.message());
    }
    header_ = pending_.values;
  } else {
    have_pending_ = true;
  }
  return Status::OK();
}

void CsvReader::DetectDelimiter() {
  // Count each candidate outside quotes per line over the first lines; the
  // best has the same non-zero count on the most lines (ties: most
  // occurrences, then the order , ; tab |).
  constexpr std::array<char, 4> kCandidates = {',', ';', '\t', '|'};
  std::array<std::vector<int>, 4> per_line;
  std::array<int, 4> current{};
  bool in_quotes = false;
  int lines = 0;
  const std::string_view s =
      std::string_view(text_).substr(pos_, std::min(text_.size() - pos_,
                                                    kSampleBytes));
  for (size_t i = 0; i < s.size() && lines < 50; ++i) {
    const char c = s[i];
    if (c == '"') {
      in_quotes = !in_quotes;
    } else if (!in_quotes && (c == '\n' || c == '\r')) {
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      bool any = false;
      for (int k = 0; k < 4; ++k) any |= current[k] != 0;
      for (int k = 0; k < 4; ++k) {
        if (any) per_line[k].push_back(current[k]);
        current[k] = 0;
      }
      lines += any;
    } else if (!in_quotes) {
      for (int k = 0; k < 4; ++k) current[k] += (c == kCandidates[k]);
    }
  }
  for (int k = 0; k < 4; ++k) {
    if (current[k] != 0) per_line[k].push_back(current[k]);
  }
  int best = -1;
  long best_score = 0;
  for (int k = 0; k < 4; ++k) {
    const std::vector<int>& counts = per_line[k];
    if (counts.empty() || counts[0] == 0) continue;
    long consistent = 0;
    long total = 0;
    for (int n : counts) {
      consistent += (n == counts[0]);
      total += n;
    }
    const long score = consistent * 1000000 + std::min(total, 999999L);
    if (score > best_score) {
      best_score = score;
      best = k;
    }
  }
  dialect_.delimiter = best >= 0 ? kCandidates[best] : ',';
}

void CsvReader::CheckEncoding(Row* row, int64_t start, int64_t end) {
  if (utf8_) {
    for (size_t i = 0; i < row->values.size(); ++i) {
      std::string& v = row->values[i];
      if (internal::IsAscii(v)) continue;
      const size_t bad = internal::ReplaceInvalidUtf8(&v);
      if (bad > 0) {
        SetRowError(row, Status::DataLoss(
                             "invalid UTF-8 in column " + std::to_string(i + 1) +
                             " (" + std::to_string(bad) +
                             " byte(s) replaced by U+FFFD)"));
      }
    }
    return;
  }
  for (int64_t off : bad_) {
    if (off >= end) break;
    if (off >= start) {
      SetRowError(row, Status::DataLoss("bytes not valid in " +
                                        dialect_.encoding +
                                        " (replaced by U+FFFD)"));
      return;
    }
  }
}

Result<bool> CsvReader::ParseRecord(Row* row) {
  row->error = Status::OK();
  ncells_ = 0;
  // Skip blank lines (and the LF of a CRLF that ended the last record).
  while (true) {
    if (pos_ == text_.size()) {
      ORACLE_ASSIGN_OR_RAISE(bool more, Fill());
      if (!more) {
        row->values.clear();
        row->types.clear();
        return false;
      }
    }
    const char c = text_[pos_];
    if (c == '\n') {
      if (!skip_lf_) ++line_;
      skip_lf_ = false;
      ++pos_;
    } else if (c == '\r') {
      skip_lf_ = true;
      ++line_;
      ++pos_;
    } else {
      skip_lf_ = false;
      break;
    }
  }
  record_line_ = line_;
  row->number = line_;
  const int64_t record_start = text_base_ + static_cast<int64_t>(pos_);
  size_t record_bytes = 0;
  enum State { kFieldStart, kUnquoted, kQuoted, kAfterQuote };
  State state = kFieldStart;
  bool quoted = false;
  std::string* cell = BeginCell(row);
  const char delim = dialect_.delimiter;
  bool nul_seen = false;
  bool done = false;
  // Appends the run of bytes that `table` calls ordinary, from *q on, to
  // the cell within the size limits, and moves *q to where it stopped.
  auto take_run = [&](const auto& table, const char** q) -> Status {
    const char* const from = *q;
    const char* const end = text_.data() + text_.size();
    const char* r = from;
    while (r < end && table[static_cast<unsigned char>(*r)] == kOrdinary) ++r;
    *q = r;
    const size_t n = static_cast<size_t>(r - from);
    if (n == 0) return Status::OK();
    cell->append(from, n);
    record_bytes += n;
    pos_ += n;
    if (cell->size() > options_.max_field_bytes) {
      return TooBig("field", options_.max_field_bytes);
    }
    if (record_bytes > options_.max_record_bytes) {
      return TooBig("record", options_.max_record_bytes);
    }
    return Status::OK();
  };
  while (!done) {
    if (pos_ == text_.size()) {
      const int64_t abs = text_base_ + static_cast<int64_t>(pos_);
      ORACLE_ASSIGN_OR_RAISE(bool more, Fill());
      (void)abs;
      if (!more) {
        if (state == kQuoted) {
          SetRowError(row, Status::InvalidArgument(
                               "unterminated quoted field in column " +
                               std::to_string(ncells_ + 1)));
        }
        ORACLE_RETURN_NOT_OK(EndCell(row, quoted));
        break;
      }
    }
    const char* const base = text_.data();
    const char* p = base + pos_;
    const char* const end = base + text_.size();
    switch (state) {
      case kFieldStart:
        if (*p == '"') {
          quoted = true;
          state = kQuoted;
          ++pos_;
        } else {
          quoted = false;
          state = kUnquoted;
        }
        break;
      case kUnquoted: {
        const char* q = p;
        ORACLE_RETURN_NOT_OK(take_run(unquoted_, &q));
        if (q == end) break;
        const char c = *q;
        ++pos_;
        if (c == delim) {
          ORACLE_RETURN_NOT_OK(EndCell(row, quoted));
          cell = BeginCell(row);
          state = kFieldStart;
          ++record_bytes;
        } else if (c == '\n') {
          ++line_;
          ORACLE_RETURN_NOT_OK(EndCell(row, quoted));
          done = true;
        } else if (c == '\r') {
          ++line_;
          skip_lf_ = true;
          ORACLE_RETURN_NOT_OK(EndCell(row, quoted));
          done = true;
        } else if (c == '"') {
          cell->push_back('"');
          ++record_bytes;
          SetRowError(row, Status::InvalidArgument(
                               "quote inside an unquoted field in column " +
                               std::to_string(ncells_ + 1)));
        } else {  // NUL
          cell->append(internal::kUtf8ReplacementChar);
          nul_seen = true;
        }
        break;
      }
      case kQuoted: {
        const char* q = p;
        ORACLE_RETURN_NOT_OK(take_run(quoted_, &q));
        if (q == end) break;
        const char c = *q;
        ++pos_;
        if (c == '"') {
          state = kAfterQuote;
        } else if (c == '\n') {
          cell->push_back('\n');
          ++record_bytes;
          ++line_;
        } else {  // NUL
          cell->append(internal::kUtf8ReplacementChar);
          nul_seen = true;
        }
        break;
      }
      case kAfterQuote: {
        const char c = *p;
        ++pos_;
        if (c == '"') {
          cell->push_back('"');
          ++record_bytes;
          state = kQuoted;
        } else if (c == delim) {
          ORACLE_RETURN_NOT_OK(EndCell(row, quoted));
          cell = BeginCell(row);
          state = kFieldStart;
        } else if (c == '\n' || c == '\r') {
          ++line_;
          if (c == '\r') skip_lf_ = true;
          ORACLE_RETURN_NOT_OK(EndCell(row, quoted));
          done = true;
        } else {
          --pos_;
          state = kUnquoted;
          SetRowError(row, Status::InvalidArgument(
                               "text after the closing quote in column " +
                               std::to_string(ncells_ + 1)));
        }
        break;
      }
    }
  }
  // At the end of input right after a closing quote.
  if (!done && state == kAfterQuote) {
    // EndCell was called by the end-of-input branch above.
  }
  row->values.resize(ncells_);
  row->types.resize(ncells_);
  const int64_t record_end = text_base_ + static_cast<int64_t>(pos_);
  if (nul_seen) {
    SetRowError(row, Status::DataLoss("NUL byte(s) in the record (replaced "
                                      "by U+FFFD)"));
  }
  CheckEncoding(row, record_start, record_end);
  return true;
}

Result<bool> CsvReader::Next(Row* row) {
  if (have_pending_) {
    have_pending_ = false;
    std::swap(*row, pending_);
  } else {
    ORACLE_ASSIGN_OR_RAISE(bool any, ParseRecord(row));
    if (!any) {
      row->Clear();
      return false;
    }
  }
  if (row->error.ok() && expected_cells_ != 0 &&
      row->values.size() != expected_cells_) {
    row->error = Status::InvalidArgument(
        "wrong column count: " + std::to_string(row->values.size()) +
        " cells, expected " + std::to_string(expected_cells_));
  }
  return true;
}

}  // namespace

Status CsvReadOptions::Validate() const {
  if (delimiter != 0 && !IsSupportedDelimiter(delimiter)) {
    return Status::InvalidArgument(
        "CsvReadOptions.delimiter must be ',', ';', tab, '|' or 0 (detect)");
  }
  if (!encoding.empty() && CanonicalEncoding(encoding).empty()) {
    return Status::InvalidArgument(
        "CsvReadOptions.encoding '" + encoding +
        "' is not one of utf-8, utf-16le, utf-16be, windows-1252, iso-8859-1");
  }
  if (max_field_bytes == 0) {
    return Status::InvalidArgument("CsvReadOptions.max_field_bytes must be > 0");
  }
  if (max_record_bytes == 0) {
    return Status::InvalidArgument(
        "CsvReadOptions.max_record_bytes must be > 0");
  }
  if (max_columns == 0) {
    return Status::InvalidArgument("CsvReadOptions.max_columns must be > 0");
  }
  return Status::OK();
}

namespace {
Result<std::unique_ptr<RowReader>> MakeFromSource(
    std::unique_ptr<internal::ByteSource> source, const CsvReadOptions& options) {
  ORACLE_RETURN_NOT_OK(options.Validate());
  auto reader = std::make_unique<CsvReader>(std::move(source), options);
  ORACLE_RETURN_NOT_OK(reader->Init());
  return std::unique_ptr<RowReader>(std::move(reader));
}
}  // namespace

Result<std::unique_ptr<RowReader>> OpenCsvReader(const std::string& path,
                                                 const CsvReadOptions& options) {
  ORACLE_RETURN_NOT_OK(options.Validate());
  ORACLE_ASSIGN_OR_RAISE(std::unique_ptr<internal::ByteSource> source,
                         internal::OpenByteSource(path));
  return MakeFromSource(std::move(source), options);
}

Result<std::unique_ptr<RowReader>> MakeCsvReader(
    std::unique_ptr<std::istream> in, const CsvReadOptions& options,
    int64_t size_hint) {
  if (in == nullptr) return Status::InvalidArgument("MakeCsvReader: null stream");
  return MakeFromSource(
      internal::StreamByteSource(std::move(in), size_hint, "input stream"),
      options);
}

const CsvDialect* GetCsvDialect(const RowReader& reader) {
  const auto* csv = dynamic_cast<const CsvReader*>(&reader);
  return csv == nullptr ? nullptr : &csv->dialect();
}

}  // namespace oracle
