package io.github.oraclephone;

import java.util.Optional;

/**
 * A campaign message with its whole life (C++ {@code oracle::MessageRecord}). Times in ms since
 * the Unix epoch.
 *
 * @param recipient E.164 while pending; masked or hashed once settled when the store's {@link
 *     NumberPrivacy} says so
 * @param textDropped the body was removed once settled
 * @param deliveryStatus the last receipt's status, when one arrived
 * @param attempts times the message was handed to a transport
 */
public record MessageRecord(
    long id,
    long campaignId,
    String recipient,
    String senderAddress,
    String senderName,
    String text,
    boolean textDropped,
    String encoding,
    int segments,
    String region,
    String operatorName,
    String transport,
    String providerMessageId,
    String requestId,
    MessageState state,
    Optional<DeliveryStatus> deliveryStatus,
    int attempts,
    String leaseOwner,
    long leaseExpiresUnixMs,
    long notBeforeUnixMs,
    String lastErrorCode,
    String lastErrorMessage,
    long createdAtUnixMs,
    long updatedAtUnixMs) {

  static MessageRecord fromFlat(String[] v, int i) {
    int ds = Integer.parseInt(v[i + 15]);
    return new MessageRecord(
        Long.parseLong(v[i]),
        Long.parseLong(v[i + 1]),
        v[i + 2],
        v[i + 3],
        v[i + 4],
        v[i + 5],
        Boolean.parseBoolean(v[i + 6]),
        v[i + 7],
        Integer.parseInt(v[i + 8]),
        v[i + 9],
        v[i + 10],
        v[i + 11],
        v[i + 12],
        v[i + 13],
        MessageState.values()[Integer.parseInt(v[i + 14])],
        ds < 0 ? Optional.empty() : Optional.of(DeliveryStatus.values()[ds]),
        Integer.parseInt(v[i + 16]),
        v[i + 17],
        Long.parseLong(v[i + 18]),
        Long.parseLong(v[i + 19]),
        v[i + 20],
        v[i + 21],
        Long.parseLong(v[i + 22]),
        Long.parseLong(v[i + 23]));
  }
}
