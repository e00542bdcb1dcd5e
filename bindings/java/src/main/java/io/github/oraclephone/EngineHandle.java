package io.github.oraclephone;

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
 * <p>Thread safety: all methods may be called from any thread.
 */
final class EngineHandle implements Runnable {
  private static final long CLOSED = 1L;
  private static final long ONE_CALL = 2L;
  private static final long DESTROYED = -1L;

  private final long handle;
  private final AtomicLong state = new AtomicLong();

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

  boolean isClosed() {
    return (state.get() & CLOSED) != 0;
  }

  @Override
  public void run() {
    close();
  }

  private void destroy() {
    if (state.compareAndSet(CLOSED, DESTROYED)) {
      NativeMethods.destroyEngine(handle);
    }
  }
}
