// A dispatcher process for the crash test: runs one campaign of a store,
// sending to a file sink (see test_transports.h), until the campaign has
// nothing left to send. The crash test kills it with SIGKILL at random
// moments and starts it again.
//
//   crash_driver STORE_URL CAMPAIGN_NAME SINK_FILE RATE LEASE_MS
//
// Prints the run's report on stdout; exit status 0 when the run ended, 1 on
// an error, 2 on a usage error.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "history/test_transports.h"
#include "oracle/campaign.h"
#include "oracle/history.h"

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr,
                 "usage: crash_driver STORE_URL CAMPAIGN_NAME SINK_FILE RATE "
                 "LEASE_MS\n");
    return 2;
  }
  auto store = oracle::OpenHistoryStore(argv[1]);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  auto campaign = (*store)->FindCampaign(argv[2]);
  if (!campaign.ok()) {
    std::fprintf(stderr, "%s\n", campaign.status().ToString().c_str());
    return 1;
  }
  oracle::testing::FileSinkTransport sink(argv[3]);
  if (!sink.ok()) {
    std::fprintf(stderr, "cannot open the sink file %s\n", argv[3]);
    return 1;
  }
  oracle::DispatcherOptions options;
  options.concurrency = 4;
  options.rate_per_second = std::atof(argv[4]);
  options.lease_duration = std::chrono::milliseconds(std::atoi(argv[5]));
  options.send_margin = options.lease_duration / 2;
  options.batch_size = 50;
  options.idle_poll = std::chrono::milliseconds(50);
  auto dispatcher =
      oracle::Dispatcher::Make(store->get(), &sink, std::move(options));
  if (!dispatcher.ok()) {
    std::fprintf(stderr, "%s\n", dispatcher.status().ToString().c_str());
    return 1;
  }
  auto report = (*dispatcher)->Run(campaign->id);
  if (!report.ok()) {
    std::fprintf(stderr, "%s\n", report.status().ToString().c_str());
    return 1;
  }
  std::printf(
      "reason=%s claimed=%lld sent=%lld unknown=%lld lease_lost=%lld "
      "released=%lld recovered_requeued=%lld recovered_unknown=%lld\n",
      report->reason.c_str(), static_cast<long long>(report->claimed),
      static_cast<long long>(report->sent),
      static_cast<long long>(report->unknown),
      static_cast<long long>(report->lease_lost),
      static_cast<long long>(report->released),
      static_cast<long long>(report->recovered_requeued),
      static_cast<long long>(report->recovered_unknown));
  return 0;
}
