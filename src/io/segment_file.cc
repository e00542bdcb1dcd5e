// SegmentTable (contacts.h): reader -> BatchSegmenter -> writer, chunk by
// chunk, with rejects, de-duplication and the summary.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <future>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "io/io_internal.h"
#include "oracle/batch.h"
#include "oracle/contacts.h"
#include "oracle/segmentation.h"

namespace oracle {

namespace {

enum FieldId : uint8_t {
  kInput, kValid, kPossible, kError, kE164, kCountryCode, kRegion,
  kNationalNumber, kNdc, kSubscriberNumber, kType, kOperator, kExtension,
  kInternational, kNational, kRfc3966, kPossibility, kErrorMessage, kPortable,
  kFlags, kCarrierCode, kCountryCodeSource, kNote, kFieldCount
};

const std::vector<std::string>& FieldNames() {
  static const std::vector<std::string>* const names = [] {
    auto* v = new std::vector<std::string>();
    for (std::string_view f : kSegmentationRecordFields) v->emplace_back(f);
    v->emplace_back("note");
    return v;
  }();
  return *names;
}

int FieldIdOf(std::string_view name) {
  const std::vector<std::string>& names = FieldNames();
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<int>(i);
  }
  return -1;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// "+225 07-07.12" style: mostly digits and phone punctuation, >= 6 digits.
bool LooksLikePhone(std::string_view v) {
  int digits = 0;
  int other = 0;
  for (char c : v) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != ' ' && c != '+' && c != '-' && c != '.' && c != '(' &&
               c != ')' && c != '/') {
      ++other;
    }
  }
  return digits >= 6 && other * 5 <= digits;
}

