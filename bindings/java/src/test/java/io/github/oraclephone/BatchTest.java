package io.github.oraclephone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchTest {
  private static final BatchOptions ALL = BatchOptions.defaults().withAllFields();
  private static Engine engine;
  private static List<Corpus.Entry> corpus;

  @BeforeAll
  static void setUp() throws IOException {
    engine = Engine.create();
    corpus = Corpus.forTests();
  }

  @AfterAll
  static void tearDown() {
    engine.close();
  }

  private static String[] texts() {
    return corpus.stream().map(Corpus.Entry::text).toArray(String[]::new);
  }

  private static String[] regions() {
    return corpus.stream().map(Corpus.Entry::region).toArray(String[]::new);
  }

  @Test
  void batchEqualsSingleCalls() {
    String[] texts = texts();
    String[] regions = regions();
    BatchResult r = engine.segmentBatch(texts, regions, ALL);
    assertEquals(texts.length, r.size());
    for (int i = 0; i < texts.length; i++) {
      assertEquals(Rows.single(engine, texts[i], regions[i]), Rows.batch(r, i), texts[i]);
      Rows.assertColumnsAgree(r, i);
    }
  }

  @Test
  void oneRegionForAll() {
    String[] texts = texts();
    BatchResult r = engine.segmentBatch(texts, "CI", ALL);
    BatchResult fromList = engine.segmentBatch(Arrays.asList(texts), "CI", ALL);
    for (int i = 0; i < texts.length; i++) {
      Object expected = Rows.single(engine, texts[i], "CI");
      assertEquals(expected, Rows.batch(r, i), texts[i]);
      assertEquals(expected, Rows.batch(fromList, i), texts[i]);
    }
    BatchResult lists =
        engine.segmentBatch(
            Arrays.asList(texts), Arrays.asList(regions()), BatchOptions.defaults());
    assertEquals(texts.length, lists.size());
  }

  /** Sizes around the chunk boundaries, on one and several threads. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 511, 512, 65535, 65536, 65537, 140000})
  void chunkBoundaries(int rows) {
    List<String> all = new ArrayList<>();
    String[] base = texts();
    for (int i = 0; i < rows; i++) {
      all.add(base[i % base.length]);
    }
    String[] texts = all.toArray(new String[0]);
    BatchResult one = engine.segmentBatch(texts, "FR", ALL.withThreads(1));
    BatchResult four = engine.segmentBatch(texts, "FR", ALL.withThreads(4));
    BatchResult every =
        engine.segmentBatch(texts, "FR", ALL.withThreads(BatchOptions.ALL_PROCESSORS));
    assertEquals(rows, one.size());
    assertArrayEquals(one.e164().toArray(), four.e164().toArray());
    assertArrayEquals(one.e164().toArray(), every.e164().toArray());
    assertArrayEquals(one.errorCodes().toArray(), four.errorCodes().toArray());
    assertArrayEquals(one.types().toArray(), every.types().toArray());
    assertArrayEquals(one.operatorNames().toArray(), four.operatorNames().toArray());
    assertArrayEquals(one.countryCodes().toArray(), every.countryCodes().toArray());
    assertArrayEquals(one.valid().toArray(), four.valid().toArray());
    for (int i = 0; i < rows; i += Math.max(1, rows / 500)) {
      assertEquals(Rows.single(engine, texts[i], "FR"), Rows.batch(four, i));
      Rows.assertColumnsAgree(four, i);
    }
    assertEquals(one.e164().asList(), Arrays.asList(one.e164().toArray()));
  }

  /**
   * Lists are read a chunk at a time, never copied whole: the columns of the same rows given as
   * arrays, across chunks and parts, with null texts and regions, for a list that is not
   * RandomAccess too.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 7})
  void listsGiveTheColumnsOfArrays(int threads) {
    String[] base = texts();
    String[] baseRegions = regions();
    int n = 2 * TextPacker.CHUNK_ROWS + 300;
    String[] texts = new String[n];
    String[] regions = new String[n];
    for (int i = 0; i < n; i++) {
      texts[i] = i % 997 == 0 ? null : base[i % base.length];
      regions[i] = i % 13 == 0 ? null : baseRegions[(i / 3) % base.length];
    }
    BatchOptions options = ALL.withThreads(threads);
    BatchResult arrays = engine.segmentBatch(texts, regions, options);
    assertColumnsEqual(
        arrays,
        engine.segmentBatch(
            new ArrayList<>(Arrays.asList(texts)), new ArrayList<>(Arrays.asList(regions)),
            options));
    assertColumnsEqual(
        arrays,
        engine.segmentBatch(
            new LinkedList<>(Arrays.asList(texts)), Arrays.asList(regions), options));
    assertColumnsEqual(
        engine.segmentBatch(texts, "CI", options),
        engine.segmentBatch(Arrays.asList(texts), "CI", options));
    assertEquals(ErrorCode.INVALID_ARGUMENT, arrays.errorCode(0));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            engine.segmentBatch(
                Arrays.asList(texts), Arrays.asList(regions).subList(1, n), options));
  }

  /** A batch over a list keeps no reference to its texts once it returns. */
  @Test
  void listTextsAreNotKept() throws InterruptedException {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      texts.add(new String("+225 07 07 12 34 " + (10 + i % 90)));
    }
    WeakReference<String> first = new WeakReference<>(texts.get(0));
    BatchResult r = engine.segmentBatch(texts, Arrays.asList(new String[1000]), ALL.withThreads(1));
    assertEquals("+2250707123410", r.e164().get(0));
    texts = null;
    for (int attempt = 0; attempt < 20 && first.get() != null; attempt++) {
      System.gc();
      Thread.sleep(10);
    }
    assertEquals(null, first.get(), "a text of the batch is still reachable");
  }

  /** Every column, one thread against all of them and against 2, on the test corpus. */
  @Test
  void threadsGiveTheSameColumns() {
    String[] texts = texts();
    String[] regions = regions();
    BatchResult one = engine.segmentBatch(texts, regions, ALL.withThreads(1));
    for (int threads : new int[] {2, BatchOptions.ALL_PROCESSORS, 7}) {
      BatchResult other = engine.segmentBatch(texts, regions, ALL.withThreads(threads));
      assertColumnsEqual(one, other);
    }
    assertEquals(BatchOptions.ALL_PROCESSORS, BatchOptions.defaults().threads());
  }

  static void assertColumnsEqual(BatchResult a, BatchResult b) {
    assertEquals(a.size(), b.size());
    assertArrayEquals(a.errorCodes().toArray(), b.errorCodes().toArray());
    assertArrayEquals(a.errorMessages().toArray(), b.errorMessages().toArray());
    assertArrayEquals(a.e164().toArray(), b.e164().toArray());
    assertArrayEquals(a.countryCodes().toArray(), b.countryCodes().toArray());
    assertArrayEquals(a.regions().toArray(), b.regions().toArray());
    assertArrayEquals(a.nationalNumbers().toArray(), b.nationalNumbers().toArray());
    assertArrayEquals(a.ndcs().toArray(), b.ndcs().toArray());
    assertArrayEquals(a.subscriberNumbers().toArray(), b.subscriberNumbers().toArray());
    assertArrayEquals(a.types().toArray(), b.types().toArray());
    assertArrayEquals(a.valid().toArray(), b.valid().toArray());
    assertArrayEquals(a.possible().toArray(), b.possible().toArray());
    assertArrayEquals(a.possibilities().toArray(), b.possibilities().toArray());
    assertArrayEquals(a.operatorNames().toArray(), b.operatorNames().toArray());
    assertArrayEquals(a.extensions().toArray(), b.extensions().toArray());
    assertArrayEquals(a.internationalFormats().toArray(), b.internationalFormats().toArray());
    assertArrayEquals(a.nationalFormats().toArray(), b.nationalFormats().toArray());
    assertArrayEquals(a.rfc3966Formats().toArray(), b.rfc3966Formats().toArray());
    assertArrayEquals(a.countryCodeSources().toArray(), b.countryCodeSources().toArray());
    assertArrayEquals(a.portable().toArray(), b.portable().toArray());
    assertArrayEquals(a.flagBits().toArray(), b.flagBits().toArray());
    assertArrayEquals(a.carrierCodes().toArray(), b.carrierCodes().toArray());
    assertArrayEquals(a.nationalNumberValues().toArray(), b.nationalNumberValues().toArray());
    assertArrayEquals(a.leadingZeroCounts().toArray(), b.leadingZeroCounts().toArray());
    assertArrayEquals(a.ndcLengths().toArray(), b.ndcLengths().toArray());
    assertArrayEquals(a.regionIds().toArray(), b.regionIds().toArray());
    assertArrayEquals(a.operatorIds().toArray(), b.operatorIds().toArray());
  }

  /** The columns as the engine keeps them give back the strings of segment(). */
  @Test
  void rawColumnsAndTables() {
    String[] texts = texts();
    String[] regions = regions();
    BatchResult r = engine.segmentBatch(texts, regions, BatchOptions.defaults());
    assertEquals("", r.internationalFormats().get(0));
    assertEquals("", r.regionTable().get(0));
    assertEquals("", r.operatorTable().get(0));
    assertTrue(r.regionTable().contains("CI") && r.regionTable().contains("001"));
    assertTrue(r.operatorTable().contains("Orange"));
    assertThrows(UnsupportedOperationException.class, () -> r.regionTable().set(1, "XX"));
    assertThrows(UnsupportedOperationException.class, () -> r.operatorTable().add("X"));
    int ok = 0;
    for (int i = 0; i < texts.length; i++) {
      if (!r.isOk(i)) {
        assertEquals(0, r.regionIds().get(i));
        assertEquals(0, r.operatorIds().get(i));
        assertEquals(0L, r.nationalNumberValues().get(i));
        assertEquals(0, r.leadingZeroCounts().get(i));
        assertEquals(0, r.ndcLengths().get(i));
        assertEquals(0, r.flagBits().get(i));
        assertEquals("", r.extensions().get(i));
        assertEquals("", r.internationalFormats().get(i));
        continue;
      }
      ok++;
      Segmentation s = engine.segment(texts[i], regions[i]);
      assertEquals(s.region(), r.regionTable().get(r.regionIds().get(i)), texts[i]);
      assertEquals(s.operatorName(), r.operatorTable().get(r.operatorIds().get(i)), texts[i]);
      String national =
          "0".repeat(r.leadingZeroCounts().get(i))
              + (r.nationalNumberValues().get(i) == 0 ? "" : r.nationalNumberValues().get(i));
      assertEquals(s.nationalNumber(), national, texts[i]);
      assertEquals(s.ndc().length(), r.ndcLengths().get(i), texts[i]);
      assertEquals(s.e164(), "+" + r.countryCodes().get(i) + national, texts[i]);
    }
    assertTrue(ok > texts.length / 2, "ok rows: " + ok);
  }

  /** Per-row regions in every spelling: a dictionary per chunk, answers as segment(). */
  @Test
  void perRowRegionsOfEveryKind() {
    String[] choices = {"CI", "ci", "Ci", null, "", "ZZ", "XQ", "C\uD800", "FR", "001", "US"};
    String[] base = {"0707123456", "+33 6 12 34 56 78", "06 12 34 56 78", "(650) 253-0000",
        "00 225 07 07 12 34 56", "+800 1234 5678", "abc"};
    int n = 3 * TextPacker.CHUNK_ROWS / 2;
    String[] texts = new String[n];
    String[] regions = new String[n];
    Random rng = new Random(99);
    for (int i = 0; i < n; i++) {
      texts[i] = base[rng.nextInt(base.length)];
      // Runs of one region, as real files have, and changes.
      regions[i] = i > 0 && rng.nextInt(4) != 0 ? regions[i - 1] : choices[rng.nextInt(choices.length)];
    }
    BatchResult r = engine.segmentBatch(texts, regions, ALL);
    for (int i = 0; i < n; i += 7) {
      assertEquals(Rows.single(engine, texts[i], regions[i]), Rows.batch(r, i), i + ": " + texts[i] + " / " + regions[i]);
    }
    for (int i = TextPacker.CHUNK_ROWS - 5; i < TextPacker.CHUNK_ROWS + 5; i++) {
      assertEquals(Rows.single(engine, texts[i], regions[i]), Rows.batch(r, i));
    }
  }

  /** Long texts make chunks end before CHUNK_ROWS rows (a byte budget): rows stay in place. */
  @Test
  void chunksLimitedByBytes() {
    String longText = "7".repeat(100_000); // TOO_LONG, 100,000 bytes packed
    int n = 3 * (TextPacker.MAX_CHUNK_BYTES / longText.length() + 100);
    String[] texts = new String[n];
    for (int i = 0; i < n; i++) {
      texts[i] = i % 3 == 0 ? longText : (i % 3 == 1 ? "0707123456" : "+33 6 12 34 56 78");
    }
    BatchResult r = engine.segmentBatch(texts, "CI", ALL);
    assertEquals(n, r.size());
    assertEquals(2, r.chunkCount());
    for (int i = 0; i < n; i++) {
      assertEquals(i % 3 == 0 ? ErrorCode.TOO_LONG : ErrorCode.OK, r.errorCode(i), "row " + i);
      if (i % 3 != 0) {
        assertEquals(i % 3 == 1 ? "+2250707123456" : "+33612345678", r.e164().get(i));
        assertEquals(i % 3 == 1 ? "+225 07 07 12 3456" : "+33 6 12 34 56 78",
            r.internationalFormats().get(i));
      }
    }
    assertEquals(Rows.single(engine, longText, "CI"), Rows.batch(r, 0));
    BatchResult fromList = engine.segmentBatch(Arrays.asList(texts), "CI", ALL);
    assertEquals(r.chunkCount(), fromList.chunkCount());
    assertColumnsEqual(r, fromList);
  }

  /** The same when the batch is shared among Java threads: parts cut by bytes too. */
  @Test
  void partsOnThreadsLimitedByBytes() {
    String longText = "7".repeat(100_000);
    int n = 2 * Engine.PARALLEL_PART_ROWS + 100;
    String[] texts = new String[n];
    for (int i = 0; i < n; i++) {
      texts[i] = i % 8 == 0 ? longText : (i % 2 == 1 ? "0707123456" : "+33 6 12 34 56 78");
    }
    BatchResult r = engine.segmentBatch(texts, "CI", ALL.withThreads(2));
    assertTrue(r.chunkCount() > 3, "chunks: " + r.chunkCount());
    BatchResult one = engine.segmentBatch(texts, "CI", ALL.withThreads(1));
    assertColumnsEqual(one, r);
    assertColumnsEqual(one, engine.segmentBatch(Arrays.asList(texts), "CI", ALL.withThreads(2)));
    for (int i = 0; i < n; i++) {
      ErrorCode expected = i % 8 == 0 ? ErrorCode.TOO_LONG : ErrorCode.OK;
      assertEquals(expected, r.errorCode(i), "row " + i);
    }
  }

  /** The helper threads of a batch are kept for the next batches, not started for each. */
  @Test
  void helperThreadsAreKeptForTheNextBatches() {
    int n = 3 * Engine.PARALLEL_PART_ROWS;
    String[] texts = new String[n];
    for (int i = 0; i < n; i++) {
      texts[i] = "0707" + (100000 + i % 900000);
    }
    BatchOptions three = BatchOptions.defaults().withThreads(3);
    engine.segmentBatch(texts, "CI", three);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long before = threads.getTotalStartedThreadCount();
    for (int k = 0; k < 30; k++) {
      BatchResult r = engine.segmentBatch(texts, "CI", three);
      assertEquals("+2250707" + (100000 + (n - 1) % 900000), r.e164().get(n - 1));
    }
    long started = threads.getTotalStartedThreadCount() - before;
    // Two helpers a batch were 60 threads; a few may start when a helper is still finishing
    // its last part as the next batch begins, or for the JVM itself.
    assertTrue(started < 12, "threads started for 30 batches: " + started);
  }

  @Test
  void fieldSelection() {
    String[] texts = {"0707123456", "abc", "+33 6 12 34 56 78"};
    BatchResult none = engine.segmentBatch(texts, "CI");
    assertEquals(EnumSet.noneOf(SegmentField.class), none.fields());
    assertEquals(none.fields(), BatchOptions.defaults().withThreads(2).fields());
    assertEquals(ALL.fields(), ALL.withThreads(3).fields());
    BatchResult all = engine.segmentBatch(texts, "CI", ALL);
    assertEquals(EnumSet.allOf(SegmentField.class), all.fields());
    BatchResult some =
        engine.segmentBatch(
            texts, "CI", BatchOptions.defaults().withFields(EnumSet.of(SegmentField.NATIONAL)));
    for (int i = 0; i < texts.length; i++) {
      assertEquals("", none.internationalFormats().get(i));
      assertEquals("", none.nationalFormats().get(i));
      assertEquals("", none.rfc3966Formats().get(i));
      assertEquals(all.e164().get(i), none.e164().get(i));
      assertEquals(all.ndcs().get(i), none.ndcs().get(i));
    }
    assertEquals("+225 07 07 12 3456", all.internationalFormats().get(0));
    assertEquals("", some.internationalFormats().get(0));
    assertEquals(all.nationalFormats().get(0), some.nationalFormats().get(0));
    assertEquals("", some.rfc3966Formats().get(0));
    assertEquals(engine.segment(texts[0], "CI", EnumSet.of(SegmentField.NATIONAL)),
        some.segmentation(0));
  }

  /** The extension and the carrier code: optional too, in batches and single calls. */
  @Test
  void extensionAndCarrierCode() {
    String[] texts = {"07 07 12 34 56 ext. 12", "0 15 11 98765 4321", "0707123456"};
    String[] regions = {"CI", "BR", "CI"};
    Segmentation withExtension = engine.segment(texts[0], "CI");
    Segmentation withCarrier = engine.segment(texts[1], "BR");
    assertEquals("12", withExtension.extension());
    assertEquals("15", withCarrier.carrierCode());
    BatchResult none = engine.segmentBatch(texts, regions, BatchOptions.defaults());
    BatchResult both =
        engine.segmentBatch(
            texts,
            regions,
            BatchOptions.defaults()
                .withFields(EnumSet.of(SegmentField.EXTENSION, SegmentField.CARRIER_CODE)));
    BatchResult all = engine.segmentBatch(texts, regions, ALL);
    assertArrayEquals(new String[] {"", "", ""}, none.extensions().toArray());
    assertArrayEquals(new String[] {"", "", ""}, none.carrierCodes().toArray());
    assertArrayEquals(new String[] {"12", "", ""}, both.extensions().toArray());
    assertArrayEquals(new String[] {"", "15", ""}, both.carrierCodes().toArray());
    assertEquals("", both.internationalFormats().get(0));
    assertEquals(withExtension, all.segmentation(0));
    assertEquals(withCarrier, all.segmentation(1));
    assertEquals(none.e164().asList(), all.e164().asList());
    Segmentation single =
        engine.segment(texts[0], "CI", EnumSet.of(SegmentField.EXTENSION));
    assertEquals("12", single.extension());
    assertEquals("", single.international());
    assertEquals("", engine.segment(texts[1], "BR", EnumSet.noneOf(SegmentField.class))
        .carrierCode());
  }

  @Test
  void columnsAsArrays() {
    BatchResult r = engine.segmentBatch(new String[] {"0707123456", "abc"}, "CI");
    assertArrayEquals(new String[] {"+2250707123456", ""}, r.e164().toArray());
    assertArrayEquals(new int[] {225, 0}, r.countryCodes().toArray());
    assertArrayEquals(new boolean[] {true, false}, r.valid().toArray());
    assertArrayEquals(new NumberType[] {NumberType.MOBILE, null}, r.types().toArray());
    assertArrayEquals(
        new ErrorCode[] {ErrorCode.OK, ErrorCode.NOT_A_NUMBER}, r.errorCodes().toArray());
    assertEquals(1, r.valid().countTrue());
    assertEquals(1, r.failedCount());
    assertEquals("BatchResult{size=2, failed=1}", r.toString());
  }
}
