// Orange SMS API: the pure parts — delivery receipts (hostile bodies too),
// error bodies, send-reply classification, contracts, URLs, options.
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "oracle/orange_sms.h"
#include "sms/orange/orange_internal.h"
#include "test_util.h"

namespace oracle {
namespace {

using internal::ClassifySendReply;
using internal::OrangeError;
using internal::ParseOrangeError;

// ------------------------------------------------------- delivery receipts

TEST(OrangeReceiptTest, ParsesOrangeCallback) {
  ASSERT_OK_AND_ASSIGN(DeliveryReceipt r, ParseOrangeDeliveryReceipt(R"({
    "deliveryInfoNotification": {
      "callbackData": "msg-00000042",
      "deliveryInfo": {"address": "tel:+2250707123456",
                       "deliveryStatus": "DeliveredToTerminal"}}})"));
  EXPECT_EQ(r.provider_message_id, "msg-00000042");
  EXPECT_EQ(r.address, "tel:+2250707123456");
  EXPECT_EQ(r.status, DeliveryStatus::kDeliveredToTerminal);
  EXPECT_EQ(r.raw_status, "DeliveredToTerminal");
  EXPECT_GT(r.received_at_unix_ms, 1700000000000);
}

TEST(OrangeReceiptTest, EveryStatusAndLenientForms) {
  const std::pair<const char*, DeliveryStatus> cases[] = {
      {"DeliveredToTerminal", DeliveryStatus::kDeliveredToTerminal},
      {"DeliveredToNetwork", DeliveryStatus::kDeliveredToNetwork},
      {"MessageWaiting", DeliveryStatus::kMessageWaiting},
      {"DeliveryUncertain", DeliveryStatus::kDeliveryUncertain},
      {"DeliveryImpossible", DeliveryStatus::kDeliveryImpossible},
      {"DeliveryNotificationNotSupported", DeliveryStatus::kNotSupported},
      {"deliveredtoterminal", DeliveryStatus::kDeliveredToTerminal},
      {"SomethingNew", DeliveryStatus::kDeliveryUncertain},
  };
  for (const auto& [name, status] : cases) {
    std::string body =
        std::string(R"({"deliveryInfoNotification":{"callbackData":"id1",)") +
        R"("deliveryInfo":[{"address":"tel:+225","deliveryStatus":")" + name +
        R"("}]}})";
    ASSERT_OK_AND_ASSIGN(DeliveryReceipt r, ParseOrangeDeliveryReceipt(body));
    EXPECT_EQ(r.status, status) << name;
    EXPECT_EQ(r.raw_status, name);
  }
}

TEST(OrangeReceiptTest, HostileBodiesAreRefusedCleanly) {
  std::string deep(100000, '[');
  std::string deep_object;
  for (int i = 0; i < 40; ++i) deep_object += R"({"a":)";
  deep_object += "1";
  for (int i = 0; i < 40; ++i) deep_object += "}";
  std::string huge = R"({"deliveryInfoNotification":{"callbackData":")" +
                     std::string(70000, 'x') + R"("}})";
  const std::string bodies[] = {
      "",
      "null",
      "[]",
      "42",
      "{",
      "\xff\xfe",
      R"({"deliveryInfoNotification":{"callbackData":"a\xff","deliveryInfo":{"deliveryStatus":"DeliveredToTerminal"}}})",
      deep,
      deep_object,
      huge,
      R"({"deliveryInfoNotification":null})",
      R"({"deliveryInfoNotification":{"deliveryInfo":{"deliveryStatus":"DeliveredToTerminal"}}})",
      R"({"deliveryInfoNotification":{"callbackData":"x","deliveryInfo":{}}})",
      R"({"deliveryInfoNotification":{"callbackData":"x","deliveryInfo":[]}})",
      R"({"deliveryInfoNotification":{"callbackData":["x"],"deliveryInfo":{"deliveryStatus":"MessageWaiting"}}})",
      R"({"deliveryInfoNotification":{"callbackData":"x","deliveryInfo":{"deliveryStatus":12}}})",
      R"({"deliveryInfoNotification":{"callbackData":")" + std::string(300, 'y') +
          R"(","deliveryInfo":{"deliveryStatus":"MessageWaiting"}}})",
  };
  for (const std::string& body : bodies) {
    Result<DeliveryReceipt> r = ParseOrangeDeliveryReceipt(body);
    EXPECT_FALSE(r.ok()) << body.substr(0, 80);
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    }
  }
}

