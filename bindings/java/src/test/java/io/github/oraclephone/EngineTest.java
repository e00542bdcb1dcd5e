package io.github.oraclephone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
  private static Engine engine;

  @BeforeAll
  static void setUp() {
    engine = Engine.create();
  }

  @AfterAll
  static void tearDown() {
    engine.close();
  }

  @Test
  void segmentsAnIvorianMobile() {
    Segmentation s = engine.segment("07 07 12 34 56", "CI");
    assertEquals("+2250707123456", s.e164());
    assertEquals(225, s.countryCode());
    assertEquals("CI", s.region());
    assertEquals("0707123456", s.nationalNumber());
    assertEquals("07", s.ndc());
    assertEquals("07123456", s.subscriberNumber());
    assertEquals(NumberType.MOBILE, s.type());
    assertTrue(s.valid());
    assertTrue(s.possible());
    assertEquals(Possibility.IS_POSSIBLE, s.possibility());
    assertEquals("Orange", s.operatorName());
    assertEquals("", s.extension());
    assertEquals("+225 07 07 12 3456", s.international());
    assertEquals("07 07 12 3456", s.national());
    assertEquals("tel:+225-07-07-12-3456", s.rfc3966());
    assertEquals(CountryCodeSource.FROM_DEFAULT_COUNTRY, s.countryCodeSource());
    assertTrue(s.portable());
    assertEquals(Set.of(), s.flags());
    assertEquals("", s.carrierCode());
  }

  @Test
  void internationalFormatNeedsNoRegion() {
    Segmentation s = engine.segment("+33 6 12 34 56 78");
    assertEquals("+33612345678", s.e164());
    assertEquals("FR", s.region());
    assertEquals(CountryCodeSource.FROM_NUMBER_WITH_PLUS_SIGN, s.countryCodeSource());
    assertEquals(s, engine.segment("+33 6 12 34 56 78", null));
    assertEquals(s, engine.segment("+33 6 12 34 56 78", ""));
    assertEquals(s, engine.segment("+33 6 12 34 56 78", "ZZ"));
  }

  @Test
  void regionIsCaseInsensitive() {
    assertEquals(engine.segment("07 07 12 34 56", "CI"), engine.segment("07 07 12 34 56", "ci"));
  }

  @Test
  void extensionAndUnicodeDigits() {
    Segmentation s = engine.segment("07 07 12 34 56 ext. 12", "CI");
    assertEquals("12", s.extension());
    assertEquals("+2250707123456", s.e164());
    assertEquals("+2250707123456", engine.segment("٠٧٠٧١٢٣٤٥٦", "CI").e164());
    assertEquals("+2250707123456", engine.segment("０７０７１２３４５６", "CI").e164());
  }

  @Test
  void invalidNumberIsAResultNotAnError() {
    Segmentation s = engine.segment("+225 07123456");
    assertFalse(s.valid());
  }

  @Test
  void parseFailuresThrowWithTheirCode() {
    OracleException e = assertThrows(OracleException.class, () -> engine.segment("abc", "CI"));
    assertEquals(ErrorCode.NOT_A_NUMBER, e.code());
    assertTrue(e.code().isParseError());
    assertTrue(e.getMessage().startsWith("NOT_A_NUMBER: "), e.getMessage());
    assertFalse(e.detail().isEmpty());
    assertEquals(
        ErrorCode.INVALID_COUNTRY_CODE,
        assertThrows(OracleException.class, () -> engine.segment("0707123456")).code());
    assertEquals(
        ErrorCode.INVALID_COUNTRY_CODE,
        assertThrows(OracleException.class, () -> engine.segment("+999 123 456")).code());
  }

  @Test
  void fieldsSelection() {
    Segmentation none = engine.segment("0707123456", "CI", EnumSet.noneOf(SegmentField.class));
    assertEquals("", none.international());
    assertEquals("", none.national());
    assertEquals("", none.rfc3966());
    assertEquals("+2250707123456", none.e164());
    assertEquals("07", none.ndc());
    Segmentation national = engine.segment("0707123456", "CI", EnumSet.of(SegmentField.NATIONAL));
    assertEquals("07 07 12 3456", national.national());
    assertEquals("", national.international());
  }

  @Test
  void metadataAndRegions() {
    assertTrue(engine.metadataVersion().startsWith("phonenumbers "), engine.metadataVersion());
    List<String> regions = engine.supportedRegions();
    assertTrue(regions.contains("CI"));
    assertTrue(regions.contains("FR"));
    assertThrows(UnsupportedOperationException.class, () -> regions.add("XX"));
    assertEquals(225, engine.countryCodeForRegion("CI"));
    assertEquals(225, engine.countryCodeForRegion("ci"));
    assertEquals(0, engine.countryCodeForRegion("XX"));
    assertEquals(0, engine.countryCodeForRegion(null));
    assertEquals("0.1.0", Engine.libraryVersion());
  }

  @Test
  void optionsReachTheEngine() {
    EngineOptions options =
        EngineOptions.builder()
            .migrateCiLegacy(true)
            .ciFixedLineOperators(true)
            .lenientDoubleZero(true)
            .addOperatorRule("2250747", "Orange CI")
            .portable("FR", false)
            .build();
    try (Engine e = Engine.create(options)) {
      assertEquals(options, e.options());
      Segmentation legacy = e.segment("07 12 34 56", "CI");
      assertTrue(legacy.flags().contains(SegmentationFlag.CI_LEGACY_MIGRATED), legacy.toString());
      assertEquals(10, legacy.nationalNumber().length());
      Segmentation rule = e.segment("07 47 12 34 56", "CI");
      assertEquals("Orange CI", rule.operatorName());
      assertTrue(rule.flags().contains(SegmentationFlag.USER_OPERATOR_RULE));
      Segmentation fixed = e.segment("27 22 44 12 34", "CI");
      assertTrue(fixed.flags().contains(SegmentationFlag.CI_FIXED_LINE_OPERATOR), fixed.toString());
      assertFalse(fixed.operatorName().isEmpty());
      Segmentation lenient = e.segment("00225 07 07 12 34 56");
      assertEquals("+2250707123456", lenient.e164());
      assertTrue(lenient.flags().contains(SegmentationFlag.LENIENT_DOUBLE_ZERO));
      assertFalse(e.segment("+33 6 12 34 56 78").portable());
    }
    // Without the options: libphonenumber's answers.
    assertEquals(Set.of(), engine.segment("27 22 44 12 34", "CI").flags());
    assertThrows(OracleException.class, () -> engine.segment("00225 07 07 12 34 56"));
  }

  @Test
  void badOptionsAreInvalidArgument() {
    EngineOptions bad = EngineOptions.builder().addOperatorRule("abc", "x").build();
    OracleException e = assertThrows(OracleException.class, () -> Engine.create(bad));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
  }

  @Test
  void metadataFiles(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("missing.bin");
    OracleException e =
        assertThrows(
            OracleException.class,
            () -> Engine.create(EngineOptions.builder().metadataPath(missing).build()));
    assertEquals(ErrorCode.IO_ERROR, e.code());
    Path corrupt = dir.resolve("corrupt.bin");
    Files.write(corrupt, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    e =
        assertThrows(
            OracleException.class,
            () -> Engine.create(EngineOptions.builder().metadataPath(corrupt).build()));
    assertEquals(ErrorCode.DATA_LOSS, e.code());
  }

  @Test
  void operatorRulesCsv(@TempDir Path dir) throws IOException {
    List<OperatorRule> rules =
        OperatorRule.parseCsv("prefix,operator\n# comment\n+225 07 47,Orange CI\n\n2250505,MTN\n");
    assertEquals(2, rules.size());
    assertEquals("MTN", rules.get(1).operatorName());
    OracleException e =
        assertThrows(OracleException.class, () -> OperatorRule.parseCsv("2250747\n"));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    Path file = dir.resolve("rules.csv");
    Files.write(file, "2250747,Opérateur ✓\n".getBytes(StandardCharsets.UTF_8));
    List<OperatorRule> loaded = OperatorRule.loadCsv(file);
    assertEquals("Opérateur ✓", loaded.get(0).operatorName());
    try (Engine e2 = Engine.create(EngineOptions.builder().operatorRules(loaded).build())) {
      assertEquals("Opérateur ✓", e2.segment("0747123456", "CI").operatorName());
    }
    assertEquals(
        ErrorCode.IO_ERROR,
        assertThrows(OracleException.class, () -> OperatorRule.loadCsv(dir.resolve("no.csv")))
            .code());
  }

  @Test
  void resultsAreValues() {
    Segmentation a = engine.segment("07 07 12 34 56", "CI");
    Segmentation b = engine.segment("+225 0707123456");
    assertEquals(a.e164(), b.e164());
    assertThrows(NullPointerException.class, () -> new OperatorRule(null, "x"));
    assertThrows(UnsupportedOperationException.class, () -> a.flags().add(null));
  }

  @Test
  void errorCodesMirrorTheCppValues() {
    assertEquals(20, ErrorCode.NOT_A_NUMBER.value());
    assertEquals(ErrorCode.TOO_LONG, ErrorCode.fromValue(24));
    assertEquals(ErrorCode.INTERNAL, ErrorCode.fromValue(999));
    assertEquals(ErrorCode.INTERNAL, ErrorCode.fromValue(-1));
  }
}
