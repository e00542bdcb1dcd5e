package io.github.oraclephone;

import java.time.Duration;
import java.util.Objects;

/**
 * What a transport did with a message (C++ {@code oracle::SendResult}). Immutable; null
 * strings become "". A transport written in Java returns one from {@link
 * SmsTransport#send(SmsMessage)}; the factories make the usual ones.
 *
 * @param outcome one of four
 * @param providerMessageId set when accepted
 * @param errorCode the provider's code (e.g. "SVC0004") or a transport code (e.g. "TIMEOUT");
 *     never credentials
 * @param errorMessage readable message
 * @param httpStatus last HTTP status, 0 when none
 * @param requestId the provider's request id
 * @param attempts requests made for this message
 * @param retryAfter for {@link SendOutcome#RETRY_LATER}: how long to wait (zero: no hint)
 * @param clientRef copied from the message
 */
public record SendResult(
    SendOutcome outcome,
    String providerMessageId,
    String errorCode,
    String errorMessage,
    int httpStatus,
    String requestId,
    int attempts,
    Duration retryAfter,
    String clientRef) {

  public SendResult {
    Objects.requireNonNull(outcome, "outcome");
    providerMessageId = providerMessageId == null ? "" : providerMessageId;
    errorCode = errorCode == null ? "" : errorCode;
    errorMessage = errorMessage == null ? "" : errorMessage;
    requestId = requestId == null ? "" : requestId;
    retryAfter = retryAfter == null || retryAfter.isNegative() ? Duration.ZERO : retryAfter;
    clientRef = clientRef == null ? "" : clientRef;
  }

  /** Accepted by the provider with this id. */
  public static SendResult accepted(String providerMessageId) {
    return new SendResult(
        SendOutcome.ACCEPTED, providerMessageId, "", "", 0, "", 1, Duration.ZERO, "");
  }

  /** Refused for good. */
  public static SendResult rejected(String errorCode, String errorMessage) {
    return new SendResult(
        SendOutcome.REJECTED, "", errorCode, errorMessage, 0, "", 1, Duration.ZERO, "");
  }

  /** Not sent; may be sent again after {@code retryAfter} (zero: the dispatcher's backoff). */
  public static SendResult retryLater(String errorCode, Duration retryAfter) {
    return new SendResult(
        SendOutcome.RETRY_LATER, "", errorCode, "", 0, "", 1, retryAfter, "");
  }

  /** May have been sent: never resent automatically. */
  public static SendResult unknown(String errorCode, String errorMessage) {
    return new SendResult(
        SendOutcome.UNKNOWN, "", errorCode, errorMessage, 0, "", 1, Duration.ZERO, "");
  }

  /** This result with another client reference. */
  public SendResult withClientRef(String clientRef) {
    return new SendResult(
        outcome,
        providerMessageId,
        errorCode,
        errorMessage,
        httpStatus,
        requestId,
        attempts,
        retryAfter,
        clientRef);
  }
}
