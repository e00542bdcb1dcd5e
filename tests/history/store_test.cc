// The history store's behaviour, run against both backends (SQLite and
// PostgreSQL) by one parameterised suite.
#include <algorithm>
#include <set>
#include <thread>
#include <vector>

#include "history/store_internal.h"
#include "store_fixture.h"

namespace oracle {
namespace {

using ::oracle::testing::StoreTest;

constexpr int64_t kT0 = 1'764'000'000'000;  // 2025-11-24T16:00:00Z

std::vector<NewMessage> Messages(int n, int first = 0) {
  std::vector<NewMessage> out;
  for (int i = first; i < first + n; ++i) {
    NewMessage m;
    char buf[32];
    std::snprintf(buf, sizeof buf, "+225070%07d", i);
    m.recipient = buf;
    m.text = "Bonjour " + std::to_string(i);
    m.encoding = "GSM-7";
    m.region = "CI";
    m.operator_name = i % 2 ? "MTN" : "Orange";
    out.push_back(m);
  }
  return out;
}

class HistoryStoreTest : public StoreTest {
 protected:
  // A running campaign with n queued messages.
  int64_t RunningCampaign(int n, const std::string& name = "promo") {
    CampaignSpec spec;
    spec.name = name;
    spec.template_text = "Bonjour {name}";
    spec.sender_address = "tel:+2250000";
    spec.transport = "sandbox";
    auto id = store_->CreateCampaign(spec, kT0);
    EXPECT_OK(id);
    auto stats = store_->EnqueueMessages(*id, Messages(n), kT0);
    EXPECT_OK(stats);
    EXPECT_OK(store_->SetCampaignState(*id, CampaignState::kRunning, kT0));
    return *id;
  }

  std::vector<MessageRecord> Claim(const std::string& worker, int limit,
                                   int64_t now, int64_t lease_ms = 60'000) {
    ClaimRequest r;
    r.worker_id = worker;
    r.limit = limit;
    r.lease = std::chrono::milliseconds(lease_ms);
    r.now_unix_ms = now;
    auto claimed = store_->ClaimMessages(r);
    EXPECT_OK(claimed);
    return claimed.ok() ? *claimed : std::vector<MessageRecord>{};
  }

  MessageState StateOf(int64_t id) {
    auto m = store_->GetMessage(id);
    EXPECT_OK(m);
    return m.ok() ? m->state : MessageState::kQueued;
  }

  static SendResult Accepted(const std::string& provider_id) {
    SendResult r;
    r.outcome = SendOutcome::kAccepted;
    r.provider_message_id = provider_id;
    r.request_id = "req-" + provider_id;
    r.attempts = 1;
    return r;
  }
};

// ------------------------------------------------------------- schema

TEST_P(HistoryStoreTest, OpensAtLatestSchemaAndReopens) {
  ASSERT_OK_AND_ASSIGN(int v, store_->SchemaVersion());
  EXPECT_EQ(v, internal::LatestSchemaVersion());
  EXPECT_EQ(store_->backend(), GetParam());
  int64_t id = RunningCampaign(3);
  store_.reset();
  ASSERT_OK_AND_ASSIGN(auto again, Open());
  ASSERT_OK_AND_ASSIGN(CampaignRecord c, again->GetCampaign(id));
  EXPECT_EQ(c.spec.name, "promo");
  EXPECT_EQ(c.state, CampaignState::kRunning);
}

TEST_P(HistoryStoreTest, OlderStoreIsUpgradedKeepingItsData) {
  // A fresh location migrated only to version 1, with data in it.
  testing::StoreLocation old_location(GetParam());
  ASSERT_TRUE(old_location.available());
  {
    ASSERT_OK_AND_ASSIGN(auto v1, internal::OpenHistoryStoreAt(old_location.url(), {}, 1));
    ASSERT_OK_AND_ASSIGN(int v, v1->SchemaVersion());
    EXPECT_EQ(v, 1);
    CampaignSpec spec;
    spec.name = "old";
    ASSERT_OK(v1->CreateCampaign(spec, kT0));
    // Version 1 has no opt-out table.
    EXPECT_FALSE(v1->AddOptOut("+2250700000001", "", kT0).ok());
  }
  HistoryOptions no_migrate;
  no_migrate.migrate = false;
  auto refused = OpenHistoryStore(old_location.url(), no_migrate);
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);

  ASSERT_OK_AND_ASSIGN(auto upgraded, OpenHistoryStore(old_location.url()));
  ASSERT_OK_AND_ASSIGN(int v, upgraded->SchemaVersion());
  EXPECT_EQ(v, internal::LatestSchemaVersion());
  ASSERT_OK_AND_ASSIGN(CampaignRecord c, upgraded->FindCampaign("old"));
  EXPECT_EQ(c.spec.name, "old");
  EXPECT_OK(upgraded->AddOptOut("+2250700000001", "STOP", kT0));
}

TEST_P(HistoryStoreTest, NewerStoreIsRefusedClearly) {
  ASSERT_OK_AND_ASSIGN(auto raw, location_->Raw());
  ASSERT_OK(raw->Query("INSERT INTO schema_version (version, description, applied_at) "
                       "VALUES (99, 'from the future', 0)",
                       {}));
  store_.reset();
  auto r = Open();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("99"), std::string::npos) << r.status().ToString();
  EXPECT_NE(r.status().message().find("newer"), std::string::npos);
}

