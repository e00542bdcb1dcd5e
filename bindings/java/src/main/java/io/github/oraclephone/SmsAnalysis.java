package io.github.oraclephone;

import java.util.List;

/**
 * How a text will be encoded and billed as an SMS: the result of {@link Sms#analyze(String,
 * boolean)} (C++ {@code oracle::SmsAnalysis}). Immutable.
 *
 * @param encoding GSM-7, or UCS-2 as soon as one character is outside GSM-7
 * @param text the text that is encoded: the input with CR LF normalised to LF and, in smart
 *     mode, the substitutions applied (send this one)
 * @param characters code points of {@code text}
 * @param units septets (GSM-7, extension characters count two) or UTF-16 code units (UCS-2)
 * @param segments SMS billed: 0 for an empty text, 1 when it fits in one, else the parts
 * @param unitsPerSegment 160 or 153 (GSM-7), 70 or 67 (UCS-2)
 * @param unitsLeft units still free in the last part
 * @param parts the parts as they go on the air; concatenated they give {@code text}
 * @param ucs2ForcedBy every character outside GSM-7, in order (empty for GSM-7)
 * @param substitutions smart mode: every replacement made, in order
 * @param crlfNormalized CR LF pairs counted as LF
 */
public record SmsAnalysis(
    SmsEncoding encoding,
    String text,
    int characters,
    int units,
    int segments,
    int unitsPerSegment,
    int unitsLeft,
    List<Part> parts,
    List<ForcingChar> ucs2ForcedBy,
    List<Substitution> substitutions,
    int crlfNormalized) {

  public SmsAnalysis {
    parts = List.copyOf(parts);
    ucs2ForcedBy = List.copyOf(ucs2ForcedBy);
    substitutions = List.copyOf(substitutions);
  }

  /**
   * One part of the message.
   *
   * @param text the part's text
   * @param units its septets or code units
   */
  public record Part(String text, int units) {}

  /**
   * A character outside GSM-7 that made the message UCS-2.
   *
   * @param codePoint the character
   * @param text the character as a string
   * @param byteOffset offset of its first byte in the UTF-8 form of the input
   * @param charIndex its index in code points in the input
   * @param index its index in the input {@code String} (UTF-16 units), for {@code substring}
   */
  public record ForcingChar(
      int codePoint, String text, long byteOffset, long charIndex, int index) {}

  /**
   * One replacement made by the smart mode.
   *
   * @param codePoint the character replaced
   * @param from it, as a string
   * @param to its replacement ("" when removed)
   * @param byteOffset offset of its first byte in the UTF-8 form of the input
   * @param charIndex its index in code points in the input
   * @param index its index in the input {@code String} (UTF-16 units)
   */
  public record Substitution(
      int codePoint, String from, String to, long byteOffset, long charIndex, int index) {}
}
