package io.github.oraclephone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input gives a clean Java exception or a failed row, never a crash. */
class HostileInputTest {
  private static Engine engine;

  @BeforeAll
  static void setUp() {
    engine = Engine.create();
  }

  @AfterAll
  static void tearDown() {
    engine.close();
  }

  private static ErrorCode codeOf(String text, String region) {
    return assertThrows(OracleException.class, () -> engine.segment(text, region)).code();
  }

  @Test
  void nullArguments() {
    assertThrows(NullPointerException.class, () -> engine.segment(null, "CI"));
    assertThrows(NullPointerException.class, () -> engine.segment(null));
    assertThrows(NullPointerException.class, () -> engine.segment("1", "CI", null));
    assertThrows(NullPointerException.class, () -> engine.segmentBatch((String[]) null, "CI"));
    assertThrows(
        NullPointerException.class,
        () -> engine.segmentBatch(new String[] {"1"}, "CI", (BatchOptions) null));
    assertThrows(NullPointerException.class, () -> Engine.create(null));
    assertThrows(NullPointerException.class, () -> OperatorRule.parseCsv(null));
    // A null region is no region.
    assertEquals("+2250707123456", engine.segment("+2250707123456", null).e164());
  }

  @Test
  void emptyAndBlank() {
    assertEquals(ErrorCode.NOT_A_NUMBER, codeOf("", "CI"));
    assertEquals(ErrorCode.NOT_A_NUMBER, codeOf("   ", "CI"));
    assertEquals(ErrorCode.NOT_A_NUMBER, codeOf("\u3000\u3000", "CI"));
    assertEquals(ErrorCode.NOT_A_NUMBER, codeOf("\0\0\0", "CI"));
  }

  @Test
  void hugeText() {
    char[] sevens = new char[10 * 1024 * 1024];
    Arrays.fill(sevens, '7');
    assertEquals(ErrorCode.TOO_LONG, codeOf(new String(sevens), "CI"));
    char[] junk = new char[10 * 1024 * 1024];
    Arrays.fill(junk, '\uFFFF');
    ErrorCode c = codeOf(new String(junk), "CI");
    assertTrue(c.isParseError(), c.toString());
    // The scratch buffers shrink back: later calls still work.
    assertEquals("+2250707123456", engine.segment("0707123456", "CI").e164());
    BatchResult batch = engine.segmentBatch(new String[] {new String(sevens), "0707123456"}, "CI");
    assertEquals(ErrorCode.TOO_LONG, batch.errorCode(0));
    assertEquals("+2250707123456", batch.e164().get(1));
    // Texts too large to pack are passed as strings, the others packed: same answers.
    String huge = new String(sevens);
    assertTrue(huge.length() > TextPacker.MAX_PACKED_CHARS);
    String packable = huge.substring(0, TextPacker.MAX_PACKED_CHARS);
    String hugeJunk = new String(junk);
    String[] texts = {huge, null, huge, "0707123456", "\uD800", packable, hugeJunk};
    String[] regions = {"CI", "CI", null, "CI", "CI", "CI", "CI"};
    BatchResult big =
        engine.segmentBatch(texts, regions, BatchOptions.defaults().withAllFields());
    assertEquals(ErrorCode.TOO_LONG, big.errorCode(0));
    assertEquals(ErrorCode.INVALID_ARGUMENT, big.errorCode(1));
    assertEquals(ErrorCode.TOO_LONG, big.errorCode(2));
    assertEquals("+2250707123456", big.e164().get(3));
    assertEquals(ErrorCode.NOT_A_NUMBER, big.errorCode(4));
    assertEquals(ErrorCode.TOO_LONG, big.errorCode(5));
    for (int i : new int[] {0, 2, 3, 4, 5, 6}) {
      assertEquals(Rows.single(engine, texts[i], regions[i]), Rows.batch(big, i), "row " + i);
    }
  }

  @Test
  void unpairedSurrogatesAreNotNumbers() {
    String[] cases = {
      "\uD800", // lone high surrogate
      "\uDC00", // lone low surrogate
      "0707\uD83D123456", // high surrogate inside digits
      "07071234\uDE0056", // low surrogate inside digits
      "\uDE00\uD83D0707123456", // reversed pair
      "+225 07 07 12 34 56\uD800", // at the end
    };
    for (String text : cases) {
      OracleException e =
          assertThrows(OracleException.class, () -> engine.segment(text, "CI"), text);
      assertEquals(ErrorCode.NOT_A_NUMBER, e.code(), text);
    }
    BatchResult batch = engine.segmentBatch(cases, "CI");
    for (int i = 0; i < cases.length; i++) {
      assertEquals(ErrorCode.NOT_A_NUMBER, batch.errorCode(i), cases[i]);
    }
    // In the region too: an unpaired surrogate is no known region, so no region.
    assertEquals(ErrorCode.INVALID_COUNTRY_CODE, codeOf("0707123456", "C\uD800"));
  }

