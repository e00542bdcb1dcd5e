package io.github.oraclephone;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The expected outcome of one input, as single calls give it. */
final class Rows {
  private Rows() {}

  /** What {@code engine.segment(text, region)} gives: a Segmentation or an OracleException. */
  static Object single(Engine engine, String text, String region) {
    try {
      return engine.segment(text, region);
    } catch (OracleException e) {
      return e.code() + ": " + e.detail();
    }
  }

  /** The same for row {@code i} of a batch result. */
  static Object batch(BatchResult r, int i) {
    try {
      return r.segmentation(i);
    } catch (OracleException e) {
      return e.code() + ": " + e.detail();
    }
  }

  /** Checks that every column of row {@code i} agrees with {@link BatchResult#segmentation}. */
  static void assertColumnsAgree(BatchResult r, int i) {
    if (!r.isOk(i)) {
      assertEquals("", r.e164().get(i));
      assertEquals(null, r.types().get(i));
      assertEquals(null, r.possibilities().get(i));
      assertEquals(null, r.countryCodeSources().get(i));
      assertEquals(false, r.valid().get(i));
      return;
    }
    Segmentation s = r.segmentation(i);
    assertEquals(ErrorCode.OK, r.errorCodes().get(i));
    assertEquals("", r.errorMessages().get(i));
    assertEquals(s.e164(), r.e164().get(i));
    assertEquals(s.countryCode(), r.countryCodes().get(i));
    assertEquals(s.region(), r.regions().get(i));
    assertEquals(s.nationalNumber(), r.nationalNumbers().get(i));
    assertEquals(s.ndc(), r.ndcs().get(i));
    assertEquals(s.subscriberNumber(), r.subscriberNumbers().get(i));
    assertEquals(s.type(), r.types().get(i));
    assertEquals(s.valid(), r.valid().get(i));
    assertEquals(s.possible(), r.possible().get(i));
    assertEquals(s.possibility(), r.possibilities().get(i));
    assertEquals(s.operatorName(), r.operatorNames().get(i));
    assertEquals(s.extension(), r.extensions().get(i));
    assertEquals(s.international(), r.internationalFormats().get(i));
    assertEquals(s.national(), r.nationalFormats().get(i));
    assertEquals(s.rfc3966(), r.rfc3966Formats().get(i));
    assertEquals(s.countryCodeSource(), r.countryCodeSources().get(i));
    assertEquals(s.portable(), r.portable().get(i));
    assertEquals(s.flagBits(), r.flagBits().get(i));
    assertEquals(s.carrierCode(), r.carrierCodes().get(i));
  }
}
