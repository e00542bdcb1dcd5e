package io.github.oraclephone.bench;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.github.oraclephone.BatchOptions;
import io.github.oraclephone.BatchResult;
import io.github.oraclephone.Corpus;
import io.github.oraclephone.Engine;
import io.github.oraclephone.OracleException;
import io.github.oraclephone.SegmentField;
import io.github.oraclephone.Segmentation;
import java.io.PrintStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Oracle's Java binding against Google's libphonenumber for Java on the same corpus, in one
 * JVM: single calls and the batch call, on one thread and on all threads.
 *
 * <p>The work per number is what {@link Engine#segment} returns: one parse (keeping the raw
 * input, which the country code source and carrier code need), validity, type, region,
 * possibility, E.164, national significant number, NDC split, the INTERNATIONAL / NATIONAL /
 * RFC3966 formats, portability and, when libphonenumber's carrier jar is on the class path,
 * the operator (Oracle always looks it up). The batch rows are timed twice: as the columns the
 * call returns (primitive columns; the formats as UTF-8 bytes) and with every string column
 * turned into Java strings. The last rows leave out the three formats on both sides. Each
 * ratio compares with libphonenumber doing the same work on as many threads.
 *
 * <p>The table measures each row once, one after the other, over a few minutes, and this
 * machine's speed drifts in that time. The ratio without formats is then measured again in R
 * paired rounds, on one thread and on T: in each round libphonenumber makes one pass over the
 * corpus and Oracle's batch is timed right after it for a second, so that both sides see the
 * machine at the same speed; the median of the rounds' ratios is printed with their range.
 *
 * <pre>
 * java ... CompareLibphonenumber [--corpus=FILE] [--rows=N] [--seconds=S] [--threads=T]
 *     [--rounds=R]
 * </pre>
 *
 * FILE holds "REGION&lt;TAB&gt;TEXT" lines (bench/corpus.h; build/bin/oracle_corpus_tsv writes
 * them); without it the tests' built-in corpus is repeated. T = 0: all processors.
 */
public final class CompareLibphonenumber {

  private static final Set<SegmentField> NO_FIELDS = EnumSet.noneOf(SegmentField.class);

  /** A sink the JIT cannot see through. */
  private static final AtomicLong SINK = new AtomicLong();

  /**
   * libphonenumber logs a warning for every non-geographic number whose portability is asked;
   * kept referenced so that the level stays set.
   */
  private static final Logger LIBPHONENUMBER_LOG =
      Logger.getLogger(PhoneNumberUtil.class.getName());

  private final String[] texts;
  private final String[] regions;
  private final double seconds;
  private final int threads;
  private final int rounds;
  private final PrintStream out;
  private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
  private final MethodHandle carrierName; // null without the carrier jar
  private final Object carrierMapper;

  CompareLibphonenumber(
      List<Corpus.Entry> corpus, int rows, double seconds, int threads, PrintStream out)
      throws ReflectiveOperationException {
    this(corpus, rows, seconds, threads, 5, out);
  }

  CompareLibphonenumber(
      List<Corpus.Entry> corpus,
      int rows,
      double seconds,
      int threads,
      int rounds,
      PrintStream out)
      throws ReflectiveOperationException {
    this.texts = new String[rows];
    this.regions = new String[rows];
    for (int i = 0; i < rows; i++) {
      Corpus.Entry e = corpus.get(i % corpus.size());
      texts[i] = e.text();
      // libphonenumber wants upper case and has no "ZZ means none" for the empty string.
      regions[i] = e.region().isEmpty() ? "ZZ" : e.region().toUpperCase(Locale.ROOT);
    }
    LIBPHONENUMBER_LOG.setLevel(Level.OFF);
    this.seconds = seconds;
    this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    this.rounds = rounds;
    this.out = out;
    MethodHandle name = null;
    Object mapper = null;
    try {
      Class<?> c = Class.forName("com.google.i18n.phonenumbers.PhoneNumberToCarrierMapper");
      mapper = c.getMethod("getInstance").invoke(null);
      name =
          MethodHandles.publicLookup()
              .findVirtual(
                  c,
                  "getNameForNumber",
                  MethodType.methodType(String.class, PhoneNumber.class, Locale.class));
    } catch (ClassNotFoundException e) {
      // Without the carrier jar libphonenumber does less work than Oracle.
    }
    this.carrierName = name;
    this.carrierMapper = mapper;
  }

