package io.github.oraclephone;

import java.time.Duration;

/**
 * The native methods of the SMS classes, implemented in {@code bindings/java/jni/sms_jni.cc}
 * and bound by its exported {@code registerNatives} when this class is initialised. Every
 * method turns a C++ failure into a Java exception ({@link OracleException}, {@link
 * OutOfMemoryError}, {@link NullPointerException}, {@link IllegalArgumentException} or {@link
 * IllegalStateException}).
 *
 * <p>Values cross as flat {@code String[]} (numbers in decimal), the layouts of {@code
 * sms_jni.h}: a message is {@code {to, text, senderAddress, senderName, clientRef}}, a result
 * {@code {outcome, providerMessageId, errorCode, errorMessage, httpStatus, requestId,
 * attempts, retryAfterMs, clientRef}} (outcome: the {@link SendOutcome} ordinal), a receipt
 * {@code {providerMessageId, address, status, rawStatus, receivedAtUnixMs}} (status: the
 * {@link DeliveryStatus} ordinal).
 */
final class SmsNatives {
  static final int MESSAGE_FIELDS = 5;
  static final int RESULT_FIELDS = 9;
  static final int RECEIPT_FIELDS = 5;
  static final int SANDBOX_RECORD_FIELDS = 1 + MESSAGE_FIELDS + RESULT_FIELDS + 5;

  static {
    NativeLibrary.load();
    registerNatives();
  }

  private SmsNatives() {}

  static void ensureLoaded() {}

  private static native void registerNatives();

  static native Object[] analyze(String text, boolean smart);

  static native String[] compileTemplate(String source);

  static native String renderTemplate(String source, String[] keys, String[] values);

  static native long createSandbox(
      String[] options, java.util.function.Consumer<String[]> onReceipt);

  static native long createOrange(String[] options, java.util.function.Consumer<String[]> log);

  static native String[] loadOrangeOptions(String path);

  static native void validateOrangeOptions(String[] options);

  static native void destroyTransport(long handle);

  static native String transportName(long handle);

  static native String[] send(long handle, String[] message);

  static native String[] sendBatch(long handle, String[] messages);

  static native String[] sandboxRecords(long handle);

  static native long sandboxSentCount(long handle);

  static native long sandboxPendingReceipts(long handle);

  static native String[] sandboxPollReceipts(long handle);

  static native String[] sandboxDeliveredReceipts(long handle);

  static native String[] parseOrangeReceipt(String body);

  static native long[] orangeStats(long handle);

  static native String[] orangeContracts(long handle, String country);

  static native String[] orangeCreateSubscription(
      long handle, String notifyUrl, String callbackData, String senderAddress);

  static native String[] orangeGetSubscription(long handle, String id);

  static native void orangeDeleteSubscription(long handle, String id, String senderAddress);

  // ---------------------------------------------------------------- upcall

  /**
   * Called by native code (the campaign dispatcher's threads) to send through a transport
   * written in Java. Never throws: an exception (or error) thrown by {@code send}, or a null
   * result, becomes {@link SendOutcome#UNKNOWN} with error code {@code TRANSPORT_EXCEPTION}
   * (or {@code NULL_RESULT}), since the message may have left before it was thrown.
   */
  static String[] upcallSend(SmsTransport transport, String[] message) {
    SendResult result;
    String clientRef = message[4];
    try {
      result = transport.send(messageFromFlat(message, 0));
      if (result == null) {
        result =
            SendResult.unknown("NULL_RESULT", "the transport returned no result")
                .withClientRef(clientRef);
      }
    } catch (Throwable e) { // NOPMD: every failure of host code becomes an outcome
      String detail = e.getClass().getName();
      result =
          SendResult.unknown("TRANSPORT_EXCEPTION", "the transport threw " + detail)
              .withClientRef(clientRef);
    }
    String[] out = new String[RESULT_FIELDS];
    putResult(result.withClientRef(clientRef), out, 0);
    // The store keeps these strings: an unpaired surrogate from host code becomes U+FFFD
    // rather than ill-formed UTF-8 that a database would refuse.
    for (int i = 0; i < out.length; i++) {
      out[i] = wellFormed(out[i]);
    }
    return out;
  }

