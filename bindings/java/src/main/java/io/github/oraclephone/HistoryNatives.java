package io.github.oraclephone;

/**
 * The native methods of the history store, campaigns and the dispatcher, implemented in {@code
 * bindings/java/jni/history_jni.cc} and bound by its exported {@code registerNatives} when this
 * class is initialised. Failures become Java exceptions as in {@link SmsNatives}.
 *
 * <p>Records cross as flat {@code String[]} (numbers in decimal, enums as ordinals), field by
 * field in the order of the record classes ({@link JobRecord}, {@link CampaignRecord}, {@link
 * MessageRecord}, {@link EventRecord}); a page ends with its next cursor. A query is {@code
 * {number, campaignId, state ordinal or -1, stateName, operatorName, fromUnixMs, toUnixMs,
 * limit, cursor}}.
 */
final class HistoryNatives {
  static final int JOB_FIELDS = 10;
  static final int CAMPAIGN_FIELDS = 12;
  static final int MESSAGE_FIELDS = 24;
  static final int EVENT_FIELDS = 11;

  static {
    SmsNatives.ensureLoaded();
    registerNatives();
  }

  private HistoryNatives() {}

  private static native void registerNatives();

  static native long openStore(String url, String[] options);

  static native void destroyStore(long handle);

  static native String backend(long handle);

  static native int schemaVersion(long handle);

  static native long beginJob(long handle, int kind, String description, long now);

  static native void finishJob(
      long handle,
      long id,
      String status,
      long total,
      long ok,
      long failed,
      String error,
      long now);

  static native String[] getJob(long handle, long id);

  static native String[] listJobs(long handle, int limit, String cursor);

  static native String[] getCampaign(long handle, long id);

  static native String[] findCampaign(long handle, String name);

  static native String[] listCampaigns(long handle);

  static native void setCampaignState(long handle, long id, int state, long now);

  static native String[] readRecipients(String path, String text);

  static native String[] recipientsOfSegment(long handle, String name);

  static native void saveSegment(
      long handle,
      String name,
      String[] numbers,
      String sourcePath,
      String[] regions,
      String[] operators,
      String[] types,
      long now);

  static native String[] listSegments(long handle);

  static native void deleteSegment(long handle, String name);

  static native Object[] createCampaign(
      long handle,
      long engineHandle,
      String[] spec,
      String defaultRegion,
      String[] numberTypes,
      String[] recipients,
      int maxExcluded);

  static native String[] getMessage(long handle, long id);

  static native String[] queryMessages(long handle, String[] query);

  static native String[] queryEvents(long handle, String[] query);

  static native String[] countMessages(long handle, String[] query, int by);

  static native void appendEvents(long handle, String[] events);

  static native long[] recordReceipt(long handle, String[] receipt);

  static native void resolveUnknown(long handle, long id, int decision, String note, long now);

  static native long[] recoverExpired(long handle, long now);

  static native void addOptOut(long handle, String number, String reason, long now);

  static native void removeOptOut(long handle, String number);

  static native boolean isOptedOut(long handle, String number);

  static native long export(long handle, String[] query, String path, boolean events);

  static native long[] enqueueMessages(long handle, long campaignId, String[] messages, long now);

  static native String[] claimMessages(
      long handle, long campaignId, String workerId, int limit, long leaseMs, long now);

  static native void markSending(long handle, long messageId, String workerId, long now);

  static native void recordSendResult(
      long handle, long messageId, String workerId, String[] result, long now);

  static native long releaseClaims(long handle, String workerId, long now);

  static native Object[] getSegment(long handle, String name);

  static native long createDispatcher(
      long storeHandle,
      long transportHandle,
      SmsTransport javaTransport,
      String javaName,
      String[] options);

  static native void destroyDispatcher(long handle);

  static native String dispatcherWorkerId(long handle);

  static native void stopDispatcher(long handle);

  static native String[] runDispatcher(long handle, long campaignId);
}
