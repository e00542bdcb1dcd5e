// `oracle campaign`: create a campaign in the history store (the outbox),
// run its dispatcher, show its status, cancel or pause it, and settle the
// messages whose outcome is unknown.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <memory>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_internal.h"
#include "cli/store_cli_internal.h"
#include "history/campaign_internal.h"
#include "oracle/campaign.h"
#include "oracle/engine.h"
#include "oracle/history.h"
#include "oracle/orange_sms.h"
#include "oracle/sandbox_sms.h"
#include "oracle/sms_transport.h"

namespace oracle::internal {

const char kCampaignUsage[] =
    "Usage: oracle campaign create --name NAME (--recipients FILE | --segment NAME)\n"
    "                              (--template TEXT | --template-file FILE) [OPTIONS]\n"
    "       oracle campaign run NAME [OPTIONS]\n"
    "       oracle campaign status [NAME] [--format text|json]\n"
    "       oracle campaign cancel NAME\n"
    "       oracle campaign pause NAME\n"
    "       oracle campaign resolve MESSAGE_ID --decision sent|failed|requeue\n"
    "                              [--note TEXT]\n"
    "\n"
    "Bulk SMS through the history store: 'create' validates the recipients,\n"
    "leaves out invalid, duplicate and opted-out numbers, and writes one\n"
    "message per recipient to the store; nothing is sent. 'run' sends them\n"
    "(several 'run' processes may share a PostgreSQL store); it can be\n"
    "killed at any moment and run again: no message is lost or sent twice.\n"
    "A message whose outcome is unknown (the process died or the provider\n"
    "did not answer after receiving it) is never resent automatically:\n"
    "check it, then 'resolve' it.\n"
    "\n"
    "Common options:\n"
    "      --store URL        sqlite:PATH or postgresql://...; default\n"
    "                         $ORACLE_STORE, else sqlite:oracle.db\n"
    "  -h, --help             show this help and exit\n"
    "\n"
    "create:\n"
    "      --name NAME        campaign name (unique in the store)\n"
    "      --recipients FILE  one number per line, or CSV with a header: the\n"
    "                         number column (number, phone, msisdn, e164, to)\n"
    "                         and template fields\n"
    "      --segment NAME     the recipients of a saved segment\n"
    "      --template TEXT    message text with {field} placeholders\n"
    "      --template-file FILE\n"
    "  -r, --region CC        region of numbers written without a country code\n"
    "      --type TYPE        keep only numbers of this type (MOBILE, ...);\n"
    "                         repeatable\n"
    "      --sender ADDRESS   sender address, e.g. tel:+2250000\n"
    "      --sender-name NAME approved sender name\n"
    "      --transport NAME   sandbox (default) or orange\n"
    "      --rate N           messages per second (default: unlimited)\n"
    "      --start TIME       scheduled start: 2026-11-25T17:00:00Z, Unix\n"
    "                         seconds, or +30s/+15m/+2h/+1d from now\n"
    "      --format text|json output format of the summary (default text)\n"
    "\n"
    "run:\n"
    "      --transport NAME   override the campaign's transport\n"
    "      --config FILE      transport settings (orange: see docs/sms.md)\n"
    "      --concurrency N    messages sent at the same time (default 4)\n"
    "      --rate N           override the campaign's rate\n"
    "      --batch N          messages claimed at a time (default 100)\n"
    "      --lease SECONDS    lease on claimed messages (default 60)\n"
    "      --worker-id ID     lease owner (default HOST:PID:RANDOM)\n"
    "      --no-wait          return when nothing can be sent now instead of\n"
    "                         waiting for the start time or retry times\n"
    "\n"
    "Examples:\n"
    "  oracle campaign create --name promo --recipients contacts.csv \\\n"
    "      --template 'Bonjour {name}, -20% ce week-end' --region CI --rate 20\n"
    "  oracle campaign run promo\n"
    "  oracle campaign status promo --format json\n"
    "\n"
    "Exit status: 0 success, 1 runtime failure, 2 usage error; 'run' exits\n"
    "with 3 when messages with an unknown outcome wait for a decision.\n";

namespace {

constexpr std::string_view kCommand = "campaign";
constexpr int kExitUnknownPending = 3;

int Usage(std::string_view message) { return ReportUsage(kCommand, message); }

// Makes the transport named `name`: the Orange SMS API with the settings of
// `config_file` and the environment, or the local sandbox, whose simulated
// delivery receipts are recorded in `store`.
Result<std::unique_ptr<SmsTransport>> MakeCliTransport(
    const std::string& name, const std::string& config_file,
    HistoryStore* store) {
  if (name == "orange") {
    ORACLE_ASSIGN_OR_RAISE(OrangeSmsOptions options,
                           LoadOrangeSmsOptions(config_file));
    ORACLE_ASSIGN_OR_RAISE(std::unique_ptr<OrangeSmsTransport> orange,
                           OrangeSmsTransport::Make(std::move(options)));
    return std::unique_ptr<SmsTransport>(std::move(orange));
  }
  if (name != "sandbox") {
    return Status::InvalidArgument("unknown transport '" + name +
                                   "' (sandbox or orange)");
  }
  if (!config_file.empty()) {
    return Status::InvalidArgument("--config is for --transport orange");
  }
  SandboxTransportOptions options;
  options.on_receipt = [store](const DeliveryReceipt& receipt) {
    Result<ReceiptOutcome> recorded = store->RecordReceipt(receipt);
    if (!recorded.ok()) {
      std::fprintf(stderr, "oracle campaign run: cannot record a receipt: %s\n",
                   recorded.status().ToString().c_str());
    }
  };
  ORACLE_ASSIGN_OR_RAISE(std::unique_ptr<SandboxTransport> sandbox,
                         SandboxTransport::Make(options));
  return std::unique_ptr<SmsTransport>(std::move(sandbox));
}

void PrintCounts(const std::vector<CountRow>& counts) {
  int64_t total = 0;
  for (const CountRow& row : counts) total += row.count;
  std::printf("  messages: %lld", static_cast<long long>(total));
  for (const CountRow& row : counts) {
    std::printf(", %s %lld", row.key.c_str(), static_cast<long long>(row.count));
  }
  std::printf("\n");
}

// ------------------------------------------------------------------ create

// A string option of a subcommand: its name and where its value goes.
struct TextOption {
  std::string_view name;
  std::string* value;
};

// Reads the arguments of a subcommand that takes at most one positional
// argument (into `*positional`) and string options. Returns std::nullopt
// to go on, or the exit status to return (help printed, usage error).
std::optional<int> ReadArgs(const std::vector<std::string_view>& args,
                            std::string* positional,
                            std::initializer_list<TextOption> options) {
  OptionReader r(args);
  std::string error;
  while (!r.done()) {
    const std::string_view a = r.current();
    if (!r.is_option()) {
      if (!positional->empty()) {
        return Usage("unexpected argument '" + std::string(a) + "'");
      }
      *positional = std::string(a);
      r.Next();
      continue;
    }
    if (a == "-h" || a == "--help") {
      std::fputs(kCampaignUsage, stdout);
      return kExitOk;
    }
    if (a == "--") {
      r.Next();
      continue;
    }
    const TextOption* option = nullptr;
    for (const TextOption& o : options) {
      if (a == o.name) option = &o;
    }
    if (option == nullptr) {
      return Usage("unknown option '" + std::string(a) + "'");
    }
    std::optional<std::string> v = r.Value(&error);
    if (!v) return Usage(error);
    *option->value = std::move(*v);
  }
  return std::nullopt;
}

int Create(const std::vector<std::string_view>& args) {
  OptionReader r(args);
  std::string store_url, recipients_path, segment, template_text,
      template_file, format = "text";
  NewCampaign campaign;
  campaign.spec.transport = "sandbox";
  std::string start, error;
  while (!r.done()) {
    const std::string_view a = r.current();
    if (!r.is_option()) return Usage("unexpected argument '" + std::string(a) + "'");
    std::optional<std::string> v;
    auto value = [&]() -> bool {
      v = r.Value(&error);
      return v.has_value();
    };
    if (a == "-h" || a == "--help") {
      std::fputs(kCampaignUsage, stdout);
      return kExitOk;
    } else if (a == "--store") {
      if (!value()) return Usage(error);
      store_url = *v;
    } else if (a == "--name") {
      if (!value()) return Usage(error);
      campaign.spec.name = *v;
    } else if (a == "--recipients") {
      if (!value()) return Usage(error);
      recipients_path = *v;
    } else if (a == "--segment") {
      if (!value()) return Usage(error);
      segment = *v;
    } else if (a == "--template") {
      if (!value()) return Usage(error);
      template_text = *v;
    } else if (a == "--template-file") {
      if (!value()) return Usage(error);
      template_file = *v;
    } else if (a == "-r" || a == "--region") {
      if (!value()) return Usage(error);
      campaign.default_region = *v;
    } else if (a == "--type") {
      if (!value()) return Usage(error);
      campaign.number_types.push_back(*v);
    } else if (a == "--sender") {
      if (!value()) return Usage(error);
      campaign.spec.sender_address = *v;
    } else if (a == "--sender-name") {
      if (!value()) return Usage(error);
      campaign.spec.sender_name = *v;
    } else if (a == "--transport") {
      if (!value()) return Usage(error);
      campaign.spec.transport = *v;
    } else if (a == "--rate") {
      if (!value()) return Usage(error);
      Result<double> rate = ParseDoubleArg(*v, "--rate");
      if (!rate.ok() || *rate < 0) return Usage("--rate must be a number >= 0");
      campaign.spec.rate_per_second = *rate;
    } else if (a == "--start") {
      if (!value()) return Usage(error);
      start = *v;
    } else if (a == "--format") {
      if (!value()) return Usage(error);
      format = *v;
    } else {
      return Usage("unknown option '" + std::string(a) + "'");
    }
  }
  if (campaign.spec.name.empty()) return Usage("--name is required");
  if (recipients_path.empty() == segment.empty()) {
    return Usage("give exactly one of --recipients and --segment");
  }
  if (template_text.empty() == template_file.empty()) {
    return Usage("give exactly one of --template and --template-file");
  }
  if (campaign.spec.transport != "sandbox" && campaign.spec.transport != "orange") {
    return Usage("--transport must be sandbox or orange");
  }
  if (format != "text" && format != "json") return Usage("--format must be text or json");
  if (!start.empty()) {
    Result<int64_t> at = ParseTimeArg(start, SystemNowUnixMs());
    if (!at.ok()) return Usage(at.status().message());
    campaign.spec.scheduled_start_unix_ms = *at;
  }
  if (!template_file.empty()) {
    std::FILE* f = std::fopen(template_file.c_str(), "rb");
    if (f == nullptr) {
      return ReportFailure("cannot open the template file " + template_file,
                           Status::IoError("not readable"));
    }
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) template_text.append(buf, n);
    std::fclose(f);
    while (!template_text.empty() &&
           (template_text.back() == '\n' || template_text.back() == '\r')) {
      template_text.pop_back();
    }
  }
  campaign.spec.template_text = template_text;

