#include "segmentation_object.h"

#include <array>
#include <cstdint>
#include <new>
#include <string>
#include <string_view>
#include <utility>

#include "names.h"
#include "text.h"

namespace oracle::python {
namespace {

struct SegmentationObject {
  PyObject ob_base;  // PyObject_HEAD
  PyObject* input;   // str
  Segmentation seg;
};

SegmentationObject* Cast(PyObject* self) {
  return reinterpret_cast<SegmentationObject*>(self);
}

// Module-lifetime state, made once at import and never released.
struct State {
  PyTypeObject* type = nullptr;
  PyObject* from_state = nullptr;  // _segmentation_from_state
  std::array<PyObject*, kNumberTypeCount> number_types{};
  std::array<PyObject*, kPossibilityCount> possibilities{};
  std::array<PyObject*, kCountryCodeSources.size()> sources{};
};

State& GetState() {
  static State* const state = new State();
  return *state;
}

PyObject* Intern(std::string_view s) {
  PyObject* obj =
      PyUnicode_FromStringAndSize(s.data(), static_cast<Py_ssize_t>(s.size()));
  if (obj == nullptr) throw py::error_already_set();
  PyUnicode_InternInPlace(&obj);
  return obj;
}

// New references; nullptr with an error set on failure.
PyObject* Str(std::string_view s) {
  return PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()),
                              "replace");
}

PyObject* NewRef(PyObject* o) {
  Py_INCREF(o);
  return o;
}

PyObject* FlagTuple(uint32_t flags) {
  if (flags == 0) return PyTuple_New(0);
  PyObject* list = PyList_New(0);
  if (list == nullptr) return nullptr;
  bool failed = false;
  ForEachFlagName(flags, [&](std::string_view name) {
    PyObject* s = failed ? nullptr : Str(name);
    if (s == nullptr || PyList_Append(list, s) < 0) failed = true;
    Py_XDECREF(s);
  });
  PyObject* tuple = failed ? nullptr : PyList_AsTuple(list);
  Py_DECREF(list);
  return tuple;
}

// The Python value of one field, as the CLI's JSON has it (flags as a tuple
// here; to_dict() makes it a list). A new reference.
PyObject* FieldValue(const SegmentationObject& s, int column) {
  const Segmentation& seg = s.seg;
  switch (column) {
    case kInput:
      return NewRef(s.input);
    case kValid:
      return PyBool_FromLong(seg.valid);
    case kPossible:
      return PyBool_FromLong(seg.possible);
    case kError:
      return NewRef(Py_None);
    case kE164:
      return Str(seg.e164);
    case kCountryCode:
      return PyLong_FromLong(seg.country_code);
    case kRegion:
      return Str(seg.region);
    case kNationalNumber:
      return Str(seg.national_number);
    case kNdc:
      return Str(seg.ndc);
    case kSubscriberNumber:
      return Str(seg.subscriber_number);
    case kType:
      return NewRef(NumberTypeStr(seg.type));
    case kOperator:
      return Str(seg.operator_name);
    case kExtension:
      return Str(seg.extension);
    case kInternational:
      return Str(seg.international);
    case kNational:
      return Str(seg.national);
    case kRfc3966:
      return Str(seg.rfc3966);
    case kPossibility:
      return NewRef(PossibilityStr(seg.possibility));
    case kErrorMessage:
      return NewRef(Py_None);
    case kPortable:
      return PyBool_FromLong(seg.portable);
    case kFlags:
      return FlagTuple(seg.flags);
    case kCarrierCode:
      return Str(seg.carrier_code);
    case kCountryCodeSource:
      return NewRef(CountryCodeSourceStr(seg.country_code_source));
    default:
      return NewRef(Py_None);
  }
}

