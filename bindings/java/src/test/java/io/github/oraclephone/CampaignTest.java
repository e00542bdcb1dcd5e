package io.github.oraclephone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Campaigns: creation from lists and contact files, dispatch through the sandbox and through
 * transports written in Java (one that throws, one that answers retry-later, a slow one that
 * is cancelled or stopped), with the outbox guarantees: nothing lost, nothing sent twice.
 */
class CampaignTest {
  @TempDir Path dir;
  private static Engine engine;

  @BeforeAll
  static void createEngine() {
    engine = Engine.create();
  }

  @AfterAll
  static void closeEngine() {
    engine.close();
  }

  static java.util.stream.Stream<String> backends() {
    return Stores.backends();
  }

  /** A Java transport that counts its calls per recipient and answers with {@code answer}. */
  static final class CountingTransport implements SmsTransport {
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    final Map<String, String> texts = new ConcurrentHashMap<>();
    final AtomicInteger ids = new AtomicInteger();
    final Function<SmsMessage, SendResult> answer;
    final long sleepMs;

    CountingTransport(Function<SmsMessage, SendResult> answer, long sleepMs) {
      this.answer = answer;
      this.sleepMs = sleepMs;
    }

    CountingTransport() {
      this(null, 0);
    }

    @Override
    public String name() {
      return "java-test";
    }

    int calls(String to) {
      AtomicInteger n = calls.get(to);
      return n == null ? 0 : n.get();
    }