// The digits of a number written as "707123456", "707123456.0",
// "2.25070712345E+12": true and *digits set when the value is a whole
// non-negative number of at most 30 digits.
bool NumberToDigits(std::string_view v, std::string* digits) {
  size_t i = 0;
  if (i < v.size() && v[i] == '+') ++i;
  std::string mant;
  size_t frac = 0;
  bool dot = false;
  for (; i < v.size(); ++i) {
    const char c = v[i];
    if (c >= '0' && c <= '9') {
      mant.push_back(c);
      if (dot) ++frac;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (mant.empty()) return false;
  long exp = 0;
  if (i < v.size() && (v[i] == 'e' || v[i] == 'E')) {
    ++i;
    bool neg = false;
    if (i < v.size() && (v[i] == '+' || v[i] == '-')) neg = v[i++] == '-';
    if (i == v.size()) return false;
    for (; i < v.size(); ++i) {
      if (v[i] < '0' || v[i] > '9' || exp > 100) return false;
      exp = exp * 10 + (v[i] - '0');
    }
    if (neg) exp = -exp;
  }
  if (i != v.size()) return false;
  long shift = exp - static_cast<long>(frac);
  if (shift < 0) {
    // The last -shift digits must be zeros.
    const size_t cut = static_cast<size_t>(-shift);
    if (cut > mant.size()) {
      if (mant.find_first_not_of('0') != std::string::npos) return false;
      mant = "0";
    } else {
      if (mant.find_first_not_of('0', mant.size() - cut) != std::string::npos) {
        return false;
      }
      mant.resize(mant.size() - cut);
      if (mant.empty()) mant = "0";
    }
  } else {
    if (mant.size() + static_cast<size_t>(shift) > 30) return false;
    mant.append(static_cast<size_t>(shift), '0');
  }
  // A number has no leading zeros ("0.0" -> "0").
  const size_t nz = mant.find_first_not_of('0');
  mant = nz == std::string::npos ? "0" : mant.substr(nz);
  if (mant.size() > 30) return false;
  *digits = std::move(mant);
  return true;
}

bool AllDigits(std::string_view v) {
  if (v.empty()) return false;
  for (char c : v) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string RejectCategory(const Status& error) {
  if (error.code() == StatusCode::kDataLoss) return "invalid encoding";
  if (error.message().rfind("wrong column count", 0) == 0) {
    return "wrong column count";
  }
  return "unreadable";
}

// Names the header's phone column, or a 0-based index; -1 when none.
int FindColumnByName(const std::vector<std::string>& header,
                     std::string_view wanted) {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == wanted) return static_cast<int>(i);
  }
  const std::string lw = Lower(wanted);
  for (size_t i = 0; i < header.size(); ++i) {
    if (Lower(header[i]) == lw) return static_cast<int>(i);
  }
  return -1;
}

int DetectByName(const std::vector<std::string>& header) {
  static constexpr std::array<std::string_view, 14> kHints = {
      "phone", "msisdn", "mobile", "tel", "gsm", "cell", "numero",
      "num\xC3\xA9ro", "portable", "contact", "number", "whatsapp", "sms",
      "mobile"};
  for (std::string_view hint : kHints) {
    for (size_t i = 0; i < header.size(); ++i) {
      if (Lower(header[i]).find(hint) != std::string::npos) {
        return static_cast<int>(i);
      }
    }
  }
  return -1;
}

int DetectByContent(const std::vector<Row>& rows, size_t n, size_t ncols) {
  std::vector<size_t> score(ncols, 0);
  for (size_t k = 0; k < n; ++k) {
    const Row& row = rows[k];
    if (!row.error.ok()) continue;
    for (size_t c = 0; c < row.values.size() && c < ncols; ++c) {
      if (row.types[c] == CellType::kNumber) {
        std::string digits;
        if (NumberToDigits(row.values[c], &digits) && digits.size() >= 6) {
          ++score[c];
        }
      } else if (LooksLikePhone(row.values[c])) {
        ++score[c];
      }
    }
  }
  int best = -1;
  size_t best_score = 0;
  for (size_t c = 0; c < ncols; ++c) {
    if (score[c] > best_score) {
      best_score = score[c];
      best = static_cast<int>(c);
    }
  }
  return best;
}

// Output column names: the input's, then the fields (prefixed "oracle_"
// when the input already has that name).
std::vector<std::string> OutputHeader(const std::vector<std::string>& input,
                                      const std::vector<std::string>& fields) {
  std::vector<std::string> out = input;
  for (const std::string& f : fields) {
    std::string name = f;
    while (std::find(out.begin(), out.end(), name) != out.end()) {
      name = "oracle_" + name;
    }
    out.push_back(std::move(name));
  }
  return out;
}

class TableSegmenter {
 public:
  TableSegmenter(const Engine& engine, BatchSegmenter segmenter,
                 const SegmentTableOptions& options)
      : engine_(engine), seg_(std::move(segmenter)), options_(options) {
    for (const std::string& f : options_.fields) {
      fields_.push_back(static_cast<uint8_t>(FieldIdOf(f)));
    }
    by_region_.assign(seg_.region_count(), 0);
    by_operator_.assign(seg_.operator_count(), 0);
    region_upper_ = options_.default_region;
    for (char& c : region_upper_) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
  }

  Result<TableSummary> Run(RowReader* in, RowWriter* out, RowWriter* rejects);

 private:
  struct Source {
    const BatchResult* r = nullptr;
    uint32_t i = 0;
    bool restored = false;
    bool segmented = false;
  };

  // A chunk of input rows and what the reader said after reading it.
  struct Chunk {
    std::vector<Row> rows;
    size_t n = 0;
    Status status;
    int64_t bytes_read = 0;
    int64_t bytes_total = 0;
  };
  void ReadChunk(RowReader* in, Chunk* chunk) const;
  Status ResolveColumn(RowReader* in, const Chunk& chunk);
  Status ProcessChunk(Chunk* chunk, RowWriter* out, RowWriter* rejects);
  void AppendField(uint8_t field, const Row& row, const Source& s,
                   std::string* value, CellType* type);
  Status Reject(RowWriter* rejects, const Row& row, const std::string& reason,
                const std::string& category);
  // The national number of result row i, as text (kept for the row's other
  // fields: "ndc" and "subscriber_number" use it too).
  const std::string& NationalNumber(const BatchResult& r, size_t i) {
    if (nn_result_ != &r || nn_row_ != i) {
      nn_.assign(r.leading_zeros[i], '0');
      char digits[24];
      int n = 0;
      uint64_t v = r.national_number[i];
      while (v != 0) {  // as BatchResult::NationalNumberString
        digits[n++] = static_cast<char>('0' + v % 10);
        v /= 10;
      }
      while (n > 0) nn_.push_back(digits[--n]);
      nn_result_ = &r;
      nn_row_ = i;
    }
    return nn_;
  }

  const Engine& engine_;
  BatchSegmenter seg_;
  const SegmentTableOptions& options_;
  std::vector<uint8_t> fields_;
  std::string region_upper_;
  std::vector<std::string> header_;  // input column names (generated if none)
  size_t ncols_ = 0;
  int col_ = -1;
  TableSummary summary_;
  std::vector<int64_t> by_region_;
  std::vector<int64_t> by_operator_;
  std::array<int64_t, 12> by_type_{};
  std::array<int64_t, 32> by_error_{};
  std::map<uint16_t, int64_t> by_cc_without_region_;
  struct KeyHash {
    size_t operator()(const std::pair<uint64_t, uint64_t>& k) const {
      return std::hash<uint64_t>()(k.first * 0x9E3779B97F4A7C15ull ^ k.second);
    }
  };
  // Dedupe keys: national number, and country code + leading zeros.
  std::unordered_set<std::pair<uint64_t, uint64_t>, KeyHash> seen_;
  // Chunk state.
  StringColumn texts_;
  StringColumn texts2_;
  BatchResult r1_;
  BatchResult r2_;
  std::vector<Source> sources_;
  std::vector<std::string> digits_;  // per segmented row: numeric-cell digits
  std::vector<uint32_t> candidates_;
  Row out_row_;
  Row reject_row_;
  std::string nn_;
  const BatchResult* nn_result_ = nullptr;
  size_t nn_row_ = 0;
  std::string scratch_;
};

void TableSegmenter::ReadChunk(RowReader* in, Chunk* chunk) const {
  if (chunk->rows.size() < options_.chunk_rows) {
    chunk->rows.resize(options_.chunk_rows);
  }
  chunk->n = 0;
  chunk->status = Status::OK();
  while (chunk->n < options_.chunk_rows) {
    Result<bool> more = in->Next(&chunk->rows[chunk->n]);
    if (!more.ok()) {
      chunk->status = more.status();
      break;
    }
    if (!*more) break;
    ++chunk->n;
  }
  chunk->bytes_read = in->bytes_read();
  chunk->bytes_total = in->bytes_total();
}

Status TableSegmenter::ResolveColumn(RowReader* in, const Chunk& chunk) {
  const std::vector<Row>& rows = chunk.rows;
  const size_t n = chunk.n;
  header_ = in->header();
  ncols_ = header_.size();
  if (ncols_ == 0) {
    for (size_t k = 0; k < n; ++k) {
      if (rows[k].error.ok()) ncols_ = std::max(ncols_, rows[k].values.size());
    }
    for (size_t c = 0; c < ncols_; ++c) {
      header_.push_back("column_" + std::to_string(c + 1));
    }
  }
  if (ncols_ == 0 && n == 0) {
    col_ = 0;  // an empty input: nothing to segment, nothing to get wrong
    return Status::OK();
  }
  const std::string& want = options_.column;
  if (!want.empty()) {
    col_ = FindColumnByName(header_, want);
    if (col_ < 0 && AllDigits(want) && want.size() < 7) {
      const int index = std::stoi(want);
      if (index >= 1 && static_cast<size_t>(index) <= ncols_) col_ = index - 1;
      if (col_ < 0) {
        return Status::InvalidArgument(
            "column " + want + " does not exist: the input has " +
            std::to_string(ncols_) + " column(s)");
      }
    }
    if (col_ < 0) {
      std::string names;
      for (const std::string& h : header_) names += (names.empty() ? "" : ", ") + h;
      return Status::InvalidArgument("no column named '" + want +
                                     "' (the columns are: " + names + ")");
    }
  } else {
    col_ = in->header().empty() ? -1 : DetectByName(header_);
    if (col_ < 0) col_ = DetectByContent(rows, n, ncols_);
    if (col_ < 0) {
      if (n == 0 && ncols_ > 0) {
        col_ = 0;  // no data at all: nothing to get wrong
      } else {
        return Status::FailedPrecondition(
            "cannot tell which column holds the phone numbers: give it by "
            "name or index");
      }
    }
  }
  summary_.phone_column = header_.empty() ? "" : header_[col_];
  summary_.phone_column_index = col_ + 1;
  return Status::OK();
}

Status TableSegmenter::Reject(RowWriter* rejects, const Row& row,
                              const std::string& reason,
                              const std::string& category) {
  ++summary_.rejects;
  ++summary_.rejects_by_reason[category];
  if (rejects == nullptr) return Status::OK();
  Row& r = reject_row_;
  r.number = row.number;
  r.values.resize(2 + row.values.size());
  r.types.resize(2 + row.values.size());
  r.values[0] = std::to_string(row.number);
  r.types[0] = CellType::kNumber;
  r.values[1] = reason;
  r.types[1] = CellType::kText;
  for (size_t c = 0; c < row.values.size(); ++c) {
    r.values[2 + c] = row.values[c];
    r.types[2 + c] = c < row.types.size() ? row.types[c] : CellType::kText;
  }
  return rejects->WriteRow(r);
}

void TableSegmenter::AppendField(uint8_t field, const Row& row,
                                 const Source& s, std::string* v,
                                 CellType* type) {
  const BatchResult& r = *s.r;
  const size_t i = s.i;
  const bool ok = r.ok(i);
  v->clear();
  *type = CellType::kText;
  switch (field) {
    case kInput:
      if (static_cast<size_t>(col_) < row.values.size()) *v = row.values[col_];
      break;
    case kValid:
      *v = ok && r.valid[i] ? "true" : "false";
      *type = CellType::kBoolean;
      return;
    case kPossible:
      *v = ok && r.possible[i] ? "true" : "false";
      *type = CellType::kBoolean;
      return;
    case kError:
      if (!ok) *v = StatusCodeName(r.error_code(i));
      break;
    case kE164:
      if (ok) {
        if (!r.e164.empty()) {
          *v = r.e164[i];
        } else {
          *v = r.E164String(i);
        }
      }
      break;
    case kCountryCode:
      if (ok) {
        *v = std::to_string(r.country_code[i]);
        *type = CellType::kNumber;
      }
      break;
    case kRegion:
      *v = seg_.region_name(r.region_id[i]);
      break;
    case kNationalNumber:
      if (ok) *v = NationalNumber(r, i);
      break;
    case kNdc:
      if (ok) {
        const std::string& nn = NationalNumber(r, i);
        v->assign(nn, 0, std::min<size_t>(nn.size(), r.ndc_length[i]));
      }
      break;
    case kSubscriberNumber:
      if (ok) {
        const std::string& nn = NationalNumber(r, i);
        v->assign(nn, std::min<size_t>(nn.size(), r.ndc_length[i]));
      }
      break;
    case kType:
      if (ok) *v = NumberTypeName(r.number_type(i));
      break;
    case kOperator:
      *v = seg_.operator_name(r.operator_id[i]);
      break;
    case kExtension:
      if (ok) *v = r.extension[i];
      break;
    case kInternational:
      if (ok) *v = r.international[i];
      break;
    case kNational:
      if (ok) *v = r.national[i];
      break;
    case kRfc3966:
      if (ok) *v = r.rfc3966[i];
      break;
    case kPossibility:
      if (ok) *v = PossibilityName(static_cast<Possibility>(r.possibility[i]));
      break;
    case kErrorMessage:
      if (!ok) {
        const std::string_view text =
            s.restored ? std::string_view(texts2_[i]) : texts_[i];
        Result<Segmentation> again =
            engine_.Segment(text, options_.default_region, 0);
        if (!again.ok()) *v = again.status().message();
      }
      break;
    case kPortable:
      *v = ok && r.portable[i] ? "true" : "false";
      *type = CellType::kBoolean;
      return;
    case kFlags:
      if (ok) {
        uint32_t flags = r.flags[i];
        for (SegmentationFlag flag : kSegmentationFlags) {
          if (flags & flag) {
            if (!v->empty()) v->push_back('|');
            v->append(SegmentationFlagName(flag));
            flags &= ~static_cast<uint32_t>(flag);
          }
        }
        for (int bit = 0; bit < 32; ++bit) {
          if (flags & (1u << bit)) {
            if (!v->empty()) v->push_back('|');
            v->append("FLAG_" + std::to_string(1u << bit));
          }
        }
      }
      break;
    case kCarrierCode:
      if (ok) *v = r.carrier_code[i];
      break;
    case kCountryCodeSource:
      if (ok) {
        *v = CountryCodeSourceName(
            static_cast<CountryCodeSource>(r.country_code_source[i]));
      }
      break;
    case kNote:
      if (s.restored) {
        *v = "leading zero restored (" + region_upper_ + " national number)";
      }
      break;
    default:
      break;
  }
  if (v->empty()) *type = CellType::kEmpty;
}

Status TableSegmenter::ProcessChunk(Chunk* chunk, RowWriter* out,
                                    RowWriter* rejects) {
  std::vector<Row>& rows = chunk->rows;
  const size_t n = chunk->n;
  texts_.Clear();
  texts2_.Clear();
  candidates_.clear();
  nn_result_ = nullptr;
  sources_.assign(n, Source());
  std::vector<uint32_t>& cand = candidates_;
  const bool rule_on = options_.leading_zero != LeadingZeroRule::kNever &&
                       !region_upper_.empty();
  digits_.resize(n);
  // Pass 1: the phone texts of the readable rows.
  for (size_t k = 0; k < n; ++k) {
    Row& row = rows[k];
    if (!row.error.ok()) continue;
    if (row.values.size() > ncols_) {
      row.error = Status::InvalidArgument(
          "wrong column count: " + std::to_string(row.values.size()) +
          " cells, the header has " + std::to_string(ncols_));
      continue;
    }
    std::string_view text;
    CellType type = CellType::kEmpty;
    if (static_cast<size_t>(col_) < row.values.size()) {
      text = row.values[col_];
      type = row.types[col_];
    }
    digits_[k].clear();
    if (type == CellType::kNumber && NumberToDigits(text, &digits_[k])) {
      text = digits_[k];
    } else if (options_.leading_zero == LeadingZeroRule::kAllCells &&
               AllDigits(text)) {
      digits_[k].assign(text);
    } else {
      digits_[k].clear();
    }
    sources_[k].segmented = true;
    sources_[k].i = static_cast<uint32_t>(texts_.size());
    texts_.Append(text);
    if (rule_on && !digits_[k].empty()) cand.push_back(static_cast<uint32_t>(k));
  }
  ORACLE_RETURN_NOT_OK(seg_.Segment(texts_.view(), &r1_));
  for (size_t k = 0; k < n; ++k) {
    if (sources_[k].segmented) sources_[k].r = &r1_;
  }
  // Pass 2: the leading-zero rule on the numeric cells that are not valid.
  if (!cand.empty()) {
    std::vector<uint32_t> tried;
    for (uint32_t k : cand) {
      const uint32_t i = sources_[k].i;
      if (r1_.ok(i) && r1_.valid[i]) continue;
      scratch_.assign("0");
      scratch_.append(digits_[k]);
      texts2_.Append(scratch_);
      tried.push_back(k);
    }
    if (!tried.empty()) {
      ORACLE_RETURN_NOT_OK(seg_.Segment(texts2_.view(), &r2_));
      for (size_t j = 0; j < tried.size(); ++j) {
        if (r2_.ok(j) && r2_.valid[j]) {
          Source& s = sources_[tried[j]];
          s.r = &r2_;
          s.i = static_cast<uint32_t>(j);
          s.restored = true;
        }
      }
    }
  }
  // Pass 3: write.
  const size_t nfields = fields_.size();
  for (size_t k = 0; k < n; ++k) {
    const Row& row = rows[k];
    ++summary_.rows_read;
    if (!row.error.ok()) {
      ++summary_.unreadable_rows;
      ORACLE_RETURN_NOT_OK(
          Reject(rejects, row, row.error.message(), RejectCategory(row.error)));
      continue;
    }
    const Source& s = sources_[k];
    const BatchResult& r = *s.r;
    const size_t i = s.i;
    const bool ok = r.ok(i);
    if (options_.dedupe && ok) {
      const uint64_t nn = r.national_number[i];
      const uint64_t key_hi =
          (static_cast<uint64_t>(r.country_code[i]) << 8) | r.leading_zeros[i];
      if (!seen_.emplace(nn, key_hi).second) {
        ++summary_.duplicates;
        continue;
      }
    }
    if (s.restored) ++summary_.leading_zeros_restored;
    // The output row: input cells, padded to the header, then the fields.
    out_row_.number = row.number;
    out_row_.values.resize(ncols_ + nfields);
    out_row_.types.resize(ncols_ + nfields);
    for (size_t f = 0; f < nfields; ++f) {
      AppendField(fields_[f], row, s, &out_row_.values[ncols_ + f],
                  &out_row_.types[ncols_ + f]);
    }
    // The input cells are moved in and back out, not copied.
    Row& in_row = rows[k];
    const size_t have = std::min(ncols_, in_row.values.size());
    for (size_t c = 0; c < have; ++c) {
      out_row_.values[c].swap(in_row.values[c]);
      out_row_.types[c] = in_row.types[c];
    }
    for (size_t c = have; c < ncols_; ++c) {
      out_row_.values[c].clear();
      out_row_.types[c] = CellType::kEmpty;
    }
    const Status written = out->WriteRow(out_row_);
    for (size_t c = 0; c < have; ++c) {
      out_row_.values[c].swap(in_row.values[c]);
    }
    ORACLE_RETURN_NOT_OK(written);
    ++summary_.rows_written;
    // Counts.
    if (!ok) {
      ++summary_.not_a_number;
      ++by_error_[r.error[i] & 31];
      const std::string_view phone =
          static_cast<size_t>(col_) < row.values.size()
              ? std::string_view(row.values[col_])
              : std::string_view();
      ORACLE_RETURN_NOT_OK(Reject(
          rejects, row,
          phone.empty() ? "invalid number: empty phone cell"
                        : "invalid number: " +
                              std::string(StatusCodeName(r.error_code(i))),
          "invalid number"));
      continue;
    }
    ++by_region_[r.region_id[i]];
    if (r.region_id[i] == 0) ++by_cc_without_region_[r.country_code[i]];
    ++by_operator_[r.operator_id[i]];
    ++by_type_[r.type[i] < 12 ? r.type[i] : 11];
    if (r.valid[i]) {
      ++summary_.valid;
    } else {
      ++summary_.invalid;
      ORACLE_RETURN_NOT_OK(Reject(
          rejects, row,
          "invalid number: not a valid number (" +
              std::string(PossibilityName(
                  static_cast<Possibility>(r.possibility[i]))) +
              ")",
          "invalid number"));
    }
  }
  return Status::OK();
}

Result<TableSummary> TableSegmenter::Run(RowReader* in, RowWriter* out,
                                         RowWriter* rejects) {
  const auto start = std::chrono::steady_clock::now();
  const auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         start)
        .count();
  };
  // The next chunk is read on another thread while this one is segmented
  // and written (the reader is used by one thread at a time: each read
  // starts after the previous one ended).
  Chunk chunks[2];
  int current = 0;
  ReadChunk(in, &chunks[current]);
  ORACLE_RETURN_NOT_OK(ResolveColumn(in, chunks[current]));
  ORACLE_RETURN_NOT_OK(out->WriteHeader(OutputHeader(header_, options_.fields)));
  if (rejects != nullptr) {
    std::vector<std::string> names = {"row", "reason"};
    names.insert(names.end(), header_.begin(), header_.end());
    ORACLE_RETURN_NOT_OK(rejects->WriteHeader(names));
  }
  while (true) {
    Chunk& chunk = chunks[current];
    // A chunk cut short by a reader error is still written, then the error
    // is returned.
    if (chunk.n == 0) {
      ORACLE_RETURN_NOT_OK(chunk.status);
      break;
    }
    std::future<void> reading;
    if (chunk.status.ok()) {
      Chunk* next = &chunks[1 - current];
      reading = std::async(std::launch::async,
                           [this, in, next] { ReadChunk(in, next); });
    }
    Status s = ProcessChunk(&chunk, out, rejects);
    if (reading.valid()) reading.wait();
    ORACLE_RETURN_NOT_OK(s);
    ORACLE_RETURN_NOT_OK(chunk.status);
    if (options_.progress) {
      TableProgress p;
      p.rows = summary_.rows_read;
      p.bytes_read = chunk.bytes_read;
      p.bytes_total = chunk.bytes_total;
      p.seconds = elapsed();
      options_.progress(p);
    }
    current = 1 - current;
  }
  // Names for the counts.
  for (size_t id = 1; id < by_region_.size(); ++id) {
    if (by_region_[id] > 0) {
      summary_.by_country[std::string(seg_.region_name(static_cast<uint16_t>(id)))] +=
          by_region_[id];
    }
  }
  for (const auto& [cc, count] : by_cc_without_region_) {
    summary_.by_country["+" + std::to_string(cc)] += count;
  }
  for (size_t id = 0; id < by_operator_.size(); ++id) {
    if (by_operator_[id] > 0) {
      const std::string_view name = seg_.operator_name(static_cast<uint16_t>(id));
      summary_.by_operator[name.empty() ? "(none)" : std::string(name)] +=
          by_operator_[id];
    }
  }
  for (size_t t = 0; t < by_type_.size(); ++t) {
    if (by_type_[t] > 0) {
      summary_.by_type[std::string(NumberTypeName(static_cast<NumberType>(t)))] +=
          by_type_[t];
    }
  }
  for (size_t e = 1; e < by_error_.size(); ++e) {
    if (by_error_[e] > 0) {
      summary_.by_type[std::string(StatusCodeName(static_cast<StatusCode>(e)))] +=
          by_error_[e];
    }
  }
  if (summary_.valid > 0) summary_.by_validity["valid"] = summary_.valid;
  if (summary_.invalid > 0) summary_.by_validity["invalid"] = summary_.invalid;
  if (summary_.not_a_number > 0) {
    summary_.by_validity["not a number"] = summary_.not_a_number;
  }
  summary_.seconds = elapsed();
  return summary_;
}

