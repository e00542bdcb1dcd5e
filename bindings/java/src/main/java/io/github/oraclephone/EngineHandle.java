package io.github.oraclephone;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The native engine of an {@link Engine}, and the protocol that frees it exactly once and
 * never while a call is using it.
 *
 * <p>State: the number of calls in flight (times two) plus a "closed" bit. {@link #acquire()}
 * counts a call in unless closed; {@link #release()} counts it out; {@link #close()} sets the
 * bit. The native engine is destroyed by whichever comes last: {@code close()} when no call is
 * in flight, otherwise the release of the last call. It also serves as the {@link
 * java.lang.ref.Cleaner} action, so an engine that is never closed is still freed once
 * unreachable.
 *
 * <p>The first batch call also makes a native {@link BatchContext} (the engine's batch
 * segmenters, their worker threads and id tables), which lives as long as the engine and is
 * destroyed with it.
 *
 * <p>Thread safety: all methods may be called from any thread.
 */
final class EngineHandle implements Runnable {
  private static final long CLOSED = 1L;
  private static final long ONE_CALL = 2L;
  private static final long DESTROYED = -1L;

  private final long handle;
  private final AtomicLong state = new AtomicLong();
  private volatile BatchContext batchContext;

  /** The native batch context of an engine and its id tables. */
  static final class BatchContext {
    final long handle;
    /** Region codes by region id; id 0 is {@code ""}. */
    final List<String> regionNames;
    /** Operator names by operator id; id 0 is {@code ""}. */
    final List<String> operatorNames;

    BatchContext(long handle, String[] regionNames, String[] operatorNames) {
      this.handle = handle;
      this.regionNames = Collections.unmodifiableList(Arrays.asList(regionNames));
      this.operatorNames = Collections.unmodifiableList(Arrays.asList(operatorNames));
    }
  }

  EngineHandle(long handle) {
    this.handle = handle;
  }

  /** Counts a call in and returns the native handle; throws when closed. */
  long acquire() {
    for (; ; ) {
      long s = state.get();
      if ((s & CLOSED) != 0) {
        throw new IllegalStateException("the engine is closed");
      }
      if (state.compareAndSet(s, s + ONE_CALL)) {
        return handle;
      }
    }
  }

  /** Counts a call out; destroys the native engine if it was the last one after close. */
  void release() {
    if (state.addAndGet(-ONE_CALL) == CLOSED) {
      destroy();
    }
  }

  /** Closes; returns false when already closed. */
  boolean close() {
    long previous = state.getAndUpdate(s -> s == DESTROYED ? s : s | CLOSED);
    if ((previous & CLOSED) != 0) {
      return false;
    }
    if (previous == 0) {
      destroy();
    }
    return true;
  }

  /**
   * The batch context, made on first use. Call only between {@link #acquire()} and {@link
   * #release()}: the context is destroyed with the engine.
   */
  BatchContext batchContext() {
    BatchContext context = batchContext;
    if (context != null) {
      return context;
    }
    synchronized (this) {
      if (batchContext == null) {
        long h = NativeMethods.createBatchContext(handle);
        try {
          Object[] tables = NativeMethods.batchTables(h);
          batchContext = new BatchContext(h, (String[]) tables[0], (String[]) tables[1]);
        } catch (RuntimeException | Error e) {
          NativeMethods.destroyBatchContext(h);
          throw e;
        }
      }
      return batchContext;
    }
  }

  boolean isClosed() {
    return (state.get() & CLOSED) != 0;
  }

  @Override
  public void run() {
    close();
  }

  private void destroy() {
    if (state.compareAndSet(CLOSED, DESTROYED)) {
      BatchContext context;
      synchronized (this) {
        context = batchContext;
        batchContext = null;
      }
      if (context != null) {
        NativeMethods.destroyBatchContext(context.handle);
      }
      NativeMethods.destroyEngine(handle);
    }
  }
}
