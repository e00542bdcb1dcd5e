package io.github.oraclephone;

import java.util.Locale;

/** The state of a campaign; {@link #CANCELLED} and {@link #DONE} are final. */
public enum CampaignState {
  DRAFT,
  SCHEDULED,
  RUNNING,
  PAUSED,
  CANCELLED,
  DONE;

  /** "draft", "scheduled"... as the store and the CLI write it. */
  public String storeName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