void AppendCounts(const char* title, const std::map<std::string, int64_t>& m,
                  std::string* out) {
  if (m.empty()) return;
  std::vector<std::pair<std::string, int64_t>> items(m.begin(), m.end());
  std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
    return a.second > b.second;
  });
  size_t width = 0;
  for (const auto& it : items) width = std::max(width, it.first.size());
  *out += title;
  *out += ":\n";
  char buf[64];
  for (const auto& [name, count] : items) {
    *out += "  " + name + std::string(width - name.size() + 2, ' ');
    std::snprintf(buf, sizeof buf, "%10lld\n", static_cast<long long>(count));
    *out += buf;
  }
}

void AppendJsonCounts(const char* key, const std::map<std::string, int64_t>& m,
                      std::string* out) {
  *out += ",\"";
  *out += key;
  *out += "\":{";
  bool first = true;
  for (const auto& [name, count] : m) {
    if (!first) out->push_back(',');
    first = false;
    internal::AppendJsonString(name, out);
    *out += ":" + std::to_string(count);
  }
  out->push_back('}');
}

}  // namespace

const std::vector<std::string>& SegmentTableFieldNames() { return FieldNames(); }

Result<std::vector<std::string>> ParseFieldList(std::string_view list) {
  std::vector<std::string> out;
  if (list == "all") return FieldNames();
  if (list == "default") return SegmentTableOptions().fields;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view name = list.substr(start, comma - start);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name.empty()) {
      return Status::InvalidArgument("empty field name in the list '" +
                                     std::string(list) + "'");
    }
    if (FieldIdOf(name) < 0) {
      std::string known;
      for (const std::string& f : FieldNames()) known += (known.empty() ? "" : ", ") + f;
      return Status::InvalidArgument("unknown field '" + std::string(name) +
                                     "' (known: " + known + ")");
    }
    out.emplace_back(name);
    start = comma + 1;
  }
  return out;
}

