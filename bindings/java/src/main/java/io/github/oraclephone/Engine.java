package io.github.oraclephone;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Compiled phone-number metadata and the segmentation of numbers: the Java face of the C++
 * {@code oracle::Engine}.
 *
 * <p>An engine turns text as people type it ({@code "07 07 12 34 56"}, {@code "+225
 * 0707123456"}, {@code "00225-07.07.12.34.56 ext. 12"}, {@code "tel:+225-07-07-12-34-56"},
 * full-width or Arabic-Indic digits, vanity letters) into a {@link Segmentation} whose fields
 * are libphonenumber's answers for the same metadata version ({@link #metadataVersion()}).
 *
 * <pre>{@code
 * try (Engine engine = Engine.create()) {
 *   Segmentation s = engine.segment("07 07 12 34 56", "CI");
 *   System.out.println(s.e164() + " " + s.operatorName());  // +2250707123456 Orange
 *
 *   BatchResult batch = engine.segmentBatch(texts, "CI");  // columnar, on every processor
 *   String[] e164 = batch.e164().toArray();
 * } catch (OracleException e) {
 *   // e.code() is e.g. ErrorCode.NOT_A_NUMBER
 * }
 * }</pre>
 *
 * <p>Errors: text that cannot be read as a number makes {@link #segment} throw an {@link
 * OracleException} with a parse code ({@link ErrorCode#NOT_A_NUMBER}, {@link
 * ErrorCode#INVALID_COUNTRY_CODE}, {@link ErrorCode#TOO_SHORT_AFTER_IDD}, {@link
 * ErrorCode#TOO_SHORT_NSN}, {@link ErrorCode#TOO_LONG}); in a batch such rows are data
 * ({@link BatchResult#errorCode(int)}). A number that parses but is invalid is a result with
 * {@code valid() == false}. Text containing an unpaired UTF-16 surrogate is not a number
 * ({@link ErrorCode#NOT_A_NUMBER}).
 *
 * <p>Resources: the engine holds native memory, released by {@link #close()}. Calls already
 * running when {@code close()} is called finish normally and the memory is released when the
 * last of them returns; calls made after it throw {@link IllegalStateException}. Closing twice
 * is harmless. An engine that is never closed is released after it becomes unreachable, but
 * close it (try-with-resources) rather than rely on that.
 *
 * <p>Thread safety: an engine is immutable; every method may be called concurrently from any
 * number of threads, {@code close()} included. One engine per process is the intended use.
 */
public final class Engine implements AutoCloseable {
  private static final Cleaner CLEANER = Cleaner.create();

  /** Per-thread arrays that single calls exchange with the native side. */
  private static final class Scratch {
    static final int DEFAULT_DATA = 512;
    static final int MAX_KEPT_DATA = 1 << 16;

    final int[] meta = new int[NativeMethods.META_SIZE];
    byte[] data = new byte[DEFAULT_DATA];
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private final EngineHandle handle;
  private final Cleaner.Cleanable cleanable;
  private final EngineOptions options;

  private Engine(long nativeHandle, EngineOptions options) {
    this.handle = new EngineHandle(nativeHandle);
    this.cleanable = CLEANER.register(this, handle);
    this.options = options;
  }

  /** An engine with the default options (embedded metadata, libphonenumber's behaviour). */
  public static Engine create() {
    return create(EngineOptions.defaults());
  }

  /**
   * Compiles an engine.
   *
   * @throws OracleException {@link ErrorCode#INVALID_ARGUMENT} for invalid options, {@link
   *     ErrorCode#IO_ERROR} or {@link ErrorCode#DATA_LOSS} when the metadata file cannot be
   *     read or is corrupt
   * @throws UnsatisfiedLinkError when the native library cannot be loaded
   */
  public static Engine create(EngineOptions options) {
    Objects.requireNonNull(options, "options");
    List<OperatorRule> rules = options.operatorRules();
    String[] prefixes = new String[rules.size()];
    String[] operators = new String[rules.size()];
    for (int i = 0; i < prefixes.length; i++) {
      prefixes[i] = rules.get(i).prefix();
      operators[i] = rules.get(i).operatorName();
    }
    List<PortabilityOverride> portability = options.portability();
    String[] regions = new String[portability.size()];
    boolean[] portable = new boolean[portability.size()];
    for (int i = 0; i < regions.length; i++) {
      regions[i] = portability.get(i).region();
      portable[i] = portability.get(i).portable();
    }
    long nativeHandle =
        NativeMethods.createEngine(
            options.metadataPath().map(Object::toString).orElse(null),
            options.lenientDoubleZero(),
            options.migrateCiLegacy(),
            options.ciFixedLineOperators(),
            prefixes,
            operators,
            regions,
            portable);
    try {
      return new Engine(nativeHandle, options);
    } catch (RuntimeException | Error e) {
      NativeMethods.destroyEngine(nativeHandle);
      throw e;
    }
  }

  /** The version of the Oracle library inside the jar, e.g. {@code "0.1.0"}. */
  public static String libraryVersion() {
    return NativeMethods.libraryVersion();
  }

  /**
   * Segments one number with no default region (the text must be in international format).
   *
   * @throws OracleException when the text cannot be read as a phone number
   * @throws NullPointerException when {@code text} is null
   */
  public Segmentation segment(String text) {
    return segment(text, null);
  }

  /**
   * Segments one number.
   *
   * @param text the number as typed; any length (overlong text is {@link ErrorCode#TOO_LONG})
   * @param region the default region (ISO 3166 alpha-2, any case), used when the text is not
   *     in international format; {@code null}, {@code ""} or {@code "ZZ"} for none
   * @throws OracleException when the text cannot be read as a phone number
   * @throws NullPointerException when {@code text} is null
   * @throws IllegalStateException when the engine is closed
   */
  public Segmentation segment(String text, String region) {
    Objects.requireNonNull(text, "text");
    return segmentBits(text, region, SegmentField.ALL_BITS);
  }

  /** As {@link #segment(String, String)}, filling only the given optional fields. */
  public Segmentation segment(String text, String region, Set<SegmentField> fields) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(fields, "fields");
    return segmentBits(text, region, SegmentField.toBits(fields));
  }

  private Segmentation segmentBits(String text, String region, int fields) {
    Scratch scratch = SCRATCH.get();
    long h = handle.acquire();
    try {
      int needed = NativeMethods.segment(h, text, region, fields, scratch.meta, scratch.data);
      while (needed > scratch.data.length) {
        scratch.data = new byte[Math.max(needed, 2 * scratch.data.length)];
        needed = NativeMethods.segment(h, text, region, fields, scratch.meta, scratch.data);
      }
      Segmentation result = decode(scratch.meta, scratch.data, fields);
      if (scratch.data.length > Scratch.MAX_KEPT_DATA) {
        scratch.data = new byte[Scratch.DEFAULT_DATA];
      }
      return result;
    } finally {
      handle.release();
    }
  }

  private static Segmentation decode(int[] m, byte[] d, int fields) {
    int code = m[NativeMethods.META_CODE];
    if (code != 0) {
      int length = m[NativeMethods.META_LENGTHS + NativeMethods.STRING_ERROR_MESSAGE];
      throw new OracleException(ErrorCode.fromValue(code), new String(d, 0, length, UTF_8));
    }
    String[] s = new String[NativeMethods.STRING_ERROR_MESSAGE];
    int offset = 0;
    for (int f = 0; f < s.length; f++) {
      int length = m[NativeMethods.META_LENGTHS + f];
      s[f] = length == 0 ? "" : new String(d, offset, length, UTF_8);
      offset += length;
    }
    int bits = m[NativeMethods.META_BITS];
    return new Segmentation(
        s[NativeMethods.STRING_E164],
        m[NativeMethods.META_COUNTRY_CODE],
        s[NativeMethods.STRING_REGION],
        s[NativeMethods.STRING_NATIONAL_NUMBER],
        s[NativeMethods.STRING_NDC],
        s[NativeMethods.STRING_SUBSCRIBER_NUMBER],
        NumberType.fromValue(m[NativeMethods.META_TYPE]),
        (bits & NativeMethods.BIT_VALID) != 0,
        (bits & NativeMethods.BIT_POSSIBLE) != 0,
        Possibility.fromValue(m[NativeMethods.META_POSSIBILITY]),
        s[NativeMethods.STRING_OPERATOR_NAME],
        SegmentField.has(fields, SegmentField.EXTENSION) ? s[NativeMethods.STRING_EXTENSION] : "",
        s[NativeMethods.STRING_INTERNATIONAL],
        s[NativeMethods.STRING_NATIONAL],
        s[NativeMethods.STRING_RFC3966],
        CountryCodeSource.fromValue(m[NativeMethods.META_SOURCE]),
        (bits & NativeMethods.BIT_PORTABLE) != 0,
        m[NativeMethods.META_FLAGS],
        SegmentField.has(fields, SegmentField.CARRIER_CODE)
            ? s[NativeMethods.STRING_CARRIER_CODE]
            : "");
  }

  /**
   * Segments many numbers with one default region, on every processor, without the optional
   * fields (formats, extension, carrier code: {@link BatchOptions#defaults()}).
   */
  public BatchResult segmentBatch(String[] texts, String region) {
    return segmentBatch(texts, region, BatchOptions.defaults());
  }

  /** As {@link #segmentBatch(String[], String)}, for a list. */
  public BatchResult segmentBatch(List<String> texts, String region) {
    return segmentBatch(texts, region, BatchOptions.defaults());
  }

  /**
   * Segments many numbers with one default region, on the batch engine of the C++ library
   * ({@code oracle::BatchSegmenter}: a fast path for texts made of digits and punctuation, the
   * full engine for the rest, on {@link BatchOptions#threads()} threads). Every row's answer is
   * what {@link #segment(String, String)} gives for it; the rows keep the input order whatever
   * the number of threads. Rows that cannot be read as numbers are failed rows of the result,
   * not exceptions; a null text is a failed row ({@link ErrorCode#INVALID_ARGUMENT}), and so is
   * a text with an unpaired surrogate ({@link ErrorCode#NOT_A_NUMBER}).
   *
   * <p>The texts are encoded to UTF-8 by the threads of the call (the calling thread, and
   * helper threads when a batch of more than 16,384 rows runs on several), at most 65,536 at a
   * time, and each such chunk is handed to the native side in one call, which fills the
   * result's primitive columns in place (see {@link BatchResult} for how strings are made).
   *
   * @param texts the numbers; the array is read, not kept
   * @param region the default region for every row; {@code null} or {@code ""} for none
   * @param options threads and the optional fields to fill
   * @throws NullPointerException when {@code texts} or {@code options} is null
   * @throws IllegalStateException when the engine is closed
   */
  public BatchResult segmentBatch(String[] texts, String region, BatchOptions options) {
    return runBatch(RowSource.of(texts, "texts"), region, null, options);
  }

  /**
   * As {@link #segmentBatch(String[], String, BatchOptions)}, for a list, read a chunk at a time
   * (never copied into one array); it must not change during the call.
   */
  public BatchResult segmentBatch(List<String> texts, String region, BatchOptions options) {
    return runBatch(RowSource.of(texts, "texts"), region, null, options);
  }

  /**
   * Segments many numbers, each with its own default region ({@code regions[i]} for {@code
   * texts[i]}; a null region means none).
   *
   * @throws IllegalArgumentException when the arrays differ in length
   */
  public BatchResult segmentBatch(String[] texts, String[] regions, BatchOptions options) {
    return runBatch(RowSource.of(texts, "texts"), null, RowSource.of(regions, "regions"), options);
  }

  /**
   * As {@link #segmentBatch(String[], String[], BatchOptions)}, for lists, read a chunk at a
   * time (never copied into one array); they must not change during the call.
   */
  public BatchResult segmentBatch(
      List<String> texts, List<String> regions, BatchOptions options) {
    return runBatch(RowSource.of(texts, "texts"), null, RowSource.of(regions, "regions"), options);
  }

  private static final ThreadLocal<TextPacker> PACKER = ThreadLocal.withInitial(TextPacker::new);

  /**
   * Most rows per part when a batch is shared among Java threads: each thread takes the next
   * part, packs it and segments it on a segmenter of its own, so that nothing is left on one
   * thread. The parts are of equal size, as many as a multiple of the threads.
   */
  static final int PARALLEL_PART_ROWS = 1 << 14;

  private BatchResult runBatch(
      RowSource texts, String region, RowSource regions, BatchOptions options) {
    Objects.requireNonNull(options, "options");
    final int rows = texts.size();
    if (regions != null && regions.size() != rows) {
      throw new IllegalArgumentException(
          "texts and regions differ in length: " + rows + " != " + regions.size());
    }
    final int fields = SegmentField.toBits(options.fields());
    final int threads = options.effectiveThreads();
    final BatchResult.Columns columns = new BatchResult.Columns(rows);
    final Object[] columnArrays = columns.asArray();
    // Parts of at most PARALLEL_PART_ROWS rows, as many as a multiple of the Java threads
    // and of equal size, so that the threads finish together.
    final int maxSizeParts = (rows + PARALLEL_PART_ROWS - 1) / PARALLEL_PART_ROWS;
    final int workers = Math.max(1, Math.min(threads, maxSizeParts));
    final int parts = workers * ((maxSizeParts + workers - 1) / workers);
    final int partRows = parts == 0 ? 0 : (int) (((long) rows + parts - 1) / parts);
    final List<Object[]> strings = new ArrayList<>();
    final List<Integer> starts = new ArrayList<>();
    final EngineHandle.BatchContext context;
    final long h = handle.acquire();
    try {
      context = handle.batchContext();
      if (threads <= 1 || maxSizeParts < 2) {
        // One Java thread; a small batch still uses the native pool of `threads` threads.
        segmentRange(
            context, texts, region, regions, fields, threads, 0, rows, columnArrays, strings,
            starts);
      } else {
        // The parts are shared among Java threads, each on a segmenter of its own: packing,
        // segmenting and copying all run in parallel.
        final Part[] done = new Part[parts];
        runParallel(
            workers,
            parts,
            p -> {
              Part part = new Part();
              segmentRange(
                  context,
                  texts,
                  region,
                  regions,
                  fields,
                  1,
                  (int) Math.min(rows, (long) p * partRows),
                  (int) Math.min(rows, (long) (p + 1) * partRows),
                  columnArrays,
                  part.strings,
                  part.starts);
              done[p] = part;
            });
        for (Part part : done) {
          strings.addAll(part.strings);
          starts.addAll(part.starts);
        }
      }
    } finally {
      handle.release();
    }
    int[] chunkStarts = new int[starts.size()];
    for (int k = 0; k < chunkStarts.length; k++) {
      chunkStarts[k] = starts.get(k);
    }
    return new BatchResult(
        rows,
        options.fields(),
        columns,
        context.regionNames,
        context.operatorNames,
        chunkStarts,
        strings.toArray(new Object[0][]));
  }

  /**
   * Segments {@code texts[from, to)} on the calling thread, one native call per packed chunk
   * ({@code nativeThreads} threads inside each), into {@code columnArrays}; adds each chunk's
   * string columns and first row to {@code strings} and {@code starts}.
   */
  private static void segmentRange(
      EngineHandle.BatchContext context,
      RowSource texts,
      String region,
      RowSource regions,
      int fields,
      int nativeThreads,
      int from,
      int to,
      Object[] columnArrays,
      List<Object[]> strings,
      List<Integer> starts) {
    TextPacker packer = PACKER.get();
    try {
      int at = from;
      while (at < to) {
        // Array sources are read in place; a list's next rows are copied into a buffer.
        final int limit = (int) Math.min((long) at + TextPacker.CHUNK_ROWS, to);
        final int textBase = texts.offset(at);
        final int end =
            textBase
                + packer.pack(
                    texts.window(at, limit, packer, false),
                    at - textBase,
                    limit - textBase);
        // Few distinct regions: each is read once per chunk.
        String[] dictionary = null;
        if (regions != null) {
          final int regionBase = regions.offset(at);
          dictionary =
              packer.packRegions(
                  regions.window(at, end, packer, true),
                  at - regionBase,
                  end - regionBase);
        }
        Object[] out =
            NativeMethods.segmentColumns(
                context.handle,
                nativeThreads,
                fields,
                packer.bytes,
                packer.offsets,
                end - at,
                regions == null ? region : null,
                dictionary,
                regions == null ? null : packer.regionIds,
                packer.specialRows(),
                packer.specialTexts(),
                columnArrays,
                at);
        strings.add(out);
        starts.add(at);
        at = end;
      }
    } finally {
      packer.trim();
    }
  }

  /** The string columns and first rows of the chunks of one part. */
  private static final class Part {
    final List<Object[]> strings = new ArrayList<>();
    final List<Integer> starts = new ArrayList<>();
  }

  private interface PartTask {
    void run(int part);
  }

  /**
   * Threads that help callers with the parts of their batches, shared by every engine: a thread
   * is kept for a minute after its last part, so that batches that follow each other do not
   * start threads of their own (starting one costs more than a part of a small batch). Daemon
   * threads: they never keep the JVM alive.
   */
  private static final ExecutorService HELPERS =
      new ThreadPoolExecutor(
          0,
          Integer.MAX_VALUE,
          60,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          new ThreadFactory() {
            private final AtomicInteger count = new AtomicInteger();

            @Override
            public Thread newThread(Runnable r) {
              Thread t = new Thread(r, "oracle-batch-" + count.getAndIncrement());
              t.setDaemon(true);
              return t;
            }
          });

  /**
   * Runs {@code task} for every part on {@code threads} threads: the caller's and {@code
   * threads - 1} helpers (idle ones reused, or started), which take parts from a shared counter.
   * Waits for all of them (even when interrupted) and rethrows the first failure.
   */
  private static void runParallel(int threads, int partCount, PartTask task) {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable worker =
        () -> {
          try {
            int p;
            while (failure.get() == null && (p = next.getAndIncrement()) < partCount) {
              task.run(p);
            }
          } catch (Throwable t) {
            if (!failure.compareAndSet(null, t)) {
              failure.get().addSuppressed(t);
            }
          }
        };
    List<Future<?>> helpers = new ArrayList<>(threads - 1);
    try {
      for (int i = 1; i < threads; i++) {
        helpers.add(HELPERS.submit(worker));
      }
    } catch (RejectedExecutionException | OutOfMemoryError e) {
      // No more threads can be started: those started and the caller do all the work.
    }
    worker.run();
    boolean interrupted = false;
    for (Future<?> helper : helpers) {
      while (true) {
        try {
          helper.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          break; // not thrown: the worker keeps its failures in `failure`
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException) {
      throw (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
    if (t != null) {
      throw new OracleException(ErrorCode.INTERNAL, t.toString());
    }
  }

  /**
   * Segments a contact file with the default options: see {@link #segmentFile(Path, Path,
   * SegmentFileOptions)}.
   */
  public FileSummary segmentFile(Path input, Path output) {
    return segmentFile(input, output, SegmentFileOptions.defaults());
  }

  /**
   * Segments every row of a contact file (CSV, TSV, XLSX, JSON Lines or JSON) into another
   * (any of those formats): each row is written back with all of its cells untouched, followed
   * by the chosen segmentation fields, on the batch engine. It never stops at a bad row: a row
   * that cannot be read as it should is left out and goes to the rejects; a phone cell that is
   * not a valid number is written (valid = false) and listed in the rejects too; with {@code
   * dedupe} a repeated E.164 number is left out. The output and the rejects are created (or
   * replaced) and closed before this returns, also when it throws: rows written until a
   * failure stay written.
   *
   * <pre>{@code
   * FileSummary s = engine.segmentFile(
   *     Path.of("contacts.xlsx"), Path.of("segmented.csv"),
   *     SegmentFileOptions.builder().region("CI").rejects(Path.of("rejects.csv")).build());
   * System.out.println(s.valid() + " valid, " + s.rejects() + " rejected");
   * }</pre>
   *
   * @param input the contact file; its format comes from its extension unless {@link
   *     SegmentFileOptions.Builder#inputFormat} says it
   * @param output the file written; must not be the input
   * @throws OracleException {@link ErrorCode#NOT_FOUND} for a missing input (or sheet), {@link
   *     ErrorCode#IO_ERROR} when a file cannot be read or written, {@link
   *     ErrorCode#INVALID_ARGUMENT} for an unknown extension, an invalid option (naming it), an
   *     output that would overwrite the input, or a phone column that cannot be found, {@link
   *     ErrorCode#DATA_LOSS} and others for a corrupt file (e.g. a workbook that is not a zip
   *     archive), {@link ErrorCode#RESOURCE_EXHAUSTED} or {@link ErrorCode#OUT_OF_RANGE} when a
   *     limit is passed (a zip bomb, a huge cell)
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException for a path of another file system than the default one
   * @throws IllegalStateException when the engine is closed
   */
  public FileSummary segmentFile(Path input, Path output, SegmentFileOptions options) {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(options, "options");
    Path rejects = options.rejects().orElse(null);
    String in = nativePath(input, "input");
    String out = nativePath(output, "output");
    String rej = rejects == null ? null : nativePath(rejects, "rejects");
    if (samePath(input, output)) {
      throw new OracleException(
          ErrorCode.INVALID_ARGUMENT, "the output would overwrite the input '" + input + "'");
    }
    if (rejects != null && (samePath(rejects, input) || samePath(rejects, output))) {
      throw new OracleException(
          ErrorCode.INVALID_ARGUMENT,
          "the rejects file '" + rejects + "' is the input or the output");
    }
    long h = handle.acquire();
    try {
      Object[] summary =
          NativeMethods.segmentFile(
              h,
              in,
              out,
              rej,
              options.rawColumn(),
              options.rawRegion(),
              options.fieldList(),
              options.dedupe(),
              options.threads(),
              options.leadingZero().ordinal(),
              options.inputFormat().value(),
              options.outputFormat().value(),
              options.rawSheetName(),
              options.sheetIndex(),
              options.rawEncoding(),
              options.rawDelimiter(),
              options.header().ordinal(),
              options.rawOutputDelimiter(),
              options.chunkRows());
      return new FileSummary(summary);
    } finally {
      handle.release();
    }
  }

  private static String nativePath(Path path, String what) {
    if (path.getFileSystem() != FileSystems.getDefault()) {
      throw new IllegalArgumentException(
          what + ": not a path of the default file system: " + path.toUri());
    }
    return path.toString();
  }

  private static boolean samePath(Path a, Path b) {
    if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
      return true;
    }
    try {
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  /** The libphonenumber metadata version compiled in, e.g. {@code "phonenumbers 9.0.43"}. */
  public String metadataVersion() {
    long h = handle.acquire();
    try {
      return NativeMethods.metadataVersion(h);
    } finally {
      handle.release();
    }
  }

  /** The ISO codes of all supported regions, sorted; unmodifiable. */
  public List<String> supportedRegions() {
    long h = handle.acquire();
    try {
      return Collections.unmodifiableList(Arrays.asList(NativeMethods.supportedRegions(h)));
    } finally {
      handle.release();
    }
  }

  /** The country calling code of a region (any case), or 0 when unknown or null. */
  public int countryCodeForRegion(String region) {
    long h = handle.acquire();
    try {
      return NativeMethods.countryCodeForRegion(h, region);
    } finally {
      handle.release();
    }
  }

  /** The options this engine was created with. */
  public EngineOptions options() {
    return options;
  }

  /** The native handle's state (for the tests). */
  EngineHandle handle() {
    return handle;
  }

  /** True once {@link #close()} has been called. */
  public boolean isClosed() {
    return handle.isClosed();
  }

  /**
   * Releases the native engine (once calls still running have returned). Idempotent; never
   * throws.
   */
  @Override
  public void close() {
    cleanable.clean();
  }

  @Override
  public String toString() {
    return "Engine{" + (isClosed() ? "closed" : "open") + ", " + options + "}";
  }
}
