package io.github.oraclephone;

/** A human decision about a message whose outcome is unknown. */
public enum UnknownDecision {
  /** It was sent (e.g. the provider's console says so). */
  MARK_SENT,
  /** It was not sent and will not be. */
  MARK_FAILED,
  /** It was not sent: send it again. */
  REQUEUE
}
