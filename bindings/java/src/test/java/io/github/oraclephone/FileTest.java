package io.github.oraclephone;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engine.segmentFile on real CSV, TSV, XLSX and JSON Lines files. */
class FileTest {
  private static Engine engine;

  @TempDir Path dir;

  @BeforeAll
  static void setUp() {
    engine = Engine.create();
  }

  @AfterAll
  static void tearDown() {
    engine.close();
  }

  private static final String CONTACTS =
      "name,phone,city\n"
          + "Awa,07 07 12 34 56,Abidjan\n"
          + "Bob,abc,Paris\n"
          + "Cyr,+33 6 12 34 56 78,Lyon\n"
          + "Dan,0707123456,Abidjan\n"
          + "Eve,12,Abidjan,extra\n"
          + "Fay,01 02 03 04 05,Bouake\n"
          + "Gil,+225 05 05 05 05 05,San Pedro\n";

  /** A CSV record split into cells (quotes as RFC 4180 writes them). */
  static List<String> cells(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    out.add(cell.toString());
    return out;
  }

  static List<List<String>> readCsv(Path p) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    for (String line : Files.readAllLines(p, UTF_8)) {
      rows.add(cells(line));
    }
    return rows;
  }

  private String e164Of(String text, String region) {
    try {
      return engine.segment(text, region).e164();
    } catch (OracleException e) {
      return "";
    }
  }

  @Test
  void csvToCsvWithRejectsAndDedupe() throws IOException {
    Path in = dir.resolve("contacts.csv");
    Files.writeString(in, CONTACTS, UTF_8);
    Path out = dir.resolve("segmented.csv");
    Path rejects = dir.resolve("rejects.csv");
    FileSummary s =
        engine.segmentFile(
            in,
            out,
            SegmentFileOptions.builder().region("CI").rejects(rejects).dedupe(true).build());

    assertEquals("phone", s.phoneColumn());
    assertEquals(2, s.phoneColumnIndex());
    assertEquals(7, s.rowsRead());
    assertEquals(5, s.rowsWritten()); // Eve unreadable, Dan a duplicate of Awa
    assertEquals(1, s.unreadableRows());
    assertEquals(1, s.duplicates());
    assertEquals(4, s.valid());
    assertEquals(1, s.notANumber());
    assertEquals(2, s.rejects());
    assertEquals(Map.of("invalid number", 1L, "wrong column count", 1L), s.rejectsByReason());
    assertEquals(Map.of("CI", 3L, "FR", 1L), s.byCountry());
    assertEquals(1L, s.byOperator().get("Orange"));
    assertEquals(1L, s.byOperator().get("SFR"));
    assertEquals(Map.of("valid", 4L, "not a number", 1L), s.byValidity());
    assertEquals(4L, s.byType().get("MOBILE"));
    assertThrows(UnsupportedOperationException.class, () -> s.byCountry().put("X", 1L));
    assertTrue(s.seconds() >= 0);
    assertTrue(s.toString().contains("rowsRead=7"), s.toString());

    List<List<String>> rows = readCsv(out);
    assertEquals(
        Arrays.asList(
            "name", "phone", "city", "e164", "valid", "type", "region", "operator", "ndc",
            "subscriber_number"),
        rows.get(0));
    assertEquals(6, rows.size());
    List<String> names = new ArrayList<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      names.add(row.get(0));
      String phone = row.get(1);
      assertEquals(e164Of(phone, "CI"), row.get(3), phone);
      if (!row.get(3).isEmpty()) {
        Segmentation seg = engine.segment(phone, "CI");
        assertEquals(Boolean.toString(seg.valid()), row.get(4));
        assertEquals(seg.type().name(), row.get(5));
        assertEquals(seg.region(), row.get(6));
        assertEquals(seg.operatorName(), row.get(7));
        assertEquals(seg.ndc(), row.get(8));
        assertEquals(seg.subscriberNumber(), row.get(9));
      }
    }
    assertEquals(Arrays.asList("Awa", "Bob", "Cyr", "Fay", "Gil"), names);

    List<List<String>> rejected = readCsv(rejects);
    assertEquals(Arrays.asList("row", "reason", "name", "phone", "city"), rejected.get(0));
    assertEquals(3, rejected.size());
    assertEquals("Bob", rejected.get(1).get(2));
    assertTrue(rejected.get(1).get(1).startsWith("invalid number"), rejected.get(1).get(1));
    assertEquals("Eve", rejected.get(2).get(2));
    assertTrue(rejected.get(2).get(1).startsWith("wrong column count"));
  }

  @Test
  void jsonLinesWithChosenFields() throws IOException {
    Path in = dir.resolve("contacts.csv");
    Files.writeString(in, CONTACTS, UTF_8);
    Path out = dir.resolve("segmented.jsonl");
    FileSummary s =
        engine.segmentFile(
            in,
            out,
            SegmentFileOptions.builder()
                .region("ci")
                .column("phone")
                .fields("e164", "type", "operator", "international", "error")
                .threads(1)
                .build());
    assertEquals(7, s.rowsRead());
    assertEquals(6, s.rowsWritten());
    List<String> lines = Files.readAllLines(out, UTF_8);
    assertEquals(6, lines.size());
    for (String line : lines) {
      JsonObject o = JsonParser.parseString(line).getAsJsonObject();
      assertEquals(
          Arrays.asList(
              "name", "phone", "city", "e164", "type", "operator", "international", "error"),
          new ArrayList<>(o.keySet()));
      String phone = o.get("phone").getAsString();
      try {
        Segmentation seg = engine.segment(phone, "CI");
        assertEquals(seg.e164(), o.get("e164").getAsString());
        assertEquals(seg.type().name(), o.get("type").getAsString());
        assertEquals(seg.operatorName(), o.get("operator").getAsString());
        assertEquals(seg.international(), o.get("international").getAsString());
      } catch (OracleException e) {
        JsonElement error = o.get("error");
        assertEquals(e.code().name(), error.getAsString());
      }
    }
  }

  @Test
  void xlsxSheetLeadingZeroAndRoundTrip() throws IOException {
    Path in = dir.resolve("clients.xlsx");
    XlsxFiles.write(
        in,
        List.of(
            new XlsxFiles.Sheet("Notes", List.of(List.of("nothing here"))),
            new XlsxFiles.Sheet(
                "Clients",
                List.of(
                    List.of("Client", "Mobile", "Amount"),
                    List.<Object>of("Awa", 707123456L, 12.5),
                    List.<Object>of("Bob", "+33 6 12 34 56 78", 3),
                    List.<Object>of("Cyr", 2250505050505L, 0),
                    List.<Object>of("Dan", "not a phone", 1)))));
    Path out = dir.resolve("clients-out.xlsx");
    FileSummary s =
        engine.segmentFile(
            in,
            out,
            SegmentFileOptions.builder()
                .sheet("Clients")
                .region("CI")
                .fields("e164", "operator", "note")
                .build());
    assertEquals("Mobile", s.phoneColumn());
    assertEquals(4, s.rowsRead());
    assertEquals(1, s.leadingZerosRestored());
    assertEquals(3, s.valid());
    assertEquals(1, s.notANumber());

    // The workbook written reads back: XLSX to CSV.
    Path back = dir.resolve("back.csv");
    FileSummary again =
        engine.segmentFile(
            out, back, SegmentFileOptions.builder().column("Mobile").region("CI").build());
    assertEquals(4, again.rowsRead());
    List<List<String>> rows = readCsv(back);
    assertEquals(Arrays.asList("Client", "Mobile", "Amount", "e164", "operator", "note"),
        rows.get(0).subList(0, 6));
    assertEquals("Awa", rows.get(1).get(0));
    assertEquals("+2250707123456", rows.get(1).get(3));
    assertEquals("Orange", rows.get(1).get(4));
    assertTrue(rows.get(1).get(5).contains("leading zero"), rows.get(1).get(5));
    assertEquals("+33612345678", rows.get(2).get(3));
    assertEquals("+2250505050505", rows.get(3).get(3));
    assertEquals("MTN", rows.get(3).get(4));
    assertEquals("", rows.get(4).get(3));

    // The sheet by position, and without the rule the zero stays lost.
    FileSummary byIndex =
        engine.segmentFile(
            in,
            dir.resolve("by-index.csv"),
            SegmentFileOptions.builder()
                .sheet(1)
                .region("CI")
                .leadingZero(LeadingZeroRule.NEVER)
                .build());
    assertEquals(0, byIndex.leadingZerosRestored());
    assertEquals(2, byIndex.valid());
  }

  @Test
  void semicolonWindows1252KeepsItsDelimiter() throws IOException {
    Path in = dir.resolve("export.csv");
    String text = "Nom;Téléphone\nAdjoua Kouassi;07 07 12 34 56\nBéatrice;+225 01 02 03 04 05\n";
    Files.write(in, text.getBytes(Charset.forName("windows-1252")));
    Path out = dir.resolve("export-out.csv");
    FileSummary s =
        engine.segmentFile(
            in,
            out,
            SegmentFileOptions.builder()
                .encoding("windows-1252")
                .delimiter(';')
                .header(HeaderMode.PRESENT)
                .region("CI")
                .fields("e164")
                .build());
    assertEquals("Téléphone", s.phoneColumn());
    assertEquals(2, s.valid());
    List<String> lines = Files.readAllLines(out, UTF_8);
    assertEquals("Nom;Téléphone;e164", lines.get(0));
    assertEquals("Adjoua Kouassi;07 07 12 34 56;+2250707123456", lines.get(1));
    assertEquals("Béatrice;+225 01 02 03 04 05;+2250102030405", lines.get(2));

    // A chosen output delimiter, and TSV by extension.
    Path tsv = dir.resolve("export.tsv");
    engine.segmentFile(
        in,
        tsv,
        SegmentFileOptions.builder().encoding("cp1252").region("CI").fields("e164").build());
    assertEquals("Nom\tTéléphone\te164", Files.readAllLines(tsv, UTF_8).get(0));
    Path pipes = dir.resolve("pipes.csv");
    engine.segmentFile(
        in,
        pipes,
        SegmentFileOptions.builder()
            .encoding("windows-1252")
            .region("CI")
            .fields("e164")
            .outputDelimiter('|')
            .build());
    assertEquals("Nom|Téléphone|e164", Files.readAllLines(pipes, UTF_8).get(0));
  }

  @Test
  void threadsAndChunksGiveTheSameFile() throws IOException {
    Random rng = new Random(7);
    StringBuilder csv = new StringBuilder("id,phone\n");
    List<Corpus.Entry> corpus = Corpus.builtIn();
    for (int i = 0; i < 20000; i++) {
      String text = corpus.get(rng.nextInt(corpus.size())).text();
      csv.append(i).append(",\"").append(text.replace("\"", "\"\"")).append("\"\n");
    }
    Path in = dir.resolve("many.csv");
    Files.writeString(in, csv, UTF_8);
    Path one = dir.resolve("one.jsonl");
    Path all = dir.resolve("all.jsonl");
    SegmentFileOptions.Builder b =
        SegmentFileOptions.builder().region("CI").fields("all").dedupe(true);
    FileSummary s1 = engine.segmentFile(in, one, b.threads(1).chunkRows(1000).build());
    FileSummary sN =
        engine.segmentFile(in, all, b.threads(SegmentFileOptions.ALL_PROCESSORS).build());
    assertEquals(20000, s1.rowsRead());
    assertEquals(s1.rowsWritten(), sN.rowsWritten());
    assertEquals(s1.byOperator(), sN.byOperator());
    assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(all));
  }

  @Test
  void badInput() throws IOException {
    Path csv = dir.resolve("ok.csv");
    Files.writeString(csv, CONTACTS, UTF_8);
    Path out = dir.resolve("out.csv");

    OracleException missing =
        assertThrows(
            OracleException.class,
            () -> engine.segmentFile(dir.resolve("missing.csv"), out));
    assertEquals(ErrorCode.NOT_FOUND, missing.code());
    assertTrue(missing.detail().contains("missing.csv"), missing.detail());

    Path garbage = dir.resolve("garbage.xlsx");
    byte[] junk = new byte[4096];
    new Random(1).nextBytes(junk);
    Files.write(garbage, junk);
    OracleException bad =
        assertThrows(OracleException.class, () -> engine.segmentFile(garbage, out));
    assertNotEquals(ErrorCode.INTERNAL, bad.code());
    assertNotEquals(ErrorCode.OK, bad.code());
    assertFalse(bad.detail().isEmpty());

    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "hello\n");
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(OracleException.class, () -> engine.segmentFile(text, out)).code());
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(OracleException.class, () -> engine.segmentFile(csv, csv)).code());
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(
                OracleException.class,
                () ->
                    engine.segmentFile(
                        csv, out, SegmentFileOptions.builder().rejects(out).build()))
            .code());
    OracleException field =
        assertThrows(
            OracleException.class,
            () ->
                engine.segmentFile(
                    csv, out, SegmentFileOptions.builder().fields("e164", "colour").build()));
    assertEquals(ErrorCode.INVALID_ARGUMENT, field.code());
    assertTrue(field.detail().contains("colour"), field.detail());
    OracleException region =
        assertThrows(
            OracleException.class,
            () ->
                engine.segmentFile(csv, out, SegmentFileOptions.builder().region("XQ").build()));
    assertEquals(ErrorCode.INVALID_ARGUMENT, region.code());
    assertTrue(region.detail().contains("XQ"), region.detail());
    OracleException column =
        assertThrows(
            OracleException.class,
            () ->
                engine.segmentFile(
                    csv, out, SegmentFileOptions.builder().column("fax").build()));
    assertNotEquals(ErrorCode.INTERNAL, column.code());
    assertTrue(column.detail().contains("fax"), column.detail());
    OracleException encoding =
        assertThrows(
            OracleException.class,
            () ->
                engine.segmentFile(
                    csv, out, SegmentFileOptions.builder().encoding("ebcdic").build()));
    assertEquals(ErrorCode.INVALID_ARGUMENT, encoding.code());

    Path book = dir.resolve("book.xlsx");
    XlsxFiles.write(book, List.of(new XlsxFiles.Sheet("Only", List.of(List.of("phone")))));
    OracleException sheet =
        assertThrows(
            OracleException.class,
            () -> engine.segmentFile(book, out, SegmentFileOptions.builder().sheet("Nope").build()));
    assertEquals(ErrorCode.NOT_FOUND, sheet.code());

    Path noDir = dir.resolve("no/such/dir/out.csv");
    assertEquals(
        ErrorCode.IO_ERROR,
        assertThrows(OracleException.class, () -> engine.segmentFile(csv, noDir)).code());

    assertThrows(NullPointerException.class, () -> engine.segmentFile(null, out));
    assertThrows(NullPointerException.class, () -> engine.segmentFile(csv, null));
    assertThrows(NullPointerException.class, () -> engine.segmentFile(csv, out, null));
    assertThrows(IllegalArgumentException.class, () -> SegmentFileOptions.builder().threads(-1));
    assertThrows(IllegalArgumentException.class, () -> SegmentFileOptions.builder().fields());
    assertThrows(
        IllegalArgumentException.class, () -> SegmentFileOptions.builder().fields("a,b"));
    assertThrows(IllegalArgumentException.class, () -> SegmentFileOptions.builder().sheet(-1));
    assertThrows(
        IllegalArgumentException.class, () -> SegmentFileOptions.builder().chunkRows(0));
  }

  @Test
  void closedEngineAndOptions() throws IOException {
    Path csv = dir.resolve("ok.csv");
    Files.writeString(csv, CONTACTS, UTF_8);
    Engine closed = Engine.create();
    closed.close();
    assertThrows(
        IllegalStateException.class, () -> closed.segmentFile(csv, dir.resolve("x.csv")));

    List<String> names = SegmentFileOptions.fieldNames();
    assertTrue(names.contains("e164") && names.contains("note"), names.toString());
    SegmentFileOptions o = SegmentFileOptions.builder().region("CI").dedupe(true).build();
    assertEquals(o, o.toBuilder().build());
    assertEquals(o.hashCode(), o.toBuilder().build().hashCode());
    assertNotEquals(o, SegmentFileOptions.defaults());
    assertEquals("CI", o.region().orElseThrow());
    assertTrue(SegmentFileOptions.defaults().fields().isEmpty());
    assertTrue(o.toString().contains("dedupe=true"), o.toString());
  }
}
