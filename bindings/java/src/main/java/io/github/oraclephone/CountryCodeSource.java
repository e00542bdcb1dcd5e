package io.github.oraclephone;

/**
 * Where the country calling code came from: libphonenumber's {@code CountryCodeSource}
 * (without {@code UNSPECIFIED}); the C++ {@code oracle::CountryCodeSource}.
 */
public enum CountryCodeSource {
  /** "+225 ...". */
  FROM_NUMBER_WITH_PLUS_SIGN(1),
  /** "00225 ..." dialled from a region whose international prefix is 00. */
  FROM_NUMBER_WITH_IDD(5),
  /** "225 ..." read as a country code without a plus sign. */
  FROM_NUMBER_WITHOUT_PLUS_SIGN(10),
  /** The default region's country code. */
  FROM_DEFAULT_COUNTRY(20);

  private final int value;

  CountryCodeSource(int value) {
    this.value = value;
  }

  /** libphonenumber's numeric value. */
  public int value() {
    return value;
  }

  /** The source of a numeric value; {@link #FROM_DEFAULT_COUNTRY} when unknown. */
  static CountryCodeSource fromValue(int value) {
    switch (value) {
      case 1:
        return FROM_NUMBER_WITH_PLUS_SIGN;
      case 5:
        return FROM_NUMBER_WITH_IDD;
      case 10:
        return FROM_NUMBER_WITHOUT_PLUS_SIGN;
      default:
        return FROM_DEFAULT_COUNTRY;
    }
  }
}
