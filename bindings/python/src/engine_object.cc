#include "engine_object.h"

#include <pybind11/stl.h>

#include <unistd.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "columns.h"
#include "errors.h"
#include "segmentation_object.h"
#include "text.h"

namespace oracle::python {
namespace {

// The index of a two-letter code in EngineObject::regions_, or -1.
int RegionIndex(std::string_view region) {
  if (region.size() != 2) return -1;
  int index = 0;
  for (char c : region) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') return -1;
    index = index * 26 + (c - 'A');
  }
  return index;
}

bool IsNoRegion(std::string_view region) {
  return region.empty() || region == "ZZ" || region == "zz" || region == "Zz" ||
         region == "zZ";
}

std::unique_ptr<EngineObject> MakeEngine(
    std::string metadata_path, bool lenient_double_zero, bool migrate_ci_legacy,
    bool ci_fixed_line_operators,
    std::vector<std::pair<std::string, std::string>> operator_rules,
    std::optional<std::vector<std::pair<std::string, bool>>> portability) {
  EngineOptions options;
  options.metadata_path = std::move(metadata_path);
  options.lenient_double_zero = lenient_double_zero;
  options.migrate_ci_legacy = migrate_ci_legacy;
  options.ci_fixed_line_operators = ci_fixed_line_operators;
  for (auto& [prefix, name] : operator_rules) {
    options.operator_rules.push_back({std::move(prefix), std::move(name)});
  }
  if (portability.has_value()) {
    options.portability.clear();
    for (auto& [region, portable] : *portability) {
      options.portability.push_back({std::move(region), portable});
    }
  }
  std::optional<Result<Engine>> made;
  {
    py::gil_scoped_release release;
    made.emplace(Engine::Make(options));
  }
  if (!made->ok()) ThrowStatus(made->status());
  return std::make_unique<EngineObject>(std::move(*made).value());
}

// Whether another Python thread state exists in this interpreter, i.e.
// whether releasing the GIL could let anything run. Reads the interpreter's
// thread list with the GIL held, as thread states are added and removed
// under it (a thread that has yet to take the GIL for the first time is in
// the list already).
bool OtherPythonThreadsExist() {
  PyThreadState* self = PyThreadState_Get();
  PyThreadState* head =
      PyInterpreterState_ThreadHead(PyThreadState_GetInterpreter(self));
  return head != self || PyThreadState_Next(head) != nullptr;
}

// Engine.segment(text, region=None), as a METH_FASTCALL method: the call
// costs far less than a pybind11 dispatch, which matters for a method that
// runs in well under a microsecond.
PyObject* SegmentMethod(PyObject* self, PyObject* const* args, Py_ssize_t nargs,
                        PyObject* kwnames) {
  try {
    PyObject* text = nargs > 0 ? args[0] : nullptr;
    PyObject* region = nargs > 1 ? args[1] : Py_None;
    if (nargs > 2) {
      PyErr_Format(PyExc_TypeError,
                   "segment() takes at most 2 arguments (%zd given)", nargs);
      return nullptr;
    }
    const Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    for (Py_ssize_t i = 0; i < nkw; ++i) {
      PyObject* name = PyTuple_GET_ITEM(kwnames, i);
      PyObject* value = args[nargs + i];
      if (PyUnicode_CompareWithASCIIString(name, "text") == 0 &&
          text == nullptr) {
        text = value;
      } else if (PyUnicode_CompareWithASCIIString(name, "region") == 0 &&
                 nargs < 2) {
        region = value;
      } else {
        PyErr_Format(PyExc_TypeError,
                     "segment() got an unexpected or repeated keyword "
                     "argument '%U'",
                     name);
        return nullptr;
      }
    }
    if (text == nullptr) {
      PyErr_SetString(PyExc_TypeError,
                      "segment() missing required argument 'text'");
      return nullptr;
    }
    const EngineObject* engine = EngineObject::FromPython(self);
    if (engine == nullptr) return nullptr;

    py::object input;
    const std::string_view utf8 = TextArgument(text, "text", &input);
    const std::string_view default_region = engine->RegionArgument(region);
    py::object result =
        py::reinterpret_steal<py::object>(NewSegmentationObject(input.ptr()));
    if (!result) return nullptr;
    Segmentation* seg = MutableSegmentation(result.ptr());
    Status status;
    if (OtherPythonThreadsExist()) {
      py::gil_scoped_release release;
      status =
          engine->engine().SegmentInto(utf8, default_region, kFieldAll, seg);
    } else {
      // Nobody could take the GIL: spare the cost of handing it over.
      status =
          engine->engine().SegmentInto(utf8, default_region, kFieldAll, seg);
    }
    if (!status.ok()) {
      SetStatusError(status);  // no C++ exception: parse errors are common
      return nullptr;
    }
    return result.release().ptr();
  } catch (py::error_already_set& e) {
    e.restore();
  } catch (const std::bad_alloc&) {
    PyErr_NoMemory();
  } catch (const std::exception& e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
  }
  return nullptr;
}

constexpr char kSegmentDoc[] = R"doc(segment(text, region=None)
--

Segments one phone number.

Args:
  text: the number as people write it (str, or UTF-8 bytes), e.g.
    "07 07 12 34 56", "+225 0707123456", "tel:+225-07-07-12-34-56".
  region: default region (ISO 3166 alpha-2 code, any case) for text not in
    international format; None (or "ZZ") for none.

Returns:
  An immutable oracle.Segmentation. A number that parses but is not valid
  is a result with valid == False.

Raises:
  oracle.NumberParseError: the text is not a phone number; the subclass
    says why (NotANumberError, InvalidCountryCodeError,
    TooShortAfterIddError, TooShortNsnError, TooLongError) and ``.code``
    is the CLI's error string (e.g. "NOT_A_NUMBER").
  oracle.InvalidArgumentError: bytes that are not UTF-8, a str with lone
    surrogates, or an unsupported region.
  oracle.ArgumentTypeError: text not str/bytes or region not str/None
    (also a TypeError).

The GIL is released while the engine works (when other Python threads
exist). A call lasts well under a microsecond, so for many numbers prefer
segment_many(), which releases it for the whole batch and can use every
CPU.
)doc";