  /** {@code s} with every unpaired surrogate replaced by U+FFFD. */
  static String wellFormed(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1));
      if (paired) {
        if (b != null) {
          b.append(c).append(s.charAt(i + 1));
        }
        i++;
      } else if (Character.isSurrogate(c)) {
        if (b == null) {
          b = new StringBuilder(s.length()).append(s, 0, i);
        }
        b.append('\uFFFD');
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  /**
   * Called by native code (a sandbox's receipt thread, an Orange transport's threads) to hand
   * values to a Java callback. Never throws: an exception of the callback goes to the
   * thread's uncaught-exception handler, as for any callback thread.
   */
  static void upcallAccept(java.util.function.Consumer<String[]> consumer, String[] values) {
    try {
      consumer.accept(values);
    } catch (Throwable e) { // NOPMD: reported, never propagated into native code
      Thread t = Thread.currentThread();
      Thread.UncaughtExceptionHandler h = t.getUncaughtExceptionHandler();
      if (h != null) {
        try {
          h.uncaughtException(t, e);
        } catch (Throwable ignored) { // NOPMD: the handler itself failed
          // Nothing more can be done on a native thread.
        }
      }
    }
  }

  // ---------------------------------------------------------------- layouts

  static void putMessage(SmsMessage m, String[] out, int at) {
    out[at] = m.to();
    out[at + 1] = m.text();
    out[at + 2] = m.senderAddress();
    out[at + 3] = m.senderName();
    out[at + 4] = m.clientRef();
  }

  static SmsMessage messageFromFlat(String[] v, int at) {
    return new SmsMessage(v[at], v[at + 1], v[at + 2], v[at + 3], v[at + 4]);
  }

  static void putResult(SendResult r, String[] out, int at) {
    out[at] = Integer.toString(r.outcome().ordinal());
    out[at + 1] = r.providerMessageId();
    out[at + 2] = r.errorCode();
    out[at + 3] = r.errorMessage();
    out[at + 4] = Integer.toString(r.httpStatus());
    out[at + 5] = r.requestId();
    out[at + 6] = Integer.toString(r.attempts());
    out[at + 7] = Long.toString(r.retryAfter().toMillis());
    out[at + 8] = r.clientRef();
  }

  static SendResult resultFromFlat(String[] v, int at) {
    return new SendResult(
        SendOutcome.values()[Integer.parseInt(v[at])],
        v[at + 1],
        v[at + 2],
        v[at + 3],
        Integer.parseInt(v[at + 4]),
        v[at + 5],
        Integer.parseInt(v[at + 6]),
        Duration.ofMillis(Long.parseLong(v[at + 7])),
        v[at + 8]);
  }

  static void putReceipt(DeliveryReceipt r, String[] out, int at) {
    out[at] = r.providerMessageId();
    out[at + 1] = r.address();
    out[at + 2] = Integer.toString(r.status().ordinal());
    out[at + 3] = r.rawStatus();
    out[at + 4] = Long.toString(r.receivedAtUnixMs());
  }

  static DeliveryReceipt receiptFromFlat(String[] v, int at) {
    return new DeliveryReceipt(
        v[at],
        v[at + 1],
        DeliveryStatus.values()[Integer.parseInt(v[at + 2])],
        v[at + 3],
        Long.parseLong(v[at + 4]));
  }

  static java.util.List<DeliveryReceipt> receiptsFromFlat(String[] v) {
    java.util.List<DeliveryReceipt> out = new java.util.ArrayList<>(v.length / RECEIPT_FIELDS);
    for (int i = 0; i + RECEIPT_FIELDS <= v.length; i += RECEIPT_FIELDS) {
      out.add(receiptFromFlat(v, i));
    }
    return java.util.List.copyOf(out);
  }
}