// ------------------------------------------------------------ error bodies

TEST(OrangeErrorTest, BothFamiliesAndOAuth) {
  OrangeError g = ParseOrangeError(
      R"({"code":42,"message":"Expired credentials","description":"The requested service needs credentials, and the ones provided were out-of-date."})");
  EXPECT_EQ(g.family, OrangeError::Family::kGateway);
  EXPECT_EQ(g.code, "42");
  EXPECT_NE(g.text.find("Expired credentials"), std::string::npos);

  OrangeError s = ParseOrangeError(
      R"({"requestError":{"serviceException":{"messageId":"SVC0004","text":"No valid addresses provided in message part %1","variables":["tel:+225"]}}})");
  EXPECT_EQ(s.family, OrangeError::Family::kService);
  EXPECT_EQ(s.code, "SVC0004");
  EXPECT_EQ(s.text, "No valid addresses provided in message part tel:+225");

  OrangeError p = ParseOrangeError(
      R"({"requestError":{"policyException":{"messageId":"POL1009","text":"User has not been provisioned for %1","variables":["SMS"]}}})");
  EXPECT_EQ(p.family, OrangeError::Family::kPolicy);
  EXPECT_EQ(p.code, "POL1009");

  OrangeError o = ParseOrangeError(
      R"({"error":"invalid_client","error_description":"bad"})");
  EXPECT_EQ(o.family, OrangeError::Family::kOAuth);
  EXPECT_EQ(o.code, "invalid_client");

  EXPECT_EQ(ParseOrangeError("<html>oops</html>").family,
            OrangeError::Family::kNone);
  EXPECT_EQ(ParseOrangeError(R"({"code":{"x":1}})").family,
            OrangeError::Family::kNone);
}

