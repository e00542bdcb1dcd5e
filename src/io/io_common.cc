// Byte sources and sinks, and the UTF-8/JSON text helpers of io_internal.h.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <sys/stat.h>

#include "common/utf8_internal.h"
#include "io/io_internal.h"

namespace oracle::internal {

std::string ErrnoMessage(const std::string& what, const std::string& name,
                         int err) {
  return "cannot " + what + " " + name + ": " + std::strerror(err);
}

namespace {

class FileByteSource final : public ByteSource {
 public:
  FileByteSource(std::FILE* f, bool owned, int64_t size, std::string name)
      : file_(f), owned_(owned), size_(size), name_(std::move(name)) {}
  ~FileByteSource() override {
    if (owned_ && file_ != nullptr) std::fclose(file_);
  }
  Result<size_t> Read(char* dst, size_t n) override {
    const size_t got = std::fread(dst, 1, n, file_);
    if (got == 0 && std::ferror(file_)) {
      return Status::IoError(ErrnoMessage("read", name_, errno));
    }
    return got;
  }
  int64_t size() const override { return size_; }
  const std::string& name() const override { return name_; }

 private:
  std::FILE* file_;
  bool owned_;
  int64_t size_;
  std::string name_;
};

class StreamByteSourceImpl final : public ByteSource {
 public:
  StreamByteSourceImpl(std::unique_ptr<std::istream> in, int64_t size,
                       std::string name)
      : in_(std::move(in)), size_(size), name_(std::move(name)) {}
  Result<size_t> Read(char* dst, size_t n) override {
    if (in_->eof()) return size_t{0};
    in_->read(dst, static_cast<std::streamsize>(n));
    const size_t got = static_cast<size_t>(in_->gcount());
    if (in_->bad()) return Status::IoError("cannot read " + name_);
    return got;
  }
  int64_t size() const override { return size_; }
  const std::string& name() const override { return name_; }

 private:
  std::unique_ptr<std::istream> in_;
  int64_t size_;
  std::string name_;
};

class FileByteSink final : public ByteSink {
 public:
  FileByteSink(std::FILE* f, bool owned, std::string name)
      : file_(f), owned_(owned), name_(std::move(name)) {}
  ~FileByteSink() override { (void)Close(); }
  Status Close() override {
    if (file_ == nullptr) return status_;
    Status s = Flush();
    if (s.ok() && std::fflush(file_) != 0) {
      s = Status::IoError(ErrnoMessage("write", name_, errno));
    }
    if (owned_ && std::fclose(file_) != 0 && s.ok()) {
      s = Status::IoError(ErrnoMessage("close", name_, errno));
    }
    file_ = nullptr;
    if (status_.ok()) status_ = s;
    return status_;
  }
  const std::string& name() const override { return name_; }

 protected:
  Status WriteOut(std::string_view bytes) override {
    if (!status_.ok()) return status_;
    if (file_ == nullptr) return Status::FailedPrecondition(name_ + " is closed");
    if (!bytes.empty() &&
        std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
      status_ = Status::IoError(ErrnoMessage("write", name_, errno));
    }
    return status_;
  }

 private:
  std::FILE* file_;
  bool owned_;
  std::string name_;
  Status status_;
};

class StreamByteSinkImpl final : public ByteSink {
 public:
  explicit StreamByteSinkImpl(std::ostream* out) : out_(out) {}
  ~StreamByteSinkImpl() override { (void)Close(); }
  Status Close() override {
    if (closed_) return status_;
    Status s = Flush();
    out_->flush();
    if (s.ok() && !*out_) s = Status::IoError("cannot write " + name_);
    closed_ = true;
    if (status_.ok()) status_ = s;
    return status_;
  }
  const std::string& name() const override { return name_; }

 protected:
  Status WriteOut(std::string_view bytes) override {
    if (!status_.ok()) return status_;
    out_->write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!*out_) status_ = Status::IoError("cannot write " + name_);
    return status_;
  }

 private:
  std::ostream* out_;
  bool closed_ = false;
  std::string name_ = "output stream";
  Status status_;
};

}  // namespace

Result<std::unique_ptr<ByteSource>> OpenByteSource(const std::string& path) {
  if (path == "-") {
    return std::unique_ptr<ByteSource>(
        new FileByteSource(stdin, false, 0, "standard input"));
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    const int err = errno;
    if (err == ENOENT) {
      return Status::NotFound(ErrnoMessage("open", path, err));
    }
    return Status::IoError(ErrnoMessage("open", path, err));
  }
  struct stat st;
  int64_t size = 0;
  if (fstat(fileno(f), &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      std::fclose(f);
      return Status::IoError("cannot read " + path + ": it is a directory");
    }
    if (S_ISREG(st.st_mode)) size = static_cast<int64_t>(st.st_size);
  }
  return std::unique_ptr<ByteSource>(new FileByteSource(f, true, size, path));
}

std::unique_ptr<ByteSource> StreamByteSource(std::unique_ptr<std::istream> in,
                                             int64_t size_hint,
                                             std::string name) {
  return std::make_unique<StreamByteSourceImpl>(std::move(in), size_hint,
                                                std::move(name));
}

Result<std::unique_ptr<ByteSink>> OpenByteSink(const std::string& path) {
  if (path == "-") {
    return std::unique_ptr<ByteSink>(
        new FileByteSink(stdout, false, "standard output"));
  }
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    return Status::IoError(ErrnoMessage("create", path, errno));
  }
  return std::unique_ptr<ByteSink>(new FileByteSink(f, true, path));
}

std::unique_ptr<ByteSink> StreamByteSink(std::ostream* out) {
  return std::make_unique<StreamByteSinkImpl>(out);
}

size_t ReplaceInvalidUtf8(std::string* s) {
  if (IsAscii(*s)) return 0;
  // Most non-ASCII text is valid: check before copying.
  size_t i = 0;
  while (i < s->size()) {
    const size_t n = Utf8SequenceLength(*s, i);
    if (n == 0) break;
    i += n;
  }
  if (i == s->size()) return 0;
  std::string out;
  out.reserve(s->size() + 8);
  out.append(*s, 0, i);  // the valid prefix
  size_t bad = 0;
  while (i < s->size()) {
    const size_t n = Utf8SequenceLength(*s, i);
    if (n == 0) {
      out.append(kUtf8ReplacementChar);
      ++bad;
      ++i;
    } else {
      out.append(*s, i, n);
      i += n;
    }
  }
  if (bad > 0) s->swap(out);
  return bad;
}

void AppendJsonString(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F) continue;
    out->append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 15]);
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

bool IsJsonNumber(std::string_view s) {
  size_t i = 0;
  const auto digit = [&](size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
  if (i < s.size() && s[i] == '-') ++i;
  if (!digit(i)) return false;
  if (s[i] == '0') {
    ++i;
  } else {
    while (digit(i)) ++i;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  return i == s.size();
}

}  // namespace oracle::internal
