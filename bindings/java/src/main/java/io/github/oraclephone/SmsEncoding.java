package io.github.oraclephone;

/** How an SMS body travels (C++ {@code oracle::SmsEncoding}). */
public enum SmsEncoding {
  /** The GSM 03.38 7-bit alphabet and its extension table: 160 septets, parts of 153. */
  GSM_7("GSM-7"),
  /** UCS-2 (UTF-16 in practice): 70 code units, parts of 67. */
  UCS_2("UCS-2");

  private final String displayName;

  SmsEncoding(String displayName) {
    this.displayName = displayName;
  }

  /** "GSM-7" or "UCS-2", as the C++ library and the history store write it. */
  public String displayName() {
    return displayName;
  }

  static SmsEncoding fromDisplayName(String name) {
    for (SmsEncoding e : values()) {
      if (e.displayName.equals(name)) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown SMS encoding " + name);
  }
}
