package io.github.oraclephone;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The history-store backends the tests run on: SQLite always; PostgreSQL when {@code
 * ORACLE_TEST_POSTGRES_URL} names a server (./test runs Maven under scripts/with-postgres.sh).
 * With {@code -Doracle.test.postgres.required=true} (as ./test sets) a missing server fails
 * the tests instead of leaving PostgreSQL out.
 */
final class Stores {
  private Stores() {}

  static String postgresUrl() {
    String url = System.getenv("ORACLE_TEST_POSTGRES_URL");
    return url == null || url.isEmpty() ? null : url;
  }

  /** "sqlite" and, when available, "postgresql". */
  static Stream<String> backends() {
    List<String> out = new ArrayList<>();
    out.add("sqlite");
    if (postgresUrl() != null) {
      out.add("postgresql");
    } else if (Boolean.getBoolean("oracle.test.postgres.required")) {
      fail("ORACLE_TEST_POSTGRES_URL is not set: run through scripts/with-postgres.sh");
    }
    return out.stream();
  }

  /** A store URL of that backend: a new SQLite file under {@code dir}, or the test server. */
  static String url(String backend, Path dir) {
    if (backend.equals("postgresql")) {
      return postgresUrl();
    }
    return "sqlite:" + dir.resolve("history-" + UUID.randomUUID() + ".db");
  }

  /** A name no other test run used (PostgreSQL stores are shared by the tests). */
  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  /** A random Côte d'Ivoire mobile number, E.164. */
  static String randomCiMobile(java.util.Random random) {
    return String.format("+22507%08d", random.nextInt(100_000_000));
  }
}
