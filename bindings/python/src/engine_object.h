// The compiled engine behind oracle.Engine (registered as _oracle._Engine;
// the facade class oracle.Engine derives from it and adds option handling
// and segment_many's input and output conversions).
//
// Thread safety: like oracle::Engine, immutable once made: any number of
// Python threads may call its methods at once. segment() and the batch
// method release the GIL while the engine works.
#ifndef ORACLE_BINDINGS_PYTHON_SRC_ENGINE_OBJECT_H_
#define ORACLE_BINDINGS_PYTHON_SRC_ENGINE_OBJECT_H_

#include <pybind11/pybind11.h>

#include <bitset>
#include <string_view>

#include "oracle/engine.h"

namespace oracle::python {

namespace py = pybind11;

class EngineObject {
 public:
  explicit EngineObject(Engine engine);

  // The EngineObject of a Python _Engine instance, or nullptr with a Python
  // error set when its __init__ has not run. `self` must be an _Engine.
  static const EngineObject* FromPython(PyObject* self);

  const Engine& engine() const { return engine_; }

  // Whether `region` names a default region this engine accepts: a
  // supported ISO code in any case, or "" / "ZZ" for none.
  bool AcceptsRegion(std::string_view region) const;

  // The default region argument of segment(): None or a str the engine
  // accepts. Raises ArgumentTypeError / InvalidArgumentError otherwise.
  std::string_view RegionArgument(py::handle region) const;

 private:
  Engine engine_;
  std::bitset<26 * 26> regions_;  // supported two-letter codes
};

// Registers _Engine in `m`.
void RegisterEngine(py::module_& m);

}  // namespace oracle::python

#endif  // ORACLE_BINDINGS_PYTHON_SRC_ENGINE_OBJECT_H_