  /** Entry point; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    String corpusPath = "";
    int rows = 200_000;
    double seconds = 3;
    int threads = 0;
    int rounds = 5;
    for (String a : args) {
      if (a.startsWith("--corpus=")) {
        corpusPath = a.substring("--corpus=".length());
      } else if (a.startsWith("--rows=")) {
        rows = Integer.parseInt(a.substring("--rows=".length()));
      } else if (a.startsWith("--seconds=")) {
        seconds = Double.parseDouble(a.substring("--seconds=".length()));
      } else if (a.startsWith("--threads=")) {
        threads = Integer.parseInt(a.substring("--threads=".length()));
      } else if (a.startsWith("--rounds=")) {
        rounds = Integer.parseInt(a.substring("--rounds=".length()));
      } else {
        System.err.println("unknown argument " + a);
        System.exit(2);
      }
    }
    List<Corpus.Entry> corpus =
        corpusPath.isEmpty() ? Corpus.builtIn() : Corpus.load(Paths.get(corpusPath), rows);
    String source =
        corpusPath.isEmpty()
            ? "the tests' built-in corpus (" + corpus.size() + " entries), repeated"
            : corpusPath;
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    new CompareLibphonenumber(corpus, rows, seconds, threads, rounds, out).run(source);
  }

  void run(String source) throws Exception {
    try (Engine engine = Engine.create()) {
      out.printf(
          "Corpus: %d numbers from %s%n"
              + "Oracle %s (%s); libphonenumber Java %s%s%n"
              + "JVM %s, %d processors; %.1f s per measurement after as long a warm-up;%n"
              + "CPU: the calling thread's CPU time (one-thread rows; not counting the JVM's"
              + " GC and JIT threads)%n%n",
          texts.length,
          source,
          Engine.libraryVersion(),
          engine.metadataVersion(),
          libphonenumberVersion(),
          carrierName != null
              ? " + carrier " + System.getProperty("libphonenumber.carrier.version", "")
              : " (no carrier jar: operator not looked up)",
          System.getProperty("java.vm.version"),
          Runtime.getRuntime().availableProcessors(),
          seconds);
      agreement(engine);

      List<String[]> table = new ArrayList<>();
      table.add(
          new String[] {
            "measurement", "threads", "numbers/s", "ns/number", "CPU ns/number", "vs lpn",
            "vs lpn (CPU)"
          });
      double[] lpn1 = measure(1, this::libphonenumberSlice);
      double[] lpnN = measure(threads, this::libphonenumberSlice);
      addRow(table, "libphonenumber Java, per number", 1, lpn1, lpn1);
      addRow(table, "libphonenumber Java, per number", threads, lpnN, lpnN);
      addRow(table, "Oracle segment()", 1, measure(1, (f, t) -> singleSlice(engine, f, t)), lpn1);
      addRow(
          table,
          "Oracle segment()",
          threads,
          measure(threads, (f, t) -> singleSlice(engine, f, t)),
          lpnN);
      addRow(table, "Oracle segmentBatch()", 1, measureBatch(engine, 1, false), lpn1);
      addRow(table, "Oracle segmentBatch()", threads, measureBatch(engine, threads, false), lpnN);
      addRow(
          table, "Oracle segmentBatch() + all strings", 1, measureBatch(engine, 1, true), lpn1);
      addRow(
          table,
          "Oracle segmentBatch() + all strings",
          threads,
          measureBatch(engine, threads, true),
          lpnN);
      double[] lpnCore1 = measure(1, (f, t) -> libphonenumberSlice(f, t, false));
      double[] lpnCoreN = measure(threads, (f, t) -> libphonenumberSlice(f, t, false));
      addRow(table, "libphonenumber Java, no formats", 1, lpnCore1, lpnCore1);
      addRow(table, "libphonenumber Java, no formats", threads, lpnCoreN, lpnCoreN);
      BatchOptions noFormats = BatchOptions.defaults().withFields(NO_FIELDS);
      addRow(
          table,
          "Oracle segmentBatch(), no formats",
          1,
          measureBatch(engine, noFormats.withThreads(1), false),
          lpnCore1);
      addRow(
          table,
          "Oracle segmentBatch(), no formats",
          threads,
          measureBatch(engine, noFormats.withThreads(threads), false),
          lpnCoreN);
      printTable(table);
      if (rounds > 0) {
        out.printf(
            "%nPaired rounds, no formats (libphonenumber: one pass over the corpus; Oracle's"
                + " batch: the second after it):%n");
        pairedRounds(engine, 1);
        pairedRounds(engine, threads);
      }
      out.printf("%n(sink %d)%n", SINK.get() & 0xff);
    }
  }

  // --------------------------------------------------------------------------------------
  // The work.

  /** libphonenumber on texts[from, to). */
  private void libphonenumberSlice(int from, int to) {
    libphonenumberSlice(from, to, true);
  }

