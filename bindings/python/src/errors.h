// Oracle's Status codes as Python exceptions.
//
// The exception classes are defined in Python (oracle/_errors.py: oracle.Error
// and one subclass per StatusCode, each with a `code` attribute such as
// "NOT_A_NUMBER"); InitErrors() looks them up once when the module is
// imported. The Throw* functions set the Python error and throw
// pybind11::error_already_set, which pybind11 hands back to Python.
//
// Thread safety: InitErrors() runs once, at import, with the GIL held; the
// Throw* functions need the GIL.
#ifndef ORACLE_BINDINGS_PYTHON_SRC_ERRORS_H_
#define ORACLE_BINDINGS_PYTHON_SRC_ERRORS_H_

#include <string_view>

#include "oracle/status.h"

namespace oracle::python {

// Imports oracle._errors and keeps its classes. Throws error_already_set
// when the import fails.
void InitErrors();

// Sets the Python error for `status` (which must not be OK): the exception
// class of its code, with the status message. For C-level callers that
// return nullptr; cheaper than ThrowStatus() on hot paths.
void SetStatusError(const Status& status);

// SetStatusError(), then throws error_already_set.
[[noreturn]] void ThrowStatus(const Status& status);

// oracle.InvalidArgumentError (a ValueError).
[[noreturn]] void ThrowInvalidArgument(std::string_view message);

// oracle.ArgumentTypeError (an InvalidArgumentError and a TypeError).
[[noreturn]] void ThrowArgumentType(std::string_view message);

}  // namespace oracle::python

#endif  // ORACLE_BINDINGS_PYTHON_SRC_ERRORS_H_