  @Test
  void wellFormedSupplementaryCharacters() {
    // A valid surrogate pair is a real character (here an emoji): a clean verdict.
    String text = "07 07 12 34 56 \uD83D\uDE00";
    try {
      Segmentation s = engine.segment(text, "CI");
      assertTrue(s.e164().startsWith("+"));
    } catch (OracleException e) {
      assertNotEquals(ErrorCode.INTERNAL, e.code());
    }
    // Mathematical bold digits (U+1D7CE..) are Unicode decimal digits outside the BMP.
    StringBuilder bold = new StringBuilder();
    for (char c : "0707123456".toCharArray()) {
      bold.appendCodePoint(0x1D7CE + (c - '0'));
    }
    try {
      assertEquals("+2250707123456", engine.segment(bold.toString(), "CI").e164());
    } catch (OracleException e) {
      assertNotEquals(ErrorCode.INTERNAL, e.code());
    }
  }

  @Test
  void batchWithNullsAndJunk() {
    String[] texts = {null, "", "0707123456", null, "\uD800", "abc"};
    BatchResult r = engine.segmentBatch(texts, "CI");
    assertEquals(6, r.size());
    assertEquals(ErrorCode.INVALID_ARGUMENT, r.errorCode(0));
    assertEquals("text is null", r.errorMessages().get(0));
    assertEquals(ErrorCode.NOT_A_NUMBER, r.errorCode(1));
    assertEquals(ErrorCode.OK, r.errorCode(2));
    assertEquals(ErrorCode.INVALID_ARGUMENT, r.errorCode(3));
    assertEquals(ErrorCode.NOT_A_NUMBER, r.errorCode(4));
    assertEquals(ErrorCode.NOT_A_NUMBER, r.errorCode(5));
    assertEquals(5, r.failedCount());
    assertEquals(null, r.types().get(0));
    assertEquals("", r.e164().get(0));
    assertEquals(0, r.countryCodes().get(0));
    OracleException e = assertThrows(OracleException.class, () -> r.segmentation(0));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertThrows(IndexOutOfBoundsException.class, () -> r.e164().get(6));
    assertThrows(IndexOutOfBoundsException.class, () -> r.isOk(-1));
    // Per-row regions: null means none; lengths must match.
    BatchResult perRow =
        engine.segmentBatch(
            new String[] {"0707123456", "0707123456", "+2250707123456"},
            new String[] {"CI", null, null},
            BatchOptions.defaults());
    assertEquals(ErrorCode.OK, perRow.errorCode(0));
    assertEquals(ErrorCode.INVALID_COUNTRY_CODE, perRow.errorCode(1));
    assertEquals(ErrorCode.OK, perRow.errorCode(2));
    assertThrows(
        IllegalArgumentException.class,
        () -> engine.segmentBatch(new String[] {"1"}, new String[0], BatchOptions.defaults()));
    assertThrows(IllegalArgumentException.class, () -> BatchOptions.defaults().withThreads(-1));
  }

  @Test
  void randomUtf16NeverCrashes() {
    Random rng = new Random(12345);
    String alphabet = "+0123456789 -().x#;=:tel*ext/\\";
    String[] texts = new String[20000];
    String[] regions = {"", "CI", "AR", "US", "ZZ", null};
    for (int i = 0; i < texts.length; i++) {
      int n = rng.nextInt(48);
      StringBuilder sb = new StringBuilder(n);
      for (int j = 0; j < n; j++) {
        int kind = rng.nextInt(10);
        if (kind < 7) {
          sb.append(alphabet.charAt(rng.nextInt(alphabet.length())));
        } else if (kind < 8) {
          sb.append((char) (0xD800 + rng.nextInt(0x800))); // surrogates, often unpaired
        } else {
          sb.append((char) rng.nextInt(0x10000));
        }
      }
      texts[i] = sb.toString();
    }
    for (int i = 0; i < texts.length; i++) {
      String region = regions[i % regions.length];
      try {
        Segmentation s = engine.segment(texts[i], region);
        assertTrue(s.e164().startsWith("+"), texts[i]);
      } catch (OracleException e) {
        assertNotEquals(ErrorCode.INTERNAL, e.code(), e.getMessage());
      }
    }
    BatchResult batch = engine.segmentBatch(texts, "CI");
    for (int i = 0; i < texts.length; i++) {
      assertNotEquals(ErrorCode.INTERNAL, batch.errorCode(i));
    }
  }
}