  /** libphonenumber on texts[from, to), with or without the three formats. */
  private void libphonenumberSlice(int from, int to, boolean formats) {
    long h = 0;
    for (int i = from; i < to; i++) {
      try {
        PhoneNumber n = util.parseAndKeepRawInput(texts[i], regions[i]);
        h += util.isValidNumber(n) ? 1 : 0;
        h += util.getNumberType(n).ordinal();
        String region = util.getRegionCodeForNumber(n);
        h += region == null ? 0 : region.length();
        h += util.isPossibleNumberWithReason(n).ordinal();
        h += util.isPossibleNumber(n) ? 1 : 0;
        h += util.format(n, PhoneNumberFormat.E164).length();
        String nsn = util.getNationalSignificantNumber(n);
        int ndc = util.getLengthOfNationalDestinationCode(n);
        h += nsn.substring(0, ndc).length() + nsn.substring(ndc).length();
        if (formats) {
          h += util.format(n, PhoneNumberFormat.INTERNATIONAL).length();
          h += util.format(n, PhoneNumberFormat.NATIONAL).length();
          h += util.format(n, PhoneNumberFormat.RFC3966).length();
        }
        h += region != null && util.isMobileNumberPortableRegion(region) ? 1 : 0;
        h += n.getCountryCodeSource().ordinal() + n.getPreferredDomesticCarrierCode().length();
        if (carrierName != null) {
          h += ((String) carrierName.invoke(carrierMapper, n, Locale.ENGLISH)).length();
        }
      } catch (NumberParseException e) {
        h += e.getErrorType().ordinal();
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    }
    SINK.addAndGet(h);
  }

  /** Oracle single calls on texts[from, to). */
  private void singleSlice(Engine engine, int from, int to) {
    long h = 0;
    for (int i = from; i < to; i++) {
      try {
        Segmentation s = engine.segment(texts[i], regions[i]);
        h += s.e164().length() + s.operatorName().length() + s.type().ordinal();
      } catch (OracleException e) {
        h += e.code().ordinal();
      }
    }
    SINK.addAndGet(h);
  }

  // --------------------------------------------------------------------------------------
  // Timing.

  private interface Slice {
    void run(int from, int to) throws Exception;
  }

  /**
   * {numbers per second of wall time, numbers per second of the calling thread's CPU time (NaN
   * when other threads do the work)} of {@code slice} over the whole corpus split among {@code
   * n} threads, repeated for {@link #seconds} after a warm-up as long.
   */
  private double[] measure(int n, Slice slice) throws Exception {
    timedPasses(n, slice, seconds); // warm-up
    long[] done = timedPasses(n, slice, seconds);
    return new double[] {
      done[0] / (done[1] / 1e9), n == 1 ? done[0] / (done[2] / 1e9) : Double.NaN
    };
  }

  /**
   * Runs whole passes until {@code limit} seconds; returns {numbers, wall nanoseconds, calling
   * thread's CPU nanoseconds}.
   */
  private long[] timedPasses(int n, Slice slice, double limit) throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long numbers = 0;
    long cpuStart = mx.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long elapsed;
    do {
      runOnThreads(n, slice);
      numbers += texts.length;
      elapsed = System.nanoTime() - start;
    } while (elapsed < limit * 1e9);
    return new long[] {numbers, elapsed, mx.getCurrentThreadCpuTime() - cpuStart};
  }

  private void runOnThreads(int n, Slice slice) throws Exception {
    if (n == 1) {
      slice.run(0, texts.length);
      return;
    }
    Throwable[] failure = new Throwable[1];
    CountDownLatch done = new CountDownLatch(n);
    for (int t = 0; t < n; t++) {
      final int from = (int) ((long) texts.length * t / n);
      final int to = (int) ((long) texts.length * (t + 1) / n);
      Thread thread =
          new Thread(
              () -> {
                try {
                  slice.run(from, to);
                } catch (Throwable e) {
                  synchronized (failure) {
                    failure[0] = e;
                  }
                } finally {
                  done.countDown();
                }
              });
      thread.start();
    }
    done.await();
    synchronized (failure) {
      if (failure[0] != null) {
        throw new IllegalStateException(failure[0]);
      }
    }
  }