TEST(HistoryOpenTest, BadUrlsAndOptions) {
  EXPECT_EQ(OpenHistoryStore("mysql://x").status().code(), StatusCode::kInvalidArgument);
  HistoryOptions o;
  o.number_privacy = NumberPrivacy::kHashed;
  EXPECT_EQ(OpenHistoryStore("sqlite::memory:", o).status().code(),
            StatusCode::kInvalidArgument);
  auto unreachable = OpenHistoryStore(
      "postgresql://bob:s3cr3tpw@127.0.0.1:1/nothing?connect_timeout=2");
  ASSERT_FALSE(unreachable.ok());
  EXPECT_EQ(unreachable.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(unreachable.status().message().find("s3cr3tpw"), std::string::npos)
      << unreachable.status().ToString();
  auto bad_path = OpenHistoryStore("sqlite:/nonexistent-dir/x/oracle.db");
  EXPECT_EQ(bad_path.status().code(), StatusCode::kIoError);
}

// ------------------------------------------------------------- jobs

TEST_P(HistoryStoreTest, JobsRecordCountsAndDurations) {
  ASSERT_OK_AND_ASSIGN(int64_t a, store_->BeginJob(JobKind::kImport, "in.csv", kT0));
  ASSERT_OK_AND_ASSIGN(int64_t b,
                       store_->BeginJob(JobKind::kSegmentation, "in.csv -> out.csv", kT0 + 5));
  ASSERT_OK(store_->FinishJob(a, "ok", 100, 98, 2, "", kT0 + 1500));
  EXPECT_EQ(store_->FinishJob(a, "ok", 1, 1, 0, "", kT0 + 1600).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->FinishJob(b, "great", 1, 1, 0, "", kT0).code(),
            StatusCode::kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(JobRecord j, store_->GetJob(a));
  EXPECT_EQ(j.kind, JobKind::kImport);
  EXPECT_EQ(j.status, "ok");
  EXPECT_EQ(j.rows_ok, 98);
  EXPECT_EQ(j.rows_failed, 2);
  EXPECT_EQ(j.duration_ms(), 1500);
  ASSERT_OK_AND_ASSIGN(auto page1, store_->ListJobs(1, ""));
  ASSERT_EQ(page1.items.size(), 1u);
  EXPECT_EQ(page1.items[0].id, b);  // newest first
  EXPECT_EQ(page1.items[0].status, "running");
  ASSERT_OK_AND_ASSIGN(auto page2, store_->ListJobs(1, page1.next_cursor));
  ASSERT_EQ(page2.items.size(), 1u);
  EXPECT_EQ(page2.items[0].id, a);
  EXPECT_TRUE(page2.next_cursor.empty());
  EXPECT_EQ(store_->GetJob(999).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->ListJobs(1, "garbage").status().code(), StatusCode::kInvalidArgument);
}

// ------------------------------------------------------------- campaigns

TEST_P(HistoryStoreTest, CampaignNamesAreUniqueAndStatesFinal) {
  CampaignSpec spec;
  spec.name = "black-friday";
  spec.scheduled_start_unix_ms = kT0 + 3'600'000;
  spec.rate_per_second = 25;
  ASSERT_OK_AND_ASSIGN(int64_t id, store_->CreateCampaign(spec, kT0));
  EXPECT_EQ(store_->CreateCampaign(spec, kT0).status().code(), StatusCode::kAlreadyExists);
  ASSERT_OK_AND_ASSIGN(CampaignRecord c, store_->FindCampaign("black-friday"));
  EXPECT_EQ(c.id, id);
  EXPECT_EQ(c.state, CampaignState::kScheduled);
  EXPECT_DOUBLE_EQ(c.spec.rate_per_second, 25);
  EXPECT_EQ(store_->FindCampaign("nope").status().code(), StatusCode::kNotFound);
  ASSERT_OK(store_->SetCampaignState(id, CampaignState::kRunning, kT0));
  ASSERT_OK(store_->SetCampaignState(id, CampaignState::kPaused, kT0));
  ASSERT_OK(store_->SetCampaignState(id, CampaignState::kDone, kT0));
  EXPECT_EQ(store_->SetCampaignState(id, CampaignState::kRunning, kT0).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->EnqueueMessages(id, Messages(1), kT0).status().code(),
            StatusCode::kFailedPrecondition);
  ASSERT_OK_AND_ASSIGN(auto all, store_->ListCampaigns());
  EXPECT_EQ(all.size(), 1u);
}

TEST_P(HistoryStoreTest, CancellingCancelsWhatWasNotSent) {
  int64_t id = RunningCampaign(4);
  auto claimed = Claim("w1", 2, kT0);
  ASSERT_EQ(claimed.size(), 2u);
  ASSERT_OK(store_->MarkSending(claimed[0].id, "w1", kT0));
  ASSERT_OK(store_->SetCampaignState(id, CampaignState::kCancelled, kT0 + 1));
  HistoryQuery q;
  q.campaign_id = id;
  ASSERT_OK_AND_ASSIGN(auto counts, store_->CountMessages(q, CountBy::kState));
  ASSERT_EQ(counts.size(), 2u);
  EXPECT_EQ(counts[0].key, "cancelled");
  EXPECT_EQ(counts[0].count, 3);
  EXPECT_EQ(counts[1].key, "sending");  // in flight: its outcome still counts
  EXPECT_EQ(Claim("w2", 10, kT0 + 10'000'000).size(), 0u);
}

// ------------------------------------------------------------- outbox

TEST_P(HistoryStoreTest, EnqueueIsIdempotentPerRecipient) {
  CampaignSpec spec;
  spec.name = "c";
  ASSERT_OK_AND_ASSIGN(int64_t id, store_->CreateCampaign(spec, kT0));
  ASSERT_OK_AND_ASSIGN(EnqueueStats s1, store_->EnqueueMessages(id, Messages(3), kT0));
  EXPECT_EQ(s1.inserted, 3);
  EXPECT_EQ(s1.duplicates, 0);
  // A re-run with one more recipient, and a duplicate inside the batch.
  auto again = Messages(4);
  again.push_back(again[3]);
  ASSERT_OK_AND_ASSIGN(EnqueueStats s2, store_->EnqueueMessages(id, again, kT0));
  EXPECT_EQ(s2.inserted, 1);
  EXPECT_EQ(s2.duplicates, 4);
  // A bad recipient: nothing of the batch is written.
  auto bad = Messages(2, 100);
  bad[1].recipient = "0707123456";
  auto r = store_->EnqueueMessages(id, bad, kT0);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("0707123456"), std::string::npos);
  HistoryQuery q;
  q.campaign_id = id;
  ASSERT_OK_AND_ASSIGN(auto counts, store_->CountMessages(q, CountBy::kState));
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts[0].count, 4);
  EXPECT_EQ(store_->EnqueueMessages(12345, Messages(1), kT0).status().code(),
            StatusCode::kNotFound);
}