TEST(OrangeClassifyTest, SendReplies) {
  auto c = ClassifySendReply(
      201, R"({"outboundSMSMessageRequest":{"address":["tel:+2250707123456"],"senderAddress":"tel:+2250000","outboundSMSTextMessage":{"message":"hi"},"resourceURL":"https://api.orange.com/smsmessaging/v1/outbound/tel%3A%2B2250000/requests/4d5b8a2e-7d3f"}})");
  EXPECT_EQ(c.outcome, SendOutcome::kAccepted);
  EXPECT_EQ(c.message_id, "4d5b8a2e-7d3f");

  c = ClassifySendReply(201, R"({"outboundSMSMessageRequest":{"address":["tel:+225"]}})");
  EXPECT_EQ(c.outcome, SendOutcome::kUnknown);
  EXPECT_EQ(c.error_code, "NO_RESOURCE_URL");

  c = ClassifySendReply(
      201, R"({"outboundSMSMessageRequest":{"resourceURL":"https://api.orange.com/smsmessaging/v1/outbound/tel%3A%2B2250000/requests"}})");
  EXPECT_EQ(c.outcome, SendOutcome::kUnknown) << "the collection is not an id";

  c = ClassifySendReply(201, "{\"outboundSMSMessageRequest\":");
  EXPECT_EQ(c.outcome, SendOutcome::kUnknown);
  EXPECT_EQ(c.error_code, "MALFORMED_RESPONSE");

  c = ClassifySendReply(
      400, R"({"requestError":{"serviceException":{"messageId":"SVC0004","text":"No valid addresses","variables":[]}}})");
  EXPECT_EQ(c.outcome, SendOutcome::kRejected);
  EXPECT_EQ(c.error_code, "SVC0004");

  c = ClassifySendReply(
      403, R"({"requestError":{"policyException":{"messageId":"POL0001","text":"policy"}}})");
  EXPECT_EQ(c.outcome, SendOutcome::kRejected);
  EXPECT_EQ(c.error_code, "POL0001");

  c = ClassifySendReply(500, R"({"code":1,"message":"Internal error"})");
  EXPECT_EQ(c.outcome, SendOutcome::kUnknown);
  EXPECT_EQ(c.error_code, "1");

  c = ClassifySendReply(502, "<html>bad gateway</html>");
  EXPECT_EQ(c.outcome, SendOutcome::kUnknown);
  EXPECT_EQ(c.error_code, "HTTP_502");

  c = ClassifySendReply(406, "");
  EXPECT_EQ(c.outcome, SendOutcome::kRejected);
}

TEST(OrangeUrlTest, EncodingAndIds) {
  EXPECT_EQ(internal::UrlEncode("tel:+2250000"), "tel%3A%2B2250000");
  EXPECT_EQ(internal::LastPathSegment("https://x/requests/abc%2Fd?x=1"), "abc/d");
  EXPECT_EQ(internal::LastPathSegment("https://x/requests/abc/"), "abc");
  EXPECT_EQ(internal::LastPathSegment("no-slash"), "");
  EXPECT_EQ(internal::LastPathSegment("https://x/requests/a%20b"), "");

  ASSERT_OK_AND_ASSIGN(internal::BaseUrl b,
                       internal::ParseBaseUrl("https://api.orange.com"));
  EXPECT_EQ(b.host, "api.orange.com");
  EXPECT_EQ(b.port, "443");
  EXPECT_FALSE(b.host_is_ip);
  EXPECT_EQ(b.host_header, "api.orange.com");
  ASSERT_OK_AND_ASSIGN(b, internal::ParseBaseUrl("https://127.0.0.1:8443/"));
  EXPECT_TRUE(b.host_is_ip);
  EXPECT_EQ(b.port, "8443");
  EXPECT_EQ(b.host_header, "127.0.0.1:8443");
  EXPECT_FALSE(internal::ParseBaseUrl("http://api.orange.com").ok());
  EXPECT_FALSE(internal::ParseBaseUrl("https://api.orange.com/path").ok());
  EXPECT_FALSE(internal::ParseBaseUrl("https://user@host").ok());
  EXPECT_FALSE(internal::ParseBaseUrl("https://host:99999").ok());
}

// --------------------------------------------------------------- contracts

TEST(OrangeContractsTest, BareArrayAndWrappedShapes) {
  ASSERT_OK_AND_ASSIGN(auto bare, internal::ParseContracts(R"([
    {"id":"c1","country":"CIV","offerName":"SMS_OCB","availableUnits":120,
     "status":"ACTIVE","expirationDate":"2027-01-01"},
    {"id":"c2","country":"SEN","availableUnits":"7","status":"ACTIVE"}])"));
  ASSERT_EQ(bare.size(), 2u);
  EXPECT_EQ(bare[0].id, "c1");
  EXPECT_EQ(bare[0].available_units, 120);
  EXPECT_EQ(bare[0].expiration_date, "2027-01-01");
  EXPECT_EQ(bare[1].available_units, 7);

  ASSERT_OK_AND_ASSIGN(auto wrapped, internal::ParseContracts(R"({
    "partnerContracts":{"partnerId":"p","contracts":[{"service":"SMS_OCB",
      "serviceContracts":[{"country":"CIV","service":"SMS_OCB",
        "contractId":"k9","availableUnits":55,"expires":"2026-12-31"}]}]}})"));
  ASSERT_EQ(wrapped.size(), 1u);
  EXPECT_EQ(wrapped[0].id, "k9");
  EXPECT_EQ(wrapped[0].offer_name, "SMS_OCB");
  EXPECT_EQ(wrapped[0].available_units, 55);
  EXPECT_EQ(wrapped[0].expiration_date, "2026-12-31");

  ASSERT_OK_AND_ASSIGN(auto none, internal::ParseContracts("[]"));
  EXPECT_TRUE(none.empty());
  EXPECT_FALSE(internal::ParseContracts("<html>").ok());
}

// ----------------------------------------------------------------- options

class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    const char* old = getenv(name);
    had_ = old != nullptr;
    if (had_) old_ = old;
    if (value) setenv(name, value, 1); else unsetenv(name);
  }
  ~ScopedEnv() {
    if (had_) setenv(name_, old_.c_str(), 1); else unsetenv(name_);
  }

 private:
  const char* name_;
  bool had_ = false;
  std::string old_;
};

