package io.github.oraclephone;

import java.util.Objects;

/**
 * One message to one recipient (C++ {@code oracle::SmsMessage}). Immutable; null optional
 * fields become "".
 *
 * @param to recipient in E.164, e.g. {@code "+2250707123456"}
 * @param text body
 * @param senderAddress e.g. {@code "tel:+2250000"}; "" for the transport's default
 * @param senderName approved sender name; "" for none
 * @param clientRef the caller's own reference, echoed in the {@link SendResult}, never sent
 */
public record SmsMessage(
    String to, String text, String senderAddress, String senderName, String clientRef) {

  public SmsMessage {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(text, "text");
    senderAddress = senderAddress == null ? "" : senderAddress;
    senderName = senderName == null ? "" : senderName;
    clientRef = clientRef == null ? "" : clientRef;
  }

  /** A message with no sender (the transport's default) and no reference. */
  public static SmsMessage of(String to, String text) {
    return new SmsMessage(to, text, "", "", "");
  }

  public SmsMessage withSenderAddress(String senderAddress) {
    return new SmsMessage(to, text, senderAddress, senderName, clientRef);
  }

  public SmsMessage withSenderName(String senderName) {
    return new SmsMessage(to, text, senderAddress, senderName, clientRef);
  }

  public SmsMessage withClientRef(String clientRef) {
    return new SmsMessage(to, text, senderAddress, senderName, clientRef);
  }
}