PyMethodDef kSegmentDef = {
    "segment",
    reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(SegmentMethod)),
    METH_FASTCALL | METH_KEYWORDS, kSegmentDoc};

// A column source from the facade: ("objects", iterable) or
// ("arrow", length, offset, validity, offsets, data, large).
TextColumn ReadSource(const py::tuple& source, const char* what,
                      int threads) {
  const std::string kind = source[0].cast<std::string>();
  if (kind == "objects") return TextColumn::FromObjects(source[1], what);
  if (kind == "arrow" && source.size() == 7) {
    return TextColumn::FromArrow(source[1].cast<int64_t>(),
                                 source[2].cast<int64_t>(), source[3],
                                 source[4], source[5], source[6].cast<bool>(),
                                 threads);
  }
  throw py::value_error("unknown column source");
}

py::list SegmentColumnsMethod(const EngineObject& self,
                              const py::tuple& numbers, py::handle region,
                              const std::optional<py::tuple>& regions,
                              std::vector<int> columns, bool build_input,
                              int threads) {
  // An Arrow array with no nulls and well-formed UTF-8 is read straight
  // from its buffers; anything else row by row.
  std::vector<py::buffer_info> keep;
  // The segmenter first: its threads check the Arrow numbers.
  std::shared_ptr<const BatchSegmenter> segmenter =
      SegmenterFor(self, columns, threads);
  std::optional<ArrowTexts> arrow =
      ReadArrowTexts(numbers, threads, segmenter.get(), &keep);
  std::optional<TextColumn> texts;
  if (!arrow.has_value()) texts.emplace(ReadSource(numbers, "numbers", threads));
  const size_t rows = arrow.has_value() ? arrow->length : texts->size();
  std::optional<TextColumn> region_column;
  std::optional<ArrowTexts> arrow_regions;
  ColumnsRequest request;
  request.texts = texts.has_value() ? &*texts : nullptr;
  request.arrow = arrow.has_value() ? &*arrow : nullptr;
  if (regions.has_value()) {
    // Arrow regions are read straight from their buffers (checked with the
    // search for unsupported regions); anything else row by row.
    arrow_regions = ReadArrowRegions(*regions, &keep);
    if (!arrow_regions.has_value()) {
      region_column.emplace(ReadSource(*regions, "region", threads));
    }
    const size_t region_rows = arrow_regions.has_value()
                                   ? arrow_regions->length
                                   : region_column->size();
    if (region_rows != rows) {
      ThrowInvalidArgument("region has " + std::to_string(region_rows) +
                           " rows but numbers has " + std::to_string(rows));
    }
    if (arrow_regions.has_value()) {
      request.arrow_regions = &*arrow_regions;
    } else {
      request.regions = &*region_column;
    }
  } else {
    const std::string_view r = self.RegionArgument(region);
    // "ZZ" (any case) means no region, as "".
    if (!(r.size() == 2 && (r[0] == 'Z' || r[0] == 'z') &&
          (r[1] == 'Z' || r[1] == 'z'))) {
      request.region = std::string(r);
    }
  }
  request.columns = std::move(columns);
  // A string array with bytes that are not UTF-8 cannot be the input column
  // as it is: it is rebuilt with U+FFFD for them.
  request.build_input =
      build_input || (texts.has_value() && texts->has_bad_utf8());
  request.threads = threads;
  request.segmenter = std::move(segmenter);
  return SegmentColumns(self, request);
}

