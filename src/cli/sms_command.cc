// `oracle sms`: `encode` shows how a text will be encoded and billed;
// `send` validates a recipient with the Engine, normalises it to E.164 and
// sends one message through the sandbox or the Orange SMS API.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_internal.h"
#include "cli/store_cli_internal.h"
#include "oracle/history.h"
#include "oracle/engine.h"
#include "oracle/orange_sms.h"
#include "oracle/sandbox_sms.h"
#include "oracle/sms.h"

namespace oracle::internal {

const char kSmsUsage[] =
    "Usage: oracle sms encode [OPTIONS] [TEXT]\n"
    "       oracle sms send --to NUMBER --text TEXT [OPTIONS]\n"
    "\n"
    "encode: shows how TEXT (or standard input when TEXT is left out) is\n"
    "sent: GSM-7 or UCS-2, septets or UTF-16 code units, the number of SMS\n"
    "billed, the characters that forced UCS-2 and where they are. CR LF\n"
    "counts as LF.\n"
    "  --smart               replace typographic quotes, dashes, ellipsis and\n"
    "                        special spaces by GSM-7 equivalents first, and\n"
    "                        list the replacements\n"
    "  -f, --format F        text (default) or json\n"
    "\n"
    "send: sends one SMS and prints its outcome and message id.\n"
    "  --to NUMBER           recipient, checked and normalised to E.164 with\n"
    "                        the phone-number engine (required)\n"
    "  --text TEXT           message text, UTF-8; '-' reads standard input\n"
    "                        (required)\n"
    "  -r, --region CC       region for a NUMBER without country code (CI..)\n"
    "  --transport T         sandbox (default: local, nothing leaves the\n"
    "                        machine) or orange (the Orange SMS API)\n"
    "  --config FILE         Orange settings, 'key = value' lines; the\n"
    "                        ORACLE_ORANGE_* environment variables override\n"
    "                        it (see docs/sms.md)\n"
    "  --sender ADDRESS      sender address, '+2250000' or 'tel:+2250000'\n"
    "  --sender-name NAME    approved sender name (1-11 letters, digits,\n"
    "                        spaces)\n"
    "  --client-ref REF      your own reference, echoed in the output\n"
    "  --smart               send the text with the --smart replacements\n"
    "  --journal FILE        sandbox: append what was sent to FILE (JSON\n"
    "                        lines)\n"
    "  -f, --format F        text (default) or json\n"
    "  --store URL           history store recording the send: sqlite:PATH\n"
    "                        or postgresql://... (default: $ORACLE_STORE,\n"
    "                        else sqlite:oracle.db)\n"
    "  --no-history          do not record the send\n"
    "\n"
    "A send is recorded as two 'sms' events in the history store: 'sending'\n"
    "before the message leaves, then its outcome (accepted, rejected,\n"
    "retry_later, unknown) with the provider's message id or error code. A\n"
    "'sending' event with no outcome after it marks a send interrupted\n"
    "midway: it may have been sent. A store that cannot be opened stops the\n"
    "send before anything leaves. See them with\n"
    "'oracle history query --events --number NUMBER'.\n"
    "\n"
    "Examples:\n"
    "  oracle sms encode 'Votre colis arrive demain \xC3\xA0 9h'\n"
    "  oracle sms encode --smart --format json < message.txt\n"
    "  oracle sms send --region CI --to '07 07 12 34 56' --text 'Bonjour'\n"
    "  oracle sms send --transport orange --config orange.conf \\\n"
    "      --to +2250707123456 --text 'Votre code : 1234'\n"
    "\n"
    "Exit status: 0 success (send: accepted), 1 runtime failure (config,\n"
    "transport), 2 usage error or bad input (invalid number or text),\n"
    "3 rejected, 4 retry later (not sent), 5 unknown outcome (may have been\n"
    "sent: do not resend blindly).\n";

namespace {

constexpr int kExitRejected = 3;
constexpr int kExitRetryLater = 4;
constexpr int kExitUnknown = 5;

enum class Format { kText, kJson };

int UsageError(std::string_view message) {
  std::fprintf(stderr,
               "oracle sms: %.*s\n"
               "Try 'oracle sms --help' for more information.\n",
               static_cast<int>(message.size()), message.data());
  return kExitUsage;
}

int Failure(std::string_view what, const Status& status) {
  std::fprintf(stderr, "oracle sms: %.*s: %s\n",
               static_cast<int>(what.size()), what.data(),
               status.ToString().c_str());
  return kExitFailure;
}

// All of standard input, or std::nullopt with `*error` set.
std::optional<std::string> ReadStdin(std::string* error) {
  std::string data;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *error = std::strerror(errno);
      return std::nullopt;
    }
    if (n == 0) return data;
    data.append(buf, static_cast<size_t>(n));
  }
}