  Result<Engine> engine = Engine::Make();
  if (!engine.ok()) return ReportFailure("cannot make the engine", engine.status());
  std::unique_ptr<HistoryStore> store = OpenStoreOrReport(StoreUrl(store_url));
  if (!store) return kExitFailure;
  if (!recipients_path.empty()) {
    Result<std::vector<Recipient>> recipients = ReadRecipientsFile(recipients_path);
    if (!recipients.ok()) {
      return ReportFailure("cannot read the recipients", recipients.status());
    }
    campaign.recipients = std::move(recipients).value();
    campaign.spec.source = "file:" + recipients_path;
  } else {
    Result<std::vector<Recipient>> recipients = RecipientsFromSegment(*store, segment);
    if (!recipients.ok()) {
      return ReportFailure("cannot read segment '" + segment + "'",
                           recipients.status());
    }
    campaign.recipients = std::move(recipients).value();
    campaign.spec.source = "segment:" + segment;
  }
  Result<CampaignCreated> created = CreateCampaign(*store, *engine, campaign);
  if (!created.ok()) {
    return ReportFailure("cannot create campaign '" + campaign.spec.name + "'",
                         created.status());
  }
  if (format == "json") {
    nlohmann::ordered_json j;
    j["campaign_id"] = created->campaign_id;
    j["name"] = campaign.spec.name;
    j["resumed"] = created->resumed;
    j["recipients"] = created->recipients;
    j["enqueued"] = created->enqueued;
    j["already_enqueued"] = created->already_enqueued;
    j["invalid"] = created->invalid;
    j["duplicates"] = created->duplicates;
    j["opted_out"] = created->opted_out;
    j["template_errors"] = created->template_errors;
    nlohmann::ordered_json excluded = nlohmann::ordered_json::array();
    for (const ExcludedRecipient& e : created->excluded) {
      excluded.push_back({{"line", e.recipient.line},
                          {"number", e.recipient.number},
                          {"reason", e.reason},
                          {"detail", e.detail}});
    }
    j["excluded"] = std::move(excluded);
    std::printf("%s\n", j.dump(-1, ' ', false,
                               nlohmann::ordered_json::error_handler_t::replace)
                            .c_str());
  } else {
    std::printf("campaign '%s' (id %lld) %s: %lld messages enqueued",
                campaign.spec.name.c_str(),
                static_cast<long long>(created->campaign_id),
                created->resumed ? "completed" : "created",
                static_cast<long long>(created->enqueued));
    if (created->already_enqueued > 0) {
      std::printf(" (%lld already there)",
                  static_cast<long long>(created->already_enqueued));
    }
    std::printf("\n  recipients read %lld, invalid %lld, duplicates %lld, "
                "opted out %lld, template errors %lld\n",
                static_cast<long long>(created->recipients),
                static_cast<long long>(created->invalid),
                static_cast<long long>(created->duplicates),
                static_cast<long long>(created->opted_out),
                static_cast<long long>(created->template_errors));
    for (const ExcludedRecipient& e : created->excluded) {
      std::printf("  left out (line %lld) %s: %s%s%s\n",
                  static_cast<long long>(e.recipient.line),
                  e.recipient.number.c_str(), e.reason.c_str(),
                  e.detail.empty() ? "" : ": ", e.detail.c_str());
    }
    if (campaign.spec.scheduled_start_unix_ms > 0) {
      std::printf("  scheduled start %s\n",
                  FormatTime(campaign.spec.scheduled_start_unix_ms).c_str());
    }
  }
  return kExitOk;
}

// ------------------------------------------------------------------ run

// Stops the dispatcher on SIGINT/SIGTERM: the signals are blocked in every
// thread and taken by one thread with sigwait.
class SignalStopper {
 public:
  explicit SignalStopper(Dispatcher* dispatcher) {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    sigaddset(&set_, SIGUSR1);  // ends the waiting thread
    pthread_sigmask(SIG_BLOCK, &set_, &old_);
    thread_ = std::thread([this, dispatcher] {
      int sig = 0;
      while (sigwait(&set_, &sig) == 0) {
        if (sig == SIGUSR1) return;
        std::fprintf(stderr, "oracle campaign run: stopping (finishing the "
                             "sends in progress)\n");
        dispatcher->Stop();
      }
    });
  }
  ~SignalStopper() {
    pthread_kill(thread_.native_handle(), SIGUSR1);
    thread_.join();
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }

