package io.github.oraclephone;

/**
 * The outcome of a send (C++ {@code oracle::SendOutcome}); only {@link #ACCEPTED} means sent.
 */
public enum SendOutcome {
  /** The provider took the message; it has a provider message id. */
  ACCEPTED,
  /** Permanently refused (bad number, policy, no credit): do not resend as is. */
  REJECTED,
  /** Not sent (rate limited, unavailable before the request was accepted): safe to resend. */
  RETRY_LATER,
  /** May have been sent (timeout, reset or 5xx after the request was written). Never resent. */
  UNKNOWN
}
