// Shared pieces of the contact-file readers and writers: byte sources and
// sinks over files, standard streams and std::streams, and UTF-8 helpers.
//
// Thread safety: each object is used by one thread at a time.
#ifndef ORACLE_SRC_IO_IO_INTERNAL_H_
#define ORACLE_SRC_IO_IO_INTERNAL_H_

#include <cstdint>
#include <cstdio>
#include <istream>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "oracle/result.h"
#include "oracle/status.h"

namespace oracle::internal {

// Reads bytes from a file, standard input or an owned std::istream.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `n` bytes into `dst`; 0 means the end of the input.
  virtual Result<size_t> Read(char* dst, size_t n) = 0;
  // Total size in bytes when known, else 0.
  virtual int64_t size() const = 0;
  // A name for messages ("contacts.csv", "standard input").
  virtual const std::string& name() const = 0;
};

// Opens `path` ("-": standard input, not closed).
Result<std::unique_ptr<ByteSource>> OpenByteSource(const std::string& path);
// Reads from `in` (owned).
std::unique_ptr<ByteSource> StreamByteSource(std::unique_ptr<std::istream> in,
                                             int64_t size_hint,
                                             std::string name);

// Buffered output to a file, standard output or a borrowed std::ostream.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  // Appends to the buffer, flushing it when it grows past 1 MiB.
  Status Write(std::string_view bytes) {
    buffer_.append(bytes);
    if (buffer_.size() >= kFlushBytes) return Flush();
    return Status::OK();
  }
  // The buffer to append to directly; call MaybeFlush() afterwards.
  std::string* buffer() { return &buffer_; }
  Status MaybeFlush() {
    return buffer_.size() >= kFlushBytes ? Flush() : Status::OK();
  }
  Status Flush() {
    Status s = WriteOut(buffer_);
    buffer_.clear();
    return s;
  }
  // Flushes and closes what the sink owns. Idempotent.
  virtual Status Close() = 0;
  virtual const std::string& name() const = 0;

 protected:
  virtual Status WriteOut(std::string_view bytes) = 0;

 private:
  static constexpr size_t kFlushBytes = size_t{1} << 20;
  std::string buffer_;
};

// Creates (truncates) `path` ("-": standard output, flushed but not closed).
Result<std::unique_ptr<ByteSink>> OpenByteSink(const std::string& path);
// Writes to `out` (borrowed).
std::unique_ptr<ByteSink> StreamByteSink(std::ostream* out);

// True when every byte of `s` is ASCII.
inline bool IsAscii(std::string_view s) {
  unsigned char acc = 0;
  for (char c : s) acc |= static_cast<unsigned char>(c);
  return acc < 0x80;
}

// Replaces each byte of `*s` that is not part of well-formed UTF-8 by
// U+FFFD. Returns the number of bytes replaced.
size_t ReplaceInvalidUtf8(std::string* s);

// Appends `s` as a JSON string, quotes included (s must be valid UTF-8).
void AppendJsonString(std::string_view s, std::string* out);

// True when `s` is a number in JSON's grammar (-?int frac? exp?).
bool IsJsonNumber(std::string_view s);

// "contacts.csv: " style prefixes for messages.
std::string ErrnoMessage(const std::string& what, const std::string& name,
                         int err);

}  // namespace oracle::internal

#endif  // ORACLE_SRC_IO_IO_INTERNAL_H_