TEST_P(HistoryStoreTest, ClaimLeasesOnlyRunningCampaignsDueMessages) {
  CampaignSpec spec;
  spec.name = "draft";
  ASSERT_OK_AND_ASSIGN(int64_t draft, store_->CreateCampaign(spec, kT0));
  ASSERT_OK(store_->EnqueueMessages(draft, Messages(5, 500), kT0));
  int64_t id = RunningCampaign(5);
  auto first = Claim("w1", 3, kT0);
  ASSERT_EQ(first.size(), 3u);
  for (const auto& m : first) {
    EXPECT_EQ(m.campaign_id, id);
    EXPECT_EQ(m.state, MessageState::kClaimed);
    EXPECT_EQ(m.lease_owner, "w1");
    EXPECT_EQ(m.lease_expires_unix_ms, kT0 + 60'000);
    EXPECT_EQ(m.sender_address, "tel:+2250000");
    EXPECT_EQ(m.transport, "sandbox");
    EXPECT_FALSE(m.text.empty());
  }
  auto second = Claim("w2", 10, kT0);
  ASSERT_EQ(second.size(), 2u);  // the rest; the draft's are not claimable
  std::set<int64_t> ids;
  for (const auto& m : first) ids.insert(m.id);
  for (const auto& m : second) EXPECT_EQ(ids.count(m.id), 0u);
  EXPECT_EQ(Claim("w3", 10, kT0).size(), 0u);

  ClaimRequest bad;
  bad.worker_id = "";
  EXPECT_EQ(store_->ClaimMessages(bad).status().code(), StatusCode::kInvalidArgument);
}

TEST_P(HistoryStoreTest, ExpiredClaimIsTakenOverAndOldOwnerMayNotSend) {
  RunningCampaign(1);
  auto a = Claim("w1", 1, kT0, 1000);
  ASSERT_EQ(a.size(), 1u);
  // Before expiry nobody else gets it.
  EXPECT_EQ(Claim("w2", 1, kT0 + 999).size(), 0u);
  auto b = Claim("w2", 1, kT0 + 1000);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].id, a[0].id);
  EXPECT_EQ(b[0].lease_owner, "w2");
  EXPECT_EQ(store_->MarkSending(a[0].id, "w1", kT0 + 1001).code(),
            StatusCode::kFailedPrecondition);
  // An expired lease cannot be used either.
  EXPECT_EQ(store_->MarkSending(b[0].id, "w2", kT0 + 1000 + 60'000).code(),
            StatusCode::kFailedPrecondition);
  ASSERT_OK(store_->MarkSending(b[0].id, "w2", kT0 + 1002));
  ASSERT_OK_AND_ASSIGN(MessageRecord m, store_->GetMessage(b[0].id));
  EXPECT_EQ(m.state, MessageState::kSending);
  EXPECT_EQ(m.attempts, 1);
}

