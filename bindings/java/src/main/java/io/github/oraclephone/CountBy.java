package io.github.oraclephone;

/** How {@link HistoryStore#countMessages} groups messages. */
public enum CountBy {
  /** Key "YYYY-MM-DD" (UTC) of the creation time. */
  DAY,
  /** Key {@link MessageState#storeName()}. */
  STATE,
  /** Key the operator name ("" when unknown). */
  OPERATOR
}
