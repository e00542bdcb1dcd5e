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
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>

#include "oracle/batch.h"
#include "oracle/engine.h"
#include "oracle/result.h"

namespace oracle::python {

namespace py = pybind11;

class EngineObject {
 public:
  explicit EngineObject(Engine engine);
  ~EngineObject();

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

  // A BatchSegmenter of this engine with `threads` threads (0: all cores)
  // filling the BatchString bits `strings`, and the NDC length when `ndc`
  // (no default region: callers give a region column). Made on first use
  // and kept (up to a few
  // combinations); thread-safe, and to be called without the GIL (making
  // one takes milliseconds). In a process forked after segmenters were
  // made, their worker threads do not exist: they are abandoned (never
  // used nor destroyed there) and new ones made.
  Result<std::shared_ptr<const BatchSegmenter>> Batch(int threads,
                                                      uint32_t strings,
                                                      bool ndc) const;

  // An empty BatchResult for segment_many(), whose columns the Python
  // buffers made from it share. When the last of those is released, it
  // comes back to this engine to be reused (its memory, already mapped,
  // spares the next call the page faults of fresh memory), as long as the
  // results kept hold at most kMaxPooledBytes. Thread-safe, without the
  // GIL.
  std::shared_ptr<BatchResult> NewBatchResult() const;
  static constexpr size_t kMaxPooledBytes = size_t{64} << 20;

 private:
  Engine engine_;
  std::bitset<26 * 26> regions_;  // supported two-letter codes
  // Forgets the segmenters of another process without destroying them.
  void AbandonForeignBatches() const;
  mutable std::mutex batch_mu_;
  mutable int batch_pid_ = 0;  // the process that made batches_
  mutable std::map<uint64_t, std::shared_ptr<const BatchSegmenter>>
      batches_;  // by (threads << 32 | strings)
  // Results given back for reuse (under batch_mu_; a forked child makes
  // its own).
  struct ResultPool;
  mutable std::shared_ptr<ResultPool> pool_;
};

// Registers _Engine in `m`.
void RegisterEngine(py::module_& m);

}  // namespace oracle::python

#endif  // ORACLE_BINDINGS_PYTHON_SRC_ENGINE_OBJECT_H_
