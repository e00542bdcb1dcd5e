package io.github.oraclephone.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The SMS and campaign benchmark runs (tiny settings); its figures are not checked here. */
class SmsDispatchBenchSmokeTest {
  @Test
  @Timeout(120)
  void runs() throws Exception {
    SmsDispatchBench.main(new String[] {"100", "1000"});
  }
}
