package io.github.oraclephone;

import java.lang.ref.Cleaner;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Sends the outbox of a campaign (C++ {@code oracle::Dispatcher}): claims messages under
 * leases, marks each one {@code sending} (durably) before calling the transport, and records
 * the outcome: accepted becomes sent, rejected failed, retry-later queued again after a
 * backoff, unknown stays unknown and is never resent automatically. A crash, a kill or a second
 * dispatcher never loses a message nor sends one twice.
 *
 * <p>The transport may be a {@link SandboxTransport} or {@link OrangeTransport} (called
 * directly in C++) or any {@link SmsTransport} written in Java, called from the dispatcher's
 * native threads (see {@link SmsTransport} for what its exceptions become).
 *
 * <pre>{@code
 * try (Dispatcher d = Dispatcher.create(store, transport,
 *         DispatcherOptions.builder().concurrency(4).build())) {
 *   DispatchReport r = d.run(campaignId);   // blocks; d.stop() from another thread ends it
 *   r.reason();                             // "done"
 * }
 * }</pre>
 *
 * <p>Thread safety: {@link #run} is called from one thread at a time; {@link #stop()} and
 * {@link #close()} from any thread. Ownership: the dispatcher keeps the store and a native
 * transport open (their native objects) until it is closed.
 */
public final class Dispatcher implements AutoCloseable {
  private static final Cleaner CLEANER = Cleaner.create();

  private final NativeHandle handle;
  private final Cleaner.Cleanable cleanable;
  private final String workerId;

  /** Frees the native dispatcher, then lets go of the store and transport. */
  private static final class Release implements java.util.function.LongConsumer {
    private final NativeHandle store;
    private final NativeHandle transport;

    Release(NativeHandle store, NativeHandle transport) {
      this.store = store;
      this.transport = transport;
    }

    @Override
    public void accept(long h) {
      try {
        HistoryNatives.destroyDispatcher(h);
      } finally {
        store.release();
        if (transport != null) {
          transport.release();
        }
      }
    }
  }

  private Dispatcher(long nativeHandle, Release release, String workerId) {
    this.handle = new NativeHandle(nativeHandle, release, "dispatcher");
    this.cleanable = CLEANER.register(this, handle);
    this.workerId = workerId;
  }

  /**
   * A dispatcher sending through {@code transport} the campaigns of {@code store}.
   *
   * @throws OracleException {@link ErrorCode#INVALID_ARGUMENT} naming a bad option
   * @throws IllegalStateException when the store or the transport is closed
   */
  public static Dispatcher create(
      HistoryStore store, SmsTransport transport, DispatcherOptions options) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(options, "options");
    long s = store.handle.acquire();
    NativeHandle nativeTransport = null;
    long t = 0;
    long h;
    try {
      if (transport instanceof NativeTransport) {
        nativeTransport = ((NativeTransport) transport).handle;
        t = nativeTransport.acquire();
      }
      String javaName = t == 0 ? String.valueOf(transport.name()) : "";
      h = HistoryNatives.createDispatcher(s, t, t == 0 ? transport : null, javaName, options.toFlat());
    } catch (RuntimeException | Error e) {
      if (t != 0) {
        nativeTransport.release();
      }
      store.handle.release();
      throw e;
    }
    // From here the native dispatcher owns the two acquisitions; Release gives them back.
    Release release = new Release(store.handle, nativeTransport);
    String workerId;
    try {
      workerId = HistoryNatives.dispatcherWorkerId(h);
    } catch (RuntimeException | Error e) {
      release.accept(h);
      throw e;
    }
    return new Dispatcher(h, release, workerId);
  }

  /**
   * Sends the campaign until it is done, cancelled or paused, {@link #stop()} is called, or
   * (with {@code stopWhenIdle}) nothing can be sent now. A draft campaign is started; a
   * scheduled one at its time.
   *
   * @throws OracleException {@link ErrorCode#FAILED_PRECONDITION} for a done or cancelled
   *     campaign, {@link ErrorCode#NOT_FOUND} for an unknown id, or the store's error
   */
  public DispatchReport run(long campaignId) {
    String[] v;
    long h = handle.acquire();
    try {
      v = HistoryNatives.runDispatcher(h, campaignId);
    } finally {
      handle.release();
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 11; i + 1 < v.length; i += 2) {
      counts.put(v[i], Long.parseLong(v[i + 1]));
    }
    return new DispatchReport(
        v[0],
        CampaignState.values()[Integer.parseInt(v[1])],
        Long.parseLong(v[2]),
        Long.parseLong(v[3]),
        Long.parseLong(v[4]),
        Long.parseLong(v[5]),
        Long.parseLong(v[6]),
        Long.parseLong(v[7]),
        Long.parseLong(v[8]),
        Long.parseLong(v[9]),
        Long.parseLong(v[10]),
        counts);
  }

  /**
   * Asks {@link #run} to return soon: sends in progress are finished and recorded, claimed
   * messages not yet sent are released. Does nothing after {@link #close()}.
   */
  public void stop() {
    long h;
    try {
      h = handle.acquire();
    } catch (IllegalStateException closed) {
      return;
    }
    try {
      HistoryNatives.stopDispatcher(h);
    } finally {
      handle.release();
    }
  }

  /** The owner of this dispatcher's leases. */
  public String workerId() {
    return workerId;
  }

  public boolean isClosed() {
    return handle.isClosed();
  }

  /**
   * Frees the dispatcher once a running {@link #run} returns (call {@link #stop()} first to
   * make it return soon). Idempotent.
   */
  @Override
  public void close() {
    if (handle.close()) {
      cleanable.clean();
    }
  }
}