TEST_P(HistoryStoreTest, SendOutcomesMoveMessages) {
  RunningCampaign(4);
  auto c = Claim("w", 4, kT0);
  ASSERT_EQ(c.size(), 4u);
  for (const auto& m : c) ASSERT_OK(store_->MarkSending(m.id, "w", kT0));

  ASSERT_OK(store_->RecordSendResult(c[0].id, "w", Accepted("p-0"), kT0 + 1));
  SendResult rejected;
  rejected.outcome = SendOutcome::kRejected;
  rejected.error_code = "SVC0004";
  rejected.error_message = "invalid address";
  ASSERT_OK(store_->RecordSendResult(c[1].id, "w", rejected, kT0 + 1));
  SendResult later;
  later.outcome = SendOutcome::kRetryLater;
  later.error_code = "POL0001";
  later.retry_after = std::chrono::milliseconds(5000);
  ASSERT_OK(store_->RecordSendResult(c[2].id, "w", later, kT0 + 1));
  SendResult unknown;
  unknown.outcome = SendOutcome::kUnknown;
  unknown.error_code = "TIMEOUT";
  ASSERT_OK(store_->RecordSendResult(c[3].id, "w", unknown, kT0 + 1));
  // Twice, or by another worker: refused.
  EXPECT_EQ(store_->RecordSendResult(c[1].id, "w", rejected, kT0 + 2).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->RecordSendResult(c[3].id, "other", unknown, kT0 + 2).code(),
            StatusCode::kFailedPrecondition);

  ASSERT_OK_AND_ASSIGN(MessageRecord sent, store_->GetMessage(c[0].id));
  EXPECT_EQ(sent.state, MessageState::kSent);
  EXPECT_EQ(sent.provider_message_id, "p-0");
  EXPECT_EQ(sent.request_id, "req-p-0");
  ASSERT_OK_AND_ASSIGN(MessageRecord failed, store_->GetMessage(c[1].id));
  EXPECT_EQ(failed.state, MessageState::kFailed);
  EXPECT_EQ(failed.last_error_code, "SVC0004");
  ASSERT_OK_AND_ASSIGN(MessageRecord queued, store_->GetMessage(c[2].id));
  EXPECT_EQ(queued.state, MessageState::kQueued);
  EXPECT_EQ(queued.not_before_unix_ms, kT0 + 1 + 5000);
  EXPECT_EQ(StateOf(c[3].id), MessageState::kUnknown);

  // Only the retry comes back, and only when due; the unknown one never.
  EXPECT_EQ(Claim("w", 10, kT0 + 4000).size(), 0u);
  auto again = Claim("w", 10, kT0 + 5001);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].id, c[2].id);
  EXPECT_EQ(again[0].attempts, 1);

  // The whole life is on record as events.
  HistoryQuery q;
  q.number = c[0].recipient;
  ASSERT_OK_AND_ASSIGN(auto events, store_->QueryEvents(q));
  std::vector<std::string> states;
  for (const auto& e : events.items) states.push_back(e.state);
  EXPECT_EQ(states, (std::vector<std::string>{"sent", "sending", "claimed", "queued"}));
}

TEST_P(HistoryStoreTest, RecoveryNeverResendsWhatMayHaveBeenSent) {
  RunningCampaign(3);
  auto c = Claim("crashed", 3, kT0, 1000);
  ASSERT_EQ(c.size(), 3u);
  ASSERT_OK(store_->MarkSending(c[0].id, "crashed", kT0 + 10));
  // The worker dies. Before expiry nothing is recovered.
  ASSERT_OK_AND_ASSIGN(RecoverStats early, store_->RecoverExpired(kT0 + 999));
  EXPECT_EQ(early.requeued + early.made_unknown, 0);
  ASSERT_OK_AND_ASSIGN(RecoverStats s, store_->RecoverExpired(kT0 + 1000));
  EXPECT_EQ(s.requeued, 2);
  EXPECT_EQ(s.made_unknown, 1);
  EXPECT_EQ(StateOf(c[0].id), MessageState::kUnknown);
  auto again = Claim("new", 10, kT0 + 2000);
  ASSERT_EQ(again.size(), 2u);
  for (const auto& m : again) EXPECT_NE(m.id, c[0].id);
  // The old worker's late answer is still recorded (it knows better).
  ASSERT_OK(store_->RecordSendResult(c[0].id, "crashed", Accepted("late"), kT0 + 3000));
  EXPECT_EQ(StateOf(c[0].id), MessageState::kSent);
}

TEST_P(HistoryStoreTest, HumansResolveUnknownMessages) {
  RunningCampaign(3);
  auto c = Claim("w", 3, kT0, 1000);
  for (const auto& m : c) ASSERT_OK(store_->MarkSending(m.id, "w", kT0));
  ASSERT_OK(store_->RecoverExpired(kT0 + 5000));
  ASSERT_OK(store_->ResolveUnknown(c[0].id, UnknownDecision::kMarkSent, "console", kT0));
  ASSERT_OK(store_->ResolveUnknown(c[1].id, UnknownDecision::kMarkFailed, "", kT0));
  ASSERT_OK(store_->ResolveUnknown(c[2].id, UnknownDecision::kRequeue, "", kT0));
  EXPECT_EQ(StateOf(c[0].id), MessageState::kSent);
  EXPECT_EQ(StateOf(c[1].id), MessageState::kFailed);
  EXPECT_EQ(StateOf(c[2].id), MessageState::kQueued);
  EXPECT_EQ(store_->ResolveUnknown(c[0].id, UnknownDecision::kRequeue, "", kT0).code(),
            StatusCode::kFailedPrecondition);
  auto again = Claim("w2", 10, kT0 + 6000);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].id, c[2].id);
}

// ------------------------------------------------------------- receipts

DeliveryReceipt Receipt(const std::string& id, DeliveryStatus s, int64_t at,
                        const std::string& address = "") {
  DeliveryReceipt r;
  r.provider_message_id = id;
  r.status = s;
  static const char* const kNames[] = {
      "DeliveredToTerminal", "DeliveredToNetwork", "MessageWaiting",
      "DeliveryUncertain",   "DeliveryImpossible", "DeliveryNotificationNotSupported"};
  r.raw_status = kNames[static_cast<int>(s)];
  r.address = address;
  r.received_at_unix_ms = at;
  return r;
}