bool WriteStdout(const std::string& s) {
  return std::fwrite(s.data(), 1, s.size(), stdout) == s.size() &&
         std::fflush(stdout) == 0;
}

std::string CodePointName(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

// A character fit to print between quotes on a terminal (not a control,
// not a bidirectional override).
bool Printable(char32_t c) {
  return !(c < 0x20 || (c >= 0x7F && c <= 0x9F) ||
           (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069));
}

std::string Describe(char32_t cp, const std::string& text) {
  return Printable(cp) ? "'" + text + "' " + CodePointName(cp)
                       : CodePointName(cp);
}

std::string Dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// Options shared by the parsers: "--name=value" or "--name value".
class ArgReader {
 public:
  explicit ArgReader(const std::vector<std::string_view>& args)
      : args_(args) {}

  // Advances to the next argument; false at the end.
  bool Next() {
    if (++i_ >= args_.size()) return false;
    arg_ = args_[i_];
    name_ = arg_;
    inline_value_.reset();
    if (const size_t eq = arg_.find('=');
        arg_.starts_with("--") && eq != std::string_view::npos) {
      name_ = arg_.substr(0, eq);
      inline_value_ = arg_.substr(eq + 1);
    }
    return true;
  }
  std::string_view arg() const { return arg_; }
  std::string_view name() const { return name_; }
  bool IsOption() const {
    return !options_done_ && arg_.size() >= 2 && arg_.front() == '-';
  }
  void EndOptions() { options_done_ = true; }

  std::string Value(std::string* v) {
    if (inline_value_) {
      *v = std::string(*inline_value_);
      return "";
    }
    if (i_ + 1 >= args_.size()) {
      return "option '" + std::string(name_) + "' needs a value";
    }
    *v = std::string(args_[++i_]);
    return "";
  }
  std::string NoValue() const {
    if (inline_value_) {
      return "option '" + std::string(name_) + "' takes no value";
    }
    return "";
  }

 private:
  const std::vector<std::string_view>& args_;
  size_t i_ = static_cast<size_t>(-1);
  std::string_view arg_;
  std::string_view name_;
  std::optional<std::string_view> inline_value_;
  bool options_done_ = false;
};

std::string ParseFormat(const std::string& v, Format* out) {
  if (v == "text") {
    *out = Format::kText;
  } else if (v == "json") {
    *out = Format::kJson;
  } else {
    return "unknown format '" + v + "': expected text or json";
  }
  return "";
}

// ---------------------------------------------------------------------------
// oracle sms encode

std::string EncodeText(const SmsAnalysis& a) {
  const bool gsm7 = a.encoding == SmsEncoding::kGsm7;
  const char* unit = gsm7 ? "septets" : "code units";
  std::string out;
  const auto line = [&out](const std::string& s) { out += s + "\n"; };
  line("encoding:   " + std::string(SmsEncodingName(a.encoding)));
  line("characters: " + std::to_string(a.characters));
  line(std::string(gsm7 ? "septets:    " : "code units: ") +
       std::to_string(a.units));
  line("segments:   " + std::to_string(a.segments) + " (" +
       std::to_string(a.units_per_segment) + " " + unit + " per segment, " +
       std::to_string(a.units_left) + " left in the last)");
  if (a.crlf_normalized > 0) {
    line("CR LF normalised to LF: " + std::to_string(a.crlf_normalized));
  }
  if (!a.ucs2_forced_by.empty()) {
    line("forced UCS-2: " + std::to_string(a.ucs2_forced_by.size()) +
         " character(s)");
    for (const SmsForcingChar& f : a.ucs2_forced_by) {
      line("  " + Describe(f.code_point, f.text) + " at character " +
           std::to_string(f.position.char_index) + " (byte " +
           std::to_string(f.position.byte_offset) + ")");
    }
  }
  if (!a.substitutions.empty()) {
    line("replaced: " + std::to_string(a.substitutions.size()) +
         " character(s)");
    for (const SmsSubstitution& s : a.substitutions) {
      line("  " + Describe(s.code_point, s.from) + " -> " +
           (s.to.empty() ? std::string("(removed)") : "'" + s.to + "'") +
           " at character " + std::to_string(s.position.char_index) +
           " (byte " + std::to_string(s.position.byte_offset) + ")");
    }
  }
  if (a.parts.size() > 1) {
    for (size_t i = 0; i < a.parts.size(); ++i) {
      line("part " + std::to_string(i + 1) + ": " +
           std::to_string(a.parts[i].units) + " " + unit);
    }
  }
  return out;
}

nlohmann::ordered_json EncodeJson(const SmsAnalysis& a) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  j["encoding"] = std::string(SmsEncodingName(a.encoding));
  j["characters"] = a.characters;
  j["units"] = a.units;
  j["unit"] = a.encoding == SmsEncoding::kGsm7 ? "septets" : "code_units";
  j["segments"] = a.segments;
  j["units_per_segment"] = a.units_per_segment;
  j["units_left"] = a.units_left;
  j["crlf_normalized"] = a.crlf_normalized;
  nlohmann::ordered_json forced = nlohmann::ordered_json::array();
  for (const SmsForcingChar& f : a.ucs2_forced_by) {
    forced.push_back({{"char", f.text},
                      {"code_point", CodePointName(f.code_point)},
                      {"char_index", f.position.char_index},
                      {"byte_offset", f.position.byte_offset}});
  }
  j["ucs2_forced_by"] = std::move(forced);
  nlohmann::ordered_json subs = nlohmann::ordered_json::array();
  for (const SmsSubstitution& s : a.substitutions) {
    subs.push_back({{"from", s.from},
                    {"to", s.to},
                    {"code_point", CodePointName(s.code_point)},
                    {"char_index", s.position.char_index},
                    {"byte_offset", s.position.byte_offset}});
  }
  j["substitutions"] = std::move(subs);
  nlohmann::ordered_json parts = nlohmann::ordered_json::array();
  for (const SmsPart& p : a.parts) {
    parts.push_back({{"text", p.text}, {"units", p.units}});
  }
  j["parts"] = std::move(parts);
  j["text"] = a.text;
  return j;
}

