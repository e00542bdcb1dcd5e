// oracle._oracle: the compiled half of the `oracle` Python package.
//
// Private: applications import `oracle`, whose facade (oracle/__init__.py)
// re-exports what is public here and adds the pure-Python parts. The
// module's contents are described by oracle/_oracle.pyi.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "columns.h"
#include "engine_object.h"
#include "errors.h"
#include "io.h"
#include "history.h"
#include "names.h"
#include "oracle/engine.h"
#include "oracle/version.h"
#include "segmentation_object.h"
#include "sms.h"
#include "text.h"

namespace py = pybind11;

namespace oracle::python {
namespace {

py::list RulesToPython(std::vector<OperatorRule>&& rules) {
  py::list out;
  for (OperatorRule& r : rules) {
    out.append(py::make_tuple(NewStr(r.prefix), NewStr(r.operator_name)));
  }
  return out;
}

py::list ParseRules(py::handle text) {
  py::object as_str;
  const std::string_view csv = TextArgument(text, "text", &as_str);
  Result<std::vector<OperatorRule>> rules = ParseOperatorRulesCsv(csv);
  if (!rules.ok()) ThrowStatus(rules.status());
  return RulesToPython(std::move(rules).value());
}

py::list LoadRules(const std::string& path) {
  std::optional<Result<std::vector<OperatorRule>>> rules;
  {
    py::gil_scoped_release release;
    rules.emplace(LoadOperatorRulesCsv(path));
  }
  if (!rules->ok()) ThrowStatus(rules->status());
  return RulesToPython(std::move(*rules).value());
}

}  // namespace
}  // namespace oracle::python

PYBIND11_MODULE(_oracle, m) {
  using namespace oracle::python;  // NOLINT(build/namespaces)
  m.doc() = "Private compiled module of the oracle package; import oracle.";

  InitErrors();
  RegisterSegmentation(m);
  RegisterColumnBuffers(m);
  RegisterEngine(m);
  RegisterIo(m);
  RegisterSms(m);
  RegisterHistory(m);

  m.attr("__version__") = ORACLE_VERSION_STRING;
  py::list columns;
  for (std::string_view name : kColumnNames) {
    columns.append(py::str(name.data(), name.size()));
  }
  m.attr("COLUMNS") = py::tuple(columns);

  m.def("parse_operator_rules", &ParseRules, py::arg("text"), R"doc(
Reads operator rules from CSV text.

One rule per line, "prefix,operator"; an optional header line
"prefix,operator", '#' comments and blank lines are ignored; the prefix may
start with '+' and contain spaces, dashes and dots. Returns a list of
(prefix, operator) tuples, prefixes as E.164 digits.

Raises oracle.InvalidArgumentError naming the line for a bad line.
)doc");
  m.def("load_operator_rules", &LoadRules, py::arg("path"), R"doc(
Reads operator rules from a CSV file (see parse_operator_rules).

Raises oracle.IoError when the file cannot be read, and
oracle.InvalidArgumentError naming the line for a bad line.
)doc");
}
