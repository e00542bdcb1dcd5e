// The Orange SMS API transport (Orange Developer "SMS Africa & Middle East").
//
// OrangeSmsTransport sends one SMS per HTTPS request to Orange's gateway:
// it gets an OAuth2 token with the client credentials (cached, shared by all
// threads, refreshed shortly before it expires, one refresh at a time),
// posts the message as JSON, reads Orange's message id from the reply's
// `resourceURL`, and classifies every failure into the four outcomes of
// sms_transport.h. It also manages delivery-receipt subscriptions, reads the
// contracts (remaining SMS units), and parses delivery-receipt callbacks that
// the host's web server receives.
//
// What it guarantees:
//   - A message is sent again automatically only when the previous attempt
//     cannot have reached Orange: a 401 (token dropped, refreshed once, sent
//     once more), a 429 or 503 (the gateway refused it), or a connection that
//     failed before the request was fully written. Once a request was
//     written, a timeout, a reset or a 5xx gives kUnknown and is never
//     resent: Orange has no idempotency key.
//   - TLS verifies the peer certificate and the host name, and sends SNI, by
//     default. `ca_file` replaces the system's trust store.
//   - Credentials and tokens never appear in logs, errors, results or
//     OrangeSmsOptions::ToString().
//   - Every step has a time limit: resolve, connect and TLS handshake
//     (`connect_timeout`), write and read (`request_timeout`), and one whole
//     Send including retries and rate-limit waits (`total_timeout`).
//
// Example:
//
//   oracle::Result<oracle::OrangeSmsOptions> options =
//       oracle::LoadOrangeSmsOptions("/etc/oracle/orange.conf");  // + env
//   if (!options.ok()) return options.status();
//   options->messages_per_second = 20;  // per your contract
//   ORACLE_ASSIGN_OR_RAISE(std::unique_ptr<oracle::OrangeSmsTransport> orange,
//                          oracle::OrangeSmsTransport::Make(*options));
//   oracle::SmsMessage m;
//   m.to = "+2250707123456";
//   m.text = "Votre code : 1234";
//   oracle::SendResult r = orange->Send(m);
//   switch (r.outcome) {
//     case oracle::SendOutcome::kAccepted:   /* r.provider_message_id */ break;
//     case oracle::SendOutcome::kRetryLater: /* queue again later */ break;
//     case oracle::SendOutcome::kRejected:   /* r.error_code, e.g. SVC0004 */ break;
//     case oracle::SendOutcome::kUnknown:    /* maybe sent: do not resend */ break;
//   }
//
// The configuration file read by LoadOrangeSmsOptions has one `key = value`
// per line (`#` starts a comment line); keys are the field names below
// (client_id, client_secret, sender_address, sender_name, base_url, ca_file,
// verify_peer, connect_timeout_ms, request_timeout_ms, total_timeout_ms,
// max_connections, idle_timeout_ms, messages_per_second, rate_burst,
// max_retries, backoff_base_ms, backoff_cap_ms, token_refresh_margin_s).
// The environment overrides the file: ORACLE_ORANGE_CLIENT_ID,
// ORACLE_ORANGE_CLIENT_SECRET, ORACLE_ORANGE_SENDER_ADDRESS,
// ORACLE_ORANGE_SENDER_NAME, ORACLE_ORANGE_BASE_URL, ORACLE_ORANGE_CA_FILE.
//
// Thread safety: OrangeSmsTransport is safe to use from many threads at once;
// up to `max_connections` requests run in parallel (more callers wait for a
// connection). ParseOrangeDeliveryReceipt is a pure function.
// Ownership: Make returns the sole owner; destroying the transport closes
// its connections and waits for SendAsync work it started. The `log` sink is
// called from transport threads and must outlive the transport.
#ifndef ORACLE_ORANGE_SMS_H_
#define ORACLE_ORANGE_SMS_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "oracle/export.h"
#include "oracle/result.h"
#include "oracle/sms_transport.h"
#include "oracle/status.h"

namespace oracle {

struct ORACLE_EXPORT OrangeSmsOptions {
  // Gateway root, "https://host[:port]" (no path). Plain http is refused.
  std::string base_url = "https://api.orange.com";
  // OAuth2 client credentials from the Orange Developer console. Secret.
  std::string client_id;
  std::string client_secret;
  // Default sender, "tel:+<digits>" (many contracts: country code + 0000,
  // e.g. "tel:+2250000"). A message's own sender_address wins.
  std::string sender_address;
  // Default approved sender name (1-11 letters, digits, spaces); empty: none.
  std::string sender_name;
  // PEM file of trusted CA certificates; empty: the system's trust store.
  std::string ca_file;
  // Verify the server's certificate chain and host name. Turn off only
  // against a test server you control.
  bool verify_peer = true;

  // Resolve, TCP connect and TLS handshake, each.
  std::chrono::milliseconds connect_timeout{5000};
  // Writing one request and reading its whole response.
  std::chrono::milliseconds request_timeout{15000};
  // One Send (or admin call) from start to outcome: token, rate-limit wait,
  // retries and backoff included.
  std::chrono::milliseconds total_timeout{60000};

