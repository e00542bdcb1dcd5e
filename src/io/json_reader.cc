// The JSON Lines / JSON array reader of json_io.h.
//
// The input is cut into records (a line, or an element of the top-level
// array found by a small quote- and depth-aware scanner) and each record is
// parsed alone with nlohmann_json's SAX interface, which hands over numbers
// as written in the file. Memory is bounded by the block size and
// max_record_bytes.
#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/io_internal.h"
#include "oracle/json_io.h"

namespace oracle {

namespace {

constexpr size_t kBlockBytes = size_t{1} << 20;

// SAX handler turning one JSON object into a Row. With `header` set (the
// first object), every key becomes a column.
class RowSax {
 public:
  using json = nlohmann::json;

  RowSax(std::vector<std::string>* header,
         std::unordered_map<std::string, size_t>* columns,
         const JsonReadOptions& options)
      : header_(header), columns_(columns), options_(options) {}

  // Starts a row. `building` true: keys add columns.
  void Begin(Row* row, bool building) {
    row_ = row;
    building_ = building;
    depth_ = 0;
    error_.clear();
    fatal_ = false;
    row_->values.assign(header_->size(), std::string());
    row_->types.assign(header_->size(), CellType::kEmpty);
    seen_.assign(header_->size(), false);
    current_ = kNone;
  }
  const std::string& error() const { return error_; }
  bool fatal() const { return fatal_; }

  bool null() { return Value(CellType::kEmpty, "null", ""); }
  bool boolean(bool b) {
    return Value(CellType::kBoolean, b ? "true" : "false", b ? "true" : "false");
  }
  bool number_integer(json::number_integer_t v) {
    const std::string s = std::to_string(v);
    return Value(CellType::kNumber, s, s);
  }
  bool number_unsigned(json::number_unsigned_t v) {
    const std::string s = std::to_string(v);
    return Value(CellType::kNumber, s, s);
  }
  bool number_float(json::number_float_t, const std::string& raw) {
    return Value(CellType::kNumber, raw, raw);
  }
  bool string(std::string& s) {
    if (depth_ > 1) {
      BeforeNested();
      internal::AppendJsonString(s, &nested_);
      return true;
    }
    return Value(CellType::kText, "", s);
  }
  bool binary(json::binary_t&) { return Fail("binary values are not JSON text"); }
  bool start_object(std::size_t) {
    if (depth_ == 0) {
      depth_ = 1;
      return true;
    }
    return Open('{');
  }
  bool key(std::string& k) {
    if (depth_ > 1) {
      if (!first_.back()) nested_.push_back(',');
      first_.back() = false;
      internal::AppendJsonString(k, &nested_);
      nested_.push_back(':');
      after_key_ = true;
      return true;
    }
    auto it = columns_->find(k);
    if (it == columns_->end()) {
      if (!building_) {
        return Fail("unknown key \"" + k + "\" (not in the first object)");
      }
      if (header_->size() >= options_.max_columns) {
        fatal_ = true;
        return Fail("more than " + std::to_string(options_.max_columns) +
                    " keys (the limit; see JsonReadOptions)");
      }
      it = columns_->emplace(k, header_->size()).first;
      header_->push_back(k);
      row_->values.emplace_back();
      row_->types.push_back(CellType::kEmpty);
      seen_.push_back(false);
    }
    current_ = it->second;
    if (seen_[current_]) return Fail("duplicate key \"" + k + "\"");
    seen_[current_] = true;
    return true;
  }
  bool end_object() {
    if (depth_ == 1) {
      depth_ = 0;
      return true;
    }
    return Close('}');
  }
  bool start_array(std::size_t) {
    if (depth_ == 0) return Fail("not a JSON object");
    return Open('[');
  }
  bool end_array() { return Close(']'); }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) {
    std::string what = ex.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 5:
    // ..." -> the part after the id.
    const size_t cut = what.find("] ");
    if (cut != std::string::npos) what = what.substr(cut + 2);
    return Fail("not valid JSON: " + what);
  }

 private:
  static constexpr size_t kNone = static_cast<size_t>(-1);

