package io.github.oraclephone;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Test and benchmark inputs: "REGION&lt;TAB&gt;TEXT" lines (the format of bench/corpus.h;
 * REGION may be empty, a line without a tab is TEXT with no region, '#' starts a comment).
 */
public final class Corpus {
  /** One input: its default region ("" for none) and its text. */
  public record Entry(String region, String text) {}

  private Corpus() {}

  /** The hand-picked corpus shipped with the tests. */
  public static List<Entry> builtIn() {
    try (InputStream in = Corpus.class.getResourceAsStream("corpus.tsv")) {
      return read(new BufferedReader(new InputStreamReader(in, UTF_8)), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first {@code limit} entries (all when 0) of a corpus file. */
  public static List<Entry> load(Path path, int limit) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(path, UTF_8)) {
      return read(r, limit);
    }
  }

  /**
   * The built-in corpus plus, when the system property {@code oracle.test.corpus} (Maven:
   * {@code -Doracle.corpus}) names a file, the first {@code oracle.test.corpus.limit} entries.
   */
  public static List<Entry> forTests() throws IOException {
    List<Entry> all = new ArrayList<>(builtIn());
    String extra = System.getProperty("oracle.test.corpus", "");
    if (!extra.isEmpty()) {
      int limit = Integer.getInteger("oracle.test.corpus.limit", 20000);
      all.addAll(load(Paths.get(extra), limit));
    }
    return all;
  }

  private static List<Entry> read(BufferedReader r, int limit) throws IOException {
    List<Entry> out = new ArrayList<>();
    String line;
    while ((line = r.readLine()) != null && (limit <= 0 || out.size() < limit)) {
      if (line.startsWith("#")) {
        continue;
      }
      int tab = line.indexOf('\t');
      if (tab < 0) {
        out.add(new Entry("", line));
      } else {
        out.add(new Entry(line.substring(0, tab), line.substring(tab + 1)));
      }
    }
    return out;
  }
}
