// The JSON Lines / JSON array writer of json_io.h.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "io/io_internal.h"
#include "oracle/json_io.h"

namespace oracle {

namespace {

class JsonWriter final : public RowWriter {
 public:
  JsonWriter(std::unique_ptr<internal::ByteSink> sink,
             const JsonWriteOptions& options)
      : sink_(std::move(sink)), options_(options) {}
  ~JsonWriter() override { (void)Close(); }

  Status WriteHeader(const std::vector<std::string>& names) override {
    if (closed_) return Status::FailedPrecondition("the JSON writer is closed");
    if (header_written_ || rows_ > 0) {
      return Status::FailedPrecondition(
          "WriteHeader must come once, before the first row");
    }
    header_written_ = true;
    prefixes_.clear();
    std::set<std::string> used;
    for (size_t i = 0; i < names.size(); ++i) {
      std::string p = i == 0 ? "{" : ",";
      std::string name = names[i];
      internal::ReplaceInvalidUtf8(&name);
      // A JSON object cannot hold a key twice: "tel", "tel" -> "tel",
      // "tel_2".
      if (!used.insert(name).second) {
        for (int k = 2;; ++k) {
          std::string candidate = name + "_" + std::to_string(k);
          if (used.insert(candidate).second) {
            name = std::move(candidate);
            break;
          }
        }
      }
      internal::AppendJsonString(name, &p);
      p.push_back(':');
      prefixes_.push_back(std::move(p));
    }
    return Status::OK();
  }

  Status WriteRow(const Row& row) override {
    if (closed_) return Status::FailedPrecondition("the JSON writer is closed");
    if (!header_written_) {
      return Status::FailedPrecondition(
          "the JSON writer needs WriteHeader (the keys) before rows");
    }
    if (row.values.size() > prefixes_.size()) {
      return Status::InvalidArgument(
          "row " + std::to_string(row.number) + " has " +
          std::to_string(row.values.size()) + " cells but the header only " +
          std::to_string(prefixes_.size()) + " names");
    }
    std::string* out = sink_->buffer();
    if (options_.layout == JsonLayout::kArray) {
      out->append(rows_ == 0 ? "[\n" : ",\n");
    }
    ++rows_;
    if (row.values.empty()) out->push_back('{');
    for (size_t i = 0; i < row.values.size(); ++i) {
      out->append(prefixes_[i]);
      const CellType type =
          i < row.types.size() ? row.types[i] : CellType::kText;
      const std::string& v = row.values[i];
      switch (type) {
        case CellType::kEmpty:
          if (v.empty()) {
            out->append("null");
          } else {
            AppendString(v, out);
          }
          break;
        case CellType::kNumber:
          if (internal::IsJsonNumber(v)) {
            out->append(v);
          } else {
            AppendString(v, out);
          }
          break;
        case CellType::kBoolean:
          if (v == "true" || v == "false") {
            out->append(v);
          } else {
            AppendString(v, out);
          }
          break;
        default:
          AppendString(v, out);
      }
    }
    out->push_back('}');
    if (options_.layout == JsonLayout::kLines) out->push_back('\n');
    return sink_->MaybeFlush();
  }

  Status Close() override {
    if (closed_) return close_status_;
    closed_ = true;
    if (options_.layout == JsonLayout::kArray) {
      sink_->buffer()->append(rows_ == 0 ? "[]\n" : "\n]\n");
    }
    close_status_ = sink_->Close();
    return close_status_;
  }

 private:
  static void AppendString(const std::string& v, std::string* out) {
    if (internal::IsAscii(v)) {
      internal::AppendJsonString(v, out);
      return;
    }
    std::string copy = v;
    internal::ReplaceInvalidUtf8(&copy);
    internal::AppendJsonString(copy, out);
  }

  std::unique_ptr<internal::ByteSink> sink_;
  JsonWriteOptions options_;
  std::vector<std::string> prefixes_;
  bool header_written_ = false;
  bool closed_ = false;
  int64_t rows_ = 0;
  Status close_status_;
};

}  // namespace

Status JsonWriteOptions::Validate() const {
  if (layout != JsonLayout::kLines && layout != JsonLayout::kArray) {
    return Status::InvalidArgument("JsonWriteOptions.layout is not a JsonLayout");
  }
  return Status::OK();
}

Result<std::unique_ptr<RowWriter>> OpenJsonWriter(
    const std::string& path, const JsonWriteOptions& options) {
  ORACLE_RETURN_NOT_OK(options.Validate());
  ORACLE_ASSIGN_OR_RAISE(std::unique_ptr<internal::ByteSink> sink,
                         internal::OpenByteSink(path));
  return std::unique_ptr<RowWriter>(new JsonWriter(std::move(sink), options));
}

Result<std::unique_ptr<RowWriter>> MakeJsonWriter(
    std::ostream* out, const JsonWriteOptions& options) {
  ORACLE_RETURN_NOT_OK(options.Validate());
  if (out == nullptr) return Status::InvalidArgument("MakeJsonWriter: null stream");
  return std::unique_ptr<RowWriter>(
      new JsonWriter(internal::StreamByteSink(out), options));
}

}  // namespace oracle