  bool Fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
  }
  void BeforeNested() {
    if (after_key_) {
      after_key_ = false;
    } else {
      if (!first_.back()) nested_.push_back(',');
      first_.back() = false;
    }
  }
  bool Open(char c) {
    if (depth_ == 1) {
      nested_.clear();
      first_.clear();
      after_key_ = false;
    } else {
      BeforeNested();
    }
    if (depth_ >= options_.max_depth) {
      return Fail("nested deeper than " + std::to_string(options_.max_depth) +
                  " levels (the limit; see JsonReadOptions)");
    }
    nested_.push_back(c);
    first_.push_back(true);
    ++depth_;
    return true;
  }
  bool Close(char c) {
    nested_.push_back(c);
    first_.pop_back();
    --depth_;
    after_key_ = false;
    if (depth_ == 1) return Store(CellType::kText, nested_);
    return true;
  }
  // A scalar: `json_text` is its JSON form inside nested values, `cell`
  // its cell text at the top level.
  bool Value(CellType type, std::string_view json_text, std::string_view cell) {
    if (depth_ == 0) return Fail("not a JSON object");
    if (depth_ > 1) {
      BeforeNested();
      nested_.append(json_text);
      return true;
    }
    return Store(type, cell);
  }
  bool Store(CellType type, std::string_view cell) {
    if (current_ == kNone) return Fail("value without a key");
    row_->values[current_].assign(cell);
    row_->types[current_] = type;
    current_ = kNone;
    return true;
  }

  std::vector<std::string>* header_;
  std::unordered_map<std::string, size_t>* columns_;
  const JsonReadOptions& options_;
  Row* row_ = nullptr;
  bool building_ = false;
  int depth_ = 0;
  size_t current_ = kNone;
  std::vector<bool> seen_;
  std::string nested_;
  std::vector<bool> first_;
  bool after_key_ = false;
  std::string error_;
  bool fatal_ = false;
};

class JsonReader final : public RowReader {
 public:
  JsonReader(std::unique_ptr<internal::ByteSource> source,
             const JsonReadOptions& options)
      : source_(std::move(source)),
        options_(options),
        sax_(&header_, &columns_, options_) {}

  Status Init();
  const std::vector<std::string>& header() const override { return header_; }
  Result<bool> Next(Row* row) override;
  int64_t bytes_read() const override {
    return consumed_ + static_cast<int64_t>(pos_);
  }
  int64_t bytes_total() const override { return source_->size(); }

 private:
  Result<bool> Fill();
  // The next record's text into record_; false at the end of the input.
  Result<bool> NextRecord();
  Result<bool> NextLine();
  Result<bool> NextElement();
  void Parse(Row* row, bool building);
  Status SkipSpace(bool* at_end);

  std::unique_ptr<internal::ByteSource> source_;
  JsonReadOptions options_;
  std::vector<std::string> header_;
  std::unordered_map<std::string, size_t> columns_;
  RowSax sax_;
  std::string buf_;
  size_t pos_ = 0;
  int64_t consumed_ = 0;  // bytes dropped from the front of buf_
  bool eof_ = false;
  int64_t line_ = 1;
  int64_t elements_ = 0;
  std::string record_;
  int64_t record_number_ = 0;
  bool array_started_ = false;
  bool array_done_ = false;
  bool have_pending_ = false;
  Row pending_;
};

Result<bool> JsonReader::Fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    consumed_ += static_cast<int64_t>(pos_);
    pos_ = 0;
  }
  const size_t before = buf_.size();
  buf_.resize(before + kBlockBytes);
  ORACLE_ASSIGN_OR_RAISE(size_t got,
                         source_->Read(buf_.data() + before, kBlockBytes));
  buf_.resize(before + got);
  if (got == 0) eof_ = true;
  return got > 0;
}

