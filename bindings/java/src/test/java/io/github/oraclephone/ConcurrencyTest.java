package io.github.oraclephone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One engine shared by many threads; close and double close, also while in use. */
class ConcurrencyTest {
  private static final int THREADS = 16;

  @Test
  @Timeout(120)
  void manyThreadsShareOneEngine() throws Exception {
    List<Corpus.Entry> corpus = Corpus.forTests();
    try (Engine engine = Engine.create()) {
      List<Object> expected = new ArrayList<>();
      for (Corpus.Entry e : corpus) {
        expected.add(Rows.single(engine, e.text(), e.region()));
      }
      String[] texts = corpus.stream().map(Corpus.Entry::text).toArray(String[]::new);
      String[] regions = corpus.stream().map(Corpus.Entry::region).toArray(String[]::new);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        final int id = t;
        Callable<Integer> task =
            () -> {
              start.await();
              int checked = 0;
              for (int round = 0; round < 2; round++) {
                // Single calls, each thread from a different starting point.
                for (int k = 0; k < corpus.size(); k++) {
                  int i = (k + id * 7919) % corpus.size();
                  Corpus.Entry e = corpus.get(i);
                  assertEquals(expected.get(i), Rows.single(engine, e.text(), e.region()));
                  checked++;
                }
                // Batch calls, some of them multi-threaded themselves.
                BatchResult r =
                    engine.segmentBatch(
                        texts, regions, BatchOptions.defaults().withAllFields().withThreads(1 + id % 3));
                for (int i = 0; i < texts.length; i += 1 + id) {
                  assertEquals(expected.get(i), Rows.batch(r, i));
                  checked++;
                }
              }
              return checked;
            };
        futures.add(pool.submit(task));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> f : futures) {
        total += f.get(); // rethrows an assertion failure of the thread
      }
      pool.shutdown();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
      assertTrue(total > THREADS * corpus.size());
    }
  }

  @Test
  void closeAndDoubleClose() {
    Engine engine = Engine.create();
    assertFalse(engine.isClosed());
    assertEquals("+2250707123456", engine.segment("0707123456", "CI").e164());
    engine.close();
    assertTrue(engine.isClosed());
    engine.close(); // harmless
    assertTrue(engine.isClosed());
    assertThrows(IllegalStateException.class, () -> engine.segment("0707123456", "CI"));
    assertThrows(IllegalStateException.class, () -> engine.segmentBatch(new String[] {"1"}, "CI"));
    assertThrows(IllegalStateException.class, engine::metadataVersion);
    assertThrows(IllegalStateException.class, engine::supportedRegions);
    assertThrows(IllegalStateException.class, () -> engine.countryCodeForRegion("CI"));
    assertTrue(engine.toString().contains("closed"));
    try (Engine other = Engine.create()) {
      assertEquals("+2250707123456", other.segment("0707123456", "CI").e164());
    }
  }

  @Test
  @Timeout(120)
  void closeWhileThreadsAreCalling() throws Exception {
    for (int attempt = 0; attempt < 5; attempt++) {
      Engine engine = Engine.create();
      AtomicLong calls = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<String>> futures = new ArrayList<>();
      String[] batch = new String[20000];
      java.util.Arrays.fill(batch, "+225 07 07 12 34 56");
      for (int t = 0; t < 8; t++) {
        final boolean batches = t % 2 == 0;
        futures.add(
            pool.submit(
                () -> {
                  try {
                    while (true) {
                      if (batches) {
                        BatchResult r = engine.segmentBatch(batch, "CI");
                        assertEquals("+2250707123456", r.e164().get(batch.length - 1));
                      } else {
                        assertEquals(
                            "+2250707123456", engine.segment("07 07 12 34 56", "CI").e164());
                      }
                      calls.incrementAndGet();
                    }
                  } catch (IllegalStateException e) {
                    return e.getMessage();
                  }
                }));
      }
      while (calls.get() < 50 && !futures.stream().allMatch(Future::isDone)) {
        Thread.sleep(1);
      }
      engine.close();
      engine.close();
      for (Future<String> f : futures) {
        assertEquals("the engine is closed", f.get(60, TimeUnit.SECONDS));
      }
      pool.shutdown();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  @Test
  @Timeout(60)
  void unclosedEnginesAreReleasedWhenUnreachable() throws InterruptedException {
    List<EngineHandle> handles = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Engine engine = Engine.create();
      assertEquals(225, engine.countryCodeForRegion("CI"));
      handles.add(engine.handle());
      // Dropped without close(): the Cleaner must release the native engine.
    }
    while (!handles.stream().allMatch(EngineHandle::isClosed)) {
      System.gc();
      Thread.sleep(10);
    }
    try (Engine engine = Engine.create()) {
      assertEquals(225, engine.countryCodeForRegion("CI"));
    }
  }
}
