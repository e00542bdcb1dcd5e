// oracle.Segmentation: the immutable Python result of Engine.segment().
//
// A plain CPython type (not a pybind11 class, whose per-instance bookkeeping
// would cost more than the segmentation itself): the object embeds the C++
// Segmentation and a reference to the input str, and makes Python values
// only for the fields that are read. The fields are those of the CLI's
// records (names.h); to_dict() gives exactly the CLI's JSON object.
//
// Thread safety: immutable; the Python object may be shared between threads.
// The functions here need the GIL.
#ifndef ORACLE_BINDINGS_PYTHON_SRC_SEGMENTATION_OBJECT_H_
#define ORACLE_BINDINGS_PYTHON_SRC_SEGMENTATION_OBJECT_H_

#include <Python.h>
#include <pybind11/pybind11.h>

#include "oracle/segmentation.h"

namespace oracle::python {

namespace py = pybind11;

// Creates the type and adds it to `m` as `Segmentation` (reported as
// oracle.Segmentation), with the pickle helper `_segmentation_from_state`.
void RegisterSegmentation(py::module_& m);

// A new oracle.Segmentation with `input` (a str, borrowed) and a default
// Segmentation to fill through MutableSegmentation() before the object is
// shared. Returns nullptr with a Python error set on failure.
PyObject* NewSegmentationObject(PyObject* input);

// The embedded Segmentation of an object made by NewSegmentationObject().
Segmentation* MutableSegmentation(PyObject* object);

// Cached Python strings for enum names (borrowed references).
PyObject* NumberTypeStr(NumberType type);
PyObject* PossibilityStr(Possibility p);
PyObject* CountryCodeSourceStr(CountryCodeSource source);

}  // namespace oracle::python

#endif  // ORACLE_BINDINGS_PYTHON_SRC_SEGMENTATION_OBJECT_H_