Result<bool> JsonReader::NextLine() {
  while (true) {
    // Find the end of the line, reading more as needed.
    size_t scan = pos_;
    size_t nl;
    while (true) {
      const void* hit = std::memchr(buf_.data() + scan, '\n', buf_.size() - scan);
      if (hit != nullptr) {
        nl = static_cast<size_t>(static_cast<const char*>(hit) - buf_.data());
        break;
      }
      if (buf_.size() - pos_ > options_.max_record_bytes) {
        return Status::ResourceExhausted(
            source_->name() + ": line " + std::to_string(line_) +
            " is longer than " + std::to_string(options_.max_record_bytes) +
            " bytes (the limit; see JsonReadOptions)");
      }
      scan = buf_.size() - pos_;
      ORACLE_ASSIGN_OR_RAISE(bool more, Fill());
      scan = pos_ + scan;
      if (!more) {
        nl = buf_.size();
        break;
      }
    }
    if (nl - pos_ > options_.max_record_bytes) {
      return Status::ResourceExhausted(
          source_->name() + ": line " + std::to_string(line_) +
          " is longer than " + std::to_string(options_.max_record_bytes) +
          " bytes (the limit; see JsonReadOptions)");
    }
    std::string_view line(buf_.data() + pos_, nl - pos_);
    const int64_t number = line_;
    const bool at_end = nl == buf_.size();
    pos_ = at_end ? nl : nl + 1;
    if (!at_end) ++line_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (number == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    const bool blank = line.find_first_not_of(" \t") == std::string_view::npos;
    if (!blank) {
      record_.assign(line);
      record_number_ = number;
      return true;
    }
    if (at_end) return false;
  }
}

Status JsonReader::SkipSpace(bool* at_end) {
  *at_end = false;
  while (true) {
    while (pos_ < buf_.size()) {
      const char c = buf_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return Status::OK();
      ++pos_;
    }
    ORACLE_ASSIGN_OR_RAISE(bool more, Fill());
    if (!more) {
      *at_end = true;
      return Status::OK();
    }
  }
}

Result<bool> JsonReader::NextElement() {
  bool at_end = false;
  if (!array_started_) {
    array_started_ = true;
    ORACLE_RETURN_NOT_OK(SkipSpace(&at_end));
    if (!at_end && buf_.compare(pos_, 3, "\xEF\xBB\xBF") == 0) {
      pos_ += 3;
      ORACLE_RETURN_NOT_OK(SkipSpace(&at_end));
    }
    if (at_end || buf_[pos_] != '[') {
      return Status::DataLoss(source_->name() +
                              ": not a JSON array (it must start with '[')");
    }
    ++pos_;
    ORACLE_RETURN_NOT_OK(SkipSpace(&at_end));
    if (!at_end && buf_[pos_] == ']') {
      ++pos_;
      array_done_ = true;
    }
  }
  if (array_done_) {
    ORACLE_RETURN_NOT_OK(SkipSpace(&at_end));
    if (!at_end) {
      return Status::DataLoss(source_->name() +
                              ": text after the end of the JSON array");
    }
    return false;
  }
  ORACLE_RETURN_NOT_OK(SkipSpace(&at_end));
  if (at_end) {
    return Status::DataLoss(source_->name() +
                            ": the JSON array is cut short (no closing ']')");
  }
  // Scan to the ',' or ']' that ends the element at depth 0.
  size_t i = pos_;
  int depth = 0;
  bool in_string = false;
  bool escape = false;
  while (true) {
    if (i == buf_.size()) {
      if (i - pos_ > options_.max_record_bytes) {
        return Status::ResourceExhausted(
            source_->name() + ": array element " +
            std::to_string(elements_ + 1) + " is longer than " +
            std::to_string(options_.max_record_bytes) +
            " bytes (the limit; see JsonReadOptions)");
      }
      const size_t offset = i - pos_;
      ORACLE_ASSIGN_OR_RAISE(bool more, Fill());
      i = pos_ + offset;
      if (!more) {
        return Status::DataLoss(source_->name() +
                                ": the JSON array is cut short (element " +
                                std::to_string(elements_ + 1) + ")");
      }
    }
    const char c = buf_[i];
    if (in_string) {
      if (escape) {
        escape = false;
      } else if (c == '\\') {
        escape = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0 && c == ']') break;
      --depth;
      if (depth < 0) {
        return Status::DataLoss(source_->name() + ": unbalanced '}' in element " +
                                std::to_string(elements_ + 1));
      }
    } else if (c == ',' && depth == 0) {
      break;
    }
    ++i;
  }
  if (i - pos_ > options_.max_record_bytes) {
    return Status::ResourceExhausted(
        source_->name() + ": array element " + std::to_string(elements_ + 1) +
        " is longer than " + std::to_string(options_.max_record_bytes) +
        " bytes (the limit; see JsonReadOptions)");
  }
  record_.assign(buf_, pos_, i - pos_);
  ++elements_;
  record_number_ = elements_;
  if (buf_[i] == ']') array_done_ = true;
  pos_ = i + 1;
  if (record_.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::DataLoss(source_->name() + ": empty element " +
                            std::to_string(elements_) + " in the JSON array");
  }
  return true;
}

Result<bool> JsonReader::NextRecord() {
  return options_.layout == JsonLayout::kLines ? NextLine() : NextElement();
}

void JsonReader::Parse(Row* row, bool building) {
  sax_.Begin(row, building);
  row->number = record_number_;
  row->error = Status::OK();
  bool ok = false;
  try {
    ok = nlohmann::json::sax_parse(record_.begin(), record_.end(), &sax_);
  } catch (const std::exception& e) {
    ok = false;
    if (sax_.error().empty()) {
      row->error = Status::InvalidArgument(std::string("not valid JSON: ") +
                                           e.what());
    }
  }
  if (!ok) {
    if (row->error.ok()) {
      row->error = Status::InvalidArgument(
          sax_.error().empty() ? "not a JSON object" : sax_.error());
    }
    if (sax_.error().find("not valid JSON") == 0 ||
        sax_.error() == "not a JSON object") {
      // Nothing could be read as cells: keep the raw text.
      std::string raw = record_;
      internal::ReplaceInvalidUtf8(&raw);
      row->values.assign(1, std::move(raw));
      row->types.assign(1, CellType::kText);
    }
  }
}

Status JsonReader::Init() {
  ORACLE_ASSIGN_OR_RAISE(bool any, NextRecord());
  if (!any) return Status::OK();
  Parse(&pending_, /*building=*/true);
  if (!pending_.error.ok()) {
    return Status::DataLoss(source_->name() + ": the first " +
                            (options_.layout == JsonLayout::kLines
                                 ? "line"
                                 : "element") +
                            " gives the column names and must be a JSON "
                            "object: " + pending_.error.message());
  }
  have_pending_ = true;
  return Status::OK();
}

Result<bool> JsonReader::Next(Row* row) {
  if (have_pending_) {
    have_pending_ = false;
    std::swap(*row, pending_);
    return true;
  }
  ORACLE_ASSIGN_OR_RAISE(bool any, NextRecord());
  if (!any) {
    row->Clear();
    return false;
  }
  Parse(row, /*building=*/false);
  if (sax_.fatal()) return Status::ResourceExhausted(sax_.error());
  return true;
}

Result<std::unique_ptr<RowReader>> MakeFromSource(
    std::unique_ptr<internal::ByteSource> source,
    const JsonReadOptions& options) {
  auto reader = std::make_unique<JsonReader>(std::move(source), options);
  ORACLE_RETURN_NOT_OK(reader->Init());
  return std::unique_ptr<RowReader>(std::move(reader));
}

}  // namespace

