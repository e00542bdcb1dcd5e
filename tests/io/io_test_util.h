// Helpers of the contact-file tests: temporary directories, reading every
// row of a RowReader, and an input stream that generates bytes.
#ifndef ORACLE_TESTS_IO_IO_TEST_UTIL_H_
#define ORACLE_TESTS_IO_IO_TEST_UTIL_H_

#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "oracle/table.h"

namespace oracle::testing {

// A directory removed with its content when the object goes.
class TempDir {
 public:
  TempDir() {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "oracle-io-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  std::string Write(const std::string& name, const std::string& bytes) const {
    const std::string p = File(name);
    std::ofstream out(p, std::ios::binary);
    out << bytes;
    return p;
  }

 private:
  std::string path_;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every row of a reader (stops at the first failed Next()).
struct ReadAll {
  std::vector<Row> rows;
  Status status;
};
inline ReadAll ReadRows(RowReader* reader) {
  ReadAll all;
  while (true) {
    Row row;
    Result<bool> more = reader->Next(&row);
    if (!more.ok()) {
      all.status = more.status();
      break;
    }
    if (!*more) break;
    all.rows.push_back(std::move(row));
  }
  return all;
}

// An input stream of `total` bytes made by `fill` (called with a buffer
// to fill and the offset of its first byte), never all in memory.
class GeneratedBuf : public std::streambuf {
 public:
  GeneratedBuf(uint64_t total,
               std::function<void(char*, size_t, uint64_t)> fill)
      : total_(total), fill_(std::move(fill)), buf_(1 << 16) {}
  uint64_t produced() const { return offset_; }

 protected:
  int_type underflow() override {
    if (offset_ >= total_) return traits_type::eof();
    const size_t n =
        static_cast<size_t>(std::min<uint64_t>(buf_.size(), total_ - offset_));
    fill_(buf_.data(), n, offset_);
    offset_ += n;
    setg(buf_.data(), buf_.data(), buf_.data() + n);
    return traits_type::to_int_type(buf_[0]);
  }

 private:
  uint64_t total_;
  std::function<void(char*, size_t, uint64_t)> fill_;
  std::vector<char> buf_;
  uint64_t offset_ = 0;
};

class GeneratedStream : public std::istream {
 public:
  GeneratedStream(uint64_t total,
                  std::function<void(char*, size_t, uint64_t)> fill)
      : std::istream(nullptr), buf_(total, std::move(fill)) {
    rdbuf(&buf_);
  }
  const GeneratedBuf& buf() const { return buf_; }

 private:
  GeneratedBuf buf_;
};

// Peak resident set size of this process, bytes.
inline int64_t PeakRssBytes() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<int64_t>(ru.ru_maxrss) * 1024;
}

}  // namespace oracle::testing

#endif  // ORACLE_TESTS_IO_IO_TEST_UTIL_H_
