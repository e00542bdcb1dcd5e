// ExportMessages / ExportEvents into a RowWriter, on both backends.
#include <vector>

#include "oracle/history_export.h"
#include "store_fixture.h"

namespace oracle {
namespace {

// Keeps what it is given.
class RecordingWriter : public RowWriter {
 public:
  Status WriteHeader(const std::vector<std::string>& names) override {
    header = names;
    return Status::OK();
  }
  Status WriteRow(const Row& row) override {
    if (fail_after >= 0 && static_cast<int>(rows.size()) >= fail_after) {
      return Status::IoError("disk full");
    }
    rows.push_back(row);
    return Status::OK();
  }
  Status Close() override { return Status::OK(); }

  std::vector<std::string> header;
  std::vector<Row> rows;
  int fail_after = -1;
};

class HistoryExportTest : public testing::StoreTest {};

TEST_P(HistoryExportTest, ExportsEveryPageOfMessagesAndEvents) {
  CampaignSpec spec;
  spec.name = "export";
  spec.sender_address = "tel:+2250000";
  ASSERT_OK_AND_ASSIGN(int64_t id, store_->CreateCampaign(spec, 1'764'000'000'123));
  std::vector<NewMessage> msgs;
  for (int i = 0; i < 25; ++i) {
    NewMessage m;
    m.recipient = "+22507070000" + std::to_string(10 + i);
    m.text = "t" + std::to_string(i);
    m.operator_name = "Orange";
    msgs.push_back(m);
  }
  ASSERT_OK(store_->EnqueueMessages(id, msgs, 1'764'000'000'123));
  HistoryQuery q;
  q.campaign_id = id;
  q.limit = 7;  // several pages
  RecordingWriter out;
  ASSERT_OK_AND_ASSIGN(int64_t n, ExportMessages(*store_, q, out));
  EXPECT_EQ(n, 25);
  ASSERT_EQ(out.rows.size(), 25u);
  ASSERT_EQ(out.header.size(), out.rows[0].values.size());
  EXPECT_EQ(out.header[2], "recipient");
  // Newest first; recipients stay text.
  EXPECT_EQ(out.rows[0].values[2], "+2250707000034");
  EXPECT_EQ(out.rows[0].types[2], CellType::kText);
  EXPECT_EQ(out.rows[24].values[2], "+2250707000010");
  EXPECT_EQ(out.rows[0].values[3], "queued");
  EXPECT_EQ(out.rows[0].values[7], "tel:+2250000");
  EXPECT_EQ(out.rows[0].values[18], "2025-11-24T16:00:00.123Z");

  RecordingWriter events;
  HistoryQuery eq;
  eq.campaign_id = id;
  eq.state_name = "queued";
  ASSERT_OK_AND_ASSIGN(int64_t ne, ExportEvents(*store_, eq, events));
  EXPECT_EQ(ne, 25);
  EXPECT_EQ(events.header[6], "number");

  // A writer's error stops the export and comes back.
  RecordingWriter failing;
  failing.fail_after = 3;
  auto r = ExportMessages(*store_, q, failing);
  EXPECT_EQ(r.status().code(), StatusCode::kIoError);
}

ORACLE_INSTANTIATE_STORE_TESTS(HistoryExportTest);

}  // namespace
}  // namespace oracle
