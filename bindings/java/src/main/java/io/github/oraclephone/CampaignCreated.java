package io.github.oraclephone;

import java.util.List;

/**
 * What {@link HistoryStore#createCampaign} did (C++ {@code oracle::CampaignCreated}).
 *
 * @param campaignId the campaign
 * @param resumed the campaign existed (an interrupted creation was completed)
 * @param recipients read
 * @param enqueued new messages in the outbox
 * @param alreadyEnqueued there from an earlier, interrupted creation
 * @param invalid numbers left out as invalid
 * @param optedOut left out: on the opt-out list
 * @param duplicates the same E.164 number twice in the input
 * @param templateErrors left out: a template field without a value
 * @param excluded the first recipients left out, and why
 */
public record CampaignCreated(
    long campaignId,
    boolean resumed,
    long recipients,
    long enqueued,
    long alreadyEnqueued,
    long invalid,
    long optedOut,
    long duplicates,
    long templateErrors,
    List<Excluded> excluded) {

  public CampaignCreated {
    excluded = List.copyOf(excluded);
  }

  /**
   * A recipient left out.
   *
   * @param number as written
   * @param line in the source, 0 when none
   * @param reason "invalid", "opted_out", "duplicate" or "template"
   * @param detail e.g. the engine's error, the missing field
   */
  public record Excluded(String number, long line, String reason, String detail) {}
}
