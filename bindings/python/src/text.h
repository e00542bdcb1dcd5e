// Text crossing the Python boundary: reading str/bytes arguments as UTF-8,
// reading whole columns of numbers (a sequence of Python objects or the
// buffers of an Arrow string array) as views, and making Python strings.
//
// Thread safety: functions taking or returning Python objects need the GIL;
// the UTF-8 helpers are pure. A TextColumn's views may be read without the
// GIL (the memory they point into is owned by objects the column keeps
// alive), but the column must be destroyed with the GIL held.
#ifndef ORACLE_BINDINGS_PYTHON_SRC_TEXT_H_
#define ORACLE_BINDINGS_PYTHON_SRC_TEXT_H_

#include <Python.h>
#include <pybind11/pybind11.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace oracle::python {

namespace py = pybind11;

// Whether `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Appends `s`, each byte that is not part of well-formed UTF-8 replaced by
// U+FFFD (as the CLI does).
void AppendUtf8Replacing(std::string_view s, std::string* out);

// A new Python str from UTF-8 (ill-formed bytes become U+FFFD).
py::str NewStr(std::string_view utf8);

// The UTF-8 of a str or bytes argument for Engine.segment(). `*as_str`
// receives the text as a str (the object itself for a str). Raises
// ArgumentTypeError for other types (None included), InvalidArgumentError
// for bytes that are not UTF-8 or a str with lone surrogates. The view
// lives as long as `obj`.
std::string_view TextArgument(py::handle obj, const char* what,
                              py::object* as_str);

// What a row of a TextColumn holds.
enum class RowState : uint8_t {
  kText,     // text() is the row's UTF-8
  kNull,     // None / NaN / an Arrow null: read as empty text
  kBadUtf8,  // text() is not UTF-8: bytes that are not, or a str with lone
             // surrogates (then text() encodes them as UTF-8 would)
};

// A column of texts as UTF-8 views, with what each row holds.
class TextColumn {
 public:
  // Reads a Python iterable of str, bytes, None or float NaN (pandas' missing
  // value). Raises ArgumentTypeError naming `what` and the index for any
  // other element. Needs the GIL.
  static TextColumn FromObjects(py::handle iterable, const char* what);

  // Reads an Arrow string or binary array from its buffers: `validity`
  // (None or a bitmap), `offsets` (int32, or int64 when `large`), `data`.
  // `offset` and `length` are the array's. Every row is checked for UTF-8
  // (Arrow does not enforce it for binary data, nor for string arrays made
  // from raw buffers). Raises InvalidArgumentError when the buffers are
  // inconsistent with offset + length. Needs the GIL (released while the
  // rows are read, on up to `threads` threads; 0 for every core).
  static TextColumn FromArrow(int64_t length, int64_t offset,
                              py::handle validity, py::handle offsets,
                              py::handle data, bool large, int threads = 1);

  TextColumn() = default;
  TextColumn(TextColumn&&) = default;
  TextColumn& operator=(TextColumn&&) = default;

  size_t size() const { return texts_.size(); }
  // The row's bytes, as given (empty for a null row).
  std::string_view text(size_t i) const { return texts_[i]; }
  // Every row's text().
  std::span<const std::string_view> views() const { return texts_; }
  // The row as well-formed UTF-8: text(), with each byte that is not part
  // of a well-formed sequence replaced by U+FFFD (as the CLI echoes input).
  std::string_view display(size_t i) const {
    return states_[i] == RowState::kBadUtf8 ? displays_[i] : texts_[i];
  }
  RowState state(size_t i) const { return states_[i]; }
  bool has_nulls() const { return has_nulls_; }
  // Whether a row is not UTF-8 (state kBadUtf8).
  bool has_bad_utf8() const { return !displays_.empty(); }

 private:
  // Sets row i's state to kBadUtf8 and makes its display().
  void MarkBadUtf8(size_t i);

  std::vector<std::string_view> texts_;
  std::vector<RowState> states_;
  bool has_nulls_ = false;
  // display() of the kBadUtf8 rows (empty unless there is one).
  std::vector<std::string_view> displays_;
  // Texts made here (bad rows); a deque so that views stay valid.
  std::deque<std::string> owned_;
  // References to the objects owning the memory the views point into.
  class References {
   public:
    References() = default;
    References(References&& other) noexcept : refs_(std::move(other.refs_)) {}
    References& operator=(References&& other) noexcept {
      std::swap(refs_, other.refs_);
      return *this;
    }
    ~References() {
      for (PyObject* o : refs_) Py_DECREF(o);
    }
    void Add(PyObject* o) {
      Py_INCREF(o);
      refs_.push_back(o);
    }
    void Reserve(size_t n) { refs_.reserve(n); }
    PyObject* operator[](size_t i) const { return refs_[i]; }

   private:
    std::vector<PyObject*> refs_;
  };
  References owners_;
  std::vector<std::unique_ptr<py::buffer_info>> buffers_;
};

}  // namespace oracle::python

#endif  // ORACLE_BINDINGS_PYTHON_SRC_TEXT_H_