py::dict OptionsDict(const EngineObject& self) {
  const EngineOptions& o = self.engine().options();
  py::list rules;
  for (const OperatorRule& r : o.operator_rules) {
    rules.append(py::make_tuple(r.prefix, r.operator_name));
  }
  py::dict portability;
  for (const PortabilityOverride& p : o.portability) {
    portability[py::str(p.region)] = py::bool_(p.portable);
  }
  py::dict d;
  d["metadata_path"] = o.metadata_path.empty()
                           ? py::object(py::none())
                           : py::object(py::str(o.metadata_path));
  d["lenient_double_zero"] = o.lenient_double_zero;
  d["migrate_ci_legacy"] = o.migrate_ci_legacy;
  d["ci_fixed_line_operators"] = o.ci_fixed_line_operators;
  d["operator_rules"] = rules;
  d["portability"] = portability;
  return d;
}

}  // namespace

EngineObject::EngineObject(Engine engine) : engine_(std::move(engine)) {
  for (const std::string& region : engine_.SupportedRegions()) {
    const int index = RegionIndex(region);
    if (index >= 0) regions_.set(static_cast<size_t>(index));
  }
}

bool EngineObject::AcceptsRegion(std::string_view region) const {
  if (IsNoRegion(region)) return true;
  const int index = RegionIndex(region);
  return index >= 0 && regions_.test(static_cast<size_t>(index));
}

std::string_view EngineObject::RegionArgument(py::handle region) const {
  if (region.is_none()) return {};
  if (!PyUnicode_Check(region.ptr())) {
    ThrowArgumentType(std::string("region must be str or None, not ") +
                      Py_TYPE(region.ptr())->tp_name);
  }
  Py_ssize_t size = 0;
  const char* utf8 = PyUnicode_AsUTF8AndSize(region.ptr(), &size);
  if (utf8 == nullptr) {
    PyErr_Clear();
    ThrowInvalidArgument("region is not valid Unicode");
  }
  const std::string_view view(utf8, static_cast<size_t>(size));
  if (!AcceptsRegion(view)) {
    ThrowInvalidArgument(
        "unsupported region " + py::repr(region).cast<std::string>() +
        ": expected an ISO 3166 code of the metadata such as 'CI', 'FR' or "
        "'US' (any case), or None");
  }
  return view;
}

EngineObject::~EngineObject() { AbandonForeignBatches(); }

void EngineObject::AbandonForeignBatches() const {
  const int pid = static_cast<int>(getpid());
  if (batch_pid_ == pid) return;
  if (batch_pid_ != 0) {
    // Destroying them would join threads that exist only in the parent.
    for (auto& [key, batch] : batches_) {
      new std::shared_ptr<const BatchSegmenter>(std::move(batch));
    }
    batches_.clear();
    // Its mutex may have been held by a thread of the parent.
    if (pool_) new std::shared_ptr<ResultPool>(std::move(pool_));
  }
  batch_pid_ = pid;
}

struct EngineObject::ResultPool {
  const int pid = static_cast<int>(getpid());
  std::mutex mu;
  std::vector<std::pair<size_t, std::unique_ptr<BatchResult>>> free;
  size_t bytes = 0;  // the sum of free[k].first
};

std::shared_ptr<BatchResult> EngineObject::NewBatchResult() const {
  std::shared_ptr<ResultPool> pool;
  {
    std::lock_guard<std::mutex> lock(batch_mu_);
    AbandonForeignBatches();
    if (!pool_) pool_ = std::make_shared<ResultPool>();
    pool = pool_;
  }
  std::unique_ptr<BatchResult> result;
  {
    std::lock_guard<std::mutex> lock(pool->mu);
    if (!pool->free.empty()) {
      pool->bytes -= pool->free.back().first;
      result = std::move(pool->free.back().second);
      pool->free.pop_back();
    }
  }
  if (result == nullptr) result = std::make_unique<BatchResult>();
  std::weak_ptr<ResultPool> weak = pool;
  return std::shared_ptr<BatchResult>(
      result.release(), [weak = std::move(weak)](BatchResult* r) {
        std::unique_ptr<BatchResult> owned(r);
        const std::shared_ptr<ResultPool> back = weak.lock();
        if (back == nullptr || back->pid != static_cast<int>(getpid())) {
          return;  // the engine is gone, or this is a forked child
        }
        const size_t bytes = r->MemoryBytes();
        std::lock_guard<std::mutex> lock(back->mu);
        if (back->bytes + bytes <= kMaxPooledBytes) {
          back->bytes += bytes;
          back->free.emplace_back(bytes, std::move(owned));
        }
      });
}

