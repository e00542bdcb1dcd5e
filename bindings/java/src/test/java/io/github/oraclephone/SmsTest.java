package io.github.oraclephone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Encoding analysis and templates. */
class SmsTest {
  @Test
  void gsm7SingleAndConcatenated() {
    SmsAnalysis a = Sms.analyze("a".repeat(160));
    assertEquals(SmsEncoding.GSM_7, a.encoding());
    assertEquals(160, a.units());
    assertEquals(1, a.segments());
    assertEquals(160, a.unitsPerSegment());
    assertEquals(0, a.unitsLeft());

    SmsAnalysis b = Sms.analyze("a".repeat(161));
    assertEquals(2, b.segments());
    assertEquals(153, b.unitsPerSegment());
    assertEquals(2, b.parts().size());
    assertEquals(153, b.parts().get(0).units());
    assertEquals(8, b.parts().get(1).units());
    assertEquals(b.text(), b.parts().get(0).text() + b.parts().get(1).text());
  }

  @Test
  void extensionCharactersCostTwoAndAreNeverSplit() {
    SmsAnalysis a = Sms.analyze("€[]");
    assertEquals(SmsEncoding.GSM_7, a.encoding());
    assertEquals(3, a.characters());
    assertEquals(6, a.units());
    // 152 letters, '|', 152 letters: the escape pair moves whole to the second part.
    SmsAnalysis b = Sms.analyze("a".repeat(152) + "|" + "a".repeat(152));
    assertEquals(306, b.units());
    assertEquals(3, b.segments());
    assertEquals(List.of(152, 153, 1), b.parts().stream().map(SmsAnalysis.Part::units).toList());
  }

  @Test
  void frenchAccentsForceUcs2WithPositions() {
    SmsAnalysis a = Sms.analyze("Bientôt, la fête à Noël");
    assertEquals(SmsEncoding.UCS_2, a.encoding());
    assertEquals(23, a.units());
    assertEquals(1, a.segments());
    assertEquals(47, a.unitsLeft());
    List<SmsAnalysis.ForcingChar> f = a.ucs2ForcedBy();
    assertEquals(3, f.size());
    assertEquals("ô", f.get(0).text());
    assertEquals('ô', f.get(0).codePoint());
    assertEquals(5, f.get(0).charIndex());
    assertEquals(5, f.get(0).byteOffset());
    assertEquals("ê", f.get(1).text());
    assertEquals(13, f.get(1).charIndex());
    assertEquals(14, f.get(1).byteOffset());
    assertEquals(21, f.get(2).charIndex());
    // é, è, à are GSM-7.
    assertEquals(SmsEncoding.GSM_7, Sms.analyze("été à la mer, très bien").encoding());
    // Lowercase ç is not.
    assertEquals(SmsEncoding.UCS_2, Sms.analyze("garçon").encoding());
  }

  @Test
  void emojiCostsASurrogatePair() {
    String smile = new String(Character.toChars(0x1F600));
    SmsAnalysis a = Sms.analyze("ok " + smile);
    assertEquals(SmsEncoding.UCS_2, a.encoding());
    assertEquals(4, a.characters());
    assertEquals(5, a.units());
    assertEquals(0x1F600, a.ucs2ForcedBy().get(0).codePoint());
    assertEquals(3, a.ucs2ForcedBy().get(0).index());
    // After a surrogate pair, code point and UTF-16 indexes differ.
    SmsAnalysis b = Sms.analyze(smile + "ê");
    assertEquals(1, b.ucs2ForcedBy().get(1).charIndex());
    assertEquals(2, b.ucs2ForcedBy().get(1).index());
    assertEquals("ê", (smile + "ê").substring(b.ucs2ForcedBy().get(1).index(),
        b.ucs2ForcedBy().get(1).index() + 1));
    assertEquals(smile, a.ucs2ForcedBy().get(0).text());
  }

  @Test
  void smartModeReplacesTypography() {
    String text = "Votre code : 1234 — merci…";
    assertEquals(SmsEncoding.UCS_2, Sms.analyze(text, false).encoding());
    SmsAnalysis a = Sms.analyze(text, true);
    assertEquals(SmsEncoding.GSM_7, a.encoding());
    assertEquals("Votre code : 1234 - merci...", a.text());
    assertEquals(2, a.substitutions().size());
    assertEquals("—", a.substitutions().get(0).from());
    assertEquals("-", a.substitutions().get(0).to());
    assertEquals(0x2026, a.substitutions().get(1).codePoint());
    assertEquals("...", a.substitutions().get(1).to());
    assertEquals(25, a.substitutions().get(1).charIndex());
    // Letters are never changed.
    assertEquals(SmsEncoding.UCS_2, Sms.analyze("fête", true).encoding());
  }

  @Test
  void crlfEmptyAndBadInput() {
    SmsAnalysis a = Sms.analyze("a\r\nb");
    assertEquals("a\nb", a.text());
    assertEquals(1, a.crlfNormalized());
    assertEquals(3, a.units());

    SmsAnalysis empty = Sms.analyze("");
    assertEquals(0, empty.segments());
    assertTrue(empty.parts().isEmpty());

    assertThrows(NullPointerException.class, () -> Sms.analyze(null));
    OracleException e =
        assertThrows(OracleException.class, () -> Sms.analyze("abc\uD800def"));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.detail().contains("3"), e.detail()); // the byte offset
    assertThrows(OracleException.class, () -> Sms.analyze("\uDC00"));
  }

  @Test
  void templates() {
    SmsTemplate t = SmsTemplate.compile("Bonjour {prenom}, votre code est {code}. {{ok}}");
    assertEquals(List.of("prenom", "code"), t.fields());
    assertEquals(
        "Bonjour Awa, votre code est 1234. {ok}",
        t.render(Map.of("prenom", "Awa", "code", "1234", "unused", "x")));
    // Values are inserted as they are, never read as template text.
    assertEquals(
        "Bonjour {code}, votre code est 1. {ok}", t.render(Map.of("prenom", "{code}", "code", "1")));

    OracleException missing =
        assertThrows(OracleException.class, () -> t.render(Map.of("prenom", "Awa")));
    assertEquals(ErrorCode.INVALID_ARGUMENT, missing.code());
    assertTrue(missing.detail().contains("code"), missing.detail());

    for (String bad : new String[] {"a } b", "a { b", "{}", "{ name}", "x\uD800{a}"}) {
      OracleException e = assertThrows(OracleException.class, () -> SmsTemplate.compile(bad), bad);
      assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    }
    assertThrows(NullPointerException.class, () -> SmsTemplate.compile(null));
    assertThrows(NullPointerException.class, () -> t.render(null));
    Map<String, String> withNull = new HashMap<>();
    withNull.put("prenom", null);
    assertThrows(NullPointerException.class, () -> t.render(withNull));
    OracleException badValue =
        assertThrows(
            OracleException.class, () -> t.render(Map.of("prenom", "\uD800", "code", "1")));
    assertTrue(badValue.detail().contains("prenom"), badValue.detail());
    assertEquals("Bonjour {prénom}", SmsTemplate.compile("Bonjour {{prénom}}").render(Map.of()));
  }
}
