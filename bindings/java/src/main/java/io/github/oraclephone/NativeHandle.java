package io.github.oraclephone;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * A native object owned by a Java object (a transport, a history store, a dispatcher), and the
 * protocol that frees it exactly once and never while a call is using it: the same as {@link
 * EngineHandle}'s, for objects other than the engine.
 *
 * <p>State: calls in flight (times two) plus a "closed" bit. {@link #acquire()} counts a call
 * in unless closed; {@link #release()} counts it out; {@link #close()} sets the bit. The
 * native object is destroyed by whichever comes last. It also serves as the {@link
 * java.lang.ref.Cleaner} action.
 *
 * <p>Thread safety: all methods may be called from any thread.
 */
final class NativeHandle implements Runnable {
  private static final long CLOSED = 1L;
  private static final long ONE_CALL = 2L;
  private static final long DESTROYED = -1L;

  private final long handle;
  private final LongConsumer destroy;
  private final String what;
  private final AtomicLong state = new AtomicLong();

  NativeHandle(long handle, LongConsumer destroy, String what) {
    this.handle = handle;
    this.destroy = destroy;
    this.what = what;
  }

  /** Counts a call in and returns the native handle; throws when closed. */
  long acquire() {
    for (; ; ) {
      long s = state.get();
      if ((s & CLOSED) != 0) {
        throw new IllegalStateException("the " + what + " is closed");
      }
      if (state.compareAndSet(s, s + ONE_CALL)) {
        return handle;
      }
    }
  }

  /** Counts a call out; destroys the native object if it was the last one after close. */
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

  /** True once the native object was freed. */
  boolean isDestroyed() {
    return state.get() == DESTROYED;
  }

  @Override
  public void run() {
    close();
  }

  private void destroy() {
    if (state.compareAndSet(CLOSED, DESTROYED)) {
      destroy.accept(handle);
    }
  }
}
