// ExportMessages / ExportEvents: the store's queries, page by page, into a
// RowWriter.
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "oracle/history_export.h"

namespace oracle {
namespace {

std::string IsoTime(int64_t unix_ms) {
  if (unix_ms == 0) return std::string();
  int64_t secs = unix_ms / 1000, ms = unix_ms % 1000;
  if (ms < 0) {
    ms += 1000;
    secs -= 1;
  }
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

class RowBuilder {
 public:
  explicit RowBuilder(Row* row) : row_(row) { row_->Clear(); }
  RowBuilder& Text(std::string v) {
    row_->types.push_back(v.empty() ? CellType::kEmpty : CellType::kText);
    row_->values.push_back(std::move(v));
    return *this;
  }
  RowBuilder& Number(int64_t v) {
    row_->types.push_back(CellType::kNumber);
    row_->values.push_back(std::to_string(v));
    return *this;
  }

 private:
  Row* row_;
};

}  // namespace

Result<int64_t> ExportMessages(HistoryStore& store, HistoryQuery query,
                               RowWriter& writer) {
  ORACLE_RETURN_NOT_OK(writer.WriteHeader(
      {"id", "campaign_id", "recipient", "state", "delivery_status", "operator",
       "region", "sender_address", "sender_name", "transport", "encoding",
       "segments", "text", "provider_message_id", "request_id", "attempts",
       "last_error_code", "last_error_message", "created_at", "updated_at"}));
  int64_t written = 0;
  Row row;
  while (true) {
    ORACLE_ASSIGN_OR_RAISE(Page<MessageRecord> page, store.QueryMessages(query));
    for (const MessageRecord& m : page.items) {
      RowBuilder(&row)
          .Number(m.id)
          .Number(m.campaign_id)
          .Text(m.recipient)
          .Text(std::string(MessageStateName(m.state)))
          .Text(m.delivery_status ? std::string(DeliveryStatusName(*m.delivery_status))
                                  : std::string())
          .Text(m.operator_name)
          .Text(m.region)
          .Text(m.sender_address)
          .Text(m.sender_name)
          .Text(m.transport)
          .Text(m.encoding)
          .Number(m.segments)
          .Text(m.text)
          .Text(m.provider_message_id)
          .Text(m.request_id)
          .Number(m.attempts)
          .Text(m.last_error_code)
          .Text(m.last_error_message)
          .Text(IsoTime(m.created_at_unix_ms))
          .Text(IsoTime(m.updated_at_unix_ms));
      ORACLE_RETURN_NOT_OK(writer.WriteRow(row));
      ++written;
    }
    if (page.next_cursor.empty()) break;
    query.cursor = page.next_cursor;
  }
  return written;
}

Result<int64_t> ExportEvents(HistoryStore& store, HistoryQuery query,
                             RowWriter& writer) {
  ORACLE_RETURN_NOT_OK(writer.WriteHeader({"id", "at", "kind", "message_id",
                                           "campaign_id", "job_id", "number",
                                           "operator", "state", "error_code",
                                           "detail"}));
  int64_t written = 0;
  Row row;
  while (true) {
    ORACLE_ASSIGN_OR_RAISE(Page<EventRecord> page, store.QueryEvents(query));
    for (const EventRecord& e : page.items) {
      RowBuilder(&row)
          .Number(e.id)
          .Text(IsoTime(e.at_unix_ms))
          .Text(e.kind)
          .Number(e.message_id)
          .Number(e.campaign_id)
          .Number(e.job_id)
          .Text(e.number)
          .Text(e.operator_name)
          .Text(e.state)
          .Text(e.error_code)
          .Text(e.detail);
      ORACLE_RETURN_NOT_OK(writer.WriteRow(row));
      ++written;
    }
    if (page.next_cursor.empty()) break;
    query.cursor = page.next_cursor;
  }
  return written;
}

}  // namespace oracle