Result<std::shared_ptr<const BatchSegmenter>> EngineObject::Batch(
    int threads, uint32_t strings, bool ndc) const {
  // More threads than this only cost memory: the result does not depend on
  // the number of threads.
  constexpr int kMaxThreads = 256;
  constexpr size_t kMaxCached = 16;
  threads = std::clamp(threads, 0, kMaxThreads);
  static_assert(kBatchAllStrings < (1u << 31));
  const uint64_t key = (static_cast<uint64_t>(threads) << 32) |
                       (static_cast<uint64_t>(ndc) << 31) | strings;
  std::lock_guard<std::mutex> lock(batch_mu_);
  AbandonForeignBatches();
  auto it = batches_.find(key);
  if (it != batches_.end()) return it->second;
  BatchOptions options;
  options.num_threads = threads;
  options.strings = strings;
  options.ndc_length = ndc;
  ORACLE_ASSIGN_OR_RAISE(BatchSegmenter made,
                         BatchSegmenter::Make(engine_, options));
  auto shared = std::make_shared<const BatchSegmenter>(std::move(made));
  if (batches_.size() < kMaxCached) batches_.emplace(key, shared);
  return shared;
}

const EngineObject* EngineObject::FromPython(PyObject* self) {
  auto* inst = reinterpret_cast<py::detail::instance*>(self);
  py::detail::value_and_holder v = inst->get_value_and_holder();
  if (!v || !v.holder_constructed()) {
    PyErr_SetString(PyExc_TypeError,
                    "the Engine is not initialised (its __init__ did not run)");
    return nullptr;
  }
  return v.value_ptr<EngineObject>();
}

void RegisterEngine(py::module_& m) {
  py::class_<EngineObject> cls(m, "_Engine", R"doc(
The compiled engine. Use oracle.Engine, which derives from this class.
)doc");
  cls.def(py::init(&MakeEngine), py::kw_only(), py::arg("metadata_path") = "",
          py::arg("lenient_double_zero") = false,
          py::arg("migrate_ci_legacy") = false,
          py::arg("ci_fixed_line_operators") = false,
          py::arg("operator_rules") =
              std::vector<std::pair<std::string, std::string>>(),
          py::arg("portability") = py::none())
      .def("_segment_columns", &SegmentColumnsMethod, py::arg("numbers"),
           py::arg("region"), py::arg("regions"), py::arg("columns"),
           py::arg("build_input"), py::arg("threads"))
      .def_property_readonly(
          "metadata_version",
          [](const EngineObject& self) {
            return self.engine().metadata_version();
          },
          "The libphonenumber metadata compiled in, e.g. "
          "'phonenumbers 9.0.43'.")
      .def_property_readonly(
          "supported_regions",
          [](const EngineObject& self) {
            py::list regions;
            for (const std::string& r : self.engine().SupportedRegions()) {
              regions.append(py::str(r));
            }
            return py::tuple(regions);
          },
          "The ISO codes of all supported regions, sorted (a tuple).")
      .def(
          "country_code_for_region",
          [](const EngineObject& self, py::handle region) {
            if (!PyUnicode_Check(region.ptr())) {
              ThrowArgumentType(std::string("region must be str, not ") +
                                Py_TYPE(region.ptr())->tp_name);
            }
            const std::string r = region.cast<std::string>();
            return self.engine().CountryCodeForRegion(r);
          },
          py::arg("region"),
          "The country calling code of a region (e.g. 225 for 'CI'), or 0 "
          "when unknown.")
      .def_property_readonly("_options", &OptionsDict,
                             "The engine's options as a dict.");

  // A method descriptor: called without creating a bound method, and
  // dispatched without pybind11's argument machinery.
  PyObject* descr = PyDescr_NewMethod(
      reinterpret_cast<PyTypeObject*>(cls.ptr()), &kSegmentDef);
  if (descr == nullptr ||
      PyObject_SetAttrString(cls.ptr(), "segment", descr) < 0) {
    Py_XDECREF(descr);
    throw py::error_already_set();
  }
  Py_DECREF(descr);
}

}  // namespace oracle::python
