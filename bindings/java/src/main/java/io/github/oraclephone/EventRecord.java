package io.github.oraclephone;

import java.util.Objects;

/**
 * One append-only event of the history store. The store writes one per message state change
 * (kind "message", {@code state} the new state); hosts append their own with {@link
 * HistoryStore#appendEvents}. Null strings become "".
 *
 * @param id assigned by the store (0 when appending)
 * @param atUnixMs when it happened (ms since the Unix epoch)
 * @param kind "message", "job", "receipt", or the host's own
 * @param messageId 0: none
 * @param campaignId 0: none
 * @param jobId 0: none
 * @param number E.164 when appending; returned masked or hashed per {@link NumberPrivacy}
 */
public record EventRecord(
    long id,
    long atUnixMs,
    String kind,
    long messageId,
    long campaignId,
    long jobId,
    String number,
    String operatorName,
    String state,
    String errorCode,
    String detail) {

  public EventRecord {
    Objects.requireNonNull(kind, "kind");
    number = number == null ? "" : number;
    operatorName = operatorName == null ? "" : operatorName;
    state = state == null ? "" : state;
    errorCode = errorCode == null ? "" : errorCode;
    detail = detail == null ? "" : detail;
  }

  /** An event to append: kind, time, number, state and detail; no ids. */
  public static EventRecord of(
      String kind, long atUnixMs, String number, String state, String detail) {
    return new EventRecord(0, atUnixMs, kind, 0, 0, 0, number, "", state, "", detail);
  }

  static EventRecord fromFlat(String[] v, int i) {
    return new EventRecord(
        Long.parseLong(v[i]),
        Long.parseLong(v[i + 1]),
        v[i + 2],
        Long.parseLong(v[i + 3]),
        Long.parseLong(v[i + 4]),
        Long.parseLong(v[i + 5]),
        v[i + 6],
        v[i + 7],
        v[i + 8],
        v[i + 9],
        v[i + 10]);
  }

  void putFlat(String[] out, int i) {
    out[i] = Long.toString(id);
    out[i + 1] = Long.toString(atUnixMs);
    out[i + 2] = kind;
    out[i + 3] = Long.toString(messageId);
    out[i + 4] = Long.toString(campaignId);
    out[i + 5] = Long.toString(jobId);
    out[i + 6] = number;
    out[i + 7] = operatorName;
    out[i + 8] = state;
    out[i + 9] = errorCode;
    out[i + 10] = detail;
  }
}