std::string WriteFile(const std::string& name, const std::string& text) {
  std::string path = (std::filesystem::temp_directory_path() /
                      ("oracle-orange-" + std::to_string(getpid()) + "-" + name))
                         .string();
  std::ofstream(path) << text;
  return path;
}

TEST(OrangeOptionsTest, LoadsFileThenEnvironment) {
  ScopedEnv a("ORACLE_ORANGE_CLIENT_ID", nullptr);
  ScopedEnv b("ORACLE_ORANGE_CLIENT_SECRET", "env-secret-value");
  ScopedEnv c("ORACLE_ORANGE_SENDER_ADDRESS", nullptr);
  ScopedEnv d("ORACLE_ORANGE_SENDER_NAME", "MyBrand");
  ScopedEnv e("ORACLE_ORANGE_BASE_URL", nullptr);
  ScopedEnv f("ORACLE_ORANGE_CA_FILE", nullptr);
  std::string path = WriteFile("ok.conf",
                               "# Orange\n"
                               "client_id = file-id\n"
                               "client_secret = \"file-secret\"\n"
                               "sender_address = tel:+2250000\n"
                               "messages_per_second = 12.5\n"
                               "max_connections = 4\n"
                               "request_timeout_ms = 2500\n"
                               "verify_peer = true\n");
  ASSERT_OK_AND_ASSIGN(OrangeSmsOptions o, LoadOrangeSmsOptions(path));
  EXPECT_EQ(o.client_id, "file-id");
  EXPECT_EQ(o.client_secret, "env-secret-value");  // env wins
  EXPECT_EQ(o.sender_address, "tel:+2250000");
  EXPECT_EQ(o.sender_name, "MyBrand");
  EXPECT_EQ(o.base_url, "https://api.orange.com");
  EXPECT_DOUBLE_EQ(o.messages_per_second, 12.5);
  EXPECT_EQ(o.max_connections, 4);
  EXPECT_EQ(o.request_timeout.count(), 2500);
  EXPECT_TRUE(o.verify_peer);
  std::filesystem::remove(path);
}

TEST(OrangeOptionsTest, EnvironmentAlone) {
  ScopedEnv a("ORACLE_ORANGE_CLIENT_ID", "env-id");
  ScopedEnv b("ORACLE_ORANGE_CLIENT_SECRET", "env-secret");
  ScopedEnv c("ORACLE_ORANGE_SENDER_ADDRESS", "tel:+2210000");
  ScopedEnv d("ORACLE_ORANGE_SENDER_NAME", nullptr);
  ScopedEnv e("ORACLE_ORANGE_BASE_URL", "https://127.0.0.1:9443");
  ScopedEnv f("ORACLE_ORANGE_CA_FILE", "/tmp/ca.pem");
  ASSERT_OK_AND_ASSIGN(OrangeSmsOptions o, LoadOrangeSmsOptions(""));
  EXPECT_EQ(o.client_id, "env-id");
  EXPECT_EQ(o.sender_address, "tel:+2210000");
  EXPECT_EQ(o.base_url, "https://127.0.0.1:9443");
  EXPECT_EQ(o.ca_file, "/tmp/ca.pem");
}

