"""Engine.segment(): results, the Segmentation object, errors."""

from __future__ import annotations

import copy
import pickle

import pytest


def test_mobile_number_fields(engine):
    seg = engine.segment("07 07 12 34 56", "CI")
    assert seg.input == "07 07 12 34 56"
    assert seg.valid is True
    assert seg.possible is True
    assert seg.error is None
    assert seg.error_message is None
    assert seg.e164 == "+2250707123456"
    assert seg.country_code == 225
    assert seg.region == "CI"
    assert seg.national_number == "0707123456"
    assert seg.ndc == "07"
    assert seg.subscriber_number == "07123456"
    assert seg.type == "MOBILE"
    assert seg.operator == "Orange"
    assert seg.extension == ""
    assert seg.international == "+225 07 07 12 3456"
    assert seg.national == "07 07 12 3456"
    assert seg.rfc3966 == "tel:+225-07-07-12-3456"
    assert seg.possibility == "IS_POSSIBLE"
    assert seg.portable is True
    assert seg.flags == ()
    assert seg.carrier_code == ""
    assert seg.country_code_source == "FROM_DEFAULT_COUNTRY"


def test_international_input_needs_no_region(engine):
    seg = engine.segment("+33 6 12 34 56 78")
    assert seg.e164 == "+33612345678"
    assert seg.region == "FR"
    assert seg.country_code_source == "FROM_NUMBER_WITH_PLUS_SIGN"


def test_region_any_case_and_keyword(engine):
    a = engine.segment("0707123456", "CI")
    assert engine.segment("0707123456", "ci") == a
    assert engine.segment(text="0707123456", region="Ci") == a
    assert engine.segment("0707123456", region="CI") == a


def test_no_region_forms(engine, oracle_module):
    for region in (None, "", "ZZ", "zz"):
        with pytest.raises(oracle_module.InvalidCountryCodeError):
            engine.segment("0707123456", region)
        assert engine.segment("+2250707123456", region).valid


def test_invalid_but_parsable_number_is_a_result(engine):
    seg = engine.segment("+225 07123456")
    assert seg.valid is False
    assert seg.error is None


def test_extension(engine):
    seg = engine.segment("07 07 12 34 56 ext. 12", "CI")
    assert seg.extension == "12"
    assert seg.e164 == "+2250707123456"


def test_bytes_input_is_utf8(engine):
    seg = engine.segment("０７ ０７ １２ ３４ ５６".encode(), "CI")
    assert seg.input == "０７ ０７ １２ ３４ ５６"
    assert seg.e164 == "+2250707123456"


def test_to_dict_has_cli_keys_in_order(engine, oracle_module):
    d = engine.segment("07 07 12 34 56", "CI").to_dict()
    assert list(d) == list(oracle_module.COLUMNS)
    assert list(d) == [
        "input", "valid", "possible", "error", "e164", "country_code",
        "region", "national_number", "ndc", "subscriber_number", "type",
        "operator", "extension", "international", "national", "rfc3966",
        "possibility", "error_message", "portable", "flags", "carrier_code",
        "country_code_source"]
    assert d["flags"] == []
    assert oracle_module.Segmentation.FIELDS == oracle_module.COLUMNS


def test_segmentation_is_immutable(engine, oracle_module):
    seg = engine.segment("07 07 12 34 56", "CI")
    with pytest.raises(AttributeError):
        seg.e164 = "+1"
    with pytest.raises(AttributeError):
        seg.anything = 1
    with pytest.raises(TypeError):
        oracle_module.Segmentation()


def test_segmentation_equality_hash_pickle_copy(engine):
    a = engine.segment("07 07 12 34 56", "CI")
    b = engine.segment("07 07 12 34 56", "CI")
    c = engine.segment("0707123456", "CI")
    assert a == b and hash(a) == hash(b)
    assert a != c  # same number, different input text
    assert a != "07 07 12 34 56"
    assert {a, b, c} == {a, c}
    for restored in (pickle.loads(pickle.dumps(a)), copy.copy(a),
                     copy.deepcopy(a)):
        assert restored == a
        assert restored.to_dict() == a.to_dict()


def test_repr(engine):
    r = repr(engine.segment("07 07 12 34 56", "CI"))
    assert r.startswith("oracle.Segmentation(input='07 07 12 34 56'")
    assert "e164='+2250707123456'" in r and "valid=True" in r


