package io.github.oraclephone;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Orange SMS API transport (C++ {@code oracle::OrangeSmsTransport}): one HTTPS request per
 * message, an OAuth2 token cached and shared by all threads, every failure classified into the
 * four {@link SendOutcome}s. A message is sent again automatically only when the previous
 * attempt cannot have reached Orange; after the request was written, a timeout, a reset or a
 * 5xx is {@link SendOutcome#UNKNOWN}, never resent.
 *
 * <pre>{@code
 * try (OrangeTransport orange = OrangeTransport.create(OrangeOptions.load(Path.of("orange.conf")))) {
 *   SendResult r = orange.send(SmsMessage.of("+2250707123456", "Votre code : 1234"));
 *   switch (r.outcome()) {
 *     case ACCEPTED -> log(r.providerMessageId());
 *     case RETRY_LATER -> requeue(r.retryAfter());
 *     case REJECTED -> fix(r.errorCode());       // e.g. SVC0004
 *     case UNKNOWN -> waitForReceipt();           // may have been sent: do not resend
 *   }
 * }
 * }</pre>
 *
 * <p>TLS verifies the certificate and host name by default. Credentials and tokens never
 * appear in results, exceptions or {@code toString()}.
 *
 * <p>Thread safety: every method may be called from many threads at once (up to {@code
 * maxConnections} requests in parallel), {@code close()} included. Ownership: {@link #close()}
 * closes the connections once the calls in flight end.
 */
public final class OrangeTransport extends NativeTransport {
  /**
   * Counters since creation.
   *
   * @param tokenRequests token endpoint calls
   * @param connectionsOpened TCP+TLS connections made
   * @param requests HTTP requests written
   */
  public record Stats(long tokenRequests, long connectionsOpened, long requests) {}

  /**
   * One SMS contract as the admin API reports it; fields Orange did not send are "" or -1.
   */
  public record Contract(
      String id,
      String country,
      String offerName,
      String status,
      long availableUnits,
      String expirationDate,
      String rawJson) {}

  /** A delivery-receipt subscription on Orange's side. */
  public record Subscription(
      String id, String resourceUrl, String notifyUrl, String callbackData, String requestId) {}

  private OrangeTransport(long nativeHandle) {
    super(nativeHandle, "Orange transport");
  }

  /**
   * Validates the options and sets up TLS; does not connect (the first request does).
   *
   * @throws OracleException {@link ErrorCode#INVALID_ARGUMENT} naming a bad option (never a
   *     secret), {@link ErrorCode#IO_ERROR} for an unreadable CA file
   */
  public static OrangeTransport create(OrangeOptions options) {
    Objects.requireNonNull(options, "options");
    return new OrangeTransport(SmsNatives.createOrange(options.toFlat(), options.logCallback()));
  }

  /**
   * Parses the body of a delivery-receipt callback that the host's web server received.
   *
   * @throws OracleException {@link ErrorCode#INVALID_ARGUMENT} for a body that is not one
   */
  public static DeliveryReceipt parseDeliveryReceipt(String body) {
    Objects.requireNonNull(body, "body");
    return SmsNatives.receiptsFromFlat(SmsNatives.parseOrangeReceipt(body)).get(0);
  }

  public Stats stats() {
    long h = handle.acquire();
    try {
      long[] s = SmsNatives.orangeStats(h);
      return new Stats(s[0], s[1], s[2]);
    } finally {
      handle.release();
    }
  }

  /** The SMS contracts; {@code country} an ISO 3166 alpha-3 code, or "" for all. */
  public List<Contract> contracts(String country) {
    String[] v;
    long h = handle.acquire();
    try {
      v = SmsNatives.orangeContracts(h, country == null ? "" : country);
    } finally {
      handle.release();
    }
    List<Contract> out = new ArrayList<>();
    for (int i = 0; i + 7 <= v.length; i += 7) {
      out.add(
          new Contract(
              v[i], v[i + 1], v[i + 2], v[i + 3], Long.parseLong(v[i + 4]), v[i + 5], v[i + 6]));
    }
    return List.copyOf(out);
  }

  /** Subscribes {@code notifyUrl} (https) to the delivery receipts of the default sender. */
  public Subscription createReceiptSubscription(String notifyUrl, String callbackData) {
    Objects.requireNonNull(notifyUrl, "notifyUrl");
    long h = handle.acquire();
    try {
      return subscription(SmsNatives.orangeCreateSubscription(h, notifyUrl, callbackData, ""));
    } finally {
      handle.release();
    }
  }

  public Subscription getReceiptSubscription(String id) {
    Objects.requireNonNull(id, "id");
    long h = handle.acquire();
    try {
      return subscription(SmsNatives.orangeGetSubscription(h, id));
    } finally {
      handle.release();
    }
  }

  public void deleteReceiptSubscription(String id) {
    Objects.requireNonNull(id, "id");
    long h = handle.acquire();
    try {
      SmsNatives.orangeDeleteSubscription(h, id, "");
    } finally {
      handle.release();
    }
  }

  private static Subscription subscription(String[] v) {
    return new Subscription(v[0], v[1], v[2], v[3], v[4]);
  }

  @Override
  public String toString() {
    return "OrangeTransport[" + (isClosed() ? "closed" : "open") + "]";
  }
}