constexpr std::array<const char*, kColumnCount> kFieldDocs = {
    "The text that was segmented (str).",
    "Whether the number is valid (libphonenumber's is_valid_number).",
    "Whether the number's length is possible (is_possible_number).",
    "Always None: segment() raises oracle.Error subclasses instead.",
    "E.164 form, e.g. '+2250707123456' (no extension).",
    "Country calling code, e.g. 225.",
    "ISO 3166-1 alpha-2 region, '001' for non-geographic entities, '' when "
    "unknown.",
    "National significant number, leading zeros kept.",
    "National destination code ('' when none).",
    "The national number without the NDC.",
    "Number type: 'FIXED_LINE', 'MOBILE', 'FIXED_LINE_OR_MOBILE', "
    "'TOLL_FREE', 'PREMIUM_RATE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', "
    "'PAGER', 'UAN', 'VOICEMAIL' or 'UNKNOWN'.",
    "Original-allocation operator in English ('' when unknown).",
    "Extension ('' when none).",
    "INTERNATIONAL format, e.g. '+225 07 07 12 3456'.",
    "NATIONAL format, e.g. '07 07 12 3456'.",
    "RFC 3966 URI, e.g. 'tel:+225-07-07-12-3456'.",
    "Possibility: 'IS_POSSIBLE', 'IS_POSSIBLE_LOCAL_ONLY', "
    "'INVALID_COUNTRY_CODE', 'TOO_SHORT', 'INVALID_LENGTH' or 'TOO_LONG'.",
    "Always None: segment() raises oracle.Error subclasses instead.",
    "Whether numbers may have been ported away from the operator in this "
    "region.",
    "Oracle behaviours that applied (tuple of names such as "
    "'CI_LEGACY_MIGRATED'); empty for libphonenumber's exact answer.",
    "Preferred domestic carrier code found while parsing ('' when none).",
    "Where the country code came from: 'FROM_NUMBER_WITH_PLUS_SIGN', "
    "'FROM_NUMBER_WITH_IDD', 'FROM_NUMBER_WITHOUT_PLUS_SIGN' or "
    "'FROM_DEFAULT_COUNTRY'.",
};

bool SameSegmentation(const Segmentation& a, const Segmentation& b) {
  return a.e164 == b.e164 && a.country_code == b.country_code &&
         a.region == b.region && a.national_number == b.national_number &&
         a.ndc == b.ndc && a.subscriber_number == b.subscriber_number &&
         a.type == b.type && a.valid == b.valid && a.possible == b.possible &&
         a.possibility == b.possibility && a.operator_name == b.operator_name &&
         a.extension == b.extension && a.international == b.international &&
         a.national == b.national && a.rfc3966 == b.rfc3966 &&
         a.country_code_source == b.country_code_source &&
         a.portable == b.portable && a.flags == b.flags &&
         a.carrier_code == b.carrier_code;
}

// Pickle state: (input, e164, country_code, region, national_number, ndc,
// subscriber_number, type, valid, possible, possibility, operator,
// extension, international, national, rfc3966, country_code_source,
// portable, flags, carrier_code), enums as their integer values.
py::tuple StateTuple(const SegmentationObject& s) {
  const Segmentation& g = s.seg;
  return py::make_tuple(
      py::reinterpret_borrow<py::object>(s.input), NewStr(g.e164),
      g.country_code, NewStr(g.region), NewStr(g.national_number),
      NewStr(g.ndc), NewStr(g.subscriber_number), static_cast<int>(g.type),
      g.valid, g.possible, static_cast<int>(g.possibility),
      NewStr(g.operator_name), NewStr(g.extension), NewStr(g.international),
      NewStr(g.national), NewStr(g.rfc3966),
      static_cast<int>(g.country_code_source), g.portable, g.flags,
      NewStr(g.carrier_code));
}

py::object FromState(const py::tuple& t) {
  if (t.size() != 20 || !PyUnicode_Check(t[0].ptr())) {
    throw py::value_error("invalid Segmentation state");
  }
  const int type = t[7].cast<int>();
  const int possibility = t[10].cast<int>();
  if (type < 0 || type >= kNumberTypeCount || possibility < 0 ||
      possibility >= kPossibilityCount) {
    throw py::value_error("invalid Segmentation state");
  }
  py::object obj =
      py::reinterpret_steal<py::object>(NewSegmentationObject(t[0].ptr()));
  if (!obj) throw py::error_already_set();
  Segmentation& g = *MutableSegmentation(obj.ptr());
  g.e164 = t[1].cast<std::string>();
  g.country_code = t[2].cast<int>();
  g.region = t[3].cast<std::string>();
  g.national_number = t[4].cast<std::string>();
  g.ndc = t[5].cast<std::string>();
  g.subscriber_number = t[6].cast<std::string>();
  g.type = static_cast<NumberType>(type);
  g.valid = t[8].cast<bool>();
  g.possible = t[9].cast<bool>();
  g.possibility = static_cast<Possibility>(possibility);
  g.operator_name = t[11].cast<std::string>();
  g.extension = t[12].cast<std::string>();
  g.international = t[13].cast<std::string>();
  g.national = t[14].cast<std::string>();
  g.rfc3966 = t[15].cast<std::string>();
  g.country_code_source = static_cast<CountryCodeSource>(t[16].cast<int>());
  g.portable = t[17].cast<bool>();
  g.flags = t[18].cast<uint32_t>();
  g.carrier_code = t[19].cast<std::string>();
  return obj;
}

