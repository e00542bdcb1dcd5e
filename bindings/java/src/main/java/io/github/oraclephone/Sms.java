package io.github.oraclephone;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * SMS encoding analysis (C++ {@code oracle::AnalyzeSms}, {@code oracle/sms.h}): whether a text
 * travels in GSM-7 or UCS-2, how many SMS it costs, its parts, and which characters forced
 * UCS-2.
 *
 * <pre>{@code
 * SmsAnalysis a = Sms.analyze("Bientôt, la fête à Noël", false);
 * a.encoding();      // UCS_2 (ô, ê and ë are not GSM-7)
 * a.segments();      // 1
 * a.ucs2ForcedBy();  // ô at char 5, ê at 13, ë at 21
 * Sms.analyze("Votre code : 1234 — merci…", true).substitutions();  // — -> "-", … -> "..."
 * }</pre>
 *
 * <p>Thread safety: a pure function.
 */
public final class Sms {
  private Sms() {}

  /** {@link #analyze(String, boolean)} without the smart mode. */
  public static SmsAnalysis analyze(String text) {
    return analyze(text, false);
  }

  /**
   * Analyses {@code text}.
   *
   * @param smart replace typographic characters that have a GSM-7 equivalent (curly quotes,
   *     dashes, the ellipsis, special spaces; letters never) before encoding, and report them
   * @throws NullPointerException for a null text
   * @throws OracleException {@link ErrorCode#INVALID_ARGUMENT} naming the offset for a text
   *     that is not well-formed (an unpaired surrogate)
   */
  public static SmsAnalysis analyze(String text, boolean smart) {
    Objects.requireNonNull(text, "text");
    Object[] r = SmsNatives.analyze(text, smart);
    String[] head = (String[]) r[0];
    long[] n = (long[]) r[1];
    String[] partTexts = (String[]) r[2];
    long[] partUnits = (long[]) r[3];
    List<SmsAnalysis.Part> parts = new ArrayList<>(partTexts.length);
    for (int i = 0; i < partTexts.length; i++) {
      parts.add(new SmsAnalysis.Part(partTexts[i], (int) partUnits[i]));
    }
    long[] forced = (long[]) r[4];
    String[] forcedText = (String[]) r[5];
    List<SmsAnalysis.ForcingChar> forcing = new ArrayList<>(forcedText.length);
    for (int i = 0; i < forcedText.length; i++) {
      forcing.add(
          new SmsAnalysis.ForcingChar(
              (int) forced[3 * i],
              forcedText[i],
              forced[3 * i + 1],
              forced[3 * i + 2],
              text.offsetByCodePoints(0, (int) forced[3 * i + 2])));
    }
    long[] subs = (long[]) r[6];
    String[] subText = (String[]) r[7];
    List<SmsAnalysis.Substitution> substitutions = new ArrayList<>(subs.length / 3);
    for (int i = 0; i < subs.length / 3; i++) {
      substitutions.add(
          new SmsAnalysis.Substitution(
              (int) subs[3 * i],
              subText[2 * i],
              subText[2 * i + 1],
              subs[3 * i + 1],
              subs[3 * i + 2],
              text.offsetByCodePoints(0, (int) subs[3 * i + 2])));
    }
    return new SmsAnalysis(
        SmsEncoding.fromDisplayName(head[0]),
        head[1],
        (int) n[0],
        (int) n[1],
        (int) n[2],
        (int) n[3],
        (int) n[4],
        parts,
        forcing,
        substitutions,
        (int) n[5]);
  }
}