Status SegmentTableOptions::Validate() const {
  if (fields.empty()) {
    return Status::InvalidArgument("SegmentTableOptions.fields is empty");
  }
  for (const std::string& f : fields) {
    if (FieldIdOf(f) < 0) {
      return Status::InvalidArgument("SegmentTableOptions.fields: unknown field '" +
                                     f + "'");
    }
  }
  if (num_threads < 0) {
    return Status::InvalidArgument("SegmentTableOptions.num_threads must be >= 0");
  }
  if (chunk_rows == 0 || chunk_rows > (size_t{1} << 24)) {
    return Status::InvalidArgument(
        "SegmentTableOptions.chunk_rows must be between 1 and 16777216");
  }
  if (static_cast<uint8_t>(leading_zero) > 2) {
    return Status::InvalidArgument(
        "SegmentTableOptions.leading_zero is not a LeadingZeroRule");
  }
  return Status::OK();
}

std::string TableSummary::ToText() const {
  std::string out;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "phone column: %s (column %d)\n"
                "rows read: %lld   written: %lld   unreadable: %lld   "
                "duplicates: %lld\n"
                "valid: %lld   invalid: %lld   not a number: %lld   "
                "leading zero restored: %lld\n",
                phone_column.c_str(), phone_column_index,
                static_cast<long long>(rows_read),
                static_cast<long long>(rows_written),
                static_cast<long long>(unreadable_rows),
                static_cast<long long>(duplicates),
                static_cast<long long>(valid), static_cast<long long>(invalid),
                static_cast<long long>(not_a_number),
                static_cast<long long>(leading_zeros_restored));
  out += buf;
  AppendCounts("by country", by_country, &out);
  AppendCounts("by operator", by_operator, &out);
  AppendCounts("by type", by_type, &out);
  AppendCounts("by validity", by_validity, &out);
  if (rejects > 0) {
    std::snprintf(buf, sizeof buf, "rejects: %lld\n",
                  static_cast<long long>(rejects));
    out += buf;
    AppendCounts("rejects by reason", rejects_by_reason, &out);
  } else {
    out += "rejects: 0\n";
  }
  std::snprintf(buf, sizeof buf, "time: %.3f s (%.0f rows/s)\n", seconds,
                rows_per_second());
  out += buf;
  return out;
}