int RunEncode(const std::vector<std::string_view>& args) {
  SmsEncodingOptions options;
  Format format = Format::kText;
  std::vector<std::string> texts;
  ArgReader r(args);
  while (r.Next()) {
    if (!r.IsOption()) {
      texts.emplace_back(r.arg());
      continue;
    }
    std::string error;
    std::string v;
    if (r.arg() == "--") {
      r.EndOptions();
    } else if (r.name() == "-h" || r.name() == "--help") {
      std::fputs(kSmsUsage, stdout);
      return kExitOk;
    } else if (r.name() == "--smart") {
      error = r.NoValue();
      options.smart = true;
    } else if (r.name() == "-f" || r.name() == "--format") {
      error = r.Value(&v);
      if (error.empty()) error = ParseFormat(v, &format);
    } else {
      error = "unknown option '" + std::string(r.name()) + "'";
    }
    if (!error.empty()) return UsageError(error);
  }
  if (texts.size() > 1) {
    return UsageError("'sms encode' takes one TEXT (quote it)");
  }
  std::string text;
  if (texts.empty()) {
    std::string error;
    std::optional<std::string> in = ReadStdin(&error);
    if (!in) {
      std::fprintf(stderr, "oracle sms: cannot read standard input: %s\n",
                   error.c_str());
      return kExitFailure;
    }
    text = std::move(*in);
  } else {
    text = std::move(texts.front());
  }
  Result<SmsAnalysis> a = AnalyzeSms(text, options);
  if (!a.ok()) return UsageError(a.status().message());
  const std::string out =
      format == Format::kJson ? Dump(EncodeJson(*a)) + "\n" : EncodeText(*a);
  if (!WriteStdout(out)) {
    std::fprintf(stderr, "oracle sms: cannot write the output: %s\n",
                 std::strerror(errno));
    return kExitFailure;
  }
  return kExitOk;
}

// ---------------------------------------------------------------------------
// oracle sms send

struct SendArgs {
  std::optional<std::string> to;
  std::optional<std::string> text;
  std::string region;
  std::string transport = "sandbox";
  std::string config;
  std::string sender;
  std::string sender_name;
  std::string client_ref;
  std::string journal;
  std::string store;
  bool no_history = false;
  bool smart = false;
  Format format = Format::kText;
};