// Runs `fn` (returning a py::object), turning C++ exceptions into a Python
// error and nullptr, as a CPython slot must.
template <typename Fn>
PyObject* Guard(Fn fn) {
  try {
    return fn().release().ptr();
  } catch (py::error_already_set& e) {
    e.restore();
  } catch (const std::bad_alloc&) {
    PyErr_NoMemory();
  } catch (const std::exception& e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
  }
  return nullptr;
}

// --- Type slots.

void Dealloc(PyObject* self) {
  SegmentationObject* s = Cast(self);
  s->seg.~Segmentation();
  Py_XDECREF(s->input);
  PyTypeObject* type = Py_TYPE(self);
  type->tp_free(self);
  Py_DECREF(type);
}

PyObject* GetField(PyObject* self, void* closure) {
  return FieldValue(*Cast(self),
                    static_cast<int>(reinterpret_cast<intptr_t>(closure)));
}

PyObject* ToDict(PyObject* self, PyObject*) {
  PyObject* d = PyDict_New();
  if (d == nullptr) return nullptr;
  for (int c = 0; c < kColumnCount; ++c) {
    PyObject* value = FieldValue(*Cast(self), c);
    if (value != nullptr && c == kFlags) {
      PyObject* list = PySequence_List(value);
      Py_DECREF(value);
      value = list;
    }
    if (value == nullptr ||
        PyDict_SetItemString(d, kColumnNames[c].data(), value) < 0) {
      Py_XDECREF(value);
      Py_DECREF(d);
      return nullptr;
    }
    Py_DECREF(value);
  }
  return d;
}

PyObject* Reduce(PyObject* self, PyObject*) {
  return Guard([&] {
    return py::make_tuple(
        py::reinterpret_borrow<py::object>(GetState().from_state),
        py::make_tuple(StateTuple(*Cast(self))));
  });
}

PyObject* Repr(PyObject* self) {
  return Guard([&]() -> py::object {
    const SegmentationObject& s = *Cast(self);
    std::string out = "oracle.Segmentation(input=";
    out += py::repr(s.input).cast<std::string>();
    out += ", e164=" + py::repr(NewStr(s.seg.e164)).cast<std::string>();
    out += ", type='" + std::string(NumberTypeName(s.seg.type)) + "'";
    out += ", operator=" +
           py::repr(NewStr(s.seg.operator_name)).cast<std::string>();
    out += s.seg.valid ? ", valid=True)" : ", valid=False)";
    return NewStr(out);
  });
}

PyObject* RichCompare(PyObject* a, PyObject* b, int op) {
  PyTypeObject* type = GetState().type;
  if ((op != Py_EQ && op != Py_NE) || !PyObject_TypeCheck(a, type) ||
      !PyObject_TypeCheck(b, type)) {
    Py_RETURN_NOTIMPLEMENTED;
  }
  bool equal = SameSegmentation(Cast(a)->seg, Cast(b)->seg);
  if (equal) {
    const int same_input =
        PyObject_RichCompareBool(Cast(a)->input, Cast(b)->input, Py_EQ);
    if (same_input < 0) return nullptr;
    equal = same_input == 1;
  }
  return PyBool_FromLong(op == Py_EQ ? equal : !equal);
}

Py_hash_t Hash(PyObject* self) {
  try {
    return static_cast<Py_hash_t>(py::hash(StateTuple(*Cast(self))));
  } catch (py::error_already_set& e) {
    e.restore();
  } catch (const std::exception& e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
  }
  return -1;
}

PyMethodDef kMethods[] = {
    {"to_dict", ToDict, METH_NOARGS,
     "The fields as a dict, in the CLI's order and with the CLI's JSON "
     "values (flags as a list of names)."},
    {"__reduce__", Reduce, METH_NOARGS, "Pickle support."},
    {nullptr, nullptr, 0, nullptr},
};

std::array<PyGetSetDef, kColumnCount + 1> MakeGetSets() {
  std::array<PyGetSetDef, kColumnCount + 1> defs{};
  for (int c = 0; c < kColumnCount; ++c) {
    defs[c] = {kColumnNames[c].data(), GetField, nullptr, kFieldDocs[c],
               reinterpret_cast<void*>(static_cast<intptr_t>(c))};
  }
  defs[kColumnCount] = {nullptr, nullptr, nullptr, nullptr, nullptr};
  return defs;
}

