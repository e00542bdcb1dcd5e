#include "text.h"

#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

#include "common/utf8_internal.h"
#include "errors.h"
#include "parallel.h"

namespace oracle::python {
namespace {

using ::oracle::internal::Utf8SequenceLength;
constexpr std::string_view kReplacementChar =
    ::oracle::internal::kUtf8ReplacementChar;

std::string TypeName(py::handle obj) { return Py_TYPE(obj.ptr())->tp_name; }

// The bytes UTF-8 would give for a str with lone surrogates (each encoded
// as its three bytes, which are not well-formed UTF-8).
std::string EncodeSurrogatePass(PyObject* str) {
  std::string out;
  const Py_ssize_t n = PyUnicode_GET_LENGTH(str);
  const int kind = PyUnicode_KIND(str);
  const void* data = PyUnicode_DATA(str);
  for (Py_ssize_t i = 0; i < n; ++i) {
    const Py_UCS4 c = PyUnicode_READ(kind, data, i);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

// The element type of a row buffer, read through the buffer protocol.
std::unique_ptr<py::buffer_info> RequestBuffer(py::handle obj,
                                               const char* what) {
  if (!PyObject_CheckBuffer(obj.ptr())) {
    ThrowArgumentType(std::string(what) + " must support the buffer protocol");
  }
  return std::make_unique<py::buffer_info>(
      py::reinterpret_borrow<py::buffer>(obj).request());
}

size_t BufferBytes(const py::buffer_info& info) {
  return static_cast<size_t>(info.size) * static_cast<size_t>(info.itemsize);
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  // ASCII 8 bytes at a time; sequences decoded only where a byte is not
  // ASCII (a column of numbers with a few accented words stays fast).
  size_t i = 0;
  while (i < s.size()) {
    if (i + 8 <= s.size()) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if ((word & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const size_t n = Utf8SequenceLength(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

void AppendUtf8Replacing(std::string_view s, std::string* out) {
  size_t i = 0;
  while (i < s.size()) {
    const size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      out->append(kReplacementChar);
      ++i;
    } else {
      out->append(s.substr(i, n));
      i += n;
    }
  }
}

py::str NewStr(std::string_view utf8) {
  PyObject* obj = PyUnicode_DecodeUTF8(
      utf8.data(), static_cast<Py_ssize_t>(utf8.size()), "replace");
  if (obj == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(obj);
}

std::string_view TextArgument(py::handle obj, const char* what,
                              py::object* as_str) {
  PyObject* o = obj.ptr();
  if (PyUnicode_Check(o)) {
    Py_ssize_t size = 0;
    const char* utf8 = PyUnicode_AsUTF8AndSize(o, &size);
    if (utf8 == nullptr) {
      PyErr_Clear();
      ThrowInvalidArgument(std::string(what) +
                           " is not valid Unicode: it holds a lone surrogate");
    }
    *as_str = py::reinterpret_borrow<py::object>(obj);
    return std::string_view(utf8, static_cast<size_t>(size));
  }
  if (PyBytes_Check(o)) {
    const std::string_view bytes(PyBytes_AS_STRING(o),
                                 static_cast<size_t>(PyBytes_GET_SIZE(o)));
    if (!IsValidUtf8(bytes)) {
      ThrowInvalidArgument(std::string(what) + " is not valid UTF-8");
    }
    *as_str = NewStr(bytes);
    return bytes;
  }
  ThrowArgumentType(std::string(what) + " must be str or bytes, not " +
                    TypeName(obj));
}

void TextColumn::MarkBadUtf8(size_t i) {
  states_[i] = RowState::kBadUtf8;
  if (displays_.empty()) displays_.resize(texts_.size());
  std::string& display = owned_.emplace_back();
  AppendUtf8Replacing(texts_[i], &display);
  displays_[i] = display;
}

TextColumn TextColumn::FromObjects(py::handle iterable, const char* what) {
  PyObject* seq = PySequence_Fast(iterable.ptr(), "");  // list/tuple as is
  if (seq == nullptr) {
    if (PyErr_ExceptionMatches(PyExc_TypeError)) {
      PyErr_Clear();
      ThrowArgumentType(std::string(what) +
                        " must be an iterable of str, not " +
                        TypeName(iterable));
    }
    throw py::error_already_set();
  }
  py::object holder = py::reinterpret_steal<py::object>(seq);
  const size_t n = static_cast<size_t>(PySequence_Fast_GET_SIZE(seq));
  TextColumn column;
  column.owners_.Reserve(n);
  column.texts_.resize(n);
  column.states_.resize(n, RowState::kText);
  // Every item is referenced as it is read, so that the views into it stay
  // valid whatever happens to the caller's list later. Only a failed UTF-8
  // conversion allocates a garbage-collected object (its exception), which
  // could run Python code that changes the list: the list is checked again
  // after one.
  PyObject** items = PySequence_Fast_ITEMS(seq);
  for (size_t i = 0; i < n; ++i) {
    PyObject* o = items[i];
    column.owners_.Add(o);
    std::string_view& text = column.texts_[i];
    RowState& state = column.states_[i];
    if (PyUnicode_Check(o)) {
      Py_ssize_t size = 0;
      const char* utf8 = PyUnicode_AsUTF8AndSize(o, &size);
      if (utf8 != nullptr) {
        text = std::string_view(utf8, static_cast<size_t>(size));
      } else {
        PyErr_Clear();
        text = column.owned_.emplace_back(EncodeSurrogatePass(o));
        column.MarkBadUtf8(i);
        if (static_cast<size_t>(PySequence_Fast_GET_SIZE(seq)) != n) {
          throw std::runtime_error(std::string(what) +
                                   " changed size while being read");
        }
        items = PySequence_Fast_ITEMS(seq);
      }
    } else if (PyBytes_Check(o)) {
      text = std::string_view(PyBytes_AS_STRING(o),
                              static_cast<size_t>(PyBytes_GET_SIZE(o)));
      if (!IsValidUtf8(text)) column.MarkBadUtf8(i);
    } else if (o == Py_None ||
               (PyFloat_Check(o) && std::isnan(PyFloat_AS_DOUBLE(o)))) {
      state = RowState::kNull;
      column.has_nulls_ = true;
    } else {
      ThrowArgumentType(std::string(what) + "[" + std::to_string(i) +
                        "] must be str, bytes or None, not " + TypeName(o));
    }
  }
  return column;
}

TextColumn TextColumn::FromArrow(int64_t length, int64_t offset,
                                 py::handle validity, py::handle offsets,
                                 py::handle data, bool large, int threads) {
  if (length < 0 || offset < 0) ThrowInvalidArgument("negative array length");
  TextColumn column;
  auto offsets_info = RequestBuffer(offsets, "offsets");
  auto data_info = RequestBuffer(data, "data");
  std::unique_ptr<py::buffer_info> validity_info;
  if (!validity.is_none()) validity_info = RequestBuffer(validity, "validity");

  const size_t n = static_cast<size_t>(length);
  const size_t first = static_cast<size_t>(offset);
  const size_t width = large ? 8 : 4;
  if (BufferBytes(*offsets_info) < (first + n + 1) * width ||
      (validity_info && BufferBytes(*validity_info) * 8 < first + n)) {
    ThrowInvalidArgument("Arrow buffers too small for the array length");
  }
  const auto* offset_bytes = static_cast<const char*>(offsets_info->ptr);
  const auto* bits =
      validity_info ? static_cast<const uint8_t*>(validity_info->ptr) : nullptr;
  const char* chars = static_cast<const char*>(data_info->ptr);
  const size_t data_size = BufferBytes(*data_info);

  column.texts_.resize(n);
  column.states_.resize(n, RowState::kText);
  bool bad_offsets = false;
  bool bad_utf8 = false;
  {
    py::gil_scoped_release release;
    const auto offset_at = [&](size_t k) -> int64_t {
      if (large) {
        int64_t v;
        std::memcpy(&v, offset_bytes + k * 8, 8);
        return v;
      }
      int32_t v;
      std::memcpy(&v, offset_bytes + k * 4, 4);
      return v;
    };
    // Usually the bytes of a part's rows are well-formed UTF-8 as a whole:
    // checked at once, then a row inside them is well-formed when it starts
    // and ends on a character boundary.
    const int parts = PartsFor(n, ResolveThreads(threads));
    std::vector<uint8_t> part_nulls(static_cast<size_t>(parts), 0);
    std::vector<uint8_t> part_bad(static_cast<size_t>(parts), 0);
    std::vector<uint8_t> part_bad_utf8(static_cast<size_t>(parts), 0);
    ForEachPart(n, parts, [&](int part, size_t part_begin, size_t part_end) {
      const int64_t range_begin = offset_at(first + part_begin);
      const int64_t range_end = offset_at(first + part_end);
      const bool range_ok =
          range_begin >= 0 && range_begin <= range_end &&
          static_cast<uint64_t>(range_end) <= data_size &&
          IsValidUtf8(std::string_view(
              chars + range_begin,
              static_cast<size_t>(range_end - range_begin)));
      const auto boundary = [&](int64_t at) {
        return at == range_end ||
               (static_cast<uint8_t>(chars[at]) & 0xC0) != 0x80;
      };
      bool nulls = false;
      for (size_t i = part_begin; i < part_end; ++i) {
        const size_t k = first + i;
        if (bits != nullptr && !((bits[k >> 3] >> (k & 7)) & 1)) {
          column.states_[i] = RowState::kNull;
          nulls = true;
          continue;
        }
        const int64_t begin = offset_at(k);
        const int64_t end = offset_at(k + 1);
        if (begin < 0 || end < begin ||
            static_cast<uint64_t>(end) > data_size) {
          part_bad[static_cast<size_t>(part)] = 1;
          break;
        }
        const std::string_view text(chars + begin,
                                    static_cast<size_t>(end - begin));
        column.texts_[i] = text;
        const bool well_formed =
            range_ok && begin >= range_begin && end <= range_end
                ? (begin == end || (boundary(begin) && boundary(end)))
                : IsValidUtf8(text);
        if (!well_formed) {
          column.states_[i] = RowState::kBadUtf8;
          part_bad_utf8[static_cast<size_t>(part)] = 1;
        }
      }
      part_nulls[static_cast<size_t>(part)] = nulls;
    });
    for (int p = 0; p < parts; ++p) {
      if (part_nulls[static_cast<size_t>(p)]) column.has_nulls_ = true;
      if (part_bad[static_cast<size_t>(p)]) bad_offsets = true;
      if (part_bad_utf8[static_cast<size_t>(p)]) bad_utf8 = true;
    }
  }
  if (bad_offsets) ThrowInvalidArgument("Arrow offsets out of bounds");
  for (size_t i = 0; bad_utf8 && i < n; ++i) {
    if (column.states_[i] == RowState::kBadUtf8) column.MarkBadUtf8(i);
  }
  column.owners_.Add(offsets.ptr());
  column.owners_.Add(data.ptr());
  column.buffers_.push_back(std::move(offsets_info));
  column.buffers_.push_back(std::move(data_info));
  if (validity_info) column.buffers_.push_back(std::move(validity_info));
  return column;
}

}  // namespace oracle::python