  // Keep-alive connections kept open and requests run in parallel.
  int max_connections = 8;
  // An idle connection older than this is closed instead of reused.
  std::chrono::milliseconds idle_timeout{30000};

  // Send requests started per second, over all threads; 0: no limit.
  double messages_per_second = 0;
  // Requests that may start back to back after an idle period (>= 1).
  int rate_burst = 1;

  // Resends after a 429/503 or a connection failure before the request was
  // written; the 401 refresh-and-retry is separate and happens once.
  int max_retries = 3;
  // Backoff before resend k (1-based): a random duration in
  // [0, min(backoff_cap, backoff_base * 2^(k-1))] ("full jitter"), or the
  // server's Retry-After when it is longer (within total_timeout).
  std::chrono::milliseconds backoff_base{200};
  std::chrono::milliseconds backoff_cap{5000};

  // A cached token is refreshed this long before it expires.
  std::chrono::seconds token_refresh_margin{60};

  // Optional log sink: one line per request attempt and per token refresh
  // (method, path, status, Orange's request id, timings). Lines never
  // contain credentials, tokens or message text.
  std::function<void(std::string_view line)> log;

  static OrangeSmsOptions Defaults() { return OrangeSmsOptions(); }
  // INVALID_ARGUMENT naming the first bad field (never echoing a secret).
  Status Validate() const;
  // A readable dump with client_id and client_secret redacted.
  std::string ToString() const;
};

// Options from `config_file` (empty: none) overridden by the ORACLE_ORANGE_*
// environment variables, then validated. Errors name the file, line and key,
// never a secret value.
ORACLE_EXPORT Result<OrangeSmsOptions> LoadOrangeSmsOptions(
    const std::string& config_file);

// A delivery-receipt subscription on Orange's side.
struct OrangeReceiptSubscription {
  std::string id;            // last path segment of resource_url
  std::string resource_url;  // as Orange returned it
  std::string notify_url;    // where Orange posts the receipts
  std::string callback_data;
  std::string request_id;    // X-OAPI-Request-Id of the call
};

// One SMS contract (bundle) as the admin API reports it. Fields Orange did
// not send stay empty / -1.
struct OrangeContract {
  std::string id;
  std::string country;          // e.g. "CIV"
  std::string offer_name;
  std::string status;           // e.g. "ACTIVE"
  int64_t available_units = -1;
  std::string expiration_date;  // as Orange wrote it
  std::string raw_json;         // the contract object, unchanged
};

// Parses the body of a delivery-receipt callback:
//   {"deliveryInfoNotification":{"callbackData":"<message id>",
//     "deliveryInfo":{"address":"tel:+225...","deliveryStatus":"..."}}}
// Lenient: deliveryInfo may be an array (the first entry is used), status
// names are matched without regard to case, an unknown status gives
// kDeliveryUncertain with raw_status kept. Safe on hostile input: bodies over
// 64 KiB, nesting deeper than 32 levels, invalid UTF-8 or JSON, and missing
// fields give INVALID_ARGUMENT. received_at_unix_ms is stamped with the
// current time.
ORACLE_EXPORT Result<DeliveryReceipt> ParseOrangeDeliveryReceipt(
    std::string_view body);

class ORACLE_EXPORT OrangeSmsTransport : public SmsTransport {
 public:
  // Validates `options` and sets up TLS (loads ca_file). Does not connect:
  // the first request does.
  static Result<std::unique_ptr<OrangeSmsTransport>> Make(
      OrangeSmsOptions options);

  ~OrangeSmsTransport() override;
  OrangeSmsTransport(const OrangeSmsTransport&) = delete;
  OrangeSmsTransport& operator=(const OrangeSmsTransport&) = delete;

  std::string name() const override;  // "orange"

  SendResult Send(const SmsMessage& message) override;
  // Runs on the transport's own threads (max_connections of them).
  void SendAsync(SmsMessage message, SendCallback done) override;
  // Up to max_connections messages in flight; results in input order.
  std::vector<SendResult> SendBatch(
      const std::vector<SmsMessage>& messages) override;

  // Delivery-receipt subscriptions for `sender_address` (empty: the
  // options'). `notify_url` must be https.
  Result<OrangeReceiptSubscription> CreateReceiptSubscription(
      const std::string& notify_url, const std::string& callback_data = "",
      const std::string& sender_address = "");
  Result<OrangeReceiptSubscription> GetReceiptSubscription(
      const std::string& id);
  Status DeleteReceiptSubscription(const std::string& id,
                                   const std::string& sender_address = "");

  // GET /sms/admin/v1/contracts[?country=XXX]; `country` is an ISO 3166
  // alpha-3 code or empty for all.
  Result<std::vector<OrangeContract>> GetContracts(
      const std::string& country = "");

  // Counters since Make, for monitoring and tests.
  struct Stats {
    int64_t token_requests = 0;     // token endpoint calls
    int64_t connections_opened = 0; // TCP+TLS connections made
    int64_t requests = 0;           // HTTP requests written (all endpoints)
  };
  Stats stats() const;

 private:
  struct Impl;
  explicit OrangeSmsTransport(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace oracle

#endif  // ORACLE_ORANGE_SMS_H_
