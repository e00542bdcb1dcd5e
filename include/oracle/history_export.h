// Exporting the history store through the import/export writers: the
// messages or events matching a HistoryQuery, as rows of any RowWriter
// (CSV, XLSX, JSON...; see oracle/table.h).
//
// Example:
//
//   ORACLE_ASSIGN_OR_RAISE(auto out, oracle::OpenRowWriter("campaign-12.xlsx"));
//   oracle::HistoryQuery q;
//   q.campaign_id = 12;
//   ORACLE_ASSIGN_OR_RAISE(int64_t rows, oracle::ExportMessages(*store, q, *out));
//   ORACLE_RETURN_NOT_OK(out->Close());
//
// All pages are exported, newest first (query.cursor, when set, is where
// the export starts; query.limit is the page size used to read the store).
// The functions write the header then the rows; they do not close the
// writer. Numbers and ids that look like numbers but are identifiers
// (recipients, provider ids) are written as text, so that spreadsheets keep
// them as they are; times are ISO 8601 UTC ("2026-11-25T15:41:00.000Z").
//
// Thread safety: as the store and the writer (a writer is used by one
// thread at a time).
#ifndef ORACLE_HISTORY_EXPORT_H_
#define ORACLE_HISTORY_EXPORT_H_

#include <cstdint>

#include "oracle/export.h"
#include "oracle/history.h"
#include "oracle/result.h"
#include "oracle/table.h"

namespace oracle {

// Columns: id, campaign_id, recipient, state, delivery_status, operator,
// region, sender_address, sender_name, transport, encoding, segments, text,
// provider_message_id, request_id, attempts, last_error_code,
// last_error_message, created_at, updated_at. Returns the rows written.
ORACLE_EXPORT Result<int64_t> ExportMessages(HistoryStore& store,
                                             HistoryQuery query,
                                             RowWriter& writer);

// Columns: id, at, kind, message_id, campaign_id, job_id, number, operator,
// state, error_code, detail. Returns the rows written.
ORACLE_EXPORT Result<int64_t> ExportEvents(HistoryStore& store,
                                           HistoryQuery query,
                                           RowWriter& writer);

}  // namespace oracle

#endif  // ORACLE_HISTORY_EXPORT_H_
