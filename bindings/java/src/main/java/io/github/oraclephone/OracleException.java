package io.github.oraclephone;

import java.util.Objects;

/**
 * An operation of the Oracle library failed. {@link #code()} says why, {@link #getMessage()}
 * is {@code "CODE: detail"}, and {@link #detail()} is the library's message alone.
 *
 * <p>Segmenting text that is not a phone number raises one with a parse code ({@link
 * ErrorCode#isParseError()}); failures of the library itself (unreadable metadata, invalid
 * options, an unexpected native error) carry the other codes. Unchecked, like the exceptions
 * of {@code java.util}: a caller that expects bad input catches it, others let it propagate.
 */
public class OracleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String detail;

  /** An exception with the given code and message. */
  public OracleException(ErrorCode code, String detail) {
    super(message(code, detail));
    this.code = code;
    this.detail = detail == null ? "" : detail;
  }

  /** Called by the native library: {@code code} is an {@code oracle::StatusCode} value. */
  OracleException(int code, String detail) {
    this(ErrorCode.fromValue(code), detail);
  }

  private static String message(ErrorCode code, String detail) {
    Objects.requireNonNull(code, "code");
    return detail == null || detail.isEmpty() ? code.name() : code.name() + ": " + detail;
  }

  /** Why the operation failed. */
  public ErrorCode code() {
    return code;
  }

  /** The library's message, without the code. */
  public String detail() {
    return detail;
  }
}