  /**
   * As {@link #measure}, for one batch call over the whole corpus on {@code n} threads, every
   * field (the formats included).
   */
  private double[] measureBatch(Engine engine, int n, boolean materialize) throws Exception {
    return measureBatch(engine, BatchOptions.defaults().withAllFields().withThreads(n), materialize);
  }

  /**
   * The ratio without formats in {@link #rounds} rounds on {@code n} threads, each timing
   * libphonenumber then Oracle's batch back to back (both warm: the table ran them).
   */
  private void pairedRounds(Engine engine, int n) throws Exception {
    BatchOptions options = BatchOptions.defaults().withFields(NO_FIELDS).withThreads(n);
    Slice batch = batchSlice(engine, options, false);
    double[] ratios = new double[rounds];
    StringBuilder each = new StringBuilder();
    for (int r = 0; r < rounds; r++) {
      long[] lpn = timedPasses(n, (f, t) -> libphonenumberSlice(f, t, false), 0); // one pass
      long[] oracle = timedPasses(1, batch, Math.min(1.0, seconds));
      double lpnRate = lpn[0] / (lpn[1] / 1e9);
      double oracleRate = oracle[0] / (oracle[1] / 1e9);
      ratios[r] = oracleRate / lpnRate;
      each.append(String.format(Locale.ROOT, "%s%.1fx", r == 0 ? "" : ", ", ratios[r]));
      if (r == 0 || r == rounds - 1) {
        each.append(
            String.format(
                Locale.ROOT, " (%.0f / %.1f ns)", 1e9 / lpnRate, 1e9 / oracleRate));
      }
    }
    double[] sorted = ratios.clone();
    Arrays.sort(sorted);
    double median =
        rounds % 2 == 1
            ? sorted[rounds / 2]
            : (sorted[rounds / 2 - 1] + sorted[rounds / 2]) / 2;
    out.printf(
        Locale.ROOT,
        "  %d thread(s): median %.1fx, range %.1fx-%.1fx over %d rounds: %s%n",
        n,
        median,
        sorted[0],
        sorted[rounds - 1],
        rounds,
        each);
  }

  private double[] measureBatch(Engine engine, BatchOptions options, boolean materialize)
      throws Exception {
    int n = options.threads();
    Slice whole = batchSlice(engine, options, materialize);
    timedPasses(1, whole, seconds);
    long[] done = timedPasses(1, whole, seconds);
    return new double[] {
      done[0] / (done[1] / 1e9), n == 1 ? done[0] / (done[2] / 1e9) : Double.NaN
    };
  }

  /** One batch call over the whole corpus (its bounds are ignored), strings made or not. */
  private Slice batchSlice(Engine engine, BatchOptions options, boolean materialize) {
    return (from, to) -> {
      BatchResult r = engine.segmentBatch(texts, regions, options);
      long h = r.size();
      if (materialize) {
        h += count(r.e164().toArray()) + count(r.regions().toArray());
        h += count(r.nationalNumbers().toArray()) + count(r.ndcs().toArray());
        h += count(r.subscriberNumbers().toArray()) + count(r.operatorNames().toArray());
        h += count(r.extensions().toArray()) + count(r.internationalFormats().toArray());
        h += count(r.nationalFormats().toArray()) + count(r.rfc3966Formats().toArray());
        h += count(r.carrierCodes().toArray()) + count(r.errorMessages().toArray());
        h += r.types().toArray().length + r.countryCodes().toArray().length;
      }
      SINK.addAndGet(h);
    };
  }

  private static long count(String[] strings) {
    long n = 0;
    for (String s : strings) {
      n += s.length();
    }
    return n;
  }

  // --------------------------------------------------------------------------------------
  // Agreement: libphonenumber's answers for the same corpus, field by field.

