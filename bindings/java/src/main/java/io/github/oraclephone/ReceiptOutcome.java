package io.github.oraclephone;

/**
 * What {@link HistoryStore#recordReceipt} did with a receipt.
 *
 * @param duplicate the same (provider id, status) was seen before
 * @param messageId 0: no message yet (kept in the inbox, applied when the send is recorded)
 * @param messageState the message's state, when matched
 * @param statusChanged the message moved forward
 */
public record ReceiptOutcome(
    boolean duplicate, long messageId, MessageState messageState, boolean statusChanged) {}