Status JsonReadOptions::Validate() const {
  if (layout != JsonLayout::kLines && layout != JsonLayout::kArray) {
    return Status::InvalidArgument("JsonReadOptions.layout is not a JsonLayout");
  }
  if (max_record_bytes == 0) {
    return Status::InvalidArgument("JsonReadOptions.max_record_bytes must be > 0");
  }
  if (max_columns == 0) {
    return Status::InvalidArgument("JsonReadOptions.max_columns must be > 0");
  }
  if (max_depth <= 0) {
    return Status::InvalidArgument("JsonReadOptions.max_depth must be > 0");
  }
  return Status::OK();
}

Result<std::unique_ptr<RowReader>> OpenJsonReader(
    const std::string& path, const JsonReadOptions& options) {
  ORACLE_RETURN_NOT_OK(options.Validate());
  ORACLE_ASSIGN_OR_RAISE(std::unique_ptr<internal::ByteSource> source,
                         internal::OpenByteSource(path));
  return MakeFromSource(std::move(source), options);
}

Result<std::unique_ptr<RowReader>> MakeJsonReader(
    std::unique_ptr<std::istream> in, const JsonReadOptions& options,
    int64_t size_hint) {
  ORACLE_RETURN_NOT_OK(options.Validate());
  if (in == nullptr) return Status::InvalidArgument("MakeJsonReader: null stream");
  return MakeFromSource(
      internal::StreamByteSource(std::move(in), size_hint, "input stream"),
      options);
}

}  // namespace oracle
