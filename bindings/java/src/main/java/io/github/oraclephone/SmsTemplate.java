package io.github.oraclephone;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message text with {@code {field}} placeholders, compiled once and rendered per recipient
 * (C++ {@code oracle::SmsTemplate}).
 *
 * <pre>{@code
 * SmsTemplate t = SmsTemplate.compile("Bonjour {prenom}, votre code est {code}.");
 * t.fields();                                             // [prenom, code]
 * t.render(Map.of("prenom", "Awa", "code", "1234"));      // "Bonjour Awa, votre code est 1234."
 * t.render(Map.of("prenom", "Awa"));  // OracleException INVALID_ARGUMENT: no value for 'code'
 * }</pre>
 *
 * <p>{@code {{} and {@code }}} are literal braces. A field without a value is an error naming
 * it: a message never goes out with a hole in it. Values are inserted as they are.
 *
 * <p>Thread safety: immutable; holds no native memory.
 */
public final class SmsTemplate {
  private final String source;
  private final List<String> fields;

  private SmsTemplate(String source, List<String> fields) {
    this.source = source;
    this.fields = fields;
  }

  /**
   * Compiles a template.
   *
   * @throws NullPointerException for null
   * @throws OracleException {@link ErrorCode#INVALID_ARGUMENT} with the byte offset for a lone
   *     or unclosed brace, an empty {@code {}}, a name with leading or trailing spaces or
   *     control characters, or an unpaired surrogate
   */
  public static SmsTemplate compile(String source) {
    Objects.requireNonNull(source, "source");
    return new SmsTemplate(source, List.of(SmsNatives.compileTemplate(source)));
  }

  /**
   * Renders with {@code values} (unused values are ignored).
   *
   * @throws NullPointerException for a null map, key or value
   * @throws OracleException {@link ErrorCode#INVALID_ARGUMENT} naming every field without a
   *     value, or a value that is not well-formed text
   */
  public String render(Map<String, String> values) {
    Objects.requireNonNull(values, "values");
    String[] keys = new String[values.size()];
    String[] vals = new String[values.size()];
    int i = 0;
    for (Map.Entry<String, String> e : values.entrySet()) {
      keys[i] = Objects.requireNonNull(e.getKey(), "key");
      vals[i] = Objects.requireNonNull(e.getValue(), "value of " + e.getKey());
      i++;
    }
    return SmsNatives.renderTemplate(source, keys, vals);
  }

  /** The distinct field names, in order of first use. */
  public List<String> fields() {
    return fields;
  }

  /** The template text. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return "SmsTemplate[" + source + "]";
  }
}
