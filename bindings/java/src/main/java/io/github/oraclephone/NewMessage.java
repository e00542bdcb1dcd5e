package io.github.oraclephone;

import java.util.Objects;

/**
 * A message to put in a campaign's outbox with {@link HistoryStore#enqueueMessages} (C++
 * {@code oracle::NewMessage}). {@link HistoryStore#createCampaign} makes these itself; this is
 * for hosts that render and segment their messages on their own.
 *
 * @param recipient E.164, e.g. "+2250707123456"
 * @param text the rendered body
 * @param encoding "GSM-7" or "UCS-2"
 * @param segments SMS billed
 * @param region from segmentation, e.g. "CI" (may be "")
 * @param operatorName from segmentation, e.g. "Orange" (may be "")
 */
public record NewMessage(
    String recipient,
    String text,
    String encoding,
    int segments,
    String region,
    String operatorName) {

  public NewMessage {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(encoding, "encoding");
    region = region == null ? "" : region;
    operatorName = operatorName == null ? "" : operatorName;
  }

  /** A message whose encoding and segments come from {@link Sms#analyze(String)}. */
  public static NewMessage of(String recipient, String text) {
    SmsAnalysis a = Sms.analyze(text);
    return new NewMessage(recipient, text, a.encoding().displayName(), a.segments(), "", "");
  }
}