std::array<PyGetSetDef, kColumnCount + 1> kGetSets = MakeGetSets();

constexpr char kDoc[] =
    "The parts of one phone number, as returned by Engine.segment().\n"
    "\n"
    "Immutable. Its fields are those of the CLI's JSON records\n"
    "(oracle.COLUMNS); to_dict() returns that JSON object as a dict. Fields\n"
    "libphonenumber defines have libphonenumber's values for the metadata\n"
    "version of the engine. Segmentations compare equal when all their\n"
    "fields are equal, hash, and pickle.";

PyType_Slot kSlots[] = {
    {Py_tp_dealloc, reinterpret_cast<void*>(Dealloc)},
    {Py_tp_repr, reinterpret_cast<void*>(Repr)},
    {Py_tp_hash, reinterpret_cast<void*>(Hash)},
    {Py_tp_richcompare, reinterpret_cast<void*>(RichCompare)},
    {Py_tp_methods, kMethods},
    {Py_tp_getset, kGetSets.data()},
    {Py_tp_doc, const_cast<char*>(kDoc)},
    {0, nullptr},
};

PyType_Spec kSpec = {
    "oracle.Segmentation",
    sizeof(SegmentationObject),
    0,
#ifdef Py_TPFLAGS_IMMUTABLETYPE
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
#else
    Py_TPFLAGS_DEFAULT,
#endif
    kSlots,
};

}  // namespace

PyObject* NumberTypeStr(NumberType type) {
  const size_t i = static_cast<size_t>(type);
  const auto& strings = GetState().number_types;
  return strings[i < strings.size()
                     ? i
                     : static_cast<size_t>(NumberType::kUnknown)];
}

PyObject* PossibilityStr(Possibility p) {
  const size_t i = static_cast<size_t>(p);
  const auto& strings = GetState().possibilities;
  return strings[i < strings.size()
                     ? i
                     : static_cast<size_t>(Possibility::kInvalidLength)];
}

PyObject* CountryCodeSourceStr(CountryCodeSource source) {
  const auto& strings = GetState().sources;
  for (size_t i = 0; i < kCountryCodeSources.size(); ++i) {
    if (kCountryCodeSources[i] == source) return strings[i];
  }
  return strings.back();
}

PyObject* NewSegmentationObject(PyObject* input) {
  PyTypeObject* type = GetState().type;
  PyObject* obj = type->tp_alloc(type, 0);  // zeroed; holds a type reference
  if (obj == nullptr) return nullptr;
  SegmentationObject* s = Cast(obj);
  new (&s->seg) Segmentation();
  Py_INCREF(input);
  s->input = input;
  return obj;
}

Segmentation* MutableSegmentation(PyObject* object) {
  return &Cast(object)->seg;
}

void RegisterSegmentation(py::module_& m) {
  State& state = GetState();
  for (int i = 0; i < kNumberTypeCount; ++i) {
    state.number_types[i] = Intern(NumberTypeName(static_cast<NumberType>(i)));
  }
  for (int i = 0; i < kPossibilityCount; ++i) {
    state.possibilities[i] =
        Intern(PossibilityName(static_cast<Possibility>(i)));
  }
  for (size_t i = 0; i < kCountryCodeSources.size(); ++i) {
    state.sources[i] = Intern(CountryCodeSourceName(kCountryCodeSources[i]));
  }

  PyObject* type = PyType_FromSpec(&kSpec);
  if (type == nullptr) throw py::error_already_set();
  state.type = reinterpret_cast<PyTypeObject*>(type);  // kept for good
  // Only segment() makes Segmentations (the type would otherwise inherit
  // object's tp_new and hand out unconstructed objects).
  state.type->tp_new = nullptr;
  py::handle cls(type);
  py::list fields;
  for (std::string_view name : kColumnNames) {
    fields.append(py::str(name.data(), name.size()));
  }
  // Set before the type is frozen (Py_TPFLAGS_IMMUTABLETYPE blocks setattr
  // on the type afterwards only for Python code; the C API still works).
  PyDict_SetItemString(state.type->tp_dict, "FIELDS", py::tuple(fields).ptr());
  PyType_Modified(state.type);
  m.add_object("Segmentation", py::reinterpret_borrow<py::object>(cls));

  m.def("_segmentation_from_state", &FromState, py::arg("state"),
        "Rebuilds a pickled Segmentation.");
  state.from_state =
      py::object(m.attr("_segmentation_from_state")).release().ptr();
}

}  // namespace oracle::python
