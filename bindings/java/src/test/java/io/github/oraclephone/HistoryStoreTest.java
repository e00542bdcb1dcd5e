package io.github.oraclephone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The history store on SQLite and PostgreSQL: jobs, events, opt-outs, receipts, export. */
class HistoryStoreTest {
  @TempDir Path dir;

  static java.util.stream.Stream<String> backends() {
    return Stores.backends();
  }

  @ParameterizedTest
  @MethodSource("backends")
  void openJobsAndOptOuts(String backend) {
    try (HistoryStore store = HistoryStore.open(Stores.url(backend, dir))) {
      assertEquals(backend, store.backend());
      assertTrue(store.schemaVersion() > 0);

      long job = store.beginJob(JobKind.IMPORT, "contacts.csv -> out.xlsx");
      JobRecord running = store.getJob(job);
      assertEquals("running", running.status());
      assertEquals(JobKind.IMPORT, running.kind());
      assertEquals(0, running.finishedAtUnixMs());
      store.finishJob(job, "ok", 10, 8, 2, "");
      JobRecord done = store.getJob(job);
      assertEquals("ok", done.status());
      assertEquals(10, done.rowsTotal());
      assertEquals(8, done.rowsOk());
      assertEquals(2, done.rowsFailed());
      assertTrue(done.finishedAtUnixMs() >= done.startedAtUnixMs());
      Page<JobRecord> jobs = store.listJobs(100, "");
      assertTrue(jobs.items().stream().anyMatch(j -> j.id() == job));
      OracleException missing = assertThrows(OracleException.class, () -> store.getJob(-5));
      assertEquals(ErrorCode.NOT_FOUND, missing.code());

      String number = Stores.randomCiMobile(new Random());
      assertFalse(store.isOptedOut(number));
      store.addOptOut(number, "STOP");
      assertTrue(store.isOptedOut(number));
      store.removeOptOut(number);
      assertFalse(store.isOptedOut(number));
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void eventsByNumberTimeAndKind(String backend) throws Exception {
    Random random = new Random();
    String a = Stores.randomCiMobile(random);
    String b = Stores.randomCiMobile(random);
    String kind = Stores.unique("host");
    try (HistoryStore store = HistoryStore.open(Stores.url(backend, dir))) {
      List<EventRecord> events = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        events.add(
            new EventRecord(
                0, 1_000_000L + i, i % 3 == 0 ? "note" : kind, 0, 0, 0, i % 2 == 0 ? a : b,
                "Orange", i % 2 == 0 ? "sent" : "failed", "", "event " + i));
      }
      store.appendEvents(events);

      Page<EventRecord> forA =
          store.queryEvents(HistoryQuery.builder().number(a).limit(100).build());
      assertEquals(15, forA.items().size());
      assertTrue(forA.items().stream().allMatch(e -> e.number().equals(a)));
      // Newest first.
      assertEquals("event 28", forA.items().get(0).detail());

      Page<EventRecord> window =
          store.queryEvents(
              HistoryQuery.builder()
                  .number(b)
                  .from(Instant.ofEpochMilli(1_000_010L))
                  .to(Instant.ofEpochMilli(1_000_020L))
                  .build());
      assertEquals(5, window.items().size()); // 11, 13, 15, 17, 19
      assertTrue(
          window.items().stream()
              .allMatch(e -> e.atUnixMs() >= 1_000_010L && e.atUnixMs() < 1_000_020L));

      Page<EventRecord> byKind =
          store.queryEvents(HistoryQuery.builder().number(a).kind(kind).limit(3).build());
      assertEquals(3, byKind.items().size());
      assertTrue(byKind.items().stream().allMatch(e -> e.kind().equals(kind)));
      int total = 0;
      HistoryQuery q = HistoryQuery.builder().number(a).kind(kind).limit(3).build();
      for (Page<EventRecord> p = store.queryEvents(q); ; p = store.queryEvents(q)) {
        total += p.items().size();
        if (!p.hasMore()) {
          break;
        }
        q = q.next(p);
      }
      assertEquals(10, total); // even i, not a multiple of 3
      // Messages have no kind.
      OracleException noKind =
          assertThrows(
              OracleException.class,
              () -> store.queryMessages(HistoryQuery.builder().kind(kind).build()));
      assertEquals(ErrorCode.INVALID_ARGUMENT, noKind.code());

      Page<EventRecord> failed =
          store.queryEvents(HistoryQuery.builder().number(b).stateName("failed").build());
      assertEquals(15, failed.items().size());

      // Paging by cursor covers everything once.
      HistoryQuery paged = HistoryQuery.builder().number(a).limit(4).build();
      List<Long> ids = new ArrayList<>();
      Page<EventRecord> p = store.queryEvents(paged);
      while (true) {
        p.items().forEach(e -> ids.add(e.id()));
        if (!p.hasMore()) {
          break;
        }
        paged = paged.next(p);
        p = store.queryEvents(paged);
      }
      assertEquals(15, ids.size());
      assertEquals(15, ids.stream().distinct().count());

      Path csv = dir.resolve("events.csv");
      long rows = store.exportEvents(HistoryQuery.builder().number(a).build(), csv);
      assertEquals(15, rows);
      List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
      assertTrue(lines.get(0).startsWith("id,at,kind"), lines.get(0));
      assertEquals(16, lines.size());
      assertTrue(lines.get(1).contains(a), lines.get(1));
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void receiptBeforeSendIsKept(String backend) {
    try (HistoryStore store = HistoryStore.open(Stores.url(backend, dir))) {
      DeliveryReceipt r =
          new DeliveryReceipt(
              Stores.unique("pid"), "tel:+2250707123456", DeliveryStatus.DELIVERED_TO_TERMINAL,
              null, System.currentTimeMillis());
      ReceiptOutcome first = store.recordReceipt(r);
      assertFalse(first.duplicate());
      assertEquals(0, first.messageId());
      ReceiptOutcome again = store.recordReceipt(r);
      assertTrue(again.duplicate());
    }
  }

  @Test
  void clockAndPrivacyOptions() {
    Clock fixed = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
    try (HistoryStore store =
        HistoryStore.open(
            "sqlite::memory:",
            HistoryOptions.builder()
                .clock(fixed)
                .numberPrivacy(NumberPrivacy.HASHED)
                .numberHmacKey("k3y-never-shown")
                .build())) {
      long job = store.beginJob(JobKind.EXPORT, "x");
      assertEquals(fixed.millis(), store.getJob(job).startedAtUnixMs());
      assertFalse(store.options().toString().contains("k3y-never-shown"));
    }
    // Hashed numbers need a key.
    OracleException e =
        assertThrows(
            OracleException.class,
            () ->
                HistoryStore.open(
                    "sqlite::memory:",
                    HistoryOptions.builder().numberPrivacy(NumberPrivacy.HASHED).build()));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
  }

  @Test
  void badUrlsAndMisuse() {
    OracleException scheme =
        assertThrows(OracleException.class, () -> HistoryStore.open("mysql://localhost/x"));
    assertEquals(ErrorCode.INVALID_ARGUMENT, scheme.code());
    OracleException down =
        assertThrows(
            OracleException.class,
            () -> HistoryStore.open("postgresql://oracle:Pa55wordX@127.0.0.1:1/none?connect_timeout=2"));
    assertEquals(ErrorCode.UNAVAILABLE, down.code());
    assertFalse(down.getMessage().contains("Pa55wordX"), down.getMessage());
    assertThrows(NullPointerException.class, () -> HistoryStore.open(null));
    assertThrows(OracleException.class, () -> HistoryStore.open("sqlite:" + dir + "/no/such/dir/x.db"));
    assertThrows(OracleException.class, () -> HistoryStore.open("sqlite:\uD800.db"));

    HistoryStore store = HistoryStore.open("sqlite::memory:");
    assertThrows(NullPointerException.class, () -> store.addOptOut(null, ""));
    // Text the store would keep with an unpaired surrogate is refused, naming the field.
    OracleException surrogate = assertThrows(OracleException.class,
        () -> store.addOptOut("+2250707123456", "stop\uD800"));
    assertEquals(ErrorCode.INVALID_ARGUMENT, surrogate.code());
    assertTrue(surrogate.detail().contains("reason"), surrogate.detail());
    assertThrows(OracleException.class,
        () -> store.appendEvents(List.of(EventRecord.of("k", 1, "", "", "\uDC00"))));
    assertFalse(store.isOptedOut("+2250707123456"));
    OracleException notE164 =
        assertThrows(OracleException.class, () -> store.queryEvents(
            HistoryQuery.builder().limit(0).build()));
    assertEquals(ErrorCode.INVALID_ARGUMENT, notE164.code());
    store.close();
    store.close();
    assertTrue(store.isClosed());
    assertThrows(IllegalStateException.class, store::backend);
    assertThrows(IllegalStateException.class, () -> store.isOptedOut("+2250707123456"));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void manyThreadsOneStore(String backend) throws Exception {
    final int threads = 8;
    final int perThread = 25;
    String kind = Stores.unique("threads");
    try (HistoryStore store = HistoryStore.open(Stores.url(backend, dir))) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        final int id = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            store.appendEvents(List.of(EventRecord.of(kind, 1000L + i, "", "t" + id, "")));
            store.beginJob(JobKind.SEGMENTATION, "thread " + id);
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      Page<EventRecord> p = store.queryEvents(
          HistoryQuery.builder().kind(kind).limit(10000).build());
      assertEquals(threads * perThread, p.items().size());
    }
  }
}