 private:
  sigset_t set_, old_;
  std::thread thread_;
};

int Run(const std::vector<std::string_view>& args) {
  OptionReader r(args);
  std::string store_url, name, transport_name, config, error, format = "text";
  DispatcherOptions options;
  while (!r.done()) {
    const std::string_view a = r.current();
    if (!r.is_option()) {
      if (!name.empty()) return Usage("unexpected argument '" + std::string(a) + "'");
      name = std::string(a);
      r.Next();
      continue;
    }
    std::optional<std::string> v;
    auto value = [&]() -> bool {
      v = r.Value(&error);
      return v.has_value();
    };
    auto positive = [&](std::string_view what, int64_t max) -> std::optional<int64_t> {
      Result<int64_t> n = ParseInt64Arg(*v, what);
      if (!n.ok() || *n < 1 || *n > max) return std::nullopt;
      return *n;
    };
    if (a == "-h" || a == "--help") {
      std::fputs(kCampaignUsage, stdout);
      return kExitOk;
    } else if (a == "--") {
      r.Next();
    } else if (a == "--store") {
      if (!value()) return Usage(error);
      store_url = *v;
    } else if (a == "--transport") {
      if (!value()) return Usage(error);
      transport_name = *v;
    } else if (a == "--config") {
      if (!value()) return Usage(error);
      config = *v;
    } else if (a == "--concurrency") {
      if (!value()) return Usage(error);
      auto n = positive("--concurrency", 1024);
      if (!n) return Usage("--concurrency must be between 1 and 1024");
      options.concurrency = static_cast<int>(*n);
    } else if (a == "--batch") {
      if (!value()) return Usage(error);
      auto n = positive("--batch", 10000);
      if (!n) return Usage("--batch must be between 1 and 10000");
      options.batch_size = static_cast<int>(*n);
    } else if (a == "--lease") {
      if (!value()) return Usage(error);
      auto n = positive("--lease", 86400);
      if (!n || *n < 2) return Usage("--lease must be between 2 and 86400 seconds");
      options.lease_duration = std::chrono::seconds(*n);
      options.send_margin = std::min<std::chrono::milliseconds>(
          options.send_margin, options.lease_duration / 2);
    } else if (a == "--rate") {
      if (!value()) return Usage(error);
      Result<double> rate = ParseDoubleArg(*v, "--rate");
      if (!rate.ok() || *rate < 0) return Usage("--rate must be a number >= 0");
      options.rate_per_second = *rate;
    } else if (a == "--worker-id") {
      if (!value()) return Usage(error);
      options.worker_id = *v;
    } else if (a == "--no-wait") {
      options.stop_when_idle = true;
      r.Next();
    } else if (a == "--format") {
      if (!value()) return Usage(error);
      format = *v;
    } else {
      return Usage("unknown option '" + std::string(a) + "'");
    }
  }
  if (name.empty()) return Usage("which campaign? (oracle campaign run NAME)");
  if (format != "text" && format != "json") return Usage("--format must be text or json");
  std::unique_ptr<HistoryStore> store = OpenStoreOrReport(StoreUrl(store_url));
  if (!store) return kExitFailure;
  Result<CampaignRecord> campaign = FindCampaignArg(*store, name);
  if (!campaign.ok()) return ReportFailure("cannot find the campaign", campaign.status());
  if (transport_name.empty()) transport_name = campaign->spec.transport;
  if (transport_name.empty()) transport_name = "sandbox";
  Result<std::unique_ptr<SmsTransport>> transport =
      MakeCliTransport(transport_name, config, store.get());
  if (!transport.ok()) {
    return ReportFailure("cannot make the " + transport_name + " transport",
                         transport.status());
  }
  Result<std::unique_ptr<Dispatcher>> dispatcher =
      Dispatcher::Make(store.get(), transport->get(), options);
  if (!dispatcher.ok()) return ReportFailure("cannot start", dispatcher.status());
  Result<DispatchReport> report = Status::Internal("not run");
  {
    SignalStopper stopper(dispatcher->get());
    report = (*dispatcher)->Run(campaign->id);
  }
  if (!report.ok()) return ReportFailure("the run failed", report.status());
  if (format == "json") {
    nlohmann::ordered_json j;
    j["campaign_id"] = campaign->id;
    j["name"] = campaign->spec.name;
    j["reason"] = report->reason;
    j["state"] = CampaignStateName(report->final_state);
    j["worker_id"] = (*dispatcher)->worker_id();
    j["claimed"] = report->claimed;
    j["sent"] = report->sent;
    j["rejected"] = report->rejected;
    j["retry_later"] = report->retry_later;
    j["unknown"] = report->unknown;
    j["lease_lost"] = report->lease_lost;
    j["released"] = report->released;
    j["recovered_requeued"] = report->recovered_requeued;
    j["recovered_unknown"] = report->recovered_unknown;
    j["counts"] = CountsJson(report->counts);
    std::printf("%s\n", j.dump().c_str());
  } else {
    std::printf("campaign '%s': %s (state %s)\n", campaign->spec.name.c_str(),
                report->reason.c_str(),
                std::string(CampaignStateName(report->final_state)).c_str());
    std::printf("  this run: sent %lld, rejected %lld, retry later %lld, "
                "unknown %lld\n",
                static_cast<long long>(report->sent),
                static_cast<long long>(report->rejected),
                static_cast<long long>(report->retry_later),
                static_cast<long long>(report->unknown));
    if (report->recovered_unknown > 0 || report->recovered_requeued > 0) {
      std::printf("  taken over after a crash: %lld requeued, %lld now unknown\n",
                  static_cast<long long>(report->recovered_requeued),
                  static_cast<long long>(report->recovered_unknown));
    }
    PrintCounts(report->counts);
    if (report->reason == "unknown_pending") {
      std::printf("  messages with an unknown outcome are not resent: list them "
                  "with 'oracle history query --campaign %lld --state unknown' "
                  "and settle them with 'oracle campaign resolve'\n",
                  static_cast<long long>(campaign->id));
    }
  }
  return report->reason == "unknown_pending" ? kExitUnknownPending : kExitOk;
}

// ------------------------------------------------------------------ status

int StatusCommand(const std::vector<std::string_view>& args) {
  std::string store_url, name, format = "text";
  if (std::optional<int> done = ReadArgs(
          args, &name, {{"--store", &store_url}, {"--format", &format}})) {
    return *done;
  }
  if (format != "text" && format != "json") return Usage("--format must be text or json");
  std::unique_ptr<HistoryStore> store = OpenStoreOrReport(StoreUrl(store_url));
  if (!store) return kExitFailure;
  std::vector<CampaignRecord> campaigns;
  if (name.empty()) {
    Result<std::vector<CampaignRecord>> all = store->ListCampaigns();
    if (!all.ok()) return ReportFailure("cannot list campaigns", all.status());
    campaigns = std::move(all).value();
  } else {
    Result<CampaignRecord> one = FindCampaignArg(*store, name);
    if (!one.ok()) return ReportFailure("cannot find the campaign", one.status());
    campaigns.push_back(std::move(one).value());
  }
  for (const CampaignRecord& c : campaigns) {
    HistoryQuery q;
    q.campaign_id = c.id;
    Result<std::vector<CountRow>> counts = store->CountMessages(q, CountBy::kState);
    if (!counts.ok()) return ReportFailure("cannot count messages", counts.status());
    if (format == "json") {
      nlohmann::ordered_json j = CampaignJson(c);
      j["counts"] = CountsJson(*counts);
      std::printf("%s\n", j.dump(-1, ' ', false,
                                 nlohmann::ordered_json::error_handler_t::replace)
                              .c_str());
    } else {
      std::printf("campaign '%s' (id %lld): %s, transport %s", c.spec.name.c_str(),
                  static_cast<long long>(c.id),
                  std::string(CampaignStateName(c.state)).c_str(),
                  c.spec.transport.c_str());
      if (c.spec.rate_per_second > 0) {
        std::printf(", %g/s", c.spec.rate_per_second);
      }
      if (c.spec.scheduled_start_unix_ms > 0) {
        std::printf(", start %s", FormatTime(c.spec.scheduled_start_unix_ms).c_str());
      }
      std::printf("\n");
      PrintCounts(*counts);
    }
  }
  return kExitOk;
}

// ------------------------------------------------------------------ cancel, pause

int SetState(const std::vector<std::string_view>& args, CampaignState state) {
  std::string store_url, name;
  if (std::optional<int> done =
          ReadArgs(args, &name, {{"--store", &store_url}})) {
    return *done;
  }
  if (name.empty()) return Usage("which campaign?");
  std::unique_ptr<HistoryStore> store = OpenStoreOrReport(StoreUrl(store_url));
  if (!store) return kExitFailure;
  Result<CampaignRecord> c = FindCampaignArg(*store, name);
  if (!c.ok()) return ReportFailure("cannot find the campaign", c.status());
  Status s = store->SetCampaignState(c->id, state, SystemNowUnixMs());
  if (!s.ok()) {
    return ReportFailure("cannot " + std::string(state == CampaignState::kCancelled
                                                     ? "cancel"
                                                     : "pause") +
                             " campaign '" + c->spec.name + "'",
                         s);
  }
  HistoryQuery q;
  q.campaign_id = c->id;
  Result<std::vector<CountRow>> counts = store->CountMessages(q, CountBy::kState);
  std::printf("campaign '%s' (id %lld): %s\n", c->spec.name.c_str(),
              static_cast<long long>(c->id),
              std::string(CampaignStateName(state)).c_str());
  if (counts.ok()) PrintCounts(*counts);
  return kExitOk;
}

// ------------------------------------------------------------------ resolve

int Resolve(const std::vector<std::string_view>& args) {
  std::string store_url, id_text, decision, note;
  if (std::optional<int> done = ReadArgs(args, &id_text,
                                         {{"--store", &store_url},
                                          {"--decision", &decision},
                                          {"--note", &note}})) {
    return *done;
  }
  Result<int64_t> id = ParseInt64Arg(id_text, "MESSAGE_ID");
  if (id_text.empty() || !id.ok() || *id < 1) {
    return Usage("give the id of the message to resolve");
  }
  UnknownDecision d;
  if (decision == "sent") {
    d = UnknownDecision::kMarkSent;
  } else if (decision == "failed") {
    d = UnknownDecision::kMarkFailed;
  } else if (decision == "requeue") {
    d = UnknownDecision::kRequeue;
  } else {
    return Usage("--decision must be sent, failed or requeue");
  }
  std::unique_ptr<HistoryStore> store = OpenStoreOrReport(StoreUrl(store_url));
  if (!store) return kExitFailure;
  Status s = store->ResolveUnknown(*id, d, note, SystemNowUnixMs());
  if (!s.ok()) return ReportFailure("cannot resolve message " + id_text, s);
  Result<MessageRecord> m = store->GetMessage(*id);
  if (m.ok()) {
    std::printf("message %lld: %s\n", static_cast<long long>(*id),
                std::string(MessageStateName(m->state)).c_str());
  }
  return kExitOk;
}

}  // namespace

int RunCampaignCommand(const std::vector<std::string_view>& args) {
  if (args.empty()) return Usage("missing subcommand (create, run, status, cancel, pause, resolve)");
  const std::string_view sub = args.front();
  const std::vector<std::string_view> rest(args.begin() + 1, args.end());
  if (sub == "-h" || sub == "--help" || sub == "help") {
    std::fputs(kCampaignUsage, stdout);
    return kExitOk;
  }
  if (sub == "create") return Create(rest);
  if (sub == "run") return Run(rest);
  if (sub == "status") return StatusCommand(rest);
  if (sub == "cancel") return SetState(rest, CampaignState::kCancelled);
  if (sub == "pause") return SetState(rest, CampaignState::kPaused);
  if (sub == "resolve") return Resolve(rest);
  return Usage("unknown subcommand '" + std::string(sub) + "'");
}

}  // namespace oracle::internal
