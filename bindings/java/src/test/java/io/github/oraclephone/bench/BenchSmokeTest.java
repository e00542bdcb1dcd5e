package io.github.oraclephone.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.oraclephone.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The benchmark harness runs (tiny settings): it is compiled and exercised by every test run. */
class BenchSmokeTest {
  @Test
  void harnessRuns() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    new CompareLibphonenumber(Corpus.builtIn(), 2000, 0.02, 2, 3, out).run("smoke test");
    String report = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(report.contains("Oracle segmentBatch()"), report);
    assertTrue(report.contains("Agreement with libphonenumber"), report);
    // libphonenumber looks the operator up too (its carrier jar is a test dependency).
    assertTrue(report.contains(" + carrier"), report);
    assertTrue(report.contains("operator included"), report);
    assertTrue(report.contains("every field but the operator: "), report);
    assertTrue(
        report.matches("(?s).*  1 thread\\(s\\): median [0-9.]+x, range .* over 3 rounds.*"),
        report);
    assertTrue(
        report.matches("(?s).*  2 thread\\(s\\): median [0-9.]+x, range .* over 3 rounds.*"),
        report);
  }
}
