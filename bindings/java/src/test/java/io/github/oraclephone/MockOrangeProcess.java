package io.github.oraclephone;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;

/**
 * The mock Orange SMS API ({@code oracle_mock_orange}, tests/sms/mock_orange) as a child
 * process on 127.0.0.1: started by the test, stopped by {@link #close()} (its stdin is closed
 * and it exits; killed if it does not). The binary comes from the system property {@code
 * oracle.test.mock.orange}; when it is missing the tests are skipped, unless {@code
 * oracle.test.mock.orange.required=true} (as ./test sets), which fails them.
 */
final class MockOrangeProcess implements AutoCloseable {
  static final String CLIENT_ID = "mock-client-id-7f3a";
  static final String CLIENT_SECRET = "mock-client-secret-Q9x2LwZ8";

  private final Process process;
  private final HttpClient admin;
  final int port;
  final int wrongHostPort;
  final int unknownCaPort;
  final String baseUrl;
  final Path caFile;

  private MockOrangeProcess(Process process, JsonObject hello) throws Exception {
    this.process = process;
    this.port = hello.get("port").getAsInt();
    this.wrongHostPort = hello.get("wrong_host_port").getAsInt();
    this.unknownCaPort = hello.get("unknown_ca_port").getAsInt();
    this.baseUrl = hello.get("base_url").getAsString();
    this.caFile = Path.of(hello.get("ca_file").getAsString());
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caFile)) {
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca" + i++, c);
      }
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    this.admin = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
  }

  static MockOrangeProcess start(Path dir) throws Exception {
    String binary = System.getProperty("oracle.test.mock.orange", "");
    if (binary.isEmpty() || !Files.isExecutable(Path.of(binary))) {
      if (Boolean.getBoolean("oracle.test.mock.orange.required")) {
        fail("oracle_mock_orange not found at '" + binary + "' (-Doracle.mock.orange=PATH)");
      }
      Assumptions.assumeTrue(false, "oracle_mock_orange not built: " + binary);
    }
    Process p =
        new ProcessBuilder(binary, "--dir", dir.toString(), "--exit-on-stdin-eof")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null) {
      p.destroyForcibly();
      fail("oracle_mock_orange printed nothing");
    }
    return new MockOrangeProcess(p, JsonParser.parseString(line).getAsJsonObject());
  }

  OrangeOptions.Builder options() {
    return OrangeOptions.builder()
        .baseUrl(baseUrl)
        .caFile(caFile)
        .clientId(CLIENT_ID)
        .clientSecret(CLIENT_SECRET)
        .senderAddress("tel:+2250000")
        .backoffBase(Duration.ofMillis(1))
        .backoffCap(Duration.ofMillis(5));
  }

  private String post(String path, String body) throws Exception {
    HttpResponse<String> r = admin.send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json")
            .build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      fail(path + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  /** The mock's counters: accepted_total, by_recipient, send_requests, violations... */
  JsonObject counts() throws Exception {
    HttpResponse<String> r = admin.send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/__admin/counts")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return JsonParser.parseString(r.body()).getAsJsonObject();
  }

  long accepted(String recipient) throws Exception {
    JsonObject by = counts().getAsJsonObject("by_recipient");
    return by.has(recipient) ? by.get(recipient).getAsLong() : 0;
  }

  void reset() throws Exception {
    post("/__admin/reset", "");
  }

  /** The next {@code count} send requests get {@code fault} ("503", "reset_after_request"...). */
  void fault(String fault, int count) throws Exception {
    post("/__admin/faults", "{\"fault\":\"" + fault + "\",\"count\":" + count + "}");
  }

  @Override
  public void close() throws java.io.IOException {
    process.getOutputStream().close();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