std::string ParseSendArgs(const std::vector<std::string_view>& args,
                          SendArgs* out, bool* help) {
  ArgReader r(args);
  bool config_given = false;
  while (r.Next()) {
    if (!r.IsOption()) {
      return "unexpected argument '" + std::string(r.arg()) +
             "' (use --to and --text)";
    }
    std::string error;
    std::string v;
    const std::string_view name = r.name();
    if (r.arg() == "--") {
      r.EndOptions();
    } else if (name == "-h" || name == "--help") {
      *help = true;
    } else if (name == "--to") {
      error = r.Value(&v);
      out->to = v;
    } else if (name == "--text") {
      error = r.Value(&v);
      out->text = v;
    } else if (name == "-r" || name == "--region") {
      error = r.Value(&v);
      for (char& c : v) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      }
      out->region = v == "ZZ" ? "" : v;
    } else if (name == "--transport") {
      error = r.Value(&v);
      if (error.empty() && v != "sandbox" && v != "orange") {
        error = "unknown transport '" + v + "': expected sandbox or orange";
      }
      out->transport = v;
    } else if (name == "--config") {
      error = r.Value(&v);
      if (error.empty() && v.empty()) error = "empty file name for '--config'";
      out->config = v;
      config_given = true;
    } else if (name == "--sender") {
      error = r.Value(&v);
      out->sender = v;
    } else if (name == "--sender-name") {
      error = r.Value(&v);
      out->sender_name = v;
    } else if (name == "--client-ref") {
      error = r.Value(&v);
      out->client_ref = v;
    } else if (name == "--journal") {
      error = r.Value(&v);
      if (error.empty() && v.empty()) error = "empty file name for '--journal'";
      out->journal = v;
    } else if (name == "--smart") {
      error = r.NoValue();
      out->smart = true;
    } else if (name == "--store") {
      error = r.Value(&v);
      if (error.empty() && v.empty()) error = "--store needs a URL";
      out->store = v;
    } else if (name == "--no-history") {
      error = r.NoValue();
      out->no_history = true;
    } else if (name == "-f" || name == "--format") {
      error = r.Value(&v);
      if (error.empty()) error = ParseFormat(v, &out->format);
    } else {
      error = "unknown option '" + std::string(name) + "'";
    }
    if (!error.empty()) return error;
  }
  if (*help) return "";
  if (!out->to) return "missing --to NUMBER";
  if (!out->text) return "missing --text TEXT";
  if (config_given && out->transport != "orange") {
    return "--config is for --transport orange";
  }
  if (!out->journal.empty() && out->transport != "sandbox") {
    return "--journal is for --transport sandbox";
  }
  return "";
}

Result<std::unique_ptr<SmsTransport>> MakeTransport(const SendArgs& a) {
  if (a.transport == "orange") {
    ORACLE_ASSIGN_OR_RAISE(OrangeSmsOptions options,
                           LoadOrangeSmsOptions(a.config));
    ORACLE_ASSIGN_OR_RAISE(std::unique_ptr<OrangeSmsTransport> orange,
                           OrangeSmsTransport::Make(std::move(options)));
    return std::unique_ptr<SmsTransport>(std::move(orange));
  }
  SandboxTransportOptions options;
  options.journal_path = a.journal;
  options.receipts = false;  // the process ends after one send
  ORACLE_ASSIGN_OR_RAISE(std::unique_ptr<SandboxTransport> sandbox,
                         SandboxTransport::Make(options));
  return std::unique_ptr<SmsTransport>(std::move(sandbox));
}