TEST_P(HistoryStoreTest, ReceiptsOnlyMoveForwardAndDuplicatesAreNoticed) {
  RunningCampaign(1);
  auto c = Claim("w", 1, kT0);
  ASSERT_OK(store_->MarkSending(c[0].id, "w", kT0));
  ASSERT_OK(store_->RecordSendResult(c[0].id, "w", Accepted("p1"), kT0));
  ASSERT_OK_AND_ASSIGN(ReceiptOutcome a, store_->RecordReceipt(
                                             Receipt("p1", DeliveryStatus::kDeliveredToTerminal, kT0 + 5)));
  EXPECT_FALSE(a.duplicate);
  EXPECT_EQ(a.message_id, c[0].id);
  EXPECT_TRUE(a.status_changed);
  EXPECT_EQ(a.message_state, MessageState::kDelivered);
  ASSERT_OK_AND_ASSIGN(ReceiptOutcome dup, store_->RecordReceipt(
                                               Receipt("p1", DeliveryStatus::kDeliveredToTerminal, kT0 + 6)));
  EXPECT_TRUE(dup.duplicate);
  EXPECT_FALSE(dup.status_changed);
  // An older status arriving late changes nothing.
  ASSERT_OK_AND_ASSIGN(ReceiptOutcome old, store_->RecordReceipt(
                                               Receipt("p1", DeliveryStatus::kDeliveredToNetwork, kT0 + 7)));
  EXPECT_FALSE(old.duplicate);
  EXPECT_FALSE(old.status_changed);
  ASSERT_OK_AND_ASSIGN(MessageRecord m, store_->GetMessage(c[0].id));
  EXPECT_EQ(m.state, MessageState::kDelivered);
  ASSERT_TRUE(m.delivery_status.has_value());
  EXPECT_EQ(*m.delivery_status, DeliveryStatus::kDeliveredToTerminal);
  EXPECT_EQ(store_->RecordReceipt(Receipt("", DeliveryStatus::kDeliveredToNetwork, kT0))
                .status()
                .code(),
            StatusCode::kInvalidArgument);
}

TEST_P(HistoryStoreTest, EarlyReceiptsWaitInTheInbox) {
  RunningCampaign(2);
  auto c = Claim("w", 2, kT0);
  ASSERT_OK(store_->MarkSending(c[0].id, "w", kT0));
  // The receipt beats the send's record.
  ASSERT_OK_AND_ASSIGN(ReceiptOutcome r, store_->RecordReceipt(Receipt(
                                             "early", DeliveryStatus::kDeliveredToNetwork, kT0 + 1)));
  EXPECT_EQ(r.message_id, 0);
  EXPECT_EQ(StateOf(c[0].id), MessageState::kSending);
  ASSERT_OK(store_->RecordSendResult(c[0].id, "w", Accepted("early"), kT0 + 2));
  ASSERT_OK_AND_ASSIGN(MessageRecord m, store_->GetMessage(c[0].id));
  EXPECT_EQ(m.state, MessageState::kDelivered);
  EXPECT_EQ(*m.delivery_status, DeliveryStatus::kDeliveredToNetwork);
  // Delivery impossible after a send: failed.
  ASSERT_OK(store_->MarkSending(c[1].id, "w", kT0));
  ASSERT_OK(store_->RecordSendResult(c[1].id, "w", Accepted("p2"), kT0 + 2));
  ASSERT_OK(store_->RecordReceipt(Receipt("p2", DeliveryStatus::kDeliveryImpossible, kT0 + 3)));
  EXPECT_EQ(StateOf(c[1].id), MessageState::kFailed);
}

TEST_P(HistoryStoreTest, AReceiptSettlesAnUnknownMessage) {
  RunningCampaign(2);
  auto c = Claim("w", 2, kT0);
  SendResult unknown;
  unknown.outcome = SendOutcome::kUnknown;
  unknown.error_code = "TIMEOUT";
  for (const auto& m : c) {
    ASSERT_OK(store_->MarkSending(m.id, "w", kT0));
    ASSERT_OK(store_->RecordSendResult(m.id, "w", unknown, kT0 + 1));
  }
  ASSERT_OK_AND_ASSIGN(
      ReceiptOutcome r,
      store_->RecordReceipt(Receipt("px", DeliveryStatus::kDeliveredToTerminal, kT0 + 9,
                                    "tel:" + c[1].recipient)));
  EXPECT_EQ(r.message_id, c[1].id);
  EXPECT_EQ(r.message_state, MessageState::kDelivered);
  ASSERT_OK_AND_ASSIGN(MessageRecord m, store_->GetMessage(c[1].id));
  EXPECT_EQ(m.provider_message_id, "px");
  EXPECT_EQ(StateOf(c[0].id), MessageState::kUnknown);
}

// ------------------------------------------------------------- opt-outs

TEST_P(HistoryStoreTest, OptedOutRecipientsAreNeverClaimed) {
  auto msgs = Messages(3);
  ASSERT_OK(store_->AddOptOut(msgs[1].recipient, "STOP", kT0));
  ASSERT_OK_AND_ASSIGN(bool out, store_->IsOptedOut(msgs[1].recipient));
  EXPECT_TRUE(out);
  ASSERT_OK_AND_ASSIGN(bool in, store_->IsOptedOut(msgs[0].recipient));
  EXPECT_FALSE(in);
  EXPECT_EQ(store_->AddOptOut("12", "", kT0).code(), StatusCode::kInvalidArgument);
  RunningCampaign(3);
  auto c = Claim("w", 10, kT0);
  ASSERT_EQ(c.size(), 2u);
  for (const auto& m : c) EXPECT_NE(m.recipient, msgs[1].recipient);
  HistoryQuery q;
  q.state = MessageState::kOptedOut;
  ASSERT_OK_AND_ASSIGN(auto page, store_->QueryMessages(q));
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].recipient, msgs[1].recipient);
  ASSERT_OK(store_->RemoveOptOut(msgs[1].recipient));
  ASSERT_OK_AND_ASSIGN(bool after, store_->IsOptedOut(msgs[1].recipient));
  EXPECT_FALSE(after);
}

