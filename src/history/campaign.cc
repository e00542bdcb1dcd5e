// Campaign creation: recipients read from a file or a saved segment,
// validated and normalised with the Engine, opt-outs left out, one text per
// recipient, everything enqueued in the store before anything is sent.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/utf8_internal.h"
#include "history/campaign_internal.h"
#include "oracle/campaign.h"
#include "oracle/engine.h"
#include "oracle/history.h"
#include "oracle/segmentation.h"

namespace oracle {
namespace internal {

int64_t SystemNowUnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' ||
                        s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const size_t n = Utf8SequenceLength(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

// Splits CSV text into records of fields (RFC 4180: fields may be quoted,
// quotes doubled inside, quoted fields may hold commas and line breaks).
// `lines` gets the 1-based line where each record starts.
Status SplitCsv(std::string_view text, std::vector<std::vector<std::string>>* rows,
                std::vector<int64_t>* lines) {
  std::vector<std::string> row;
  std::string field;
  bool in_quotes = false;
  bool field_was_quoted = false;
  bool row_has_content = false;
  int64_t line = 1;
  int64_t row_line = 1;
  auto end_field = [&] {
    row.push_back(field_was_quoted ? field : std::string(Trim(field)));
    field.clear();
    field_was_quoted = false;
  };
  auto end_row = [&] {
    end_field();
    if (row_has_content) {
      rows->push_back(std::move(row));
      lines->push_back(row_line);
    }
    row.clear();
    row_has_content = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == '"') {
      if (!Trim(field).empty()) {
        return Status::InvalidArgument("line " + std::to_string(line) +
                                       ": a quote inside an unquoted field");
      }
      field.clear();
      in_quotes = true;
      field_was_quoted = true;
      row_has_content = true;
    } else if (c == ',') {
      end_field();
      row_has_content = true;
    } else if (c == '\n') {
      end_row();
      ++line;
      row_line = line;
    } else {
      if (c != '\r' && c != ' ' && c != '\t') row_has_content = true;
      if (field_was_quoted && c != '\r' && c != ' ' && c != '\t') {
        return Status::InvalidArgument(
            "line " + std::to_string(line) +
            ": text after the closing quote of a field");
      }
      field.push_back(c);
    }
  }
  if (in_quotes) {
    return Status::InvalidArgument("line " + std::to_string(row_line) +
                                   ": a quoted field is not closed");
  }
  end_row();
  return Status::OK();
}

bool IsNumberColumn(const std::string& name) {
  const std::string n = Lower(name);
  return n == "number" || n == "phone" || n == "msisdn" || n == "e164" ||
         n == "to";
}

}  // namespace
}  // namespace internal

Result<std::vector<Recipient>> ParseRecipients(std::string_view text) {
  using internal::Trim;
  if (!internal::IsValidUtf8(text)) {
    // Name the line of the first bad byte.
    size_t i = 0;
    int64_t line = 1;
    while (i < text.size()) {
      const size_t n = internal::Utf8SequenceLength(text, i);
      if (n == 0) break;
      if (text[i] == '\n') ++line;
      i += n;
    }
    return Status::InvalidArgument("line " + std::to_string(line) +
                                   ": invalid UTF-8");
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // BOM
  std::vector<Recipient> out;
  const size_t first_nl = text.find('\n');
  const std::string_view first_line =
      text.substr(0, first_nl == std::string_view::npos ? text.size() : first_nl);
  if (first_line.find(',') == std::string_view::npos) {
    // One number per line.
    int64_t line = 0;
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      ++line;
      const std::string_view number = Trim(text.substr(start, end - start));
      if (!number.empty() && number.front() != '#') {
        Recipient r;
        r.number = std::string(number);
        r.line = line;
        out.push_back(std::move(r));
      }
      if (end == text.size()) break;
      start = end + 1;
    }
    return out;
  }
  std::vector<std::vector<std::string>> rows;
  std::vector<int64_t> lines;
  ORACLE_RETURN_NOT_OK(internal::SplitCsv(text, &rows, &lines));
  if (rows.empty()) return out;
  const std::vector<std::string>& header = rows.front();
  int number_column = -1;
  for (size_t c = 0; c < header.size(); ++c) {
    if (internal::IsNumberColumn(header[c])) {
      number_column = static_cast<int>(c);
      break;
    }
  }
  if (number_column < 0) {
    return Status::InvalidArgument(
        "line 1: the header has no number column (number, phone, msisdn, "
        "e164 or to)");
  }
  for (size_t r = 1; r < rows.size(); ++r) {
    const std::vector<std::string>& row = rows[r];
    if (row.size() != header.size()) {
      return Status::InvalidArgument(
          "line " + std::to_string(lines[r]) + ": " +
          std::to_string(row.size()) + " fields, the header has " +
          std::to_string(header.size()));
    }
    Recipient recipient;
    recipient.line = lines[r];
    for (size_t c = 0; c < row.size(); ++c) {
      if (static_cast<int>(c) == number_column) {
        recipient.number = row[c];
      } else {
        recipient.fields.emplace_back(header[c], row[c]);
      }
    }
    out.push_back(std::move(recipient));
  }
  return out;
}

