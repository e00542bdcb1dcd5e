package io.github.oraclephone;

/** libphonenumber's {@code PhoneNumberType}; the C++ {@code oracle::NumberType}. */
public enum NumberType {
  FIXED_LINE,
  MOBILE,
  /** The number could be either (some regions, e.g. the United States, cannot tell). */
  FIXED_LINE_OR_MOBILE,
  TOLL_FREE,
  PREMIUM_RATE,
  SHARED_COST,
  VOIP,
  PERSONAL_NUMBER,
  PAGER,
  UAN,
  VOICEMAIL,
  UNKNOWN;

  private static final NumberType[] VALUES = values();

  /** The type of a C++ value (its ordinal); {@link #UNKNOWN} when out of range. */
  static NumberType fromValue(int value) {
    return value >= 0 && value < VALUES.length ? VALUES[value] : UNKNOWN;
  }
}
