"""oracle.Engine(...): options, introspection, pickling, operator rules."""

from __future__ import annotations

import pathlib
import pickle

import pytest

from conftest import REPO_ROOT


def test_defaults(engine):
    assert engine.options == {
        "metadata_path": None,
        "lenient_double_zero": False,
        "migrate_ci_legacy": False,
        "ci_fixed_line_operators": False,
        "operator_rules": [],
        "portability": {"CI": True},
    }
    assert engine.metadata_version.startswith("phonenumbers ")
    assert repr(engine) == (
        f"oracle.Engine(metadata={engine.metadata_version!r})")


def test_introspection(engine):
    regions = engine.supported_regions
    assert isinstance(regions, tuple)
    assert list(regions) == sorted(regions)
    assert {"CI", "FR", "US"} <= set(regions)
    assert engine.country_code_for_region("CI") == 225
    assert engine.country_code_for_region("ci") == 225
    assert engine.country_code_for_region("XX") == 0


def test_introspection_bad_argument(engine, oracle_module):
    with pytest.raises(oracle_module.ArgumentTypeError):
        engine.country_code_for_region(None)


def test_lenient_double_zero(oracle_module):
    text = "00225 07 07 12 34 56"
    with pytest.raises(oracle_module.InvalidCountryCodeError):
        oracle_module.Engine().segment(text)
    seg = oracle_module.Engine(lenient_double_zero=True).segment(text)
    assert seg.e164 == "+2250707123456"
    assert seg.flags == ("LENIENT_DOUBLE_ZERO",)


def test_migrate_ci_legacy(oracle_module):
    assert not oracle_module.Engine().segment("07123456", "CI").valid
    seg = oracle_module.Engine(migrate_ci_legacy=True).segment("07123456",
                                                               "CI")
    assert seg.valid and seg.e164 == "+2250707123456"
    assert seg.flags == ("CI_LEGACY_MIGRATED",)


def test_ci_fixed_line_operators(oracle_module):
    plain = oracle_module.Engine().segment("27 22 44 12 34", "CI")
    assert plain.operator == ""
    seg = oracle_module.Engine(ci_fixed_line_operators=True).segment(
        "27 22 44 12 34", "CI")
    assert seg.operator == "Orange"
    assert seg.flags == ("CI_FIXED_LINE_OPERATOR",)


@pytest.mark.parametrize("rules", [
    [("2250505", "Custom")],
    (("2250505", "Custom"),),
    {"2250505": "Custom"},
    iter([["2250505", "Custom"]]),
])
def test_operator_rules_forms(oracle_module, rules):
    engine = oracle_module.Engine(operator_rules=rules)
    seg = engine.segment("0505123456", "CI")
    assert seg.operator == "Custom"
    assert seg.flags == ("USER_OPERATOR_RULE",)
    assert engine.options["operator_rules"] == [("2250505", "Custom")]


def test_operator_rules_csv_path(oracle_module, tmp_path):
    path = tmp_path / "rules.csv"
    path.write_text("prefix,operator\n# comment\n+225 05-05,Custom\n\n",
                    encoding="utf-8")
    assert oracle_module.load_operator_rules(path) == [("2250505", "Custom")]
    for given in (path, str(path)):
        engine = oracle_module.Engine(operator_rules=given)
        assert engine.segment("0505123456", "CI").operator == "Custom"


def test_operator_rules_errors(oracle_module, tmp_path):
    with pytest.raises(oracle_module.IoError) as info:
        oracle_module.Engine(operator_rules=tmp_path / "missing.csv")
    assert info.value.code == "IO_ERROR"
    bad = tmp_path / "bad.csv"
    bad.write_text("2250505 Custom\n", encoding="utf-8")
    with pytest.raises(oracle_module.InvalidArgumentError) as info:
        oracle_module.Engine(operator_rules=bad)
    assert "line 1" in str(info.value)
    with pytest.raises(oracle_module.InvalidArgumentError):
        oracle_module.Engine(operator_rules=[("", "Empty")])
    with pytest.raises(oracle_module.InvalidArgumentError):
        oracle_module.Engine(operator_rules=[("22a", "Letters")])
    for rules in ([("2250505",)], ["2250505,Custom"], [(2250505, "x")], 5,
                  b"rules.csv", [("2250505", None)]):
        with pytest.raises(oracle_module.ArgumentTypeError):
            oracle_module.Engine(operator_rules=rules)


