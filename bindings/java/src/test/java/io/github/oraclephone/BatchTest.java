package io.github.oraclephone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchTest {
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
    BatchResult r = engine.segmentBatch(texts, regions, BatchOptions.defaults());
    assertEquals(texts.length, r.size());
    for (int i = 0; i < texts.length; i++) {
      assertEquals(Rows.single(engine, texts[i], regions[i]), Rows.batch(r, i), texts[i]);
      Rows.assertColumnsAgree(r, i);
    }
  }

  @Test
  void oneRegionForAll() {
    String[] texts = texts();
    BatchResult r = engine.segmentBatch(texts, "CI");
    BatchResult fromList = engine.segmentBatch(Arrays.asList(texts), "CI");
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
  @ValueSource(ints = {0, 1, 16383, 16384, 16385, 50000})
  void chunkBoundaries(int rows) {
    List<String> all = new ArrayList<>();
    String[] base = texts();
    for (int i = 0; i < rows; i++) {
      all.add(base[i % base.length]);
    }
    String[] texts = all.toArray(new String[0]);
    BatchResult one = engine.segmentBatch(texts, "FR");
    BatchResult four =
        engine.segmentBatch(texts, "FR", BatchOptions.defaults().withThreads(4));
    BatchResult every =
        engine.segmentBatch(
            texts, "FR", BatchOptions.defaults().withThreads(BatchOptions.ALL_PROCESSORS));
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

  @Test
  void fieldSelection() {
    String[] texts = {"0707123456", "abc", "+33 6 12 34 56 78"};
    BatchResult none =
        engine.segmentBatch(
            texts, "CI", BatchOptions.defaults().withFields(EnumSet.noneOf(SegmentField.class)));
    BatchResult all = engine.segmentBatch(texts, "CI");
    for (int i = 0; i < texts.length; i++) {
      assertEquals("", none.internationalFormats().get(i));
      assertEquals("", none.nationalFormats().get(i));
      assertEquals("", none.rfc3966Formats().get(i));
      assertEquals(all.e164().get(i), none.e164().get(i));
      assertEquals(all.ndcs().get(i), none.ndcs().get(i));
    }
    assertEquals("+225 07 07 12 3456", all.internationalFormats().get(0));
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
