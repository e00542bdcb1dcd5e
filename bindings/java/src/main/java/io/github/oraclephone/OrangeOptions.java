package io.github.oraclephone;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Options of an {@link OrangeTransport} (C++ {@code oracle::OrangeSmsOptions}), immutable:
 * from a {@link #builder()}, from a configuration file and the environment ({@link
 * #load(Path)}), or from the environment alone ({@link #fromEnvironment()}).
 *
 * <pre>{@code
 * OrangeOptions options = OrangeOptions.builder()
 *     .clientId(System.getenv("ORANGE_ID"))
 *     .clientSecret(System.getenv("ORANGE_SECRET"))
 *     .senderAddress("tel:+2250000")
 *     .messagesPerSecond(20)
 *     .build();
 * OrangeOptions fromFile = OrangeOptions.load(Path.of("/etc/oracle/orange.conf"));
 * }</pre>
 *
 * <p>Options not set keep the C++ defaults (base URL {@code https://api.orange.com}, TLS
 * verification on, 5 s connect, 15 s request, 60 s total, 8 connections, 3 retries...). The
 * credentials never appear in {@link #toString()} nor in exception messages.
 */
public final class OrangeOptions {
  private static final Set<String> SECRET = Set.of("client_id", "client_secret");

  private final Map<String, String> values;
  private final java.util.function.Consumer<String> log;

  private OrangeOptions(Map<String, String> values, java.util.function.Consumer<String> log) {
    this.values = Map.copyOf(values);
    this.log = log;
  }

  public static Builder builder() {
    return new Builder(new LinkedHashMap<>(), null);
  }

  /**
   * The options of a configuration file ({@code key = value} lines, the keys of the C++
   * options: client_id, client_secret, sender_address, base_url, ca_file, verify_peer,
   * connect_timeout_ms, ...), overridden by the {@code ORACLE_ORANGE_*} environment variables,
   * validated.
   *
   * @throws OracleException naming the file, line and key (never a secret value)
   */
  public static OrangeOptions load(Path configFile) {
    Objects.requireNonNull(configFile, "configFile");
    return fromFlat(SmsNatives.loadOrangeOptions(configFile.toString()));
  }

  /** The options of the {@code ORACLE_ORANGE_*} environment variables alone, validated. */
  public static OrangeOptions fromEnvironment() {
    return fromFlat(SmsNatives.loadOrangeOptions(""));
  }

  private static OrangeOptions fromFlat(String[] kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return new OrangeOptions(m, null);
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    return new Builder(new LinkedHashMap<>(values), log);
  }

  /**
   * Checks the options as {@link OrangeTransport#create} would.
   *
   * @throws OracleException {@link ErrorCode#INVALID_ARGUMENT} naming the first bad field
   */
  public void validate() {
    SmsNatives.validateOrangeOptions(toFlat());
  }

  /** The gateway root, "" when not set (the default). */
  public String baseUrl() {
    return values.getOrDefault("base_url", "");
  }

  /** The default sender address, "" when not set. */
  public String senderAddress() {
    return values.getOrDefault("sender_address", "");
  }

  /** Whether a client id and secret are set (their values are never shown). */
  public boolean hasCredentials() {
    return !values.getOrDefault("client_id", "").isEmpty()
        && !values.getOrDefault("client_secret", "").isEmpty();
  }

  /** The log sink as the native side takes it, or null. */
  java.util.function.Consumer<String[]> logCallback() {
    java.util.function.Consumer<String> l = log;
    return l == null ? null : v -> l.accept(v[0]);
  }

  String[] toFlat() {
    List<String> kv = new ArrayList<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      kv.add(e.getKey());
      kv.add(e.getValue());
    }
    return kv.toArray(new String[0]);
  }

  /** A readable dump; the client id and secret are redacted. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("OrangeOptions{");
    boolean first = true;
    for (String key : new java.util.TreeSet<>(values.keySet())) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      String v = values.get(key);
      sb.append(key).append('=').append(SECRET.contains(key) && !v.isEmpty() ? "<redacted>" : v);
    }
    return sb.append('}').toString();
  }

  /** Builds {@link OrangeOptions}; not thread-safe. */
  public static final class Builder {
    private final Map<String, String> values;
    private java.util.function.Consumer<String> log;

    private Builder(Map<String, String> values, java.util.function.Consumer<String> log) {
      this.values = values;
      this.log = log;
    }

    private Builder set(String key, String value) {
      values.put(key, Objects.requireNonNull(value, key));
      return this;
    }

    /** "https://host[:port]", no path; plain http is refused. */
    public Builder baseUrl(String v) {
      return set("base_url", v);
    }

    /** OAuth2 client id. Secret. */
    public Builder clientId(String v) {
      return set("client_id", v);
    }

    /** OAuth2 client secret. Secret. */
    public Builder clientSecret(String v) {
      return set("client_secret", v);
    }

    /** Default sender, "tel:+<digits>" (e.g. "tel:+2250000"). */
    public Builder senderAddress(String v) {
      return set("sender_address", v);
    }

    /** Default approved sender name (1-11 letters, digits, spaces). */
    public Builder senderName(String v) {
      return set("sender_name", v);
    }

    /** PEM file of trusted CA certificates instead of the system's trust store. */
    public Builder caFile(Path v) {
      return set("ca_file", Objects.requireNonNull(v, "caFile").toString());
    }

    /** Verify the server's certificate and host name (default true). */
    public Builder verifyPeer(boolean v) {
      return set("verify_peer", Boolean.toString(v));
    }

    public Builder connectTimeout(Duration v) {
      return set("connect_timeout_ms", Long.toString(v.toMillis()));
    }

    public Builder requestTimeout(Duration v) {
      return set("request_timeout_ms", Long.toString(v.toMillis()));
    }

    public Builder totalTimeout(Duration v) {
      return set("total_timeout_ms", Long.toString(v.toMillis()));
    }

    public Builder maxConnections(int v) {
      return set("max_connections", Integer.toString(v));
    }

    public Builder idleTimeout(Duration v) {
      return set("idle_timeout_ms", Long.toString(v.toMillis()));
    }

    /** Send requests started per second over all threads; 0: no limit. */
    public Builder messagesPerSecond(double v) {
      return set("messages_per_second", Double.toString(v));
    }

    public Builder rateBurst(int v) {
      return set("rate_burst", Integer.toString(v));
    }

    /** Resends after a 429/503 or a failure before the request was written. */
    public Builder maxRetries(int v) {
      return set("max_retries", Integer.toString(v));
    }

    public Builder backoffBase(Duration v) {
      return set("backoff_base_ms", Long.toString(v.toMillis()));
    }

    public Builder backoffCap(Duration v) {
      return set("backoff_cap_ms", Long.toString(v.toMillis()));
    }

    public Builder tokenRefreshMargin(Duration v) {
      return set("token_refresh_margin_s", Long.toString(v.toSeconds()));
    }

    /**
     * Receives one line per request attempt and token refresh (method, path, status, Orange's
     * request id, timings; never credentials, tokens or message text), on the transport's
     * threads. An exception it throws goes to that thread's uncaught-exception handler.
     */
    public Builder log(java.util.function.Consumer<String> v) {
      log = v;
      return this;
    }

    public OrangeOptions build() {
      return new OrangeOptions(values, log);
    }
  }
}
