package io.github.oraclephone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox transport: checks, ids, records, receipts, simulations, threads, close. */
class SandboxTransportTest {
  @Test
  void acceptsAndRecords() {
    try (SandboxTransport sandbox = SandboxTransport.create()) {
      assertEquals("sandbox", sandbox.name());
      SendResult r =
          sandbox.send(SmsMessage.of("+2250707123456", "Bonjour").withClientRef("ref-1"));
      assertEquals(SendOutcome.ACCEPTED, r.outcome());
      assertTrue(r.providerMessageId().startsWith("sbx-"), r.providerMessageId());
      assertEquals(20, r.providerMessageId().length());
      assertEquals("ref-1", r.clientRef());
      assertEquals(1, sandbox.sentCount());

      List<SandboxRecord> records = sandbox.records();
      assertEquals(1, records.size());
      SandboxRecord rec = records.get(0);
      assertEquals(0, rec.sequence());
      assertEquals("+2250707123456", rec.message().to());
      assertEquals("Bonjour", rec.message().text());
      assertTrue(rec.sent());
      assertEquals(r.providerMessageId(), rec.messageId());
      assertEquals(SmsEncoding.GSM_7, rec.encoding());
      assertEquals(1, rec.segments());
      assertTrue(rec.unixMs() > 0);

      List<DeliveryReceipt> receipts = sandbox.pollReceipts();
      assertEquals(1, receipts.size());
      assertEquals(r.providerMessageId(), receipts.get(0).providerMessageId());
      assertEquals(DeliveryStatus.DELIVERED_TO_TERMINAL, receipts.get(0).status());
      assertEquals("DeliveredToTerminal", receipts.get(0).rawStatus());
      assertTrue(sandbox.pollReceipts().isEmpty()); // handed out once
      assertEquals(1, sandbox.deliveredReceipts().size());
    }
  }

  @Test
  void rejectsWhatAProviderWould() {
    try (SandboxTransport sandbox =
        SandboxTransport.create(SandboxOptions.builder().maxSegments(1).build())) {
      assertRejected(sandbox, SmsMessage.of("0707123456", "x"), "INVALID_RECIPIENT");
      assertRejected(sandbox, SmsMessage.of("+2250707123456", ""), "EMPTY_TEXT");
      assertRejected(
          sandbox, SmsMessage.of("+2250707123456", "x").withSenderAddress("2250000"),
          "INVALID_SENDER");
      assertRejected(
          sandbox, SmsMessage.of("+2250707123456", "x").withSenderName("far too long name"),
          "INVALID_SENDER_NAME");
      assertRejected(sandbox, SmsMessage.of("+2250707123456", "a".repeat(161)), "MESSAGE_TOO_LONG");
      // An unpaired surrogate reaches the native side as ill-formed UTF-8.
      assertRejected(sandbox, SmsMessage.of("+2250707123456", "a\uD800"), "INVALID_TEXT");
      assertEquals(0, sandbox.sentCount());
      assertEquals(6, sandbox.records().size());
    }
  }

  private static void assertRejected(SandboxTransport t, SmsMessage m, String code) {
    SendResult r = t.send(m);
    assertEquals(SendOutcome.REJECTED, r.outcome(), code);
    assertEquals(code, r.errorCode());
    assertEquals("", r.providerMessageId());
  }