  private void agreement(Engine engine) {
    int rows = Math.min(texts.length, 100_000);
    int agree = 0;
    int agreeButOperator = 0;
    List<String> examples = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      String oracle = describeOracle(engine, texts[i], regions[i]);
      String lpn = describeLibphonenumber(texts[i], regions[i]);
      if (withoutOperator(oracle).equals(withoutOperator(lpn))) {
        agreeButOperator++;
      }
      if (oracle.equals(lpn)) {
        agree++;
      } else if (examples.size() < 5) {
        examples.add(
            String.format(
                "  [%s] '%s'%n    oracle %s%n    lpn    %s", regions[i], texts[i], oracle, lpn));
      }
    }
    out.printf(
        "Agreement with libphonenumber Java on the first %d numbers (every field both define"
            + "%s): %d (%.3f%%)%n",
        rows,
        carrierName != null ? ", operator included" : ", operator excluded",
        agree,
        100.0 * agree / rows);
    if (carrierName != null) {
      out.printf(
          "  every field but the operator: %d (%.3f%%) (the carrier jar's operator data may be"
              + " older than the metadata: docs/java.md)%n",
          agreeButOperator,
          100.0 * agreeButOperator / rows);
    }
    for (String e : examples) {
      out.println(e);
    }
    out.println();
  }

  /** A description without its last field, the operator (an error has no fields). */
  private static String withoutOperator(String description) {
    int last = description.lastIndexOf('|');
    return last < 0 ? description : description.substring(0, last);
  }

  private String describeOracle(Engine engine, String text, String region) {
    try {
      Segmentation s = engine.segment(text, region);
      return String.join(
          "|",
          s.e164(),
          Boolean.toString(s.valid()),
          s.type().name(),
          s.region(),
          s.possibility().name(),
          s.nationalNumber(),
          s.ndc(),
          s.extension(),
          s.international(),
          s.national(),
          s.rfc3966(),
          s.countryCodeSource().name(),
          s.carrierCode(),
          carrierName != null ? s.operatorName() : "");
    } catch (OracleException e) {
      return "error " + e.code().name();
    }
  }

  /**
   * libphonenumber's answers as Oracle defines its fields: from {@code parse()}, except the
   * country code source and the carrier code, which only {@code parseAndKeepRawInput()}
   * records.
   */
  private String describeLibphonenumber(String text, String region) {
    try {
      PhoneNumber n = util.parse(text, region);
      PhoneNumber raw = util.parseAndKeepRawInput(text, region);
      String nsn = util.getNationalSignificantNumber(n);
      String regionOf = util.getRegionCodeForNumber(n);
      String operator = "";
      if (carrierName != null) {
        operator = (String) carrierName.invoke(carrierMapper, n, Locale.ENGLISH);
      }
      return String.join(
          "|",
          util.format(n, PhoneNumberFormat.E164),
          Boolean.toString(util.isValidNumber(n)),
          util.getNumberType(n).name(),
          Objects.toString(regionOf, ""),
          util.isPossibleNumberWithReason(n).name(),
          nsn,
          nsn.substring(0, util.getLengthOfNationalDestinationCode(n)),
          n.getExtension(),
          util.format(n, PhoneNumberFormat.INTERNATIONAL),
          util.format(n, PhoneNumberFormat.NATIONAL),
          util.format(n, PhoneNumberFormat.RFC3966),
          raw.getCountryCodeSource().name(),
          raw.getPreferredDomesticCarrierCode(),
          operator);
    } catch (NumberParseException e) {
      return "error " + e.getErrorType().name();
    } catch (Throwable t) {
      return "exception " + t;
    }
  }

  // --------------------------------------------------------------------------------------
  // Output.

  private static String libphonenumberVersion() {
    Package p = PhoneNumberUtil.class.getPackage();
    String v = p == null ? null : p.getImplementationVersion();
    if (v == null) {
      v = System.getProperty("libphonenumber.version", "(version unknown)");
    }
    return v;
  }

  private static void addRow(
      List<String[]> table, String what, int threads, double[] rate, double[] reference) {
    boolean cpu = !Double.isNaN(rate[1]);
    table.add(
        new String[] {
          what,
          Integer.toString(threads),
          String.format(Locale.ROOT, "%,.0f", rate[0]),
          String.format(Locale.ROOT, "%.0f", 1e9 / rate[0]),
          cpu ? String.format(Locale.ROOT, "%.0f", 1e9 / rate[1]) : "",
          String.format(Locale.ROOT, "%.1fx", rate[0] / reference[0]),
          cpu ? String.format(Locale.ROOT, "%.1fx", rate[1] / reference[1]) : ""
        });
  }

  private void printTable(List<String[]> table) {
    int[] width = new int[table.get(0).length];
    for (String[] row : table) {
      for (int c = 0; c < row.length; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    for (int r = 0; r < table.size(); r++) {
      StringBuilder sb = new StringBuilder("| ");
      for (int c = 0; c < width.length; c++) {
        String cell = table.get(r)[c];
        String pad = " ".repeat(width[c] - cell.length());
        sb.append(c == 0 ? cell + pad : pad + cell).append(" | ");
      }
      out.println(sb.toString().stripTrailing());
      if (r == 0) {
        StringBuilder rule = new StringBuilder("|");
        for (int w : width) {
          rule.append("-".repeat(w + 2)).append("|");
        }
        out.println(rule);
      }
    }
  }
}