    int totalCalls() {
      return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Override
    public SendResult send(SmsMessage m) {
      calls.computeIfAbsent(m.to(), k -> new AtomicInteger()).incrementAndGet();
      threads.add(Thread.currentThread().getName());
      texts.put(m.to(), m.text());
      if (sleepMs > 0) {
        try {
          Thread.sleep(sleepMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (answer != null) {
        return answer.apply(m);
      }
      return SendResult.accepted("java-" + ids.incrementAndGet());
    }
  }

  private static List<String> numbers(int n, long seed) {
    Random random = new Random(seed);
    Set<String> out = new java.util.LinkedHashSet<>();
    while (out.size() < n) {
      out.add(Stores.randomCiMobile(random));
    }
    return new ArrayList<>(out);
  }

  private static DispatcherOptions fastOptions(int concurrency) {
    return DispatcherOptions.builder()
        .concurrency(concurrency)
        .idlePoll(Duration.ofMillis(10))
        .retryBase(Duration.ofMillis(5))
        .retryCap(Duration.ofMillis(20))
        .build();
  }

  @ParameterizedTest
  @MethodSource("backends")
  @Timeout(120)
  void sandboxCampaignFromAList(String backend) {
    List<String> good = numbers(20, System.nanoTime());
    List<Recipient> recipients = new ArrayList<>();
    for (int i = 0; i < good.size(); i++) {
      recipients.add(Recipient.of(good.get(i), Map.of("name", "Client" + i)));
    }
    recipients.add(Recipient.of("not a number", Map.of("name", "x")));
    recipients.add(Recipient.of(good.get(0), Map.of("name", "again"))); // duplicate
    recipients.add(Recipient.of(good.get(1).substring(4), Map.of("name", "national")));
    try (HistoryStore store = HistoryStore.open(Stores.url(backend, dir));
        SandboxTransport sandbox = SandboxTransport.create()) {
      store.addOptOut(good.get(5), "STOP");
      String name = Stores.unique("list");
      CampaignCreated c =
          store.createCampaign(
              engine,
              CampaignRequest.builder(name, "Bonjour {name}, -20% ce week-end")
                  .recipients(recipients)
                  .defaultRegion("CI")
                  .senderAddress("tel:+2250000")
                  .build());
      assertFalse(c.resumed());
      assertEquals(23, c.recipients());
      assertEquals(19, c.enqueued()); // 20 but the opted-out one
      assertEquals(1, c.invalid());
      assertEquals(1, c.optedOut());
      assertEquals(2, c.duplicates()); // good 0 again, good 1 in national form
      assertEquals(4, c.excluded().size());
      assertTrue(c.excluded().stream().anyMatch(
          e -> e.reason().equals("opted_out") && e.number().equals(good.get(5))));
      // Opted out after enqueueing: caught when claimed.
      store.addOptOut(good.get(6), "STOP");
      assertEquals(CampaignState.DRAFT, store.getCampaign(c.campaignId()).state());
      assertEquals(name, store.findCampaign(name).name());

      // Creating it again is idempotent: nothing new enqueued.
      CampaignCreated again =
          store.createCampaign(
              engine,
              CampaignRequest.builder(name, "Bonjour {name}, -20% ce week-end")
                  .recipients(recipients)
                  .defaultRegion("CI")
                  .senderAddress("tel:+2250000")
                  .build());
      assertTrue(again.resumed());
      assertEquals(0, again.enqueued());
      assertEquals(18, again.alreadyEnqueued()); // good 6 is now opted out

      try (Dispatcher d = Dispatcher.create(store, sandbox, fastOptions(4))) {
        assertFalse(d.workerId().isEmpty());
        DispatchReport r = d.run(c.campaignId());
        assertEquals("done", r.reason());
        assertEquals(CampaignState.DONE, r.finalState());
        assertEquals(18, r.sent());
        assertEquals(18, r.count(MessageState.SENT) + r.count(MessageState.DELIVERED));
        assertEquals(1, r.count(MessageState.OPTED_OUT));
      }
      assertEquals(18, sandbox.sentCount());
      Map<String, Integer> perRecipient = new java.util.HashMap<>();
      for (SandboxRecord rec : sandbox.records()) {
        perRecipient.merge(rec.message().to(), 1, Integer::sum);
        assertEquals("tel:+2250000", rec.message().senderAddress());
      }
      assertTrue(perRecipient.values().stream().allMatch(n -> n == 1));
      assertFalse(perRecipient.containsKey(good.get(5)));
      assertFalse(perRecipient.containsKey(good.get(6)));
      Map<MessageState, Long> status = store.campaignStatus(c.campaignId());
      assertEquals(18L, status.get(MessageState.SENT));
      assertEquals(1L, status.get(MessageState.OPTED_OUT));

      Page<MessageRecord> messages =
          store.queryMessages(HistoryQuery.builder().number(good.get(3)).build());
      assertEquals(1, messages.items().size());
      MessageRecord m = messages.items().get(0);
      assertEquals("Bonjour Client3, -20% ce week-end", m.text());
      assertEquals(MessageState.SENT, m.state());
      assertEquals(1, m.attempts());
      assertTrue(m.providerMessageId().startsWith("sbx-"));
      assertEquals("Orange", m.operatorName());
      assertEquals(m, store.getMessage(m.id()));

      // Receipts settle messages; the events say so.
      for (DeliveryReceipt receipt : sandbox.pollReceipts()) {
        store.recordReceipt(receipt);
      }
      assertEquals(18L, store.campaignStatus(c.campaignId()).get(MessageState.DELIVERED));
      Page<EventRecord> events =
          store.queryEvents(HistoryQuery.builder().number(good.get(3)).build());
      List<String> states = events.items().stream().map(EventRecord::state).toList();
      assertTrue(states.contains("sent"), states.toString());
      assertTrue(states.contains("delivered"), states.toString());

      Path exported = dir.resolve("messages.csv");
      assertEquals(19, store.exportMessages(
          HistoryQuery.builder().campaignId(c.campaignId()).build(), exported));

      // A done campaign cannot run again.
      try (Dispatcher d = Dispatcher.create(store, sandbox, fastOptions(1))) {
        OracleException e = assertThrows(OracleException.class, () -> d.run(c.campaignId()));
        assertEquals(ErrorCode.FAILED_PRECONDITION, e.code());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  @Timeout(120)
  void javaTransportFromAContactFile(String backend) throws Exception {
    List<String> good = numbers(40, System.nanoTime());
    StringBuilder csv = new StringBuilder("name,Phone,code\n");
    for (int i = 0; i < good.size(); i++) {
      csv.append("\"Awa, ").append(i).append("\",").append(good.get(i)).append(",C").append(i)
          .append('\n');
    }
    Path file = dir.resolve("contacts.csv");
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    List<Recipient> recipients = Recipient.readFile(file);
    assertEquals(40, recipients.size());
    assertEquals("Awa, 0", recipients.get(0).fields().get("name"));
    assertEquals(2, recipients.get(0).line());

    CountingTransport transport = new CountingTransport();
    try (HistoryStore store = HistoryStore.open(Stores.url(backend, dir));
        Dispatcher d = Dispatcher.create(store, transport, fastOptions(4))) {
      CampaignCreated c = store.createCampaign(engine,
          CampaignRequest.builder(Stores.unique("file"), "{name}: code {code}")
              .recipients(recipients)
              .transport("java-test")
              .source(file.toString())
              .build());
      assertEquals(40, c.enqueued());
      DispatchReport r = d.run(c.campaignId());
      assertEquals("done", r.reason());
      assertEquals(40, r.sent());
      for (int i = 0; i < good.size(); i++) {
        assertEquals(1, transport.calls(good.get(i)), good.get(i));
        assertEquals("Awa, " + i + ": code C" + i, transport.texts.get(good.get(i)));
      }
      // Called from the dispatcher's native threads, attached to the JVM for the call.
      assertTrue(transport.threads.contains("oracle-sms-transport"), transport.threads.toString());
      MessageRecord m = store.queryMessages(
          HistoryQuery.builder().number(good.get(7)).build()).items().get(0);
      assertTrue(m.providerMessageId().startsWith("java-"));
      assertEquals("java-test", m.transport());
    }
    // The dispatcher is closed: the transport was released by it, and still works in Java.
    assertEquals(40, transport.totalCalls());
  }

  @ParameterizedTest
  @MethodSource("backends")
  @Timeout(120)
  void throwingTransportGivesUnknownNeverRetried(String backend) {
    List<String> good = numbers(12, System.nanoTime());
    Set<String> failing = Set.of(good.get(2), good.get(7));
    CountingTransport transport = new CountingTransport(m -> {
      if (failing.contains(m.to())) {
        throw new IllegalStateException("connection dropped after the request");
      }
      if (m.to().equals(good.get(9))) {
        return null;
      }
      if (m.to().equals(good.get(10))) {
        return SendResult.rejected("BAD\uD800", "refused \uDC00 here");
      }
      return SendResult.accepted("ok-" + m.to());
    }, 0);
    try (HistoryStore store = HistoryStore.open(Stores.url(backend, dir));
        Dispatcher d = Dispatcher.create(store, transport, fastOptions(3))) {
      CampaignCreated c = store.createCampaign(engine,
          CampaignRequest.builder(Stores.unique("throw"), "hello").numbers(good).build());
      DispatchReport r = d.run(c.campaignId());
      assertEquals("unknown_pending", r.reason());
      assertEquals(8, r.sent());
      assertEquals(1, r.rejected());
      MessageRecord refused = store.queryMessages(
          HistoryQuery.builder().number(good.get(10)).build()).items().get(0);
      assertEquals(MessageState.FAILED, refused.state());
      assertEquals("BAD\uFFFD", refused.lastErrorCode());
      assertEquals("refused \uFFFD here", refused.lastErrorMessage());
      assertEquals(3, r.unknown());
      assertEquals(3, r.count(MessageState.UNKNOWN));
      MessageRecord thrown = store.queryMessages(
          HistoryQuery.builder().number(good.get(2)).build()).items().get(0);
      assertEquals(MessageState.UNKNOWN, thrown.state());
      assertEquals("TRANSPORT_EXCEPTION", thrown.lastErrorCode());
      assertTrue(thrown.lastErrorMessage().contains("IllegalStateException"));
      MessageRecord nulled = store.queryMessages(
          HistoryQuery.builder().number(good.get(9)).build()).items().get(0);
      assertEquals("NULL_RESULT", nulled.lastErrorCode());

      // Running again sends nothing more: unknown messages are never resent automatically.
      DispatchReport again = d.run(c.campaignId());
      assertEquals("unknown_pending", again.reason());
      assertEquals(0, again.claimed());
      for (String n : good) {
        assertEquals(1, transport.calls(n), n);
      }
      // A human settles them.
      store.resolveUnknown(thrown.id(), UnknownDecision.MARK_FAILED, "checked the console");
      assertEquals(MessageState.FAILED, store.getMessage(thrown.id()).state());
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  @Timeout(120)
  void retryLaterIsSentAgain(String backend) {
    List<String> good = numbers(10, System.nanoTime());
    Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    CountingTransport transport = new CountingTransport(m -> {
      int n = seen.computeIfAbsent(m.to(), k -> new AtomicInteger()).incrementAndGet();
      return n == 1
          ? SendResult.retryLater("BUSY", Duration.ofMillis(1))
          : SendResult.accepted("second-" + m.to());
    }, 0);
    try (HistoryStore store = HistoryStore.open(Stores.url(backend, dir));
        Dispatcher d = Dispatcher.create(store, transport, fastOptions(2))) {
      CampaignCreated c = store.createCampaign(engine,
          CampaignRequest.builder(Stores.unique("retry"), "hello").numbers(good).build());
      DispatchReport r = d.run(c.campaignId());
      assertEquals("done", r.reason());
      assertEquals(10, r.sent());
      assertEquals(10, r.retryLater());
      for (String n : good) {
        assertEquals(2, transport.calls(n), n);
        MessageRecord m =
            store.queryMessages(HistoryQuery.builder().number(n).build()).items().get(0);
        assertEquals(MessageState.SENT, m.state());
        assertEquals(2, m.attempts());
        assertEquals("second-" + n, m.providerMessageId());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  @Timeout(120)
  void cancelWhileRunning(String backend) throws Exception {
    List<String> good = numbers(200, System.nanoTime());
    CountDownLatch started = new CountDownLatch(5);
    CountingTransport transport = new CountingTransport(m -> {
      started.countDown();
      return SendResult.accepted("slow-" + m.to());
    }, 15);
    try (HistoryStore store = HistoryStore.open(Stores.url(backend, dir));
        Dispatcher d = Dispatcher.create(store, transport,
            DispatcherOptions.builder().concurrency(2).batchSize(10)
                .idlePoll(Duration.ofMillis(10)).build())) {
      CampaignCreated c = store.createCampaign(engine,
          CampaignRequest.builder(Stores.unique("cancel"), "hello").numbers(good).build());
      Thread canceller = new Thread(() -> {
        try {
          started.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          return;
        }
        store.cancelCampaign(c.campaignId());
      });
      canceller.start();
      DispatchReport r = d.run(c.campaignId());
      canceller.join();
      assertEquals("cancelled", r.reason());
      assertEquals(CampaignState.CANCELLED, r.finalState());
      Map<MessageState, Long> status = store.campaignStatus(c.campaignId());
      long sent = status.get(MessageState.SENT);
      assertTrue(status.get(MessageState.CANCELLED) > 0, status.toString());
      assertEquals(200, status.values().stream().mapToLong(Long::longValue).sum());
      assertEquals(sent, transport.totalCalls()); // every call recorded as sent, none twice
      assertTrue(transport.calls.values().stream().allMatch(n -> n.get() == 1));
      OracleException e = assertThrows(OracleException.class, () -> d.run(c.campaignId()));
      assertEquals(ErrorCode.FAILED_PRECONDITION, e.code());
    }
  }

  @Test
  @Timeout(120)
  void stopThenResume() throws Exception {
    List<String> good = numbers(150, System.nanoTime());
    CountDownLatch started = new CountDownLatch(5);
    CountingTransport transport = new CountingTransport(m -> {
      started.countDown();
      return SendResult.accepted("id-" + m.to());
    }, 10);
    try (HistoryStore store = HistoryStore.open(Stores.url("sqlite", dir))) {
      CampaignCreated c = store.createCampaign(engine,
          CampaignRequest.builder(Stores.unique("stop"), "hello").numbers(good).build());
      try (Dispatcher d = Dispatcher.create(store, transport, fastOptions(2))) {
        Thread stopper = new Thread(() -> {
          try {
            started.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            return;
          }
          d.stop();
        });
        stopper.start();
        DispatchReport r = d.run(c.campaignId());
        stopper.join();
        assertEquals("stopped", r.reason());
        assertTrue(r.sent() < 150);
      }
      // Another dispatcher finishes the campaign; nothing is sent twice.
      try (Dispatcher d = Dispatcher.create(store, transport, fastOptions(4))) {
        DispatchReport r = d.run(c.campaignId());
        assertEquals("done", r.reason());
      }
      assertEquals(150, transport.totalCalls());
      assertTrue(transport.calls.values().stream().allMatch(n -> n.get() == 1));
      assertEquals(150L, store.campaignStatus(c.campaignId()).get(MessageState.SENT));
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  @Timeout(120)
  void outboxByHandAndSavedSegments(String backend) {
    List<String> good = numbers(6, System.nanoTime());
    try (HistoryStore store = HistoryStore.open(Stores.url(backend, dir));
        SandboxTransport sandbox = SandboxTransport.create()) {
      String segment = Stores.unique("seg");
      store.saveSegment(segment, good.subList(0, 3));
      assertTrue(store.listSegments().contains(segment));
      SavedSegment saved = store.getSegment(segment);
      assertEquals(good.subList(0, 3), saved.numbers());
      assertEquals("", saved.sourcePath());
      List<Recipient> fromSegment = store.segmentRecipients(segment);
      assertEquals(3, fromSegment.size());

      CampaignCreated c = store.createCampaign(engine,
          CampaignRequest.builder(Stores.unique("hand"), "hello").recipients(fromSegment)
              .source("segment:" + segment).build());
      assertEquals(3, c.enqueued());
      long[] stats = store.enqueueMessages(c.campaignId(), List.of(
          NewMessage.of(good.get(3), "à bientôt"), NewMessage.of(good.get(4), "x"),
          NewMessage.of(good.get(0), "dup")));
      assertEquals(2, stats[0]);
      assertEquals(1, stats[1]);
      OracleException notE164 = assertThrows(OracleException.class,
          () -> store.enqueueMessages(c.campaignId(), List.of(NewMessage.of("0707", "x"))));
      assertEquals(ErrorCode.INVALID_ARGUMENT, notE164.code());

      store.setCampaignState(c.campaignId(), CampaignState.RUNNING);
      List<MessageRecord> claimed =
          store.claimMessages(c.campaignId(), "worker-a", 10, Duration.ofMinutes(1));
      assertEquals(5, claimed.size());
      assertTrue(claimed.stream().allMatch(m -> m.state() == MessageState.CLAIMED));
      assertTrue(store.claimMessages(c.campaignId(), "worker-b", 10, Duration.ofMinutes(1))
          .isEmpty());
      MessageRecord first = claimed.get(0);
      OracleException notMine = assertThrows(OracleException.class,
          () -> store.markSending(first.id(), "worker-b"));
      assertEquals(ErrorCode.FAILED_PRECONDITION, notMine.code());
      for (MessageRecord m : claimed.subList(0, 3)) {
        store.markSending(m.id(), "worker-a");
        SendResult r = sandbox.send(SmsMessage.of(m.recipient(), m.text()));
        store.recordSendResult(m.id(), "worker-a", r);
      }
      assertEquals(2, store.releaseClaims("worker-a"));
      Map<MessageState, Long> status = store.campaignStatus(c.campaignId());
      assertEquals(3L, status.get(MessageState.SENT));
      assertEquals(2L, status.get(MessageState.QUEUED));
      assertEquals(3, sandbox.sentCount());
      MessageRecord ucs2 = store.queryMessages(
          HistoryQuery.builder().number(good.get(3)).build()).items().get(0);
      assertEquals("UCS-2", ucs2.encoding());

      store.deleteSegment(segment);
      OracleException gone = assertThrows(OracleException.class, () -> store.getSegment(segment));
      assertEquals(ErrorCode.NOT_FOUND, gone.code());
    }
  }

  @Test
  void badInputAndClose() {
    HistoryStore store = HistoryStore.open("sqlite::memory:");
    try (SandboxTransport sandbox = SandboxTransport.create()) {
      OracleException badTemplate = assertThrows(OracleException.class,
          () -> store.createCampaign(engine,
              CampaignRequest.builder("t", "Bonjour {name").numbers(List.of("+2250707123456"))
                  .build()));
      assertEquals(ErrorCode.INVALID_ARGUMENT, badTemplate.code());
      assertThrows(OracleException.class, () -> store.createCampaign(engine,
          CampaignRequest.builder("", "x").build()));
      assertThrows(NullPointerException.class, () -> CampaignRequest.builder(null, "x"));
      assertThrows(NullPointerException.class, () -> store.createCampaign(engine, null));
      assertThrows(OracleException.class,
          () -> Dispatcher.create(store, sandbox, DispatcherOptions.builder().concurrency(0).build()));
      assertThrows(NullPointerException.class, () -> Dispatcher.create(store, null,
          DispatcherOptions.defaults()));
      OracleException unknownCampaign;
      try (Dispatcher d = Dispatcher.create(store, sandbox, DispatcherOptions.defaults())) {
        unknownCampaign = assertThrows(OracleException.class, () -> d.run(424242));
      }
      assertEquals(ErrorCode.NOT_FOUND, unknownCampaign.code());
      assertThrows(OracleException.class, () -> Recipient.parse("number,name\n\"+225,x\n"));
      OracleException noFile = assertThrows(OracleException.class,
          () -> Recipient.readFile(Path.of("/nonexistent/contacts.csv")));
      assertEquals(ErrorCode.IO_ERROR, noFile.code());

      // A dispatcher keeps the store's native object alive after the store is closed.
      CampaignCreated c = store.createCampaign(engine,
          CampaignRequest.builder("kept", "hi").numbers(List.of("+2250707123456")).build());
      Dispatcher d = Dispatcher.create(store, sandbox, DispatcherOptions.defaults());
      store.close();
      assertThrows(IllegalStateException.class, store::backend);
      assertEquals("done", d.run(c.campaignId()).reason());
      d.close();
      d.close();
      assertThrows(IllegalStateException.class, () -> d.run(c.campaignId()));
      d.stop(); // nothing after close
      assertThrows(IllegalStateException.class,
          () -> Dispatcher.create(store, sandbox, DispatcherOptions.defaults()));
    } finally {
      store.close();
    }
    Engine closed = Engine.create();
    closed.close();
    try (HistoryStore other = HistoryStore.open("sqlite::memory:")) {
      assertThrows(IllegalStateException.class, () -> other.createCampaign(closed,
          CampaignRequest.builder("x", "y").numbers(List.of("+2250707123456")).build()));
    }
  }
}
