// The CSV/TSV writer of csv.h: RFC 4180 quoting, only where needed.
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/io_internal.h"
#include "oracle/csv.h"

namespace oracle {

namespace {

class CsvWriter final : public RowWriter {
 public:
  CsvWriter(std::unique_ptr<internal::ByteSink> sink,
            const CsvWriteOptions& options)
      : sink_(std::move(sink)), options_(options) {
    needs_quotes_[static_cast<unsigned char>(options.delimiter)] = 1;
    needs_quotes_['"'] = 1;
    needs_quotes_['\r'] = 1;
    needs_quotes_['\n'] = 1;
    if (options_.write_bom) sink_->buffer()->append("\xEF\xBB\xBF");
  }
  ~CsvWriter() override { (void)Close(); }

  Status WriteHeader(const std::vector<std::string>& names) override {
    if (closed_) return Status::FailedPrecondition("the CSV writer is closed");
    if (rows_ > 0 || header_written_) {
      return Status::FailedPrecondition(
          "WriteHeader must come once, before the first row");
    }
    header_written_ = true;
    if (names.empty()) return Status::OK();
    AppendRecord(names);
    return sink_->MaybeFlush();
  }

  Status WriteRow(const Row& row) override {
    if (closed_) return Status::FailedPrecondition("the CSV writer is closed");
    ++rows_;
    AppendRecord(row.values);
    return sink_->MaybeFlush();
  }

  Status Close() override {
    if (closed_) return close_status_;
    closed_ = true;
    close_status_ = sink_->Close();
    return close_status_;
  }

 private:
  void AppendRecord(const std::vector<std::string>& values) {
    std::string* out = sink_->buffer();
    for (size_t i = 0; i < values.size(); ++i) {
      if (i > 0) out->push_back(options_.delimiter);
      AppendField(values[i], out);
    }
    // A record of one empty field would read back as a blank line.
    if (values.size() == 1 && values[0].empty()) out->append("\"\"");
    out->append(options_.line_ending);
  }

  // True when `v` holds the delimiter, a quote, CR or LF: eight bytes at a
  // time (a zero byte of v ^ pattern marks a match), then byte by byte.
  bool NeedsQuotes(std::string_view v) const {
    constexpr uint64_t kOnes = 0x0101010101010101ull;
    constexpr uint64_t kHighs = 0x8080808080808080ull;
    const uint64_t delim =
        kOnes * static_cast<unsigned char>(options_.delimiter);
    size_t i = 0;
    for (; i + 8 <= v.size(); i += 8) {
      uint64_t w;
      std::memcpy(&w, v.data() + i, 8);
      uint64_t hit = 0;
      for (uint64_t pattern : {delim, kOnes * '"', kOnes * '\r', kOnes * '\n'}) {
        const uint64_t x = w ^ pattern;
        hit |= (x - kOnes) & ~x & kHighs;
      }
      if (hit != 0) return true;
    }
    for (; i < v.size(); ++i) {
      if (needs_quotes_[static_cast<unsigned char>(v[i])]) return true;
    }
    return false;
  }

  void AppendField(std::string_view v, std::string* out) const {
    const bool quote = NeedsQuotes(v);
    if (!quote) {
      out->append(v);
      return;
    }
    out->push_back('"');
    size_t run = 0;
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i] == '"') {
        out->append(v.data() + run, i + 1 - run);
        out->push_back('"');
        run = i + 1;
      }
    }
    out->append(v.data() + run, v.size() - run);
    out->push_back('"');
  }

  std::unique_ptr<internal::ByteSink> sink_;
  CsvWriteOptions options_;
  std::array<uint8_t, 256> needs_quotes_{};
  bool header_written_ = false;
  bool closed_ = false;
  int64_t rows_ = 0;
  Status close_status_;
};

}  // namespace

Status CsvWriteOptions::Validate() const {
  if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
    return Status::InvalidArgument(
        "CsvWriteOptions.delimiter cannot be a quote, CR or LF");
  }
  if (line_ending != "\n" && line_ending != "\r\n") {
    return Status::InvalidArgument(
        "CsvWriteOptions.line_ending must be \"\\n\" or \"\\r\\n\"");
  }
  return Status::OK();
}

Result<std::unique_ptr<RowWriter>> OpenCsvWriter(const std::string& path,
                                                 const CsvWriteOptions& options) {
  ORACLE_RETURN_NOT_OK(options.Validate());
  ORACLE_ASSIGN_OR_RAISE(std::unique_ptr<internal::ByteSink> sink,
                         internal::OpenByteSink(path));
  return std::unique_ptr<RowWriter>(new CsvWriter(std::move(sink), options));
}

Result<std::unique_ptr<RowWriter>> MakeCsvWriter(std::ostream* out,
                                                 const CsvWriteOptions& options) {
  ORACLE_RETURN_NOT_OK(options.Validate());
  if (out == nullptr) return Status::InvalidArgument("MakeCsvWriter: null stream");
  return std::unique_ptr<RowWriter>(
      new CsvWriter(internal::StreamByteSink(out), options));
}

}  // namespace oracle
