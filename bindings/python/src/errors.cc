#include "errors.h"

#include <Python.h>
#include <pybind11/pybind11.h>

#include <array>
#include <string>

namespace py = pybind11;

namespace oracle::python {
namespace {

constexpr int kMaxCode = static_cast<int>(StatusCode::kTooLong);

// Strong references, taken at import and never released: the classes live
// as long as the interpreter.
struct ErrorClasses {
  PyObject* base = nullptr;           // oracle.Error
  PyObject* argument_type = nullptr;  // oracle.ArgumentTypeError
  std::array<PyObject*, kMaxCode + 1> by_code{};
};

ErrorClasses& Classes() {
  static ErrorClasses* const classes = new ErrorClasses();
  return *classes;
}

void SetError(PyObject* cls, std::string_view message) {
  PyObject* text = PyUnicode_DecodeUTF8(
      message.data(), static_cast<Py_ssize_t>(message.size()), "replace");
  if (text == nullptr) return;  // MemoryError set
  PyErr_SetObject(cls, text);
  Py_DECREF(text);
}

[[noreturn]] void Throw(PyObject* cls, std::string_view message) {
  SetError(cls, message);
  throw py::error_already_set();
}

}  // namespace

void InitErrors() {
  py::module_ errors = py::module_::import("oracle._errors");
  ErrorClasses& classes = Classes();
  classes.base = py::object(errors.attr("Error")).release().ptr();
  classes.argument_type =
      py::object(errors.attr("ArgumentTypeError")).release().ptr();
  py::dict by_code = errors.attr("ERRORS_BY_CODE");
  for (int code = 1; code <= kMaxCode; ++code) {
    std::string_view name = StatusCodeName(static_cast<StatusCode>(code));
    py::str key(name.data(), name.size());
    if (by_code.contains(key)) {
      classes.by_code[code] = py::object(by_code[key]).release().ptr();
    }
  }
}

void SetStatusError(const Status& status) {
  const ErrorClasses& classes = Classes();
  const int code = static_cast<int>(status.code());
  PyObject* cls = classes.base;
  if (code > 0 && code <= kMaxCode && classes.by_code[code] != nullptr) {
    cls = classes.by_code[code];
  }
  SetError(cls, status.message().empty() ? StatusCodeName(status.code())
                                         : std::string_view(status.message()));
}

void ThrowStatus(const Status& status) {
  SetStatusError(status);
  throw py::error_already_set();
}

void ThrowInvalidArgument(std::string_view message) {
  ThrowStatus(Status::InvalidArgument(std::string(message)));
}

void ThrowArgumentType(std::string_view message) {
  Throw(Classes().argument_type, message);
}

}  // namespace oracle::python