Result<std::vector<Recipient>> ReadRecipientsFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot open recipients file " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Status::IoError("cannot read recipients file " + path);
  Result<std::vector<Recipient>> recipients = ParseRecipients(buffer.str());
  if (!recipients.ok()) {
    return Status(recipients.status().code(),
                  path + ": " + recipients.status().message());
  }
  return recipients;
}

Result<std::vector<Recipient>> RecipientsFromSegment(
    HistoryStore& store, const std::string& segment_name) {
  ORACLE_ASSIGN_OR_RAISE(SavedSegment segment, store.GetSegment(segment_name));
  std::vector<Recipient> out;
  if (!segment.numbers.empty()) {
    out.reserve(segment.numbers.size());
    for (const std::string& n : segment.numbers) {
      Recipient r;
      r.number = n;
      out.push_back(std::move(r));
    }
    return out;
  }
  const SegmentFilter& f = segment.filter;
  if (f.source_path.empty()) {
    return Status::InvalidArgument("segment '" + segment_name +
                                   "' has neither numbers nor a source file");
  }
  std::ifstream in(f.source_path, std::ios::binary);
  if (!in) {
    return Status::IoError("segment '" + segment_name +
                           "': cannot open " + f.source_path);
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::vector<std::vector<std::string>> rows;
  std::vector<int64_t> lines;
  Status split = internal::SplitCsv(buffer.str(), &rows, &lines);
  if (!split.ok()) {
    return Status::InvalidArgument(f.source_path + ": " + split.message());
  }
  if (rows.empty()) return out;
  int number_col = -1, region_col = -1, operator_col = -1, type_col = -1;
  for (size_t c = 0; c < rows[0].size(); ++c) {
    const std::string name = internal::Lower(rows[0][c]);
    if (name == "e164" && number_col < 0) number_col = static_cast<int>(c);
    if (name == "region") region_col = static_cast<int>(c);
    if (name == "operator") operator_col = static_cast<int>(c);
    if (name == "type") type_col = static_cast<int>(c);
  }
  if (number_col < 0) {
    for (size_t c = 0; c < rows[0].size(); ++c) {
      if (internal::IsNumberColumn(rows[0][c])) {
        number_col = static_cast<int>(c);
        break;
      }
    }
  }
  if (number_col < 0) {
    return Status::InvalidArgument(f.source_path +
                                   ": the header has no e164 or number column");
  }
  auto needs = [&](const std::vector<std::string>& allowed, int col,
                   const char* what) -> Status {
    if (!allowed.empty() && col < 0) {
      return Status::InvalidArgument(f.source_path + ": the segment filters on " +
                                     what + " but the file has no such column");
    }
    return Status::OK();
  };
  ORACLE_RETURN_NOT_OK(needs(f.regions, region_col, "region"));
  ORACLE_RETURN_NOT_OK(needs(f.operators, operator_col, "operator"));
  ORACLE_RETURN_NOT_OK(needs(f.number_types, type_col, "type"));
  auto passes = [](const std::vector<std::string>& allowed,
                   const std::vector<std::string>& row, int col) {
    if (allowed.empty()) return true;
    const std::string value = internal::Lower(row[col]);
    return std::any_of(allowed.begin(), allowed.end(), [&](const std::string& a) {
      return internal::Lower(a) == value;
    });
  };
  for (size_t r = 1; r < rows.size(); ++r) {
    const std::vector<std::string>& row = rows[r];
    if (row.size() != rows[0].size()) {
      return Status::InvalidArgument(
          f.source_path + ": line " + std::to_string(lines[r]) +
          ": wrong number of fields");
    }
    if (!passes(f.regions, row, region_col) ||
        !passes(f.operators, row, operator_col) ||
        !passes(f.number_types, row, type_col)) {
      continue;
    }
    if (row[number_col].empty()) continue;  // a row that did not segment
    Recipient recipient;
    recipient.number = row[number_col];
    recipient.line = lines[r];
    out.push_back(std::move(recipient));
  }
  return out;
}

Result<CampaignCreated> CreateCampaign(HistoryStore& store,
                                       const Engine& engine,
                                       const NewCampaign& campaign,
                                       size_t max_excluded_listed) {
  const CampaignSpec& spec = campaign.spec;
  if (spec.name.empty()) {
    return Status::InvalidArgument("the campaign needs a name");
  }
  if (spec.template_text.empty()) {
    return Status::InvalidArgument("the campaign needs a template text");
  }
  if (!(spec.rate_per_second >= 0)) {
    return Status::InvalidArgument("the rate must be 0 (unlimited) or more");
  }
  if (campaign.enqueue_batch <= 0) {
    return Status::InvalidArgument("enqueue_batch must be positive");
  }
  ORACLE_ASSIGN_OR_RAISE(internal::MessageRenderer renderer,
                         internal::MessageRenderer::Make(spec.template_text));

  CampaignCreated created;
  const int64_t now = internal::SystemNowUnixMs();
  Result<int64_t> id = store.CreateCampaign(spec, now);
  if (id.ok()) {
    created.campaign_id = *id;
  } else if (id.status().code() == StatusCode::kAlreadyExists) {
    ORACLE_ASSIGN_OR_RAISE(CampaignRecord existing, store.FindCampaign(spec.name));
    const bool same = existing.spec.template_text == spec.template_text &&
                      existing.spec.transport == spec.transport &&
                      existing.spec.sender_address == spec.sender_address;
    if (!same || (existing.state != CampaignState::kDraft &&
                  existing.state != CampaignState::kScheduled)) {
      return Status::AlreadyExists(
          "campaign '" + spec.name + "' already exists (" +
          std::string(CampaignStateName(existing.state)) +
          (same ? ")" : ", with another definition)"));
    }
    created.campaign_id = existing.id;
    created.resumed = true;
  } else {
    return id.status();
  }

  auto exclude = [&](const Recipient& r, const char* reason,
                     std::string detail) {
    if (created.excluded.size() < max_excluded_listed) {
      created.excluded.push_back({r, reason, std::move(detail)});
    }
  };

  std::unordered_set<std::string> seen;
  std::vector<NewMessage> batch;
  batch.reserve(static_cast<size_t>(campaign.enqueue_batch));
  auto flush = [&]() -> Status {
    if (batch.empty()) return Status::OK();
    ORACLE_ASSIGN_OR_RAISE(
        EnqueueStats stats,
        store.EnqueueMessages(created.campaign_id, batch,
                              internal::SystemNowUnixMs()));
    created.enqueued += stats.inserted;
    created.already_enqueued += stats.duplicates;
    batch.clear();
    return Status::OK();
  };

  Segmentation seg;
  for (const Recipient& r : campaign.recipients) {
    ++created.recipients;
    Status s = engine.SegmentInto(r.number, campaign.default_region, kFieldAll,
                                  &seg);
    if (!s.ok() || !seg.valid) {
      ++created.invalid;
      exclude(r, "invalid", s.ok() ? "not a valid number" : s.ToString());
      continue;
    }
    if (!campaign.number_types.empty()) {
      const std::string_view type = NumberTypeName(seg.type);
      if (std::find(campaign.number_types.begin(), campaign.number_types.end(),
                    type) == campaign.number_types.end()) {
        ++created.invalid;
        exclude(r, "invalid", "number type " + std::string(type));
        continue;
      }
    }
    if (!seen.insert(seg.e164).second) {
      ++created.duplicates;
      exclude(r, "duplicate", seg.e164);
      continue;
    }
    ORACLE_ASSIGN_OR_RAISE(bool opted_out, store.IsOptedOut(seg.e164));
    if (opted_out) {
      ++created.opted_out;
      exclude(r, "opted_out", "");
      continue;
    }
    NewMessage m;
    m.recipient = seg.e164;
    m.region = seg.region;
    m.operator_name = seg.operator_name;
    Status rendered = renderer.Render(r.fields, seg.e164, &m);
    if (!rendered.ok()) {
      ++created.template_errors;
      exclude(r, "template", rendered.message());
      continue;
    }
    batch.push_back(std::move(m));
    if (batch.size() >= static_cast<size_t>(campaign.enqueue_batch)) {
      ORACLE_RETURN_NOT_OK(flush());
    }
  }
  ORACLE_RETURN_NOT_OK(flush());
  return created;
}

}  // namespace oracle
