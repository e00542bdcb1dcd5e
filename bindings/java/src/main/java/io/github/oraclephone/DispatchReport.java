package io.github.oraclephone;

import java.util.Map;

/**
 * What one {@link Dispatcher#run} did (C++ {@code oracle::DispatchReport}).
 *
 * @param reason why it returned: "done", "unknown_pending" (only messages with an unknown
 *     outcome are left), "cancelled", "paused", "stopped", "idle"
 * @param finalState the campaign's state when it returned
 * @param counts messages per state ({@link MessageState#storeName()}) when it returned
 */
public record DispatchReport(
    String reason,
    CampaignState finalState,
    long claimed,
    long sent,
    long rejected,
    long retryLater,
    long unknown,
    long leaseLost,
    long released,
    long recoveredRequeued,
    long recoveredUnknown,
    Map<String, Long> counts) {

  public DispatchReport {
    counts = Map.copyOf(counts);
  }

  /** Messages of the campaign in that state when {@code run} returned. */
  public long count(MessageState state) {
    return counts.getOrDefault(state.storeName(), 0L);
  }
}