  @Test
  void simulationsAndBatch() {
    try (SandboxTransport all = SandboxTransport.create(
            SandboxOptions.builder().retryLaterRatio(1).build());
        SandboxTransport unknown = SandboxTransport.create(
            SandboxOptions.builder().unknownRatio(1).receipts(false).build())) {
      SendResult r = all.send(SmsMessage.of("+2250707123456", "x"));
      assertEquals(SendOutcome.RETRY_LATER, r.outcome());
      assertEquals("SIMULATED_RETRY_LATER", r.errorCode());
      assertEquals(0, all.sentCount());
      SendResult u = unknown.send(SmsMessage.of("+2250707123456", "x"));
      assertEquals(SendOutcome.UNKNOWN, u.outcome());
      assertEquals(1, unknown.sentCount()); // it was sent; the caller never learns its id
    }
    try (SandboxTransport sandbox = SandboxTransport.create()) {
      List<SmsMessage> batch = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        batch.add(SmsMessage.of(i == 7 ? "bad" : "+22507071234" + (10 + i), "m" + i)
            .withClientRef("c" + i));
      }
      List<SendResult> results = sandbox.sendBatch(batch);
      assertEquals(50, results.size());
      for (int i = 0; i < 50; i++) {
        assertEquals("c" + i, results.get(i).clientRef());
        assertEquals(i == 7 ? SendOutcome.REJECTED : SendOutcome.ACCEPTED, results.get(i).outcome());
      }
      assertEquals(49, sandbox.sentCount());
    }
  }

  @Test
  void badOptions(@TempDir Path dir) throws Exception {
    OracleException e = assertThrows(OracleException.class,
        () -> SandboxTransport.create(SandboxOptions.builder().rejectRatio(0.8).unknownRatio(0.8).build()));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertThrows(OracleException.class,
        () -> SandboxTransport.create(SandboxOptions.builder().maxSegments(0).build()));
    assertThrows(NullPointerException.class, () -> SandboxTransport.create(null));
    // The journal: one JSON line per accepted message.
    Path journal = dir.resolve("journal.jsonl");
    try (SandboxTransport sandbox = SandboxTransport.create(
        SandboxOptions.builder().journalPath(journal).receipts(false).build())) {
      sandbox.send(SmsMessage.of("+2250707123456", "x"));
      sandbox.send(SmsMessage.of("+2250707123457", "y"));
    }
    List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
    assertEquals(2, lines.size());
    assertTrue(lines.get(0).contains("\"event\":\"sent\""), lines.get(0));
    assertTrue(lines.get(1).contains("+2250707123457"), lines.get(1));
  }

  @Test
  @Timeout(60)
  void receiptsPushedToAJavaCallback() throws Exception {
    java.util.concurrent.BlockingQueue<DeliveryReceipt> pushed =
        new java.util.concurrent.LinkedBlockingQueue<>();
    java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    try (SandboxTransport sandbox = SandboxTransport.create(SandboxOptions.builder()
        .receiptDelay(java.time.Duration.ofMillis(20))
        .onReceipt(r -> {
          threads.add(Thread.currentThread().getName());
          pushed.add(r);
        })
        .build())) {
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < 10; i++) {
        ids.add(sandbox.send(SmsMessage.of("+22507071234" + (10 + i), "x")).providerMessageId());
      }
      Set<String> got = new HashSet<>();
      while (got.size() < 10) {
        DeliveryReceipt r = pushed.poll(20, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(r != null, "receipts stopped at " + got.size());
        got.add(r.providerMessageId());
      }
      assertEquals(ids, got);
      assertTrue(sandbox.pollReceipts().isEmpty());
      assertFalse(threads.contains(Thread.currentThread().getName()));
    }

    // A callback that throws: the exception goes to the uncaught-exception handler.
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    java.util.concurrent.BlockingQueue<Throwable> uncaught =
        new java.util.concurrent.LinkedBlockingQueue<>();
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
    try (SandboxTransport sandbox = SandboxTransport.create(SandboxOptions.builder()
        .onReceipt(r -> {
          throw new IllegalArgumentException("host bug");
        })
        .build())) {
      sandbox.send(SmsMessage.of("+2250707123456", "x"));
      sandbox.send(SmsMessage.of("+2250707123457", "y"));
      Throwable e = uncaught.poll(20, java.util.concurrent.TimeUnit.SECONDS);
      assertTrue(e instanceof IllegalArgumentException, String.valueOf(e));
      assertTrue(uncaught.poll(20, java.util.concurrent.TimeUnit.SECONDS) != null);
      assertEquals(2, sandbox.deliveredReceipts().size());
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(previous);
    }
  }

  @Test
  void closeAndDoubleClose() {
    SandboxTransport sandbox = SandboxTransport.create();
    assertFalse(sandbox.isClosed());
    sandbox.close();
    sandbox.close();
    assertTrue(sandbox.isClosed());
    assertThrows(IllegalStateException.class,
        () -> sandbox.send(SmsMessage.of("+2250707123456", "x")));
    assertThrows(IllegalStateException.class, sandbox::records);
    assertThrows(NullPointerException.class, () -> SmsMessage.of(null, "x"));
    try (SandboxTransport other = SandboxTransport.create()) {
      assertThrows(NullPointerException.class, () -> other.send(null));
    }
  }

  @Test
  @Timeout(120)
  void manyThreadsOneSandbox() throws Exception {
    final int threads = 8;
    final int perThread = 300;
    try (SandboxTransport sandbox = SandboxTransport.create()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<List<String>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        final int id = t;
        futures.add(pool.submit(() -> {
          List<String> ids = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            SendResult r = sandbox.send(
                SmsMessage.of(String.format("+2250707%06d", id * perThread + i), "t" + id));
            assertEquals(SendOutcome.ACCEPTED, r.outcome());
            ids.add(r.providerMessageId());
          }
          return ids;
        }));
      }
      Set<String> all = new HashSet<>();
      for (Future<List<String>> f : futures) {
        all.addAll(f.get());
      }
      pool.shutdown();
      assertEquals(threads * perThread, all.size()); // every id unique
      assertEquals(threads * perThread, sandbox.sentCount());
      assertEquals(threads * perThread, sandbox.records().size());
    }
  }

  @Test
  @Timeout(60)
  void closeWhileSending() throws Exception {
    SandboxTransport sandbox = SandboxTransport.create();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Integer>> futures = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      futures.add(pool.submit(() -> {
        int sent = 0;
        try {
          for (int i = 0; i < 100000; i++) {
            sandbox.send(SmsMessage.of("+2250707123456", "x"));
            sent++;
          }
        } catch (IllegalStateException closed) {
          // expected once closed
        }
        return sent;
      }));
    }
    Thread.sleep(50);
    sandbox.close();
    for (Future<Integer> f : futures) {
      assertTrue(f.get() < 100000);
    }
    pool.shutdown();
    assertTrue(sandbox.isClosed());
  }
}