@pytest.mark.parametrize("text,code,cls_name", [
    ("not a number", "NOT_A_NUMBER", "NotANumberError"),
    ("", "NOT_A_NUMBER", "NotANumberError"),
    ("+999 123 456", "INVALID_COUNTRY_CODE", "InvalidCountryCodeError"),
    ("1" * 300, "TOO_LONG", "TooLongError"),
])
def test_parse_errors_raise_with_code(engine, oracle_module, text, code,
                                      cls_name):
    with pytest.raises(oracle_module.Error) as info:
        engine.segment(text, "CI")
    error = info.value
    assert type(error) is getattr(oracle_module, cls_name)
    assert error.code == code
    assert isinstance(error, oracle_module.NumberParseError)
    assert isinstance(error, ValueError)
    assert error.message == str(error) and error.message


def test_exception_hierarchy(oracle_module):
    o = oracle_module
    for cls in (o.NotANumberError, o.InvalidCountryCodeError,
                o.TooShortAfterIddError, o.TooShortNsnError, o.TooLongError):
        assert issubclass(cls, o.NumberParseError)
        assert issubclass(cls, o.Error)
    assert issubclass(o.ArgumentTypeError, TypeError)
    assert issubclass(o.ArgumentTypeError, o.InvalidArgumentError)
    assert issubclass(o.InvalidArgumentError, ValueError)
    assert issubclass(o.IoError, OSError)
    codes = {cls.code for cls in (
        o.InvalidArgumentError, o.NotFoundError, o.IoError, o.DataLossError,
        o.UnimplementedError, o.InternalError, o.OutOfRangeError,
        o.NotANumberError, o.InvalidCountryCodeError, o.TooShortAfterIddError,
        o.TooShortNsnError, o.TooLongError)}
    assert len(codes) == 12
    error = o.NotANumberError("x")
    assert pickle.loads(pickle.dumps(error)).code == "NOT_A_NUMBER"
    assert repr(error) == "NotANumberError('x')"
    assert type(error).__module__ == "oracle"


@pytest.mark.parametrize("text", [None, 225, 2.5, ["07"], bytearray(b"07"),
                                  object()])
def test_wrong_text_type(engine, oracle_module, text):
    with pytest.raises(oracle_module.ArgumentTypeError) as info:
        engine.segment(text, "CI")
    assert isinstance(info.value, TypeError)
    assert info.value.code == "INVALID_ARGUMENT"
    assert "text must be str or bytes" in str(info.value)


def test_bytes_not_utf8(engine, oracle_module):
    with pytest.raises(oracle_module.InvalidArgumentError) as info:
        engine.segment(b"07 07 \xff 12 34 56", "CI")
    assert info.value.code == "INVALID_ARGUMENT"
    assert "UTF-8" in str(info.value)
    assert not isinstance(info.value, TypeError)


def test_lone_surrogate(engine, oracle_module):
    with pytest.raises(oracle_module.InvalidArgumentError):
        engine.segment("07 07 \ud800 12", "CI")


@pytest.mark.parametrize("region", [225, b"CI", ["CI"]])
def test_wrong_region_type(engine, oracle_module, region):
    with pytest.raises(oracle_module.ArgumentTypeError):
        engine.segment("0707123456", region)


@pytest.mark.parametrize("region", ["XX", "C", "CIV", "001", "C1", "é"])
def test_unsupported_region(engine, oracle_module, region):
    with pytest.raises(oracle_module.InvalidArgumentError) as info:
        engine.segment("0707123456", region)
    assert "unsupported region" in str(info.value)


def test_bad_call_signatures(engine):
    with pytest.raises(TypeError):
        engine.segment()
    with pytest.raises(TypeError):
        engine.segment("07", "CI", "extra")
    with pytest.raises(TypeError):
        engine.segment("07", country="CI")
    with pytest.raises(TypeError):
        engine.segment("07", "CI", region="CI")


def test_hostile_text_does_not_crash(engine, oracle_module):
    for text in ["\x00", "+\x00225", "\u202e0707123456", "٠٧٠٧١٢٣٤٥٦",
                 "𝟎𝟕𝟎𝟕𝟏𝟐𝟑𝟒𝟓𝟔", "+" * 1000, "7" * 100000, "tel:;;;",
                 "\t\n\r"]:
        try:
            engine.segment(text, "CI")
        except oracle_module.NumberParseError:
            pass
