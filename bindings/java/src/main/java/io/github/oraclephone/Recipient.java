package io.github.oraclephone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One campaign recipient: the number as written and the template fields of its row (C++
 * {@code oracle::Recipient}). Immutable.
 *
 * @param number the number as written (normalised to E.164 when the campaign is created)
 * @param fields template fields, e.g. {@code {name=Awa}}, in column order
 * @param line 1-based line in the source file, 0 when none
 */
public record Recipient(String number, Map<String, String> fields, long line) {
  public Recipient {
    Objects.requireNonNull(number, "number");
    fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** A recipient without fields. */
  public static Recipient of(String number) {
    return new Recipient(number, Map.of(), 0);
  }

  /** A recipient with template fields. */
  public static Recipient of(String number, Map<String, String> fields) {
    return new Recipient(number, fields, 0);
  }

  /**
   * Reads recipients from a file (UTF-8): one number per line, or CSV with a header whose
   * "number" (or phone, msisdn, e164, to) column holds the numbers and whose other columns are
   * template fields.
   *
   * @throws OracleException {@link ErrorCode#INVALID_ARGUMENT} naming the line of a malformed
   *     row, {@link ErrorCode#IO_ERROR} when unreadable
   */
  public static List<Recipient> readFile(Path path) {
    Objects.requireNonNull(path, "path");
    return fromFlat(HistoryNatives.readRecipients(path.toString(), null));
  }

  /** As {@link #readFile}, from text. */
  public static List<Recipient> parse(String text) {
    Objects.requireNonNull(text, "text");
    return fromFlat(HistoryNatives.readRecipients(null, text));
  }

  static List<Recipient> fromFlat(String[] v) {
    List<Recipient> out = new ArrayList<>();
    int i = 0;
    while (i + 3 <= v.length) {
      String number = v[i];
      long line = Long.parseLong(v[i + 1]);
      int n = Integer.parseInt(v[i + 2]);
      i += 3;
      Map<String, String> fields = new LinkedHashMap<>();
      for (int k = 0; k < n; k++, i += 2) {
        fields.put(v[i], v[i + 1]);
      }
      out.add(new Recipient(number, fields, line));
    }
    return List.copyOf(out);
  }

  static String[] toFlat(List<Recipient> recipients) {
    List<String> out = new ArrayList<>();
    for (Recipient r : recipients) {
      Objects.requireNonNull(r, "recipient");
      out.add(r.number());
      out.add(Long.toString(r.line()));
      out.add(Integer.toString(r.fields().size()));
      for (Map.Entry<String, String> e : r.fields().entrySet()) {
        out.add(Objects.requireNonNull(e.getKey(), "field name"));
        out.add(Objects.requireNonNull(e.getValue(), "field value"));
      }
    }
    return out.toArray(new String[0]);
  }
}