// ------------------------------------------------------------- queries

TEST_P(HistoryStoreTest, QueriesFilterAndPageWithoutGapsOrRepeats) {
  CampaignSpec spec;
  spec.name = "q";
  ASSERT_OK_AND_ASSIGN(int64_t id, store_->CreateCampaign(spec, kT0));
  ASSERT_OK(store_->EnqueueMessages(id, Messages(10), kT0));
  ASSERT_OK(store_->EnqueueMessages(id, Messages(7, 10), kT0 + 86'400'000));
  HistoryQuery q;
  q.campaign_id = id;
  q.limit = 4;
  std::set<int64_t> seen;
  int pages = 0;
  int64_t last = INT64_MAX;
  do {
    ASSERT_OK_AND_ASSIGN(auto page, store_->QueryMessages(q));
    for (const auto& m : page.items) {
      EXPECT_LT(m.id, last);
      last = m.id;
      EXPECT_TRUE(seen.insert(m.id).second);
    }
    q.cursor = page.next_cursor;
    ++pages;
  } while (!q.cursor.empty());
  EXPECT_EQ(seen.size(), 17u);
  EXPECT_EQ(pages, 5);

  HistoryQuery by_op;
  by_op.operator_name = "MTN";
  by_op.limit = 100;
  ASSERT_OK_AND_ASSIGN(auto mtn, store_->QueryMessages(by_op));
  EXPECT_EQ(mtn.items.size(), 8u);
  HistoryQuery by_number;
  by_number.number = "+2250700000003";
  ASSERT_OK_AND_ASSIGN(auto one, store_->QueryMessages(by_number));
  ASSERT_EQ(one.items.size(), 1u);
  EXPECT_EQ(one.items[0].text, "Bonjour 3");
  HistoryQuery by_date;
  by_date.from_unix_ms = kT0 + 1;
  ASSERT_OK_AND_ASSIGN(auto day2, store_->QueryMessages(by_date));
  EXPECT_EQ(day2.items.size(), 7u);
  by_date.from_unix_ms = 0;
  by_date.to_unix_ms = kT0 + 1;
  ASSERT_OK_AND_ASSIGN(auto day1, store_->QueryMessages(by_date));
  EXPECT_EQ(day1.items.size(), 10u);

  ASSERT_OK_AND_ASSIGN(auto per_day, store_->CountMessages({}, CountBy::kDay));
  ASSERT_EQ(per_day.size(), 2u);
  EXPECT_EQ(per_day[0].key, "2025-11-24");
  EXPECT_EQ(per_day[0].count, 10);
  EXPECT_EQ(per_day[1].key, "2025-11-25");
  EXPECT_EQ(per_day[1].count, 7);
  ASSERT_OK_AND_ASSIGN(auto per_op, store_->CountMessages({}, CountBy::kOperator));
  ASSERT_EQ(per_op.size(), 2u);
  EXPECT_EQ(per_op[0].key, "MTN");
  EXPECT_EQ(per_op[0].count, 8);
  EXPECT_EQ(per_op[1].key, "Orange");
  EXPECT_EQ(per_op[1].count, 9);

  HistoryQuery bad;
  bad.cursor = "c1.12x";
  EXPECT_EQ(store_->QueryMessages(bad).status().code(), StatusCode::kInvalidArgument);
  bad.cursor.clear();
  bad.limit = 0;
  EXPECT_EQ(store_->QueryMessages(bad).status().code(), StatusCode::kInvalidArgument);
  HistoryQuery bad_state;
  bad_state.state_name = "lost";
  EXPECT_EQ(store_->CountMessages(bad_state, CountBy::kState).status().code(),
            StatusCode::kInvalidArgument);
}

// ------------------------------------------------------------- privacy

TEST_P(HistoryStoreTest, HashedNumbersKeepNoDigitsOnceSettled) {
  HistoryOptions o;
  o.number_privacy = NumberPrivacy::kHashed;
  o.number_hmac_key = "k3y-for-tests";
  o.body_retention = BodyRetention::kDropWhenSettled;
  store_.reset();
  ASSERT_OK_AND_ASSIGN(store_, Open(o));
  RunningCampaign(2);
  auto c = Claim("w", 2, kT0);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].recipient, "+2250700000000");  // pending: still sendable
  ASSERT_OK(store_->MarkSending(c[0].id, "w", kT0));
  ASSERT_OK(store_->RecordSendResult(c[0].id, "w", Accepted("h1"), kT0));
  ASSERT_OK_AND_ASSIGN(MessageRecord m, store_->GetMessage(c[0].id));
  EXPECT_EQ(m.recipient, "hmac:" + internal::HmacHex("k3y-for-tests", "+2250700000000"));
  EXPECT_TRUE(m.text_dropped);
  EXPECT_TRUE(m.text.empty());
  HistoryQuery q;
  q.number = "+2250700000000";
  ASSERT_OK_AND_ASSIGN(auto page, store_->QueryMessages(q));
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].id, c[0].id);
  ASSERT_OK_AND_ASSIGN(auto events, store_->QueryEvents(q));
  ASSERT_GE(events.items.size(), 4u);
  for (const auto& e : events.items) {
    EXPECT_EQ(e.number.find("0700000000"), std::string::npos) << e.number;
  }
  // Raw rows: no number in clear anywhere for the settled message.
  ASSERT_OK_AND_ASSIGN(auto raw, location_->Raw());
  ASSERT_OK_AND_ASSIGN(auto rows,
                       raw->Query("SELECT recipient, number_key FROM messages WHERE id = ?",
                                  {c[0].id}));
  EXPECT_EQ(internal::AsText(rows[0][0]).find("0700000000"), std::string::npos);
  EXPECT_EQ(internal::AsText(rows[0][1]).find("0700000000"), std::string::npos);
  // A receipt's address is kept hashed too.
  ASSERT_OK(store_->RecordReceipt(
      Receipt("h1", DeliveryStatus::kDeliveredToTerminal, kT0 + 1, "tel:+2250700000000")));
  ASSERT_OK_AND_ASSIGN(auto receipts, raw->Query("SELECT address FROM receipts", {}));
  ASSERT_EQ(receipts.size(), 1u);
  EXPECT_EQ(internal::AsText(receipts[0][0]).find("0700000000"), std::string::npos);
  // Another key cannot find it.
  o.number_hmac_key = "other";
  ASSERT_OK_AND_ASSIGN(auto other, Open(o));
  ASSERT_OK_AND_ASSIGN(auto none, other->QueryMessages(q));
  EXPECT_TRUE(none.items.empty());
}

