package io.github.oraclephone;

/**
 * libphonenumber's {@code ValidationResult} ({@code isPossibleNumberWithReason}); the C++
 * {@code oracle::Possibility}.
 */
public enum Possibility {
  IS_POSSIBLE,
  IS_POSSIBLE_LOCAL_ONLY,
  INVALID_COUNTRY_CODE,
  TOO_SHORT,
  INVALID_LENGTH,
  TOO_LONG;

  private static final Possibility[] VALUES = values();

  /** The value of a C++ value (its ordinal); {@link #INVALID_LENGTH} when out of range. */
  static Possibility fromValue(int value) {
    return value >= 0 && value < VALUES.length ? VALUES[value] : INVALID_LENGTH;
  }
}
