package io.github.oraclephone;

import java.util.ArrayList;
import java.util.List;

/**
 * A way to send SMS (C++ {@code oracle::SmsTransport}): {@link SandboxTransport}, {@link
 * OrangeTransport}, or a class of the host's own, which a {@link Dispatcher} drives like the
 * native ones.
 *
 * <p>A transport written in Java implements {@link #name()} and {@link #send(SmsMessage)}, and
 * reports one of the four {@link SendOutcome}s. Called by a dispatcher, {@code send} runs on
 * the dispatcher's native threads (attached to the JVM for the call), several at once: it must
 * be thread-safe. If it throws (any {@link Throwable}) or returns null, the message is recorded
 * as {@link SendOutcome#UNKNOWN} with error code {@code TRANSPORT_EXCEPTION} (or {@code
 * NULL_RESULT}) and never resent automatically: the exception may have come after the message
 * left. A transport that knows a message did not leave returns {@link
 * SendResult#retryLater}, and the dispatcher sends it again later.
 *
 * <pre>{@code
 * SmsTransport mine = new SmsTransport() {
 *   public String name() { return "my-gateway"; }
 *   public SendResult send(SmsMessage m) {
 *     return SendResult.accepted(gateway.post(m.to(), m.text()));
 *   }
 * };
 * }</pre>
 *
 * <p>Thread safety: implementations are safe to call from many threads at once.
 */
public interface SmsTransport extends AutoCloseable {
  /** "sandbox", "orange", or the host's name for it. */
  String name();

  /** Sends one message and waits for its outcome. */
  SendResult send(SmsMessage message);

  /** Sends many messages; results in the same order. The default calls {@link #send}. */
  default List<SendResult> sendBatch(List<SmsMessage> messages) {
    List<SendResult> out = new ArrayList<>(messages.size());
    for (SmsMessage m : messages) {
      out.add(send(m));
    }
    return out;
  }

  /** Releases the transport's resources; the default does nothing. Idempotent. */
  @Override
  default void close() {}
}
