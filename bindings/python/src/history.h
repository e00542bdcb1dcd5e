// The history store, campaigns and the dispatcher in the compiled module,
// for the facade in oracle/_history.py (oracle.open_store, oracle.Store,
// oracle.Dispatcher).
//
// _Store owns a shared oracle::HistoryStore; close() drops the store's
// reference, and the database is closed once no dispatch is using it any
// more. Records cross the boundary as dicts (the facade makes its immutable
// record classes from them); queries are keyword arguments.
//
// Thread safety: a _Store may be used from many Python threads at once (the
// C++ store serialises calls on its connection); every call into the store
// releases the GIL. A _Dispatcher's run() is called from one thread at a
// time; stop() from any thread.
#ifndef ORACLE_BINDINGS_PYTHON_SRC_HISTORY_H_
#define ORACLE_BINDINGS_PYTHON_SRC_HISTORY_H_

#include <pybind11/pybind11.h>

namespace oracle::python {

namespace py = pybind11;

// Registers _Store, _Dispatcher and the recipient readers in `m`.
void RegisterHistory(py::module_& m);

}  // namespace oracle::python

#endif  // ORACLE_BINDINGS_PYTHON_SRC_HISTORY_H_
