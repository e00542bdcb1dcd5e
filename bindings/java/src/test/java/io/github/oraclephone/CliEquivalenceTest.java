package io.github.oraclephone;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The binding gives the fields the {@code oracle} command gives ({@code oracle segment --format
 * jsonl}), for the test corpus, through single calls and through the batch call.
 *
 * <p>The command is {@code -Doracle.cli=PATH}; when it does not exist the test is skipped,
 * unless {@code -Doracle.cli.required=true}.
 */
class CliEquivalenceTest {

  @Test
  void fieldsEqualTheCommandLineOutput() throws Exception {
    Path cli = Paths.get(System.getProperty("oracle.test.cli", ""));
    if (!Files.isExecutable(cli)) {
      if (Boolean.getBoolean("oracle.test.cli.required")) {
        fail("the oracle command is not at " + cli + " (-Doracle.cli)");
      }
      Assumptions.abort("the oracle command is not at " + cli + " (-Doracle.cli)");
    }
    List<Corpus.Entry> corpus = Corpus.forTests();
    try (Engine engine = Engine.create()) {
      Set<String> supported = new HashSet<>(engine.supportedRegions());
      // The command takes one region per run: group the inputs by region. It refuses
      // regions it does not know, which the engine reads as none.
      Map<String, List<Integer>> byRegion = new LinkedHashMap<>();
      for (int i = 0; i < corpus.size(); i++) {
        String region = corpus.get(i).region().toUpperCase(Locale.ROOT);
        if (!supported.contains(region)) {
          region = "";
        }
        byRegion.computeIfAbsent(region, k -> new ArrayList<>()).add(i);
      }
      String[] texts = corpus.stream().map(Corpus.Entry::text).toArray(String[]::new);
      String[] regions = corpus.stream().map(Corpus.Entry::region).toArray(String[]::new);
      BatchResult batch = engine.segmentBatch(texts, regions, BatchOptions.defaults().withAllFields());
      int compared = 0;
      Set<String> mismatches = new TreeSet<>();
      for (Map.Entry<String, List<Integer>> group : byRegion.entrySet()) {
        List<Integer> rows = group.getValue();
        List<String> inputs = new ArrayList<>();
        for (int i : rows) {
          inputs.add(texts[i]);
        }
        List<JsonObject> records = runCli(cli, group.getKey(), inputs);
        assertEquals(rows.size(), records.size(), "records for region " + group.getKey());
        for (int k = 0; k < rows.size(); k++) {
          int i = rows.get(k);
          Corpus.Entry e = corpus.get(i);
          JsonObject record = records.get(k);
          String where = "[" + e.region() + "] '" + e.text() + "'";
          assertEquals(e.text(), record.get("input").getAsString(), where);
          Object single = Rows.single(engine, e.text(), e.region());
          assertEquals(single, Rows.batch(batch, i), where);
          String diff = compare(single, record);
          if (diff != null) {
            mismatches.add(where + ": " + diff);
          }
          compared++;
        }
      }
      if (!mismatches.isEmpty()) {
        List<String> shown = new ArrayList<>(mismatches);
        fail(
            mismatches.size()
                + " of "
                + compared
                + " inputs differ from the command:\n"
                + String.join("\n", shown.subList(0, Math.min(40, shown.size()))));
      }
      assertTrue(compared >= corpus.size());
    }
  }

  /** Null when the binding's answer equals the record, else what differs. */
  private static String compare(Object single, JsonObject r) {
    List<String> diffs = new ArrayList<>();
    if (!(single instanceof Segmentation)) {
      // "CODE: detail" from Rows.single.
      String s = (String) single;
      int colon = s.indexOf(": ");
      check(diffs, "error", s.substring(0, colon), r.get("error"));
      check(diffs, "error_message", s.substring(colon + 2), r.get("error_message"));
      check(diffs, "valid", false, r.get("valid"));
      check(diffs, "possible", false, r.get("possible"));
      check(diffs, "e164", null, r.get("e164"));
      return diffs.isEmpty() ? null : String.join("; ", diffs);
    }
    Segmentation s = (Segmentation) single;
    check(diffs, "error", null, r.get("error"));
    check(diffs, "error_message", null, r.get("error_message"));
    check(diffs, "valid", s.valid(), r.get("valid"));
    check(diffs, "possible", s.possible(), r.get("possible"));
    check(diffs, "e164", s.e164(), r.get("e164"));
    check(diffs, "country_code", s.countryCode(), r.get("country_code"));
    check(diffs, "region", s.region(), r.get("region"));
    check(diffs, "national_number", s.nationalNumber(), r.get("national_number"));
    check(diffs, "ndc", s.ndc(), r.get("ndc"));
    check(diffs, "subscriber_number", s.subscriberNumber(), r.get("subscriber_number"));
    check(diffs, "type", s.type().name(), r.get("type"));
    check(diffs, "operator", s.operatorName(), r.get("operator"));
    check(diffs, "extension", s.extension(), r.get("extension"));
    check(diffs, "international", s.international(), r.get("international"));
    check(diffs, "national", s.national(), r.get("national"));
    check(diffs, "rfc3966", s.rfc3966(), r.get("rfc3966"));
    check(diffs, "possibility", s.possibility().name(), r.get("possibility"));
    check(diffs, "portable", s.portable(), r.get("portable"));
    check(diffs, "carrier_code", s.carrierCode(), r.get("carrier_code"));
    check(
        diffs,
        "country_code_source",
        s.countryCodeSource().name(),
        r.get("country_code_source"));
    List<String> flags = new ArrayList<>();
    for (SegmentationFlag f : s.flags()) {
      flags.add(f.name());
    }
    List<String> recordFlags = new ArrayList<>();
    JsonArray array = r.getAsJsonArray("flags");
    for (JsonElement f : array) {
      recordFlags.add(f.getAsString());
    }
    if (!new HashSet<>(flags).equals(new HashSet<>(recordFlags))) {
      diffs.add("flags " + flags + " != " + recordFlags);
    }
    return diffs.isEmpty() ? null : String.join("; ", diffs);
  }

  private static void check(List<String> diffs, String key, Object expected, JsonElement actual) {
    Object value;
    if (actual == null || actual.isJsonNull()) {
      value = null;
    } else if (expected instanceof Boolean) {
      value = actual.getAsBoolean();
    } else if (expected instanceof Integer) {
      value = actual.getAsInt();
    } else {
      value = actual.getAsString();
    }
    if (expected == null ? value != null : !expected.equals(value)) {
      diffs.add(key + " " + expected + " != " + value);
    }
  }

  /** Runs {@code oracle segment --format jsonl [--region R]} on the inputs, one per line. */
  private static List<JsonObject> runCli(Path cli, String region, List<String> inputs)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of(cli.toString(), "segment", "--format", "jsonl"));
    if (!region.isEmpty()) {
      command.add("--region");
      command.add(region);
    }
    Process p =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Thread writer =
        new Thread(
            () -> {
              try (OutputStream out = p.getOutputStream()) {
                for (String s : inputs) {
                  out.write((s + "\n").getBytes(UTF_8));
                }
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    writer.start();
    List<JsonObject> records = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        records.add(JsonParser.parseString(line).getAsJsonObject());
      }
    }
    writer.join();
    assertEquals(0, p.waitFor(), "exit status of " + command);
    return records;
  }
}
