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

from oracle._errors import (
    ArgumentTypeError,
    DataLossError,
    Error,
    InternalError,
    InvalidArgumentError,
    InvalidCountryCodeError,
    IoError,
    NotANumberError,
    NotFoundError,
    NumberParseError,
    OutOfRangeError,
    AlreadyExistsError,
    FailedPreconditionError,
    UnavailableError,
    DeadlineExceededError,
    PermissionDeniedError,
    ResourceExhaustedError,
    UnauthenticatedError,
    CancelledError,
    AbortedError,
    TooLongError,
    TooShortAfterIddError,
    TooShortNsnError,
    UnimplementedError,
)
from oracle._oracle import COLUMNS, Segmentation, __version__
from oracle._oracle import parse_operator_rules
from oracle._engine import Engine
from oracle._io import (FileSummary, list_sheets, read_table, segment_file,
                        write_table)
from oracle._rules import load_operator_rules
from oracle._sms import (
    DeliveryReceipt,
    DeliveryStatus,
    ForcingChar,
    OrangeContract,
    OrangeOptions,
    OrangeReceiptSubscription,
    OrangeTransport,
    SandboxRecord,
    SandboxTransport,
    SendOutcome,
    SendResult,
    SmsAnalysis,
    SmsMessage,
    SmsPart,
    SmsTemplate,
    Substitution,
    Transport,
    analyze_sms,
    parse_orange_delivery_receipt,
)
from oracle._history import (
    Campaign,
    CampaignCreated,
    CampaignStatus,
    DispatchReport,
    Dispatcher,
    Event,
    ExcludedRecipient,
    Job,
    Message,
    Page,
    ReceiptOutcome,
    Recipient,
    SavedSegment,
    Store,
    open_store,
    parse_recipients,
    read_recipients,
)

__all__ = [
    "COLUMNS",
    "Engine",
    "FileSummary",
    "list_sheets",
    "read_table",
    "segment_file",
    "write_table",
    "Segmentation",
    "load_operator_rules",
    "parse_operator_rules",
    "__version__",
    # SMS
    "analyze_sms",
    "SmsAnalysis",
    "SmsPart",
    "ForcingChar",
    "Substitution",
    "SmsTemplate",
    "SmsMessage",
    "SendOutcome",
    "SendResult",
    "DeliveryStatus",
    "DeliveryReceipt",
    "Transport",
    "SandboxTransport",
    "SandboxRecord",
    "OrangeOptions",
    "OrangeTransport",
    "OrangeReceiptSubscription",
    "OrangeContract",
    "parse_orange_delivery_receipt",
    # History and campaigns
    "open_store",
    "Store",
    "Dispatcher",
    "Page",
    "Job",
    "Campaign",
    "Message",
    "Event",
    "Recipient",
    "ExcludedRecipient",
    "CampaignCreated",
    "CampaignStatus",
    "DispatchReport",
    "ReceiptOutcome",
    "SavedSegment",
    "read_recipients",
    "parse_recipients",
    "Error",
    "InvalidArgumentError",
    "ArgumentTypeError",
    "NotFoundError",
    "IoError",
    "DataLossError",
    "UnimplementedError",
    "InternalError",
    "OutOfRangeError",
    "AlreadyExistsError",
    "FailedPreconditionError",
    "UnavailableError",
    "DeadlineExceededError",
    "PermissionDeniedError",
    "ResourceExhaustedError",
    "UnauthenticatedError",
    "CancelledError",
    "AbortedError",
    "NumberParseError",
    "NotANumberError",
    "InvalidCountryCodeError",
    "TooShortAfterIddError",
    "TooShortNsnError",
    "TooLongError",
]