def test_parse_operator_rules(oracle_module):
    assert oracle_module.parse_operator_rules(
        "prefix,operator\n+225 07.47,Orange CI\n") == [("2250747",
                                                        "Orange CI")]
    with pytest.raises(oracle_module.InvalidArgumentError):
        oracle_module.parse_operator_rules("no comma here")
    with pytest.raises(oracle_module.ArgumentTypeError):
        oracle_module.parse_operator_rules(None)
    with pytest.raises(oracle_module.ArgumentTypeError):
        oracle_module.load_operator_rules(None)


def test_portability(oracle_module):
    default = oracle_module.Engine()
    assert default.segment("0707123456", "CI").portable is True
    plain = oracle_module.Engine(portability={})
    assert plain.options["portability"] == {}
    custom = oracle_module.Engine(portability={"CI": False, "FR": True})
    assert custom.segment("0707123456", "CI").portable is False
    assert custom.segment("+33612345678").portable is True
    with pytest.raises(oracle_module.InvalidArgumentError):
        oracle_module.Engine(portability={"XX": True})
    with pytest.raises(oracle_module.ArgumentTypeError):
        oracle_module.Engine(portability={"CI": "yes"})
    with pytest.raises(oracle_module.ArgumentTypeError):
        oracle_module.Engine(portability=[("CI", True)])


@pytest.mark.parametrize("name", ["lenient_double_zero", "migrate_ci_legacy",
                                  "ci_fixed_line_operators"])
@pytest.mark.parametrize("value", [1, "yes", None])
def test_bool_options_must_be_bool(oracle_module, name, value):
    with pytest.raises(oracle_module.ArgumentTypeError):
        oracle_module.Engine(**{name: value})


def test_options_are_keyword_only(oracle_module):
    with pytest.raises(TypeError):
        oracle_module.Engine(True)
    with pytest.raises(TypeError):
        oracle_module.Engine(no_such_option=True)


def test_metadata_path(oracle_module, tmp_path):
    blob = REPO_ROOT / "data" / "metadata.bin"
    if blob.exists():
        engine = oracle_module.Engine(metadata_path=blob)
        assert engine.segment("0707123456", "CI").operator == "Orange"
        assert engine.options["metadata_path"] == str(blob)
    with pytest.raises(oracle_module.IoError) as info:
        oracle_module.Engine(metadata_path=tmp_path / "missing.bin")
    assert info.value.code == "IO_ERROR"
    assert isinstance(info.value, OSError)
    corrupt = tmp_path / "corrupt.bin"
    corrupt.write_bytes(b"not metadata" * 100)
    with pytest.raises(oracle_module.Error) as info:
        oracle_module.Engine(metadata_path=corrupt)
    assert info.value.code in ("DATA_LOSS", "INVALID_ARGUMENT")
    if blob.exists():
        truncated = tmp_path / "truncated.bin"
        truncated.write_bytes(blob.read_bytes()[:4096])
        with pytest.raises(oracle_module.Error) as info:
            oracle_module.Engine(metadata_path=truncated)
        assert info.value.code in ("DATA_LOSS", "INVALID_ARGUMENT")
    with pytest.raises(oracle_module.ArgumentTypeError):
        oracle_module.Engine(metadata_path=5)


def test_engine_pickles_by_options(oracle_module, tmp_path):
    engine = oracle_module.Engine(migrate_ci_legacy=True,
                                  operator_rules={"2250505": "Custom"},
                                  portability={"FR": True})
    restored = pickle.loads(pickle.dumps(engine))
    assert type(restored) is oracle_module.Engine
    assert restored.options == engine.options
    assert (restored.segment("0505123456", "CI")
            == engine.segment("0505123456", "CI"))


def test_engine_subclass_and_uninitialised(oracle_module):
    class Custom(oracle_module.Engine):
        pass

    assert Custom().segment("0707123456", "CI").valid

    class Broken(oracle_module.Engine):
        def __init__(self):  # does not call the base __init__
            pass

    with pytest.raises(TypeError):
        Broken().segment("0707123456", "CI")


def test_readme_example(oracle_module):
    engine = oracle_module.Engine()
    seg = engine.segment("07 07 12 34 56", region="CI")
    assert (seg.e164, seg.operator, seg.type) == ("+2250707123456", "Orange",
                                                  "MOBILE")
    assert pathlib.Path(oracle_module.__file__).name == "__init__.py"
    assert oracle_module.__version__.count(".") == 2
