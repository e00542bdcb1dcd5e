package io.github.oraclephone;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The base of the transports implemented in C++ ({@link SandboxTransport}, {@link
 * OrangeTransport}): a native transport behind a {@link NativeHandle}. A {@link Dispatcher}
 * given one of these calls the C++ transport directly, without crossing back into Java.
 */
abstract class NativeTransport implements SmsTransport {
  private static final Cleaner CLEANER = Cleaner.create();

  final NativeHandle handle;
  private final Cleaner.Cleanable cleanable;
  private final String name;

  NativeTransport(long nativeHandle, String what) {
    this.handle = new NativeHandle(nativeHandle, SmsNatives::destroyTransport, what);
    this.cleanable = CLEANER.register(this, handle);
    String n;
    try {
      n = SmsNatives.transportName(nativeHandle);
    } catch (RuntimeException | Error e) {
      cleanable.clean();
      throw e;
    }
    this.name = n;
  }

  @Override
  public final String name() {
    return name;
  }

  /**
   * Sends one message and waits for its outcome (never throws for a send that failed: the
   * outcome says so).
   *
   * @throws NullPointerException for null
   * @throws IllegalStateException after {@link #close()}
   */
  @Override
  public final SendResult send(SmsMessage message) {
    Objects.requireNonNull(message, "message");
    String[] flat = new String[SmsNatives.MESSAGE_FIELDS];
    SmsNatives.putMessage(message, flat, 0);
    long h = handle.acquire();
    try {
      return SmsNatives.resultFromFlat(SmsNatives.send(h, flat), 0);
    } finally {
      handle.release();
    }
  }

  /** Sends many messages, concurrently where the transport can; results in input order. */
  @Override
  public final List<SendResult> sendBatch(List<SmsMessage> messages) {
    Objects.requireNonNull(messages, "messages");
    String[] flat = new String[messages.size() * SmsNatives.MESSAGE_FIELDS];
    for (int i = 0; i < messages.size(); i++) {
      SmsNatives.putMessage(
          Objects.requireNonNull(messages.get(i), "message"), flat, i * SmsNatives.MESSAGE_FIELDS);
    }
    String[] results;
    long h = handle.acquire();
    try {
      results = SmsNatives.sendBatch(h, flat);
    } finally {
      handle.release();
    }
    List<SendResult> out = new ArrayList<>(messages.size());
    for (int i = 0; i < results.length; i += SmsNatives.RESULT_FIELDS) {
      out.add(SmsNatives.resultFromFlat(results, i));
    }
    return List.copyOf(out);
  }

  /** True after {@link #close()}. */
  public final boolean isClosed() {
    return handle.isClosed();
  }

  /**
   * Frees the native transport (after the calls in flight end). Idempotent; calls that start
   * afterwards throw {@link IllegalStateException}.
   */
  @Override
  public final void close() {
    if (handle.close()) {
      cleanable.clean();
    }
  }
}
