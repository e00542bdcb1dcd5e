// OrangeSmsTransport against the mock Orange server (HTTPS on loopback, in
// the same process, so client and server share the machine's cores).
//
//   BM_OrangeThroughput/connections:N  SendBatch of 2,000 messages over N
//       keep-alive connections; items_per_second is messages per second.
//       Goal: >= 1,000/s on 2 cores.
//   BM_OrangeRateLimit/rate:R          messages_per_second = R for about 3
//       seconds; "achieved" is the measured rate of accepted messages and
//       "error_pct" its distance from R. Goal: within +-5%.
//
// Run: build-*/bin/oracle_orange_bench  (see docs/sms.md, "Orange SMS API").
#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "mock_orange/mock_orange.h"
#include "oracle/orange_sms.h"

namespace {

using oracle::OrangeSmsOptions;
using oracle::OrangeSmsTransport;
using oracle::SendOutcome;
using oracle::SmsMessage;

OrangeSmsOptions OptionsFor(const oracle_test::MockOrange& mock) {
  OrangeSmsOptions o = OrangeSmsOptions::Defaults();
  o.base_url = mock.base_url();
  o.ca_file = mock.ca_file();
  o.client_id = mock.options().client_id;
  o.client_secret = mock.options().client_secret;
  o.sender_address = mock.options().sender_address;
  return o;
}

std::vector<SmsMessage> Messages(int n) {
  std::vector<SmsMessage> v(n);
  for (int i = 0; i < n; ++i) {
    v[i].to = "+225070" + std::to_string(7000000 + i);
    v[i].text = "Votre code de confirmation est " + std::to_string(100000 + i);
  }
  return v;
}

void BM_OrangeThroughput(benchmark::State& state) {
  auto mock = oracle_test::MockOrange::Start({});
  OrangeSmsOptions o = OptionsFor(*mock);
  o.max_connections = static_cast<int>(state.range(0));
  auto transport = OrangeSmsTransport::Make(o);
  if (!transport.ok()) {
    state.SkipWithError(transport.status().ToString().c_str());
    return;
  }
  const std::vector<SmsMessage> batch = Messages(2000);
  (*transport)->SendBatch(Messages(o.max_connections));  // token + connections
  int64_t accepted = 0, sent = 0;
  for (auto _ : state) {
    for (const auto& r : (*transport)->SendBatch(batch)) {
      accepted += r.outcome == SendOutcome::kAccepted;
    }
    sent += static_cast<int64_t>(batch.size());
  }
  state.SetItemsProcessed(sent);
  state.counters["accepted_pct"] = 100.0 * accepted / std::max<int64_t>(1, sent);
  state.counters["connections"] =
      static_cast<double>((*transport)->stats().connections_opened);
  state.counters["duplicates"] =
      static_cast<double>(mock->accepted_total() - accepted -
                          o.max_connections);
}
BENCHMARK(BM_OrangeThroughput)
    ->ArgName("connections")
    ->Arg(1)
    ->Arg(4)
    ->Arg(8)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(2.0);

void BM_OrangeRateLimit(benchmark::State& state) {
  auto mock = oracle_test::MockOrange::Start({});
  OrangeSmsOptions o = OptionsFor(*mock);
  const double rate = static_cast<double>(state.range(0));
  o.max_connections = 8;
  o.messages_per_second = rate;
  auto transport = OrangeSmsTransport::Make(o);
  if (!transport.ok()) {
    state.SkipWithError(transport.status().ToString().c_str());
    return;
  }
  (*transport)->Send(Messages(1)[0]);  // token and first connection
  const int n = static_cast<int>(rate * 3) + 1;  // about 3 seconds
  const std::vector<SmsMessage> batch = Messages(n);
  double achieved = 0;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    int64_t accepted = 0;
    for (const auto& r : (*transport)->SendBatch(batch)) {
      accepted += r.outcome == SendOutcome::kAccepted;
    }
    double seconds = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - start)
                         .count();
    // n starts are n-1 intervals apart.
    achieved = (accepted - 1) / seconds;
  }
  state.counters["target"] = rate;
  state.counters["achieved"] = achieved;
  state.counters["error_pct"] = 100.0 * (achieved - rate) / rate;
}
BENCHMARK(BM_OrangeRateLimit)
    ->ArgName("rate")
    ->Arg(200)
    ->Arg(500)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
