package io.github.oraclephone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A user operator rule: numbers whose E.164 digits (without '+') start with {@code prefix}
 * get {@code operatorName}. The longest matching rule wins and overrides the built-in data
 * (flag {@link SegmentationFlag#USER_OPERATOR_RULE}). The C++ {@code oracle::OperatorRule}.
 *
 * @param prefix E.164 digits, e.g. {@code "2250747"}
 * @param operatorName e.g. {@code "Orange CI"}
 */
public record OperatorRule(String prefix, String operatorName) {

  /** Checks that neither component is null (their content is checked by the engine). */
  public OperatorRule {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(operatorName, "operatorName");
  }

  /**
   * Reads rules from CSV text: one rule per line, {@code prefix,operator}, an optional header
   * line {@code prefix,operator}, '#' comments and blank lines ignored; the prefix may start
   * with '+' and contain spaces, dashes and dots.
   *
   * @throws OracleException {@link ErrorCode#INVALID_ARGUMENT} naming the line of a bad line
   */
  public static List<OperatorRule> parseCsv(String csv) {
    Objects.requireNonNull(csv, "csv");
    return fromFlat(NativeMethods.parseOperatorRulesCsv(csv));
  }

  /**
   * As {@link #parseCsv(String)}, from a file.
   *
   * @throws OracleException {@link ErrorCode#IO_ERROR} when unreadable, {@link
   *     ErrorCode#INVALID_ARGUMENT} for a bad line
   */
  public static List<OperatorRule> loadCsv(Path path) {
    Objects.requireNonNull(path, "path");
    return fromFlat(NativeMethods.loadOperatorRulesCsv(path.toString()));
  }

  private static List<OperatorRule> fromFlat(String[] flat) {
    List<OperatorRule> rules = new ArrayList<>(flat.length / 2);
    for (int i = 0; i + 1 < flat.length; i += 2) {
      rules.add(new OperatorRule(flat[i], flat[i + 1]));
    }
    return Collections.unmodifiableList(rules);
  }
}
