package io.github.oraclephone;

import java.lang.ref.Cleaner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The history store (C++ {@code oracle::HistoryStore}, {@code oracle/history.h}): a durable
 * record of jobs, campaigns, messages, append-only events, delivery receipts and opt-outs, and
 * the outbox that lets a {@link Dispatcher} lose nothing and send nothing twice. SQLite (one
 * file) or PostgreSQL.
 *
 * <pre>{@code
 * try (HistoryStore store = HistoryStore.open("sqlite:oracle.db");
 *      Engine engine = Engine.create();
 *      SandboxTransport sandbox = SandboxTransport.create()) {
 *   CampaignCreated c = store.createCampaign(engine,
 *       CampaignRequest.builder("promo-2026-11", "Bonjour {name}")
 *           .recipients(Recipient.readFile(Path.of("contacts.csv")))
 *           .defaultRegion("CI")
 *           .build());
 *   try (Dispatcher d = Dispatcher.create(store, sandbox, DispatcherOptions.defaults())) {
 *     DispatchReport report = d.run(c.campaignId());   // reason "done"
 *   }
 *   Page<EventRecord> events = store.queryEvents(
 *       HistoryQuery.builder().number("+2250707123456").build());
 *   store.exportMessages(HistoryQuery.builder().campaignId(c.campaignId()).build(),
 *       Path.of("campaign.xlsx"));
 * }
 * }</pre>
 *
 * <p>Times recorded by the store's methods come from {@link HistoryOptions#clock()}.
 *
 * <p>Thread safety: every method may be called from many threads at once (calls are
 * serialised on the store's connection), {@code close()} included; several processes may open
 * the same store. Ownership: {@link #close()} closes the connection once the calls in flight
 * (and the dispatchers made on this store) end; anything already returned is durable.
 */
public final class HistoryStore implements AutoCloseable {
  private static final Cleaner CLEANER = Cleaner.create();

  final NativeHandle handle;
  private final Cleaner.Cleanable cleanable;
  private final HistoryOptions options;

  private HistoryStore(long nativeHandle, HistoryOptions options) {
    this.handle = new NativeHandle(nativeHandle, HistoryNatives::destroyStore, "history store");
    this.cleanable = CLEANER.register(this, handle);
    this.options = options;
  }

  /** {@link #open(String, HistoryOptions)} with the default options. */
  public static HistoryStore open(String url) {
    return open(url, HistoryOptions.defaults());
  }

  /**
   * Opens (creating if needed) a store: {@code "sqlite:PATH"} (a SQLite file; {@code
   * "sqlite::memory:"} in memory), or {@code "postgresql://..."} (a libpq URI).
   *
   * @throws OracleException {@link ErrorCode#INVALID_ARGUMENT} for another scheme or bad
   *     options, {@link ErrorCode#UNAVAILABLE} when the database cannot be reached, {@link
   *     ErrorCode#FAILED_PRECONDITION} when its schema is newer than this library's. Messages
   *     never contain passwords.
   */
  public static HistoryStore open(String url, HistoryOptions options) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(options, "options");
    return new HistoryStore(HistoryNatives.openStore(url, options.toFlat()), options);
  }

  private long now() {
    return options.clock().millis();
  }

  private <T> T call(Function<Long, T> f) {
    long h = handle.acquire();
    try {
      return f.apply(h);
    } finally {
      handle.release();
    }
  }

  private void run(java.util.function.LongConsumer f) {
    long h = handle.acquire();
    try {
      f.accept(h);
    } finally {
      handle.release();
    }
  }

  /** "sqlite" or "postgresql". */
  public String backend() {
    return call(HistoryNatives::backend);
  }

  public int schemaVersion() {
    return call(HistoryNatives::schemaVersion);
  }

  public HistoryOptions options() {
    return options;
  }

  // ---------------------------------------------------------------- jobs

  /** Records the start of a job; returns its id. */
  public long beginJob(JobKind kind, String description) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(description, "description");
    long now = now();
    return call(h -> HistoryNatives.beginJob(h, kind.ordinal(), description, now));
  }

  /** Records the end of a job; {@code status} "ok", "failed" or "cancelled". */
  public void finishJob(
      long jobId, String status, long rowsTotal, long rowsOk, long rowsFailed, String error) {
    Objects.requireNonNull(status, "status");
    long now = now();
    run(h -> HistoryNatives.finishJob(h, jobId, status, rowsTotal, rowsOk, rowsFailed, error, now));
  }

  /** @throws OracleException {@link ErrorCode#NOT_FOUND} for an unknown id */
  public JobRecord getJob(long jobId) {
    return JobRecord.fromFlat(call(h -> HistoryNatives.getJob(h, jobId)), 0);
  }

  /** Jobs, newest first; {@code cursor} "" for the first page. */
  public Page<JobRecord> listJobs(int limit, String cursor) {
    String[] v = call(h -> HistoryNatives.listJobs(h, limit, cursor == null ? "" : cursor));
    return page(v, HistoryNatives.JOB_FIELDS, JobRecord::fromFlat);
  }

  // ---------------------------------------------------------------- campaigns

  /**
   * Writes a campaign and its messages to the store; nothing is sent. Each recipient is
   * segmented with {@code engine} (invalid numbers left out and counted), checked against the
   * opt-out list, and gets its own text. Idempotent: a campaign of that name in state draft or
   * scheduled with the same template and transport is completed ({@code resumed}).
   *
   * @throws OracleException {@link ErrorCode#ALREADY_EXISTS} when the name is taken by another
   *     definition or a started campaign, {@link ErrorCode#INVALID_ARGUMENT} for an empty name
   *     or template, a negative rate or a template that does not compile
   */
  public CampaignCreated createCampaign(Engine engine, CampaignRequest request) {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(request, "request");
    String[] recipients = Recipient.toFlat(request.recipients());
    EngineHandle eh = engine.handle();
    long e = eh.acquire();
    Object[] r;
    try {
      r =
          call(
              h ->
                  HistoryNatives.createCampaign(
                      h,
                      e,
                      request.spec(),
                      request.defaultRegion(),
                      request.numberTypes(),
                      recipients,
                      100));
    } finally {
      eh.release();
    }
    long[] n = (long[]) r[0];
    String[] ex = (String[]) r[1];
    List<CampaignCreated.Excluded> excluded = new ArrayList<>();
    for (int i = 0; i + 4 <= ex.length; i += 4) {
      excluded.add(
          new CampaignCreated.Excluded(ex[i], Long.parseLong(ex[i + 1]), ex[i + 2], ex[i + 3]));
    }
    return new CampaignCreated(
        n[0], n[1] != 0, n[2], n[3], n[4], n[5], n[6], n[7], n[8], excluded);
  }

  /** @throws OracleException {@link ErrorCode#NOT_FOUND} for an unknown id */
  public CampaignRecord getCampaign(long campaignId) {
    return CampaignRecord.fromFlat(call(h -> HistoryNatives.getCampaign(h, campaignId)), 0);
  }

  /** @throws OracleException {@link ErrorCode#NOT_FOUND} when there is none of that name */
  public CampaignRecord findCampaign(String name) {
    Objects.requireNonNull(name, "name");
    return CampaignRecord.fromFlat(call(h -> HistoryNatives.findCampaign(h, name)), 0);
  }

  public List<CampaignRecord> listCampaigns() {
    String[] v = call(HistoryNatives::listCampaigns);
    List<CampaignRecord> out = new ArrayList<>();
    for (int i = 0; i + HistoryNatives.CAMPAIGN_FIELDS <= v.length;
        i += HistoryNatives.CAMPAIGN_FIELDS) {
      out.add(CampaignRecord.fromFlat(v, i));
    }
    return List.copyOf(out);
  }

  /**
   * Moves a campaign (e.g. to {@link CampaignState#PAUSED}).
   *
   * @throws OracleException {@link ErrorCode#FAILED_PRECONDITION} to leave a final state
   */
  public void setCampaignState(long campaignId, CampaignState state) {
    Objects.requireNonNull(state, "state");
    long now = now();
    run(h -> HistoryNatives.setCampaignState(h, campaignId, state.ordinal(), now));
  }

  /**
   * Cancels a campaign: its queued and claimed messages become cancelled (those being sent or
   * unknown keep their state); a running dispatcher stops.
   */
  public void cancelCampaign(long campaignId) {
    setCampaignState(campaignId, CampaignState.CANCELLED);
  }

  /** The campaign's messages per state ({@link MessageState} to count; absent states: 0). */
  public Map<MessageState, Long> campaignStatus(long campaignId) {
    Map<MessageState, Long> out = new LinkedHashMap<>();
    for (MessageState s : MessageState.values()) {
      out.put(s, 0L);
    }
    for (Map.Entry<String, Long> e :
        countMessages(HistoryQuery.builder().campaignId(campaignId).build(), CountBy.STATE)
            .entrySet()) {
      out.put(MessageState.fromStoreName(e.getKey()), e.getValue());
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  // ---------------------------------------------------------------- the outbox, by hand
  //
  // What a Dispatcher does, for hosts that drive the outbox themselves (see oracle/history.h).

  /**
   * Adds messages to a campaign's outbox in one transaction; idempotent per (campaign,
   * recipient). Returns {inserted, duplicates}.
   *
   * @throws OracleException {@link ErrorCode#INVALID_ARGUMENT} (nothing written) when a
   *     recipient is not E.164
   */
  public long[] enqueueMessages(long campaignId, List<NewMessage> messages) {
    Objects.requireNonNull(messages, "messages");
    String[] flat = new String[messages.size() * 6];
    for (int i = 0; i < messages.size(); i++) {
      NewMessage m = Objects.requireNonNull(messages.get(i), "message");
      flat[6 * i] = m.recipient();
      flat[6 * i + 1] = m.text();
      flat[6 * i + 2] = m.encoding();
      flat[6 * i + 3] = Integer.toString(m.segments());
      flat[6 * i + 4] = m.region();
      flat[6 * i + 5] = m.operatorName();
    }
    long now = now();
    return call(h -> HistoryNatives.enqueueMessages(h, campaignId, flat, now));
  }

  /**
   * Leases up to {@code limit} queued messages of running campaigns ({@code campaignId} 0:
   * any) to {@code workerId} for {@code lease}; opted-out recipients become opted out instead.
   */
  public List<MessageRecord> claimMessages(
      long campaignId, String workerId, int limit, java.time.Duration lease) {
    Objects.requireNonNull(workerId, "workerId");
    long leaseMs = Objects.requireNonNull(lease, "lease").toMillis();
    long now = now();
    String[] v =
        call(h -> HistoryNatives.claimMessages(h, campaignId, workerId, limit, leaseMs, now));
    List<MessageRecord> out = new ArrayList<>();
    for (int i = 0; i + HistoryNatives.MESSAGE_FIELDS <= v.length;
        i += HistoryNatives.MESSAGE_FIELDS) {
      out.add(MessageRecord.fromFlat(v, i));
    }
    return List.copyOf(out);
  }

  /**
   * Claimed to sending, durably, before the transport is called.
   *
   * @throws OracleException {@link ErrorCode#FAILED_PRECONDITION} when the lease was lost: do
   *     not send
   */
  public void markSending(long messageId, String workerId) {
    Objects.requireNonNull(workerId, "workerId");
    long now = now();
    run(h -> HistoryNatives.markSending(h, messageId, workerId, now));
  }

  /** Records a transport's outcome for a message in sending leased by {@code workerId}. */
  public void recordSendResult(long messageId, String workerId, SendResult result) {
    Objects.requireNonNull(workerId, "workerId");
    String[] flat = new String[SmsNatives.RESULT_FIELDS];
    SmsNatives.putResult(Objects.requireNonNull(result, "result"), flat, 0);
    long now = now();
    run(h -> HistoryNatives.recordSendResult(h, messageId, workerId, flat, now));
  }

  /** Puts the claimed messages of {@code workerId} back in the queue; returns how many. */
  public long releaseClaims(String workerId) {
    Objects.requireNonNull(workerId, "workerId");
    long now = now();
    return call(h -> HistoryNatives.releaseClaims(h, workerId, now));
  }

  // ---------------------------------------------------------------- segments

  /** @throws OracleException {@link ErrorCode#NOT_FOUND} when absent */
  public SavedSegment getSegment(String name) {
    Objects.requireNonNull(name, "name");
    Object[] r = call(h -> HistoryNatives.getSegment(h, name));
    String[] head = (String[]) r[0];
    return new SavedSegment(
        head[0],
        List.of((String[]) r[1]),
        head[1],
        List.of((String[]) r[2]),
        List.of((String[]) r[3]),
        List.of((String[]) r[4]),
        Long.parseLong(head[2]));
  }

  /** Saves (or replaces) a named list of E.164 numbers. */
  public void saveSegment(String name, List<String> numbers) {
    Objects.requireNonNull(name, "name");
    String[] n = numbers.toArray(new String[0]);
    long now = now();
    run(h -> HistoryNatives.saveSegment(h, name, n, "", null, null, null, now));
  }

  /**
   * Saves (or replaces) a segment defined as a filter over a segmented file (a CSV with
   * columns e164 or number, region, operator, type); empty lists do not filter.
   */
  public void saveSegment(
      String name,
      Path segmentedFile,
      List<String> regions,
      List<String> operators,
      List<String> numberTypes) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(segmentedFile, "segmentedFile");
    long now = now();
    run(
        h ->
            HistoryNatives.saveSegment(
                h,
                name,
                null,
                segmentedFile.toString(),
                regions.toArray(new String[0]),
                operators.toArray(new String[0]),
                numberTypes.toArray(new String[0]),
                now));
  }

  public List<String> listSegments() {
    return List.of(call(HistoryNatives::listSegments));
  }

  public void deleteSegment(String name) {
    Objects.requireNonNull(name, "name");
    run(h -> HistoryNatives.deleteSegment(h, name));
  }

  /** The recipients of a saved segment (for {@link CampaignRequest.Builder#recipients}). */
  public List<Recipient> segmentRecipients(String name) {
    Objects.requireNonNull(name, "name");
    return Recipient.fromFlat(call(h -> HistoryNatives.recipientsOfSegment(h, name)));
  }

  // ---------------------------------------------------------------- messages and events

  /** @throws OracleException {@link ErrorCode#NOT_FOUND} for an unknown id */
  public MessageRecord getMessage(long messageId) {
    return MessageRecord.fromFlat(call(h -> HistoryNatives.getMessage(h, messageId)), 0);
  }

  /** Messages matching the query, newest first, one page. */
  public Page<MessageRecord> queryMessages(HistoryQuery query) {
    String[] q = Objects.requireNonNull(query, "query").toFlat();
    return page(
        call(h -> HistoryNatives.queryMessages(h, q)),
        HistoryNatives.MESSAGE_FIELDS,
        MessageRecord::fromFlat);
  }

  /** Events matching the query (number, campaign, state name, kind, operator, time), one page. */
  public Page<EventRecord> queryEvents(HistoryQuery query) {
    String[] q = Objects.requireNonNull(query, "query").toFlat();
    return page(
        call(h -> HistoryNatives.queryEvents(h, q)),
        HistoryNatives.EVENT_FIELDS,
        EventRecord::fromFlat);
  }

  /** Messages matching the query's filters, grouped, ordered by key. */
  public Map<String, Long> countMessages(HistoryQuery query, CountBy by) {
    String[] q = Objects.requireNonNull(query, "query").toFlat();
    Objects.requireNonNull(by, "by");
    String[] v = call(h -> HistoryNatives.countMessages(h, q, by.ordinal()));
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i + 1 < v.length; i += 2) {
      out.put(v[i], Long.parseLong(v[i + 1]));
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** Appends events in one transaction. */
  public void appendEvents(List<EventRecord> events) {
    Objects.requireNonNull(events, "events");
    String[] flat = new String[events.size() * HistoryNatives.EVENT_FIELDS];
    for (int i = 0; i < events.size(); i++) {
      Objects.requireNonNull(events.get(i), "event").putFlat(flat, i * HistoryNatives.EVENT_FIELDS);
    }
    run(h -> HistoryNatives.appendEvents(h, flat));
  }

  /**
   * Writes the messages matching the query (all pages) to a file whose format comes from its
   * extension (.csv, .tsv, .xlsx, .json, .jsonl); returns the rows written.
   */
  public long exportMessages(HistoryQuery query, Path file) {
    return export(query, file, false);
  }

  /** As {@link #exportMessages}, for events. */
  public long exportEvents(HistoryQuery query, Path file) {
    return export(query, file, true);
  }

  private long export(HistoryQuery query, Path file, boolean events) {
    String[] q = Objects.requireNonNull(query, "query").toFlat();
    String path = Objects.requireNonNull(file, "file").toString();
    return call(h -> HistoryNatives.export(h, q, path, events));
  }

  // ---------------------------------------------------------------- receipts, recovery

  /**
   * Stores a receipt and applies it to the message with that provider id (now, or when the
   * send is recorded). Forward only; duplicates are recognised.
   */
  public ReceiptOutcome recordReceipt(DeliveryReceipt receipt) {
    Objects.requireNonNull(receipt, "receipt");
    String[] flat = new String[SmsNatives.RECEIPT_FIELDS];
    SmsNatives.putReceipt(receipt, flat, 0);
    long[] r = call(h -> HistoryNatives.recordReceipt(h, flat));
    return new ReceiptOutcome(r[0] != 0, r[1], MessageState.values()[(int) r[2]], r[3] != 0);
  }

  /**
   * Settles a message whose outcome is unknown.
   *
   * @throws OracleException {@link ErrorCode#FAILED_PRECONDITION} when it is not unknown
   */
  public void resolveUnknown(long messageId, UnknownDecision decision, String note) {
    Objects.requireNonNull(decision, "decision");
    long now = now();
    run(h -> HistoryNatives.resolveUnknown(h, messageId, decision.ordinal(), note, now));
  }

  /**
   * Expired leases: claimed messages back to the queue, messages caught in sending become
   * unknown. Returns {requeued, madeUnknown}.
   */
  public long[] recoverExpired() {
    long now = now();
    return call(h -> HistoryNatives.recoverExpired(h, now));
  }

  // ---------------------------------------------------------------- opt-outs

  /** Adds a number (E.164) to the opt-out list, checked before every send. */
  public void addOptOut(String number, String reason) {
    Objects.requireNonNull(number, "number");
    long now = now();
    run(h -> HistoryNatives.addOptOut(h, number, reason, now));
  }

  public void removeOptOut(String number) {
    Objects.requireNonNull(number, "number");
    run(h -> HistoryNatives.removeOptOut(h, number));
  }

  public boolean isOptedOut(String number) {
    Objects.requireNonNull(number, "number");
    return call(h -> HistoryNatives.isOptedOut(h, number));
  }

  // ---------------------------------------------------------------- lifecycle

  public boolean isClosed() {
    return handle.isClosed();
  }

  /**
   * Closes the store (its connection is closed once the calls in flight and the dispatchers
   * using it end). Idempotent; later calls throw {@link IllegalStateException}.
   */
  @Override
  public void close() {
    if (handle.close()) {
      cleanable.clean();
    }
  }

  @Override
  public String toString() {
    return "HistoryStore[" + (isClosed() ? "closed" : "open") + "]";
  }

  interface FromFlat<T> {
    T apply(String[] v, int at);
  }

  private static <T> Page<T> page(String[] v, int fields, FromFlat<T> f) {
    List<T> items = new ArrayList<>();
    int i = 0;
    for (; i + fields < v.length; i += fields) {
      items.add(f.apply(v, i));
    }
    return new Page<>(items, v.length == 0 ? "" : v[v.length - 1]);
  }
}
