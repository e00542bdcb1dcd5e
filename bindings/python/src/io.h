// Contact files from Python: oracle.segment_file(), read_table(),
// write_table() and list_sheets() (facade: oracle/_io.py).
//
// The compiled functions take plain arguments (paths as str, options as
// keywords already checked by the facade) and do all their file work with
// the GIL released:
//
//   _segment_file(engine, input, output, rejects, ...) -> dict
//       oracle::SegmentTable() from one file to another (or to nothing when
//       output is None: only the summary is wanted); returns the
//       TableSummary as a dict.
//   _read_table(path, ...) -> (names, row_numbers, errors, columns)
//       every row of a file, as Arrow buffers: per column chunks of
//       (length, null_count, validity, offsets, data), cells as UTF-8 text,
//       empty cells null; row numbers (int64) and per-row errors.
//   _write_table(path, names, columns, kinds, ...) -> int
//       writes rows given as Arrow string columns (validity, offsets, data
//       per column) with a cell type per column; returns the rows written.
//   _list_sheets(path) -> list of str
//
// Errors are the oracle.Error classes of the C++ Status (NotFoundError for
// a missing file or sheet, IoError for a file that cannot be read or
// written,
// InvalidArgumentError for a bad option or a file that is not of its
// format, ResourceExhaustedError for a zip bomb or a limit, DataLossError
// for a corrupt file).
//
// Thread safety: the functions may be called from several Python threads.
#ifndef ORACLE_BINDINGS_PYTHON_SRC_IO_H_
#define ORACLE_BINDINGS_PYTHON_SRC_IO_H_

#include <pybind11/pybind11.h>

namespace oracle::python {

namespace py = pybind11;

// Registers the functions above in `m`.
void RegisterIo(py::module_& m);

}  // namespace oracle::python

#endif  // ORACLE_BINDINGS_PYTHON_SRC_IO_H_