std::string TableSummary::ToJson() const {
  std::string out = "{\"phone_column\":";
  internal::AppendJsonString(phone_column, &out);
  out += ",\"phone_column_index\":" + std::to_string(phone_column_index);
  const std::pair<const char*, int64_t> counts[] = {
      {"rows_read", rows_read},
      {"rows_written", rows_written},
      {"unreadable_rows", unreadable_rows},
      {"valid", valid},
      {"invalid", invalid},
      {"not_a_number", not_a_number},
      {"duplicates", duplicates},
      {"leading_zeros_restored", leading_zeros_restored},
      {"rejects", rejects}};
  for (const auto& [key, value] : counts) {
    out += ",\"";
    out += key;
    out += "\":" + std::to_string(value);
  }
  AppendJsonCounts("by_country", by_country, &out);
  AppendJsonCounts("by_operator", by_operator, &out);
  AppendJsonCounts("by_type", by_type, &out);
  AppendJsonCounts("by_validity", by_validity, &out);
  AppendJsonCounts("rejects_by_reason", rejects_by_reason, &out);
  char buf[64];
  std::snprintf(buf, sizeof buf, ",\"seconds\":%.6f}", seconds);
  out += buf;
  out += "\n";
  return out;
}

Result<TableSummary> SegmentTable(const Engine& engine, RowReader* in,
                                  RowWriter* out, RowWriter* rejects,
                                  const SegmentTableOptions& options) {
  ORACLE_RETURN_NOT_OK(options.Validate());
  if (in == nullptr || out == nullptr) {
    return Status::InvalidArgument("SegmentTable needs a reader and a writer");
  }
  BatchOptions batch;
  batch.default_region = options.default_region;
  batch.num_threads = options.num_threads;
  batch.chunk_rows = options.chunk_rows;
  uint32_t strings = kBatchNoStrings;
  bool ndc = false;  // only the NDC and subscriber number need it
  for (const std::string& f : options.fields) {
    switch (FieldIdOf(f)) {
      case kNdc: ndc = true; break;
      case kSubscriberNumber: ndc = true; break;
      case kE164: strings |= kBatchE164; break;
      case kExtension: strings |= kBatchExtension; break;
      case kInternational: strings |= kBatchInternational; break;
      case kNational: strings |= kBatchNational; break;
      case kRfc3966: strings |= kBatchRfc3966; break;
      case kCarrierCode: strings |= kBatchCarrierCode; break;
      default: break;
    }
  }
  batch.strings = strings;
  batch.ndc_length = ndc;
  ORACLE_ASSIGN_OR_RAISE(BatchSegmenter segmenter,
                         BatchSegmenter::Make(engine, batch));
  TableSegmenter table(engine, std::move(segmenter), options);
  return table.Run(in, out, rejects);
}

}  // namespace oracle
