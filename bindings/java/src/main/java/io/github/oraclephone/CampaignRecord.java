package io.github.oraclephone;

/**
 * A campaign as the history store keeps it. Times in ms since the Unix epoch.
 *
 * @param ratePerSecond 0: as fast as the transport allows
 * @param scheduledStartUnixMs 0: no schedule
 * @param source where the recipients came from
 */
public record CampaignRecord(
    long id,
    String name,
    String templateText,
    String senderAddress,
    String senderName,
    String transport,
    double ratePerSecond,
    long scheduledStartUnixMs,
    String source,
    CampaignState state,
    long createdAtUnixMs,
    long updatedAtUnixMs) {

  static CampaignRecord fromFlat(String[] v, int i) {
    return new CampaignRecord(
        Long.parseLong(v[i]),
        v[i + 1],
        v[i + 2],
        v[i + 3],
        v[i + 4],
        v[i + 5],
        Double.parseDouble(v[i + 6]),
        Long.parseLong(v[i + 7]),
        v[i + 8],
        CampaignState.values()[Integer.parseInt(v[i + 9])],
        Long.parseLong(v[i + 10]),
        Long.parseLong(v[i + 11]));
  }
}
