package io.github.oraclephone;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The local transport (C++ {@code oracle::SandboxTransport}): it sends nothing. It checks each
 * message the way a provider would (a failed check is {@link SendOutcome#REJECTED} with code
 * INVALID_RECIPIENT, INVALID_SENDER, INVALID_SENDER_NAME, EMPTY_TEXT, INVALID_TEXT or
 * MESSAGE_TOO_LONG), accepts it with a fresh id, simulates delivery receipts and records
 * everything for inspection.
 *
 * <pre>{@code
 * try (SandboxTransport sandbox = SandboxTransport.create()) {
 *   SendResult r = sandbox.send(SmsMessage.of("+2250707123456", "Bonjour"));
 *   r.outcome();             // ACCEPTED
 *   r.providerMessageId();   // "sbx-3f9c0a1200000000"
 *   sandbox.pollReceipts();  // [DeliveryReceipt[..., status=DELIVERED_TO_TERMINAL, ...]]
 * }
 * }</pre>
 *
 * <p>Thread safety: every method may be called from many threads at once, {@code close()}
 * included. Ownership: the native sandbox is freed by {@link #close()} (after the calls in
 * flight), or by a cleaner once unreachable.
 */
public final class SandboxTransport extends NativeTransport {
  private SandboxTransport(long nativeHandle) {
    super(nativeHandle, "sandbox transport");
  }

  /** A sandbox with the default options. */
  public static SandboxTransport create() {
    return create(SandboxOptions.defaults());
  }

  /**
   * @throws OracleException {@link ErrorCode#INVALID_ARGUMENT} naming a bad option, {@link
   *     ErrorCode#IO_ERROR} when the journal cannot be opened
   */
  public static SandboxTransport create(SandboxOptions options) {
    Objects.requireNonNull(options, "options");
    return new SandboxTransport(
        SmsNatives.createSandbox(options.toFlat(), options.receiptCallback()));
  }

  /** Every {@code send} so far, in arrival order. */
  public List<SandboxRecord> records() {
    String[] v;
    long h = handle.acquire();
    try {
      v = SmsNatives.sandboxRecords(h);
    } finally {
      handle.release();
    }
    List<SandboxRecord> out = new ArrayList<>();
    for (int i = 0; i + SmsNatives.SANDBOX_RECORD_FIELDS <= v.length;
        i += SmsNatives.SANDBOX_RECORD_FIELDS) {
      int r = i + 1 + SmsNatives.MESSAGE_FIELDS;
      int t = r + SmsNatives.RESULT_FIELDS;
      out.add(
          new SandboxRecord(
              Long.parseLong(v[i]),
              SmsNatives.messageFromFlat(v, i + 1),
              SmsNatives.resultFromFlat(v, r),
              Boolean.parseBoolean(v[t]),
              v[t + 1],
              SmsEncoding.fromDisplayName(v[t + 2]),
              Integer.parseInt(v[t + 3]),
              Long.parseLong(v[t + 4])));
    }
    return List.copyOf(out);
  }

  /** Messages sent so far (accepted + simulated unknown). */
  public long sentCount() {
    long h = handle.acquire();
    try {
      return SmsNatives.sandboxSentCount(h);
    } finally {
      handle.release();
    }
  }

  /** The receipts that are due and not yet handed out, in due order (each handed out once). */
  public List<DeliveryReceipt> pollReceipts() {
    long h = handle.acquire();
    try {
      return SmsNatives.receiptsFromFlat(SmsNatives.sandboxPollReceipts(h));
    } finally {
      handle.release();
    }
  }

  /** Receipts not yet due. */
  public long pendingReceipts() {
    long h = handle.acquire();
    try {
      return SmsNatives.sandboxPendingReceipts(h);
    } finally {
      handle.release();
    }
  }

  /** Every receipt handed out so far, in order. */
  public List<DeliveryReceipt> deliveredReceipts() {
    long h = handle.acquire();
    try {
      return SmsNatives.receiptsFromFlat(SmsNatives.sandboxDeliveredReceipts(h));
    } finally {
      handle.release();
    }
  }

  @Override
  public String toString() {
    return "SandboxTransport[" + (isClosed() ? "closed" : "open") + "]";
  }
}
