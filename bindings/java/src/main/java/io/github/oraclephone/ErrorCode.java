package io.github.oraclephone;

/**
 * Why an operation failed: the codes of the C++ library's {@code oracle::StatusCode}, with
 * the same names and numeric values.
 *
 * <p>The phone-number codes ({@link #NOT_A_NUMBER} to {@link #TOO_LONG}) mirror
 * libphonenumber's {@code NumberParseException} error types: text that cannot be read as a
 * phone number. A number that can be read but is not valid is not an error: it is a {@link
 * Segmentation} whose {@link Segmentation#valid()} is false.
 */
public enum ErrorCode {
  /** No error (used in the error column of a {@link BatchResult}). */
  OK(0),
  /** A caller-supplied argument is malformed. */
  INVALID_ARGUMENT(1),
  NOT_FOUND(2),
  IO_ERROR(3),
  /** A file or metadata blob is corrupt. */
  DATA_LOSS(4),
  UNIMPLEMENTED(5),
  INTERNAL(6),
  OUT_OF_RANGE(7),
  /** Something to create already exists. */
  ALREADY_EXISTS(8),
  /** The system is not in a state the operation needs. */
  FAILED_PRECONDITION(9),
  /** A service cannot be reached now; retrying may work. */
  UNAVAILABLE(10),
  /** A time limit passed before the operation ended. */
  DEADLINE_EXCEEDED(11),
  /** The caller may not do this. */
  PERMISSION_DENIED(12),
  /** A quota, rate limit or size limit was reached. */
  RESOURCE_EXHAUSTED(13),
  /** Credentials are missing, invalid or expired. */
  UNAUTHENTICATED(14),
  /** The operation was cancelled by its caller. */
  CANCELLED(15),
  /** The operation was aborted by a conflict; retrying may work. */
  ABORTED(16),
  /** The text does not look like a phone number. */
  NOT_A_NUMBER(20),
  /** No usable country calling code or default region. */
  INVALID_COUNTRY_CODE(21),
  /** An international prefix followed by too few digits. */
  TOO_SHORT_AFTER_IDD(22),
  /** The national number is too short. */
  TOO_SHORT_NSN(23),
  /** The text or the national number is too long. */
  TOO_LONG(24);

  private static final ErrorCode[] BY_VALUE = new ErrorCode[25];

  static {
    for (ErrorCode c : values()) {
      BY_VALUE[c.value] = c;
    }
  }

  private final int value;

  ErrorCode(int value) {
    this.value = value;
  }

  /** The numeric value of the C++ {@code oracle::StatusCode}. */
  public int value() {
    return value;
  }

  /**
   * The code of a numeric value; {@link #INTERNAL} for a value this version does not know.
   */
  public static ErrorCode fromValue(int value) {
    ErrorCode c = value >= 0 && value < BY_VALUE.length ? BY_VALUE[value] : null;
    return c != null ? c : INTERNAL;
  }

  /** True for the codes that say the text is not a phone number (20 to 24). */
  public boolean isParseError() {
    return value >= NOT_A_NUMBER.value && value <= TOO_LONG.value;
  }
}
