package io.github.oraclephone.bench;

import io.github.oraclephone.CampaignCreated;
import io.github.oraclephone.CampaignRequest;
import io.github.oraclephone.DispatchReport;
import io.github.oraclephone.Dispatcher;
import io.github.oraclephone.DispatcherOptions;
import io.github.oraclephone.Engine;
import io.github.oraclephone.HistoryStore;
import io.github.oraclephone.SandboxOptions;
import io.github.oraclephone.SandboxTransport;
import io.github.oraclephone.SendResult;
import io.github.oraclephone.Sms;
import io.github.oraclephone.SmsMessage;
import io.github.oraclephone.SmsTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the SMS and campaign parts of the binding cost, in one run: {@code Sms.analyze} and a
 * sandbox {@code send} called from Java, and one campaign dispatched through the native sandbox
 * (the dispatcher stays in C++) against the same campaign through a transport written in Java
 * (one JNI upcall per message, on attached native threads). Same store backend (a SQLite file
 * in a temporary directory), same messages.
 *
 * <pre>
 * java -cp target/classes:target/test-classes io.github.oraclephone.bench.SmsDispatchBench \
 *     [messages, default 5000] [single calls, default 200000]
 * </pre>
 */
public final class SmsDispatchBench {
  private SmsDispatchBench() {}

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    String text = "Bonjour Awa, votre colis arrive demain à 10h. Répondez STOP pour ne plus recevoir.";
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    // Warm-up, then single-call rates.
    for (int i = 0; i < n / 10; i++) {
      Sms.analyze(text, true);
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Sms.analyze(text, true);
    }
    double analyzeUs = (System.nanoTime() - t0) / 1e3 / n;
    System.out.printf("Sms.analyze (86 chars, smart): %.2f us/call%n", analyzeUs);
    try (SandboxTransport sandbox =
        SandboxTransport.create(SandboxOptions.builder().receipts(false).build())) {
      SmsMessage m = SmsMessage.of("+2250707123456", text);
      for (int i = 0; i < n / 10; i++) {
        sandbox.send(m);
      }
      t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        sandbox.send(m);
      }
      System.out.printf(
          "SandboxTransport.send from Java: %.2f us/call%n", (System.nanoTime() - t0) / 1e3 / n);
    }

    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < messages; i++) {
      numbers.add(String.format("+22507%08d", i));
    }
    Path dir = Files.createTempDirectory("oracle-bench");
    try (Engine engine = Engine.create()) {
      for (int round = 0; round < 2; round++) {
        try (SandboxTransport sandbox =
            SandboxTransport.create(SandboxOptions.builder().receipts(false).build())) {
          report("native sandbox", run(engine, dir, numbers, sandbox, round), messages);
        }
        AtomicLong ids = new AtomicLong();
        SmsTransport java =
            new SmsTransport() {
              @Override
              public String name() {
                return "java";
              }

              @Override
              public SendResult send(SmsMessage message) {
                return SendResult.accepted("j-" + ids.incrementAndGet());
              }
            };
        report("Java transport", run(engine, dir, numbers, java, round), messages);
      }
    }
  }

  private static long[] run(
      Engine engine, Path dir, List<String> numbers, SmsTransport transport, int round) {
    String url = "sqlite:" + dir.resolve(transport.name() + round + ".db");
    try (HistoryStore store = HistoryStore.open(url)) {
      CampaignCreated c =
          store.createCampaign(
              engine, CampaignRequest.builder("bench", "Bonjour").numbers(numbers).build());
      try (Dispatcher d =
          Dispatcher.create(
              store, transport, DispatcherOptions.builder().concurrency(4).batchSize(500).build())) {
        long t0 = System.nanoTime();
        DispatchReport r = d.run(c.campaignId());
        return new long[] {System.nanoTime() - t0, r.sent()};
      }
    }
  }

  private static void report(String what, long[] r, int messages) {
    System.out.printf(
        "campaign of %d through %s: %d sent, %.0f messages/s%n",
        messages, what, r[1], r[1] / (r[0] / 1e9));
  }
}
