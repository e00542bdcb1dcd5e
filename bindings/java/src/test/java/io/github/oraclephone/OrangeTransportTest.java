package io.github.oraclephone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Orange transport against the mock Orange SMS API, a separate HTTPS process. */
@Timeout(120)
class OrangeTransportTest {
  private static final String TO = "+2250707123456";
  @TempDir static Path dir;
  private static MockOrangeProcess mock;

  @BeforeAll
  static void startMock() throws Exception {
    mock = MockOrangeProcess.start(dir);
  }

  @AfterAll
  static void stopMock() throws Exception {
    if (mock != null) {
      mock.close();
    }
  }

  @BeforeEach
  void reset() throws Exception {
    mock.reset();
  }

  @Test
  void sendsAndIsCounted() throws Exception {
    try (OrangeTransport orange = OrangeTransport.create(mock.options().build())) {
      assertEquals("orange", orange.name());
      SendResult r = orange.send(SmsMessage.of(TO, "Votre code : 1234").withClientRef("r1"));
      assertEquals(SendOutcome.ACCEPTED, r.outcome(), r.errorMessage());
      assertFalse(r.providerMessageId().isEmpty());
      assertEquals(201, r.httpStatus());
      assertEquals("r1", r.clientRef());
      assertEquals(1, mock.accepted(TO));
      assertEquals(0, mock.counts().getAsJsonArray("violations").size());
      OrangeTransport.Stats stats = orange.stats();
      assertEquals(1, stats.tokenRequests());
      assertTrue(stats.requests() >= 2);

      List<SmsMessage> batch = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        batch.add(SmsMessage.of(String.format("+22507071200%02d", i), "m" + i));
      }
      List<SendResult> results = orange.sendBatch(batch);
      assertEquals(20, results.size());
      assertTrue(results.stream().allMatch(x -> x.outcome() == SendOutcome.ACCEPTED));
      assertEquals(21, mock.counts().get("accepted_total").getAsLong());
    }
  }

  @Test
  void logLinesWithoutSecrets() throws Exception {
    List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
    try (OrangeTransport orange = OrangeTransport.create(mock.options().log(lines::add).build())) {
      assertEquals(SendOutcome.ACCEPTED, orange.send(SmsMessage.of(TO, "secret text 42")).outcome());
    }
    assertTrue(lines.size() >= 2, lines.toString()); // the token, then the send
    for (String line : lines) {
      assertFalse(line.contains(MockOrangeProcess.CLIENT_SECRET), line);
      assertFalse(line.contains("secret text 42"), line);
    }
  }

  @Test
  void faultsBecomeTheFourOutcomes() throws Exception {
    try (OrangeTransport orange = OrangeTransport.create(mock.options().build());
        OrangeTransport noRetry = OrangeTransport.create(mock.options().maxRetries(0).build())) {
      // A 503 before the request was accepted is retried automatically.
      mock.fault("503", 1);
      SendResult retried = orange.send(SmsMessage.of(TO, "a"));
      assertEquals(SendOutcome.ACCEPTED, retried.outcome());
      assertEquals(2, retried.attempts());
      // Without retries left: retry later.
      mock.fault("503", 1);
      assertEquals(SendOutcome.RETRY_LATER, noRetry.send(SmsMessage.of(TO, "b")).outcome());
      // Rejected for good.
      mock.fault("invalid_address", 1);
      SendResult rejected = orange.send(SmsMessage.of(TO, "c"));
      assertEquals(SendOutcome.REJECTED, rejected.outcome());
      assertEquals("SVC0004", rejected.errorCode());
      // The request reached Orange, then the connection was reset: unknown, never resent.
      long before = mock.accepted(TO);
      mock.fault("reset_after_request", 1);
      SendResult unknown = orange.send(SmsMessage.of(TO, "d"));
      assertEquals(SendOutcome.UNKNOWN, unknown.outcome());
      assertEquals(1, unknown.attempts());
      assertEquals(before + 1, mock.accepted(TO)); // it did arrive
    }
  }

  @Test
  void tlsIsVerifiedAndSecretsNeverShown() throws Exception {
    try (OrangeTransport unknownCa = OrangeTransport.create(
            mock.options().baseUrl("https://127.0.0.1:" + mock.unknownCaPort).build());
        OrangeTransport wrongHost = OrangeTransport.create(
            mock.options().baseUrl("https://127.0.0.1:" + mock.wrongHostPort).build())) {
      SendResult a = unknownCa.send(SmsMessage.of(TO, "x"));
      SendResult b = wrongHost.send(SmsMessage.of(TO, "x"));
      assertNotEquals(SendOutcome.ACCEPTED, a.outcome());
      assertNotEquals(SendOutcome.ACCEPTED, b.outcome());
      assertEquals(0, mock.counts().get("accepted_total").getAsLong());
    }
    OrangeOptions options = mock.options().build();
    assertTrue(options.hasCredentials());
    assertFalse(options.toString().contains(MockOrangeProcess.CLIENT_SECRET), options.toString());
    assertFalse(options.toString().contains(MockOrangeProcess.CLIENT_ID), options.toString());
    OracleException http = assertThrows(OracleException.class,
        () -> OrangeTransport.create(options.toBuilder().baseUrl("http://127.0.0.1:1").build()));
    assertEquals(ErrorCode.INVALID_ARGUMENT, http.code());
    assertFalse(http.getMessage().contains(MockOrangeProcess.CLIENT_SECRET));
    try (OrangeTransport wrong = OrangeTransport.create(
        options.toBuilder().clientSecret("wrong-secret-Zx81pq").build())) {
      SendResult r = wrong.send(SmsMessage.of(TO, "x"));
      assertEquals(SendOutcome.RETRY_LATER, r.outcome());
      assertEquals("TOKEN_REFUSED", r.errorCode());
      assertFalse(r.toString().contains("wrong-secret-Zx81pq"), r.toString());
      assertFalse(wrong.toString().contains("wrong-secret"));
    }
    assertThrows(NullPointerException.class, () -> OrangeTransport.create(null));
  }

  @Test
  void optionsFromAFile() throws Exception {
    Path conf = dir.resolve("orange.conf");
    Files.writeString(conf, String.join("\n",
        "# test",
        "client_id = " + MockOrangeProcess.CLIENT_ID,
        "client_secret = " + MockOrangeProcess.CLIENT_SECRET,
        "sender_address = tel:+2250000",
        "base_url = " + mock.baseUrl,
        "ca_file = " + mock.caFile,
        "max_connections = 2",
        ""), StandardCharsets.UTF_8);
    OrangeOptions options = OrangeOptions.load(conf);
    assertEquals(mock.baseUrl, options.baseUrl());
    assertFalse(options.toString().contains(MockOrangeProcess.CLIENT_SECRET));
    try (OrangeTransport orange = OrangeTransport.create(options)) {
      assertEquals(SendOutcome.ACCEPTED, orange.send(SmsMessage.of(TO, "x")).outcome());
    }
    Path bad = dir.resolve("bad.conf");
    Files.writeString(bad, "client_secret = s3cr3t-value\nmax_connections = many\n");
    OracleException e = assertThrows(OracleException.class, () -> OrangeOptions.load(bad));
    assertTrue(e.getMessage().contains("max_connections"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cr3t-value"), e.getMessage());
    assertThrows(OracleException.class, () -> OrangeOptions.load(dir.resolve("missing.conf")));
  }

  @Test
  void deliveryReceiptCallbacks() {
    DeliveryReceipt r = OrangeTransport.parseDeliveryReceipt(
        "{\"deliveryInfoNotification\":{\"callbackData\":\"abc\",\"deliveryInfo\":"
            + "{\"address\":\"tel:+2250707123456\",\"deliveryStatus\":\"DeliveredToTerminal\"}}}");
    assertEquals(DeliveryStatus.DELIVERED_TO_TERMINAL, r.status());
    assertEquals("tel:+2250707123456", r.address());
    assertTrue(r.receivedAtUnixMs() > 0);
    OracleException e = assertThrows(OracleException.class,
        () -> OrangeTransport.parseDeliveryReceipt("{not json"));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertThrows(OracleException.class, () -> OrangeTransport.parseDeliveryReceipt("\uD800"));
  }

  @Test
  void aCampaignThroughOrange() throws Exception {
    Random random = new Random();
    List<String> numbers = new ArrayList<>();
    while (numbers.size() < 30) {
      String n = Stores.randomCiMobile(random);
      if (!numbers.contains(n)) {
        numbers.add(n);
      }
    }
    try (Engine engine = Engine.create();
        HistoryStore store = HistoryStore.open("sqlite:" + dir.resolve("orange.db"));
        OrangeTransport orange = OrangeTransport.create(mock.options().build());
        Dispatcher d = Dispatcher.create(store, orange,
            DispatcherOptions.builder().concurrency(4).idlePoll(Duration.ofMillis(10)).build())) {
      CampaignCreated c = store.createCampaign(engine,
          CampaignRequest.builder(Stores.unique("orange"), "Bonjour").numbers(numbers)
              .transport("orange").build());
      mock.fault("503", 3);  // retried by the transport
      DispatchReport r = d.run(c.campaignId());
      assertEquals("done", r.reason());
      assertEquals(30, r.sent());
      for (String n : numbers) {
        assertEquals(1, mock.accepted(n), n);
      }
      assertEquals(30, mock.counts().get("accepted_total").getAsLong());
    }
  }

  @Test
  void closeWhileSending() throws Exception {
    OrangeTransport orange = OrangeTransport.create(mock.options().build());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Integer>> futures = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      futures.add(pool.submit(() -> {
        int n = 0;
        try {
          for (int i = 0; i < 1000; i++) {
            orange.send(SmsMessage.of(TO, "x"));
            n++;
          }
        } catch (IllegalStateException closed) {
          // expected
        }
        return n;
      }));
    }
    Thread.sleep(200);
    orange.close();
    orange.close();
    int sent = 0;
    for (Future<Integer> f : futures) {
      sent += f.get();
    }
    pool.shutdown();
    assertTrue(sent < 4000);
    assertEquals(sent, mock.accepted(TO));
    assertThrows(IllegalStateException.class, orange::stats);
  }
}
