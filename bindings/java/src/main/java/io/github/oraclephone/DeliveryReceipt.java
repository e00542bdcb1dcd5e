package io.github.oraclephone;

import java.util.Objects;

/**
 * One delivery receipt, as received (C++ {@code oracle::DeliveryReceipt}). Receipts may be
 * duplicated, arrive out of order, or arrive before the send was recorded. Immutable.
 *
 * @param providerMessageId the provider's id of the message
 * @param address the recipient as the provider wrote it
 * @param status the delivery state
 * @param rawStatus the provider's text, unchanged
 * @param receivedAtUnixMs when it was received (ms since the Unix epoch)
 */
public record DeliveryReceipt(
    String providerMessageId,
    String address,
    DeliveryStatus status,
    String rawStatus,
    long receivedAtUnixMs) {

  public DeliveryReceipt {
    Objects.requireNonNull(providerMessageId, "providerMessageId");
    Objects.requireNonNull(status, "status");
    address = address == null ? "" : address;
    rawStatus = rawStatus == null ? status.providerName() : rawStatus;
  }
}
