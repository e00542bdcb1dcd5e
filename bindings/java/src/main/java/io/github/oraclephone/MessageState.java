package io.github.oraclephone;

import java.util.Locale;

/**
 * The life of a campaign message: queued, claimed, sending, then sent and delivered, or
 * failed, unknown (may have been sent: never resent automatically), opted out, cancelled.
 */
public enum MessageState {
  QUEUED,
  CLAIMED,
  SENDING,
  SENT,
  DELIVERED,
  FAILED,
  UNKNOWN,
  OPTED_OUT,
  CANCELLED;

  /** "queued", "opted_out"... as the store writes it (the keys of {@link CountBy#STATE}). */
  public String storeName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static MessageState fromStoreName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