TEST_P(HistoryStoreTest, MaskedNumbers) {
  EXPECT_EQ(internal::MaskNumber("+2250707123456"), "+225070*****56");
  HistoryOptions o;
  o.number_privacy = NumberPrivacy::kMasked;
  o.number_hmac_key = "k";
  store_.reset();
  ASSERT_OK_AND_ASSIGN(store_, Open(o));
  RunningCampaign(1);
  auto c = Claim("w", 1, kT0);
  ASSERT_OK(store_->MarkSending(c[0].id, "w", kT0));
  SendResult rejected;
  rejected.outcome = SendOutcome::kRejected;
  ASSERT_OK(store_->RecordSendResult(c[0].id, "w", rejected, kT0));
  ASSERT_OK_AND_ASSIGN(MessageRecord m, store_->GetMessage(c[0].id));
  EXPECT_EQ(m.recipient, "+225070*****00");
  EXPECT_FALSE(m.text_dropped);
}

// ------------------------------------------------------------- events

TEST_P(HistoryStoreTest, AppenderWritesInBatchesAndOnClose) {
  AppenderOptions ao;
  ao.batch_size = 100;
  ao.flush_interval = std::chrono::hours(1);
  ASSERT_OK_AND_ASSIGN(auto appender, store_->MakeAppender(ao));
  for (int i = 0; i < 250; ++i) {
    EventRecord e;
    e.at_unix_ms = kT0 + i;
    e.kind = "segmentation";
    e.number = "+22507000" + std::to_string(10000 + i % 10);
    e.state = "ok";
    ASSERT_OK(appender->Append(e));
  }
  EXPECT_EQ(appender->written(), 200);
  HistoryQuery q;
  q.number = "+2250700010003";
  ASSERT_OK_AND_ASSIGN(auto before, store_->QueryEvents(q));
  EXPECT_EQ(before.items.size(), 20u);
  ASSERT_OK(appender->Close());
  EXPECT_EQ(appender->written(), 250);
  ASSERT_OK_AND_ASSIGN(auto after, store_->QueryEvents(q));
  EXPECT_EQ(after.items.size(), 25u);
  EXPECT_EQ(appender->Append({}).code(), StatusCode::kFailedPrecondition);

  EventRecord bad;
  bad.number = "not a number";
  EXPECT_EQ(store_->AppendEvents({bad}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->MakeAppender({0}).status().code(), StatusCode::kInvalidArgument);
}

TEST_P(HistoryStoreTest, EventsFilteredByKind) {
  std::vector<EventRecord> events;
  for (int i = 0; i < 30; ++i) {
    EventRecord e;
    e.at_unix_ms = kT0 + i;
    e.kind = i % 3 == 0 ? "sms" : (i % 3 == 1 ? "import" : "job");
    e.number = "+2250700000042";
    e.state = i % 2 == 0 ? "accepted" : "sending";
    events.push_back(e);
  }
  ASSERT_OK(store_->AppendEvents(events));
  HistoryQuery q;
  q.kind = "sms";
  q.limit = 4;
  // Every page, newest first, holds only that kind.
  std::vector<int64_t> at;
  for (;;) {
    ASSERT_OK_AND_ASSIGN(auto page, store_->QueryEvents(q));
    for (const EventRecord& e : page.items) {
      EXPECT_EQ(e.kind, "sms");
      at.push_back(e.at_unix_ms);
    }
    if (page.next_cursor.empty()) break;
    q.cursor = page.next_cursor;
  }
  ASSERT_EQ(at.size(), 10u);
  for (size_t k = 0; k < at.size(); ++k) {
    EXPECT_EQ(at[k], kT0 + 27 - 3 * static_cast<int64_t>(k));
  }
  // With a state, both apply.
  HistoryQuery both;
  both.kind = "sms";
  both.state_name = "accepted";
  ASSERT_OK_AND_ASSIGN(auto accepted, store_->QueryEvents(both));
  EXPECT_EQ(accepted.items.size(), 5u);  // i = 0, 6, 12, 18, 24
  HistoryQuery none;
  none.kind = "no such kind";
  ASSERT_OK_AND_ASSIGN(auto empty, store_->QueryEvents(none));
  EXPECT_TRUE(empty.items.empty());
  // Messages have no kind.
  EXPECT_EQ(store_->QueryMessages(q).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_P(HistoryStoreTest, AppenderFlushesOnTime) {
  AppenderOptions ao;
  ao.batch_size = 1000;
  ao.flush_interval = std::chrono::milliseconds(20);
  ASSERT_OK_AND_ASSIGN(auto appender, store_->MakeAppender(ao));
  EventRecord e;
  e.kind = "import";
  e.number = "+2250700000042";
  ASSERT_OK(appender->Append(e));
  // Nothing else happens: the background flush writes it.
  HistoryQuery q;
  q.number = e.number;
  bool seen = false;
  for (int i = 0; i < 500 && !seen; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    auto page = store_->QueryEvents(q);
    ASSERT_OK(page);
    seen = page->items.size() == 1;
  }
  EXPECT_TRUE(seen);
  EXPECT_EQ(appender->written(), 1);
}

// ------------------------------------------------------------- segments

TEST_P(HistoryStoreTest, SavedSegments) {
  SavedSegment list;
  list.name = "vip";
  list.numbers = {"+2250700000001", "+2250700000002"};
  ASSERT_OK(store_->SaveSegment(list, kT0));
  SavedSegment filter;
  filter.name = "orange-mobiles";
  filter.filter.source_path = "contacts.segmented.csv";
  filter.filter.regions = {"CI"};
  filter.filter.operators = {"Orange", "Orange CI"};
  filter.filter.number_types = {"MOBILE"};
  ASSERT_OK(store_->SaveSegment(filter, kT0));
  ASSERT_OK_AND_ASSIGN(SavedSegment got, store_->GetSegment("vip"));
  EXPECT_EQ(got.numbers, list.numbers);
  ASSERT_OK_AND_ASSIGN(SavedSegment f, store_->GetSegment("orange-mobiles"));
  EXPECT_TRUE(f.numbers.empty());
  EXPECT_EQ(f.filter.operators, filter.filter.operators);
  EXPECT_EQ(f.filter.number_types, filter.filter.number_types);
  list.numbers = {"+2250700000003"};
  ASSERT_OK(store_->SaveSegment(list, kT0 + 1));
  ASSERT_OK_AND_ASSIGN(SavedSegment replaced, store_->GetSegment("vip"));
  EXPECT_EQ(replaced.numbers, list.numbers);
  ASSERT_OK_AND_ASSIGN(auto names, store_->ListSegments());
  EXPECT_EQ(names, (std::vector<std::string>{"orange-mobiles", "vip"}));
  ASSERT_OK(store_->DeleteSegment("vip"));
  EXPECT_EQ(store_->GetSegment("vip").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->DeleteSegment("vip").code(), StatusCode::kNotFound);
  SavedSegment empty;
  empty.name = "empty";
  EXPECT_EQ(store_->SaveSegment(empty, kT0).code(), StatusCode::kInvalidArgument);
  SavedSegment bad;
  bad.name = "bad";
  bad.numbers = {"0700"};
  EXPECT_EQ(store_->SaveSegment(bad, kT0).code(), StatusCode::kInvalidArgument);
}

// ------------------------------------------------------------- concurrency

// Several dispatchers, each with its own connection, drain one campaign:
// every message is claimed exactly once.
TEST_P(HistoryStoreTest, ConcurrentClaimersNeverShareAMessage) {
  constexpr int kMessages = 400;
  int64_t id = RunningCampaign(kMessages);
  constexpr int kWorkers = 4;
  std::vector<std::vector<int64_t>> got(kWorkers);
  std::vector<std::string> errors(kWorkers);
  std::vector<std::thread> threads;
  for (int w = 0; w < kWorkers; ++w) {
    threads.emplace_back([&, w] {
      auto store = Open();
      if (!store.ok()) {
        errors[w] = store.status().ToString();
        return;
      }
      std::string worker = "w" + std::to_string(w);
      while (true) {
        ClaimRequest r;
        r.worker_id = worker;
        r.limit = 7;
        r.now_unix_ms = kT0;
        auto batch = (*store)->ClaimMessages(r);
        if (!batch.ok()) {
          errors[w] = batch.status().ToString();
          return;
        }
        if (batch->empty()) return;
        for (const auto& m : *batch) {
          Status s = (*store)->MarkSending(m.id, worker, kT0);
          if (!s.ok()) {
            errors[w] = s.ToString();
            return;
          }
          s = (*store)->RecordSendResult(m.id, worker, Accepted("p" + std::to_string(m.id)),
                                         kT0);
          if (!s.ok()) {
            errors[w] = s.ToString();
            return;
          }
          got[w].push_back(m.id);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<int64_t> all;
  size_t total = 0;
  for (int w = 0; w < kWorkers; ++w) {
    EXPECT_EQ(errors[w], "");
    total += got[w].size();
    all.insert(got[w].begin(), got[w].end());
  }
  EXPECT_EQ(total, static_cast<size_t>(kMessages));
  EXPECT_EQ(all.size(), static_cast<size_t>(kMessages));
  HistoryQuery q;
  q.campaign_id = id;
  ASSERT_OK_AND_ASSIGN(auto counts, store_->CountMessages(q, CountBy::kState));
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts[0].key, "sent");
  EXPECT_EQ(counts[0].count, kMessages);
}

ORACLE_INSTANTIATE_STORE_TESTS(HistoryStoreTest);

}  // namespace
}  // namespace oracle
