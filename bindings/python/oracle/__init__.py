"""Oracle: phone-number segmentation with libphonenumber's answers, fast.

Oracle segments a number as people really type it into country, region,
operator, number type, national destination code and subscriber number, with
exactly the answers of Google's libphonenumber (the ``phonenumbers`` package)
for the same metadata version, computed by a compiled C++ engine.

Example::

    import oracle

    engine = oracle.Engine()
    seg = engine.segment("07 07 12 34 56", region="CI")
    print(seg.e164, seg.operator, seg.type)   # +2250707123456 Orange MOBILE
    seg.to_dict()                              # the CLI's JSON record

    table = engine.segment_many(numbers, region="CI")   # pyarrow.Table

    try:
        engine.segment("hello")
    except oracle.NumberParseError as e:
        print(e.code)                          # NOT_A_NUMBER

    oracle.analyze_sms("Bientôt").encoding     # 'UCS-2'
    with oracle.open_store("sqlite:oracle.db") as store:   # history, campaigns
        ...

See docs/python.md for the whole API.
"""

from oracle import _engine, _errors, _history, _io, _rules, _sms
from oracle._oracle import COLUMNS, Segmentation, __version__
from oracle._oracle import parse_operator_rules
# Each part lists what it makes public in its own __all__.
from oracle._engine import *  # noqa: E402,F401,F403
from oracle._errors import *  # noqa: E402,F401,F403
from oracle._history import *  # noqa: E402,F401,F403
from oracle._io import *  # noqa: E402,F401,F403
from oracle._rules import *  # noqa: E402,F401,F403
from oracle._sms import *  # noqa: E402,F401,F403

__all__ = [
    "COLUMNS",
    "Segmentation",
    "parse_operator_rules",
    "__version__",
    *_engine.__all__,
    *_io.__all__,
    *_rules.__all__,
    *_sms.__all__,
    *_history.__all__,
    *(name for name in _errors.__all__ if name != "ERRORS_BY_CODE"),
]