int RunSend(const std::vector<std::string_view>& args) {
  SendArgs a;
  bool help = false;
  if (std::string error = ParseSendArgs(args, &a, &help); !error.empty()) {
    return UsageError(error);
  }
  if (help) {
    std::fputs(kSmsUsage, stdout);
    return kExitOk;
  }

  // The recipient, as libphonenumber would read it.
  Result<Engine> engine = Engine::Make();
  if (!engine.ok()) return Failure("cannot make the engine", engine.status());
  if (!a.region.empty() && engine->CountryCodeForRegion(a.region) == 0) {
    return UsageError("unsupported region '" + a.region + "'");
  }
  Result<Segmentation> seg = engine->Segment(*a.to, a.region);
  if (!seg.ok()) {
    return UsageError("cannot read the recipient '" + *a.to +
                      "' as a phone number: " + seg.status().ToString());
  }
  if (!seg->valid) {
    return UsageError("the recipient '" + *a.to + "' is not a valid number" +
                      (seg->e164.empty() ? "" : " (" + seg->e164 + ")"));
  }

  // The text.
  std::string text = std::move(*a.text);
  if (text == "-") {
    std::string error;
    std::optional<std::string> in = ReadStdin(&error);
    if (!in) {
      std::fprintf(stderr, "oracle sms: cannot read standard input: %s\n",
                   error.c_str());
      return kExitFailure;
    }
    text = std::move(*in);
  }
  SmsEncodingOptions enc;
  enc.smart = a.smart;
  Result<SmsAnalysis> analysis = AnalyzeSms(text, enc);
  if (!analysis.ok()) return UsageError(analysis.status().message());
  if (analysis->characters == 0) return UsageError("the message text is empty");
  if (a.smart) text = analysis->text;

  SmsMessage message;
  message.to = seg->e164;
  message.text = std::move(text);
  message.sender_address = a.sender;
  if (!a.sender.empty() && a.sender.front() == '+') {
    message.sender_address = "tel:" + a.sender;
  }
  message.sender_name = a.sender_name;
  message.client_ref = a.client_ref;

  Result<std::unique_ptr<SmsTransport>> transport = MakeTransport(a);
  if (!transport.ok()) {
    return Failure("cannot set up the " + a.transport + " transport",
                   transport.status());
  }

  // On record before the message leaves, and its outcome after.
  std::unique_ptr<HistoryStore> store;
  EventRecord event;
  event.kind = "sms";
  event.number = message.to;
  event.operator_name = seg->operator_name;
  if (!a.no_history) {
    store = OpenStoreOrReport(StoreUrl(a.store));
    if (store == nullptr) {
      return Failure("no history store (give --store URL, or --no-history)",
                     Status::Unavailable("nothing was sent"));
    }
    event.at_unix_ms = NowUnixMillis();
    event.state = "sending";
    event.detail = "transport=" + std::string((*transport)->name());
    if (!a.client_ref.empty()) event.detail += " client_ref=" + a.client_ref;
    if (Status st = store->AppendEvents({event}); !st.ok()) {
      return Failure("history: nothing was sent", st);
    }
  }
  const SendResult r = (*transport)->Send(message);
  if (store != nullptr) {
    event.at_unix_ms = NowUnixMillis();
    event.state = std::string(SendOutcomeName(r.outcome));
    for (char& c : event.state) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    event.error_code = r.error_code;
    event.detail = r.provider_message_id.empty()
                       ? event.detail
                       : "id=" + r.provider_message_id;
    if (Status st = store->AppendEvents({event}); !st.ok()) {
      std::fprintf(stderr,
                   "oracle sms: history: the outcome (%s) was not recorded: "
                   "%s\n",
                   event.state.c_str(), st.ToString().c_str());
    }
  }

  std::string out;
  if (a.format == Format::kJson) {
    nlohmann::ordered_json j = {
        {"outcome", std::string(SendOutcomeName(r.outcome))},
        {"id", r.provider_message_id},
        {"to", message.to},
        {"transport", (*transport)->name()},
        {"encoding", std::string(SmsEncodingName(analysis->encoding))},
        {"segments", analysis->segments},
        {"error_code", r.error_code},
        {"error_message", r.error_message},
        {"http_status", r.http_status},
        {"request_id", r.request_id},
        {"attempts", r.attempts},
        {"retry_after_ms", r.retry_after.count()},
        {"client_ref", r.client_ref}};
    out = Dump(j) + "\n";
  } else {
    out = std::string(SendOutcomeName(r.outcome));
    if (!r.provider_message_id.empty()) out += " id=" + r.provider_message_id;
    out += " to=" + message.to + " transport=" + (*transport)->name() +
           " encoding=" + std::string(SmsEncodingName(analysis->encoding)) +
           " segments=" + std::to_string(analysis->segments);
    if (!r.request_id.empty()) out += " request_id=" + r.request_id;
    if (!r.error_code.empty()) out += " error=" + r.error_code;
    if (!r.error_message.empty()) out += ": " + r.error_message;
    out += "\n";
  }
  if (!WriteStdout(out)) {
    std::fprintf(stderr, "oracle sms: cannot write the output: %s\n",
                 std::strerror(errno));
    return kExitFailure;
  }
  switch (r.outcome) {
    case SendOutcome::kAccepted: return kExitOk;
    case SendOutcome::kRejected: return kExitRejected;
    case SendOutcome::kRetryLater: return kExitRetryLater;
    case SendOutcome::kUnknown: return kExitUnknown;
  }
  return kExitUnknown;
}

}  // namespace

int RunSmsCommand(const std::vector<std::string_view>& args) {
  if (args.empty()) return UsageError("missing subcommand: encode or send");
  const std::string_view sub = args.front();
  const std::vector<std::string_view> rest(args.begin() + 1, args.end());
  if (sub == "-h" || sub == "--help" || sub == "help") {
    std::fputs(kSmsUsage, stdout);
    return kExitOk;
  }
  if (sub == "encode") return RunEncode(rest);
  if (sub == "send") return RunSend(rest);
  return UsageError("unknown subcommand '" + std::string(sub) +
                    "': expected encode or send");
}

}  // namespace oracle::internal