TEST(OrangeOptionsTest, ErrorsNameTheLineNeverTheSecret) {
  ScopedEnv a("ORACLE_ORANGE_CLIENT_ID", nullptr);
  ScopedEnv b("ORACLE_ORANGE_CLIENT_SECRET", nullptr);
  ScopedEnv c("ORACLE_ORANGE_BASE_URL", nullptr);
  ScopedEnv d("ORACLE_ORANGE_SENDER_ADDRESS", nullptr);
  ScopedEnv e("ORACLE_ORANGE_SENDER_NAME", nullptr);
  ScopedEnv f("ORACLE_ORANGE_CA_FILE", nullptr);
  const std::string secret = "s3cr3t-Value-Never-Shown";
  std::string path = WriteFile("bad.conf", "client_id = x\n" + secret + "\n");
  Result<OrangeSmsOptions> r = LoadOrangeSmsOptions(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(":2:"), std::string::npos);
  EXPECT_EQ(r.status().message().find(secret), std::string::npos);

  path = WriteFile("bad2.conf", "client_secret = " + secret + "\nmax_retrys = 3\n");
  r = LoadOrangeSmsOptions(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("max_retrys"), std::string::npos);
  EXPECT_EQ(r.status().message().find(secret), std::string::npos);

  path = WriteFile("bad3.conf", "client_secret = " + secret + "\n");
  r = LoadOrangeSmsOptions(path);  // no client_id
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("client_id"), std::string::npos);
  EXPECT_EQ(r.status().message().find(secret), std::string::npos);
  std::filesystem::remove(path);

  EXPECT_EQ(LoadOrangeSmsOptions("/nonexistent/orange.conf").status().code(),
            StatusCode::kIoError);
}

TEST(OrangeOptionsTest, ValidateAndRedactedToString) {
  OrangeSmsOptions o = OrangeSmsOptions::Defaults();
  o.client_id = "id-visible-nowhere";
  o.client_secret = "secret-visible-nowhere";
  o.sender_address = "tel:+2250000";
  EXPECT_OK(o.Validate());
  std::string dump = o.ToString();
  EXPECT_EQ(dump.find("id-visible-nowhere"), std::string::npos);
  EXPECT_EQ(dump.find("secret-visible-nowhere"), std::string::npos);
  EXPECT_NE(dump.find("https://api.orange.com"), std::string::npos);
  EXPECT_TRUE(o.verify_peer);

  auto bad = [&](auto mutate) {
    OrangeSmsOptions c = o;
    mutate(c);
    Status s = c.Validate();
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(s.message().find("secret-visible-nowhere"), std::string::npos);
  };
  bad([](OrangeSmsOptions& c) { c.base_url = "http://api.orange.com"; });
  bad([](OrangeSmsOptions& c) { c.client_secret.clear(); });
  bad([](OrangeSmsOptions& c) { c.sender_address = "+2250000"; });
  bad([](OrangeSmsOptions& c) { c.sender_name = "Way Too Long Name"; });
  bad([](OrangeSmsOptions& c) { c.sender_name = "Bad-Name"; });
  bad([](OrangeSmsOptions& c) { c.max_connections = 0; });
  bad([](OrangeSmsOptions& c) { c.messages_per_second = -1; });
  bad([](OrangeSmsOptions& c) { c.request_timeout = std::chrono::milliseconds(0); });
  bad([](OrangeSmsOptions& c) { c.rate_burst = 0; });
}

TEST(OrangeRedactTest, ReplacesEverySecret) {
  EXPECT_EQ(internal::Redact("a TOKEN123 b TOKEN123", {"TOKEN123", ""}),
            "a [redacted] b [redacted]");
}

}  // namespace
}  // namespace oracle
