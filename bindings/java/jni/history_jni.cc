// JNI entry points of io.github.oraclephone.HistoryNatives: the history
// store, campaign creation and the dispatcher. See jni_common.h for the
// rules every entry point follows, and HistoryNatives.java for the flat
// layouts of records (one String per field, numbers in decimal).
#include <jni.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "oracle/campaign.h"
#include "oracle/engine.h"
#include "oracle/history.h"
#include "oracle/history_export.h"
#include "oracle/io.h"
#include "oracle/status.h"
#include "sms_jni.h"
#include "jni_common.h"

namespace oracle::jni {
namespace {

HistoryStore& StoreFromHandle(jlong handle) {
  if (handle == 0) ThrowIllegalState("the history store is closed");
  return *reinterpret_cast<HistoryStore*>(static_cast<intptr_t>(handle));
}

std::string Str(int64_t v) { return std::to_string(v); }

// ------------------------------------------------------------------ records

void AppendJob(const JobRecord& j, std::vector<std::string>* out) {
  out->insert(out->end(),
              {Str(j.id), Str(static_cast<int>(j.kind)), j.description, j.status,
               Str(j.rows_total), Str(j.rows_ok), Str(j.rows_failed),
               j.error_message, Str(j.started_at_unix_ms),
               Str(j.finished_at_unix_ms)});
}

void AppendCampaign(const CampaignRecord& c, std::vector<std::string>* out) {
  out->insert(out->end(),
              {Str(c.id), c.spec.name, c.spec.template_text,
               c.spec.sender_address, c.spec.sender_name, c.spec.transport,
               std::to_string(c.spec.rate_per_second),
               Str(c.spec.scheduled_start_unix_ms), c.spec.source,
               Str(static_cast<int>(c.state)), Str(c.created_at_unix_ms),
               Str(c.updated_at_unix_ms)});
}

void AppendMessage(const MessageRecord& m, std::vector<std::string>* out) {
  out->insert(
      out->end(),
      {Str(m.id), Str(m.campaign_id), m.recipient, m.sender_address,
       m.sender_name, m.text, m.text_dropped ? "true" : "false", m.encoding,
       Str(m.segments), m.region, m.operator_name, m.transport,
       m.provider_message_id, m.request_id, Str(static_cast<int>(m.state)),
       Str(m.delivery_status ? static_cast<int>(*m.delivery_status) : -1),
       Str(m.attempts), m.lease_owner, Str(m.lease_expires_unix_ms),
       Str(m.not_before_unix_ms), m.last_error_code, m.last_error_message,
       Str(m.created_at_unix_ms), Str(m.updated_at_unix_ms)});
}

constexpr size_t kEventFields = 11;

void AppendEvent(const EventRecord& e, std::vector<std::string>* out) {
  out->insert(out->end(),
              {Str(e.id), Str(e.at_unix_ms), e.kind, Str(e.message_id),
               Str(e.campaign_id), Str(e.job_id), e.number, e.operator_name,
               e.state, e.error_code, e.detail});
}

EventRecord EventFromFlat(const std::vector<std::string>& v, size_t at) {
  EventRecord e;
  e.id = ParseInt64("id", v[at]);
  e.at_unix_ms = ParseInt64("at", v[at + 1]);
  e.kind = v[at + 2];
  e.message_id = ParseInt64("message_id", v[at + 3]);
  e.campaign_id = ParseInt64("campaign_id", v[at + 4]);
  e.job_id = ParseInt64("job_id", v[at + 5]);
  e.number = v[at + 6];
  e.operator_name = v[at + 7];
  e.state = v[at + 8];
  e.error_code = v[at + 9];
  e.detail = v[at + 10];
  return e;
}

// {number, campaign_id, state (-1: any), state_name, operator_name, from,
//  to, limit, cursor}.
HistoryQuery QueryFromFlat(JNIEnv* env, jobjectArray jquery) {
  std::vector<std::string> v = ReadStrictArray(env, jquery, "query field");
  if (v.size() != 10) ThrowIllegalArgument("bad query");
  HistoryQuery q;
  q.number = v[0];
  q.campaign_id = ParseInt64("campaign_id", v[1]);
  const int64_t state = ParseInt64("state", v[2]);
  if (state >= 0) {
    if (state > static_cast<int>(MessageState::kCancelled)) {
      ThrowIllegalArgument("bad message state");
    }
    q.state = static_cast<MessageState>(state);
  }
  q.state_name = v[3];
  q.operator_name = v[4];
  q.from_unix_ms = ParseInt64("from", v[5]);
  q.to_unix_ms = ParseInt64("to", v[6]);
  q.limit = static_cast<int>(ParseInt64("limit", v[7]));
  q.cursor = v[8];
  q.kind = v[9];  // events only; the store refuses it for messages
  return q;
}

// ------------------------------------------------------------------ store

jlong OpenStore(JNIEnv* env, jclass, jstring jurl, jobjectArray jkv) {
  return Guarded<Api::kSmsHistory>(env, jlong{0}, [&] {
    std::string url = ReadPath(env, jurl, "url");
    std::vector<std::string> kv = ReadStrictArray(env, jkv, "option");
    HistoryOptions o;
    for (size_t i = 0; i + 1 < kv.size(); i += 2) {
      const std::string& k = kv[i];
      const std::string& v = kv[i + 1];
      if (k == "number_privacy") {
        const int64_t p = ParseInt64(k, v);
        if (p < 0 || p > 2) ThrowIllegalArgument("bad number privacy");
        o.number_privacy = static_cast<NumberPrivacy>(p);
      } else if (k == "number_hmac_key") {
        o.number_hmac_key = v;
      } else if (k == "body_retention") {
        o.body_retention = ParseBool(k, v) ? BodyRetention::kDropWhenSettled
                                           : BodyRetention::kKeep;
      } else if (k == "default_retry_delay_ms") {
        o.default_retry_delay = std::chrono::milliseconds(ParseInt64(k, v));
      } else if (k == "busy_timeout_ms") {
        o.busy_timeout = std::chrono::milliseconds(ParseInt64(k, v));
      } else if (k == "migrate") {
        o.migrate = ParseBool(k, v);
      } else {
        ThrowStatus(Status::InvalidArgument("unknown history option " + k));
      }
    }
    std::unique_ptr<HistoryStore> store = ValueOrThrow(OpenHistoryStore(url, o));
    return static_cast<jlong>(reinterpret_cast<intptr_t>(store.release()));
  });
}

void DestroyStore(JNIEnv* env, jclass, jlong handle) {
  GuardedVoid<Api::kSmsHistory>(env, [&] {
    if (handle != 0) delete &StoreFromHandle(handle);
  });
}

jstring Backend(JNIEnv* env, jclass, jlong h) {
  return Guarded<Api::kSmsHistory>(env, jstring{nullptr}, [&] {
    return NewJavaString(env, StoreFromHandle(h).backend());
  });
}

jint SchemaVersion(JNIEnv* env, jclass, jlong h) {
  return Guarded<Api::kSmsHistory>(env, jint{0}, [&] {
    return static_cast<jint>(ValueOrThrow(StoreFromHandle(h).SchemaVersion()));
  });
}

// ------------------------------------------------------------------ jobs

jlong BeginJob(JNIEnv* env, jclass, jlong h, jint kind, jstring description,
               jlong now) {
  return Guarded<Api::kSmsHistory>(env, jlong{0}, [&] {
    if (kind < 0 || kind > 2) ThrowIllegalArgument("bad job kind");
    return static_cast<jlong>(ValueOrThrow(StoreFromHandle(h).BeginJob(
        static_cast<JobKind>(kind), ReadStrictOptional(env, description, "description"), now)));
  });
}

void FinishJob(JNIEnv* env, jclass, jlong h, jlong id, jstring status,
               jlong total, jlong ok, jlong failed, jstring error, jlong now) {
  GuardedVoid<Api::kSmsHistory>(env, [&] {
    OkOrThrow(StoreFromHandle(h).FinishJob(
        id, ReadStrict(env, status, "status"), total, ok, failed,
        ReadStrictOptional(env, error, "error"), now));
  });
}

jobjectArray GetJob(JNIEnv* env, jclass, jlong h, jlong id) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    std::vector<std::string> out;
    AppendJob(ValueOrThrow(StoreFromHandle(h).GetJob(id)), &out);
    return NewStringArray(env, out);
  });
}

// Jobs, then the next cursor as the last element.
jobjectArray ListJobs(JNIEnv* env, jclass, jlong h, jint limit, jstring cursor) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    Page<JobRecord> page = ValueOrThrow(
        StoreFromHandle(h).ListJobs(limit, ReadStrictOptional(env, cursor, "cursor")));
    std::vector<std::string> out;
    for (const JobRecord& j : page.items) AppendJob(j, &out);
    out.push_back(page.next_cursor);
    return NewStringArray(env, out);
  });
}

// ------------------------------------------------------------------ campaigns

jobjectArray GetCampaign(JNIEnv* env, jclass, jlong h, jlong id) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    std::vector<std::string> out;
    AppendCampaign(ValueOrThrow(StoreFromHandle(h).GetCampaign(id)), &out);
    return NewStringArray(env, out);
  });
}

jobjectArray FindCampaign(JNIEnv* env, jclass, jlong h, jstring name) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    std::vector<std::string> out;
    AppendCampaign(ValueOrThrow(StoreFromHandle(h).FindCampaign(
                       ReadStrict(env, name, "name"))),
                   &out);
    return NewStringArray(env, out);
  });
}

jobjectArray ListCampaigns(JNIEnv* env, jclass, jlong h) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    std::vector<std::string> out;
    for (const CampaignRecord& c : ValueOrThrow(StoreFromHandle(h).ListCampaigns())) {
      AppendCampaign(c, &out);
    }
    return NewStringArray(env, out);
  });
}

void SetCampaignState(JNIEnv* env, jclass, jlong h, jlong id, jint state,
                      jlong now) {
  GuardedVoid<Api::kSmsHistory>(env, [&] {
    if (state < 0 || state > static_cast<int>(CampaignState::kDone)) {
      ThrowIllegalArgument("bad campaign state");
    }
    OkOrThrow(StoreFromHandle(h).SetCampaignState(
        id, static_cast<CampaignState>(state), now));
  });
}

// Recipients, flat: number, line, field count n, then n (name, value) pairs.
void AppendRecipients(const std::vector<Recipient>& v,
                      std::vector<std::string>* out) {
  for (const Recipient& r : v) {
    out->push_back(r.number);
    out->push_back(Str(r.line));
    out->push_back(Str(static_cast<int64_t>(r.fields.size())));
    for (const auto& [k, value] : r.fields) {
      out->push_back(k);
      out->push_back(value);
    }
  }
}

std::vector<Recipient> RecipientsFromFlat(const std::vector<std::string>& v) {
  std::vector<Recipient> out;
  size_t i = 0;
  while (i < v.size()) {
    if (i + 3 > v.size()) ThrowIllegalArgument("bad recipients");
    Recipient r;
    r.number = v[i];
    r.line = ParseInt64("line", v[i + 1]);
    const int64_t n = ParseInt64("fields", v[i + 2]);
    i += 3;
    if (n < 0 || i + 2 * static_cast<size_t>(n) > v.size()) {
      ThrowIllegalArgument("bad recipients");
    }
    for (int64_t k = 0; k < n; ++k, i += 2) r.fields.emplace_back(v[i], v[i + 1]);
    out.push_back(std::move(r));
  }
  return out;
}

// From a file (path set) or text.
jobjectArray ReadRecipients(JNIEnv* env, jclass, jstring path, jstring text) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    std::vector<Recipient> r =
        path != nullptr ? ValueOrThrow(ReadRecipientsFile(ReadPath(env, path, "path")))
                        : ValueOrThrow(ParseRecipients(ReadStrict(env, text, "text")));
    std::vector<std::string> out;
    AppendRecipients(r, &out);
    return NewStringArray(env, out);
  });
}

jobjectArray RecipientsOfSegment(JNIEnv* env, jclass, jlong h, jstring name) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    std::vector<Recipient> r = ValueOrThrow(
        RecipientsFromSegment(StoreFromHandle(h), ReadStrict(env, name, "name")));
    std::vector<std::string> out;
    AppendRecipients(r, &out);
    return NewStringArray(env, out);
  });
}

void SaveSegment(JNIEnv* env, jclass, jlong h, jstring name, jobjectArray numbers,
                 jstring source_path, jobjectArray regions, jobjectArray operators,
                 jobjectArray types, jlong now) {
  GuardedVoid<Api::kSmsHistory>(env, [&] {
    SavedSegment s;
    s.name = ReadStrict(env, name, "name");
    s.numbers = ReadStrictArray(env, numbers, "number");
    if (source_path != nullptr) s.filter.source_path = ReadPath(env, source_path, "source path");
    s.filter.regions = ReadStrictArray(env, regions, "region");
    s.filter.operators = ReadStrictArray(env, operators, "operator");
    s.filter.number_types = ReadStrictArray(env, types, "number type");
    OkOrThrow(StoreFromHandle(h).SaveSegment(s, now));
  });
}

jobjectArray ListSegments(JNIEnv* env, jclass, jlong h) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    return NewStringArray(env, ValueOrThrow(StoreFromHandle(h).ListSegments()));
  });
}

void DeleteSegment(JNIEnv* env, jclass, jlong h, jstring name) {
  GuardedVoid<Api::kSmsHistory>(env, [&] {
    OkOrThrow(StoreFromHandle(h).DeleteSegment(ReadStrict(env, name, "name")));
  });
}

// spec: {name, template, sender_address, sender_name, transport, rate,
// scheduled_start, source}. Returns Object[2]: long[] {campaign_id, resumed,
// recipients, enqueued, already_enqueued, invalid, opted_out, duplicates,
// template_errors}, String[] excluded (number, line, reason, detail)...
jobjectArray CreateCampaignEntry(JNIEnv* env, jclass, jlong h, jlong engine_handle,
                                 jobjectArray jspec, jstring default_region,
                                 jobjectArray number_types, jobjectArray recipients,
                                 jint max_excluded) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    HistoryStore& store = StoreFromHandle(h);
    if (engine_handle == 0) ThrowIllegalState("the engine is closed");
    const Engine& engine =
        *reinterpret_cast<const Engine*>(static_cast<intptr_t>(engine_handle));
    std::vector<std::string> spec = ReadStrictArray(env, jspec, "spec field");
    if (spec.size() != 8) ThrowIllegalArgument("bad campaign spec");
    NewCampaign c;
    c.spec.name = spec[0];
    c.spec.template_text = spec[1];
    c.spec.sender_address = spec[2];
    c.spec.sender_name = spec[3];
    c.spec.transport = spec[4];
    c.spec.rate_per_second = ParseDouble("rate", spec[5]);
    c.spec.scheduled_start_unix_ms = ParseInt64("scheduled_start", spec[6]);
    c.spec.source = spec[7];
    c.default_region = ReadStrictOptional(env, default_region, "defaultRegion");
    c.number_types = ReadStrictArray(env, number_types, "number type");
    c.recipients = RecipientsFromFlat(ReadStrictArray(env, recipients, "recipient"));
    CampaignCreated r = ValueOrThrow(CreateCampaign(
        store, engine, c, static_cast<size_t>(max_excluded < 0 ? 0 : max_excluded)));
    std::vector<std::string> excluded;
    for (const ExcludedRecipient& e : r.excluded) {
      excluded.insert(excluded.end(), {e.recipient.number, Str(e.recipient.line),
                                       e.reason, e.detail});
    }
    jobjectArray out = env->NewObjectArray(2, g_classes.object, nullptr);
    if (out == nullptr) throw JavaExceptionPending{};
    jlongArray counts = NewLongArray(
        env, {r.campaign_id, r.resumed ? 1 : 0, r.recipients, r.enqueued,
              r.already_enqueued, r.invalid, r.opted_out, r.duplicates,
              r.template_errors});
    env->SetObjectArrayElement(out, 0, counts);
    CheckJava(env);
    jobjectArray ex = NewStringArray(env, excluded);
    env->SetObjectArrayElement(out, 1, ex);
    CheckJava(env);
    return out;
  });
}

// ------------------------------------------------------------------ outbox

jobjectArray GetMessage(JNIEnv* env, jclass, jlong h, jlong id) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    std::vector<std::string> out;
    AppendMessage(ValueOrThrow(StoreFromHandle(h).GetMessage(id)), &out);
    return NewStringArray(env, out);
  });
}

jobjectArray QueryMessages(JNIEnv* env, jclass, jlong h, jobjectArray query) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    Page<MessageRecord> page =
        ValueOrThrow(StoreFromHandle(h).QueryMessages(QueryFromFlat(env, query)));
    std::vector<std::string> out;
    for (const MessageRecord& m : page.items) AppendMessage(m, &out);
    out.push_back(page.next_cursor);
    return NewStringArray(env, out);
  });
}

jobjectArray QueryEvents(JNIEnv* env, jclass, jlong h, jobjectArray query) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    Page<EventRecord> page =
        ValueOrThrow(StoreFromHandle(h).QueryEvents(QueryFromFlat(env, query)));
    std::vector<std::string> out;
    for (const EventRecord& e : page.items) AppendEvent(e, &out);
    out.push_back(page.next_cursor);
    return NewStringArray(env, out);
  });
}

// {key, count, key, count...}.
jobjectArray CountMessages(JNIEnv* env, jclass, jlong h, jobjectArray query,
                           jint by) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    if (by < 0 || by > 2) ThrowIllegalArgument("bad grouping");
    std::vector<CountRow> rows = ValueOrThrow(StoreFromHandle(h).CountMessages(
        QueryFromFlat(env, query), static_cast<CountBy>(by)));
    std::vector<std::string> out;
    for (const CountRow& r : rows) {
      out.push_back(r.key);
      out.push_back(Str(r.count));
    }
    return NewStringArray(env, out);
  });
}

void AppendEvents(JNIEnv* env, jclass, jlong h, jobjectArray events) {
  GuardedVoid<Api::kSmsHistory>(env, [&] {
    std::vector<std::string> flat = ReadStrictArray(env, events, "event field");
    if (flat.size() % kEventFields != 0) ThrowIllegalArgument("bad events");
    std::vector<EventRecord> v;
    for (size_t i = 0; i < flat.size(); i += kEventFields) {
      v.push_back(EventFromFlat(flat, i));
    }
    OkOrThrow(StoreFromHandle(h).AppendEvents(v));
  });
}

// {duplicate, message_id, message_state, status_changed}.
jlongArray RecordReceipt(JNIEnv* env, jclass, jlong h, jobjectArray receipt) {
  return Guarded<Api::kSmsHistory>(env, jlongArray{nullptr}, [&] {
    ReceiptOutcome o = ValueOrThrow(StoreFromHandle(h).RecordReceipt(
        ReceiptFromFlat(ReadStrictArray(env, receipt, "receipt field"))));
    return NewLongArray(env, {o.duplicate ? 1 : 0, o.message_id,
                              static_cast<int64_t>(o.message_state),
                              o.status_changed ? 1 : 0});
  });
}

void ResolveUnknown(JNIEnv* env, jclass, jlong h, jlong id, jint decision,
                    jstring note, jlong now) {
  GuardedVoid<Api::kSmsHistory>(env, [&] {
    if (decision < 0 || decision > 2) ThrowIllegalArgument("bad decision");
    OkOrThrow(StoreFromHandle(h).ResolveUnknown(
        id, static_cast<UnknownDecision>(decision), ReadStrictOptional(env, note, "note"),
        now));
  });
}

jlongArray RecoverExpired(JNIEnv* env, jclass, jlong h, jlong now) {
  return Guarded<Api::kSmsHistory>(env, jlongArray{nullptr}, [&] {
    RecoverStats s = ValueOrThrow(StoreFromHandle(h).RecoverExpired(now));
    return NewLongArray(env, {s.requeued, s.made_unknown});
  });
}

void AddOptOut(JNIEnv* env, jclass, jlong h, jstring number, jstring reason,
               jlong now) {
  GuardedVoid<Api::kSmsHistory>(env, [&] {
    OkOrThrow(StoreFromHandle(h).AddOptOut(ReadStrict(env, number, "number"),
                                           ReadStrictOptional(env, reason, "reason"), now));
  });
}

void RemoveOptOut(JNIEnv* env, jclass, jlong h, jstring number) {
  GuardedVoid<Api::kSmsHistory>(env, [&] {
    OkOrThrow(StoreFromHandle(h).RemoveOptOut(ReadStrict(env, number, "number")));
  });
}

jboolean IsOptedOut(JNIEnv* env, jclass, jlong h, jstring number) {
  return Guarded<Api::kSmsHistory>(env, jboolean{JNI_FALSE}, [&] {
    return ValueOrThrow(StoreFromHandle(h).IsOptedOut(ReadStrict(env, number, "number")))
               ? JNI_TRUE
               : JNI_FALSE;
  });
}

// events: true for ExportEvents. Returns the rows written.
jlong Export(JNIEnv* env, jclass, jlong h, jobjectArray query, jstring path,
             jboolean events) {
  return Guarded<Api::kSmsHistory>(env, jlong{0}, [&] {
    HistoryStore& store = StoreFromHandle(h);
    HistoryQuery q = QueryFromFlat(env, query);
    std::unique_ptr<RowWriter> writer =
        ValueOrThrow(OpenRowWriter(ReadPath(env, path, "path")));
    int64_t rows = ValueOrThrow(events == JNI_TRUE ? ExportEvents(store, q, *writer)
                                                   : ExportMessages(store, q, *writer));
    OkOrThrow(writer->Close());
    return static_cast<jlong>(rows);
  });
}

// messages: (recipient, text, encoding, segments, region, operator)...
// Returns {inserted, duplicates}.
jlongArray EnqueueMessages(JNIEnv* env, jclass, jlong h, jlong campaign,
                           jobjectArray messages, jlong now) {
  return Guarded<Api::kSmsHistory>(env, jlongArray{nullptr}, [&] {
    std::vector<std::string> flat = ReadStrictArray(env, messages, "message field");
    if (flat.size() % 6 != 0) ThrowIllegalArgument("bad messages");
    std::vector<NewMessage> v;
    v.reserve(flat.size() / 6);
    for (size_t i = 0; i < flat.size(); i += 6) {
      NewMessage m;
      m.recipient = flat[i];
      m.text = flat[i + 1];
      m.encoding = flat[i + 2];
      m.segments = static_cast<int>(ParseInt64("segments", flat[i + 3]));
      m.region = flat[i + 4];
      m.operator_name = flat[i + 5];
      v.push_back(std::move(m));
    }
    EnqueueStats stats =
        ValueOrThrow(StoreFromHandle(h).EnqueueMessages(campaign, v, now));
    return NewLongArray(env, {stats.inserted, stats.duplicates});
  });
}

jobjectArray ClaimMessages(JNIEnv* env, jclass, jlong h, jlong campaign,
                           jstring worker, jint limit, jlong lease_ms, jlong now) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    ClaimRequest r;
    r.campaign_id = campaign;
    r.worker_id = ReadStrict(env, worker, "workerId");
    r.limit = limit;
    r.lease = std::chrono::milliseconds(lease_ms);
    r.now_unix_ms = now;
    std::vector<std::string> out;
    for (const MessageRecord& m : ValueOrThrow(StoreFromHandle(h).ClaimMessages(r))) {
      AppendMessage(m, &out);
    }
    return NewStringArray(env, out);
  });
}

void MarkSending(JNIEnv* env, jclass, jlong h, jlong id, jstring worker, jlong now) {
  GuardedVoid<Api::kSmsHistory>(env, [&] {
    OkOrThrow(StoreFromHandle(h).MarkSending(id, ReadStrict(env, worker, "workerId"), now));
  });
}

void RecordSendResult(JNIEnv* env, jclass, jlong h, jlong id, jstring worker,
                      jobjectArray result, jlong now) {
  GuardedVoid<Api::kSmsHistory>(env, [&] {
    OkOrThrow(StoreFromHandle(h).RecordSendResult(
        id, ReadStrict(env, worker, "workerId"),
        ResultFromFlat(ReadStrictArray(env, result, "result field")), now));
  });
}

jlong ReleaseClaims(JNIEnv* env, jclass, jlong h, jstring worker, jlong now) {
  return Guarded<Api::kSmsHistory>(env, jlong{0}, [&] {
    return static_cast<jlong>(ValueOrThrow(
        StoreFromHandle(h).ReleaseClaims(ReadStrict(env, worker, "workerId"), now)));
  });
}

// Object[5]: String[] {name, source_path, created_at}, String[] numbers,
// regions, operators, number types.
jobjectArray GetSegment(JNIEnv* env, jclass, jlong h, jstring name) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    SavedSegment s =
        ValueOrThrow(StoreFromHandle(h).GetSegment(ReadStrict(env, name, "name")));
    jobjectArray out = env->NewObjectArray(5, g_classes.object, nullptr);
    if (out == nullptr) throw JavaExceptionPending{};
    const std::vector<std::string> head = {s.name, s.filter.source_path,
                                           Str(s.created_at_unix_ms)};
    const std::vector<std::string>* parts[] = {&head, &s.numbers, &s.filter.regions,
                                               &s.filter.operators,
                                               &s.filter.number_types};
    for (int i = 0; i < 5; ++i) {
      SetSlot(env, out, i, NewStringArray(env, *parts[i]));
    }
    return out;
  });
}

// ------------------------------------------------------------------ dispatcher

struct DispatcherBox {
  std::unique_ptr<SmsTransport> java_transport;  // when the transport is Java
  std::unique_ptr<Dispatcher> dispatcher;
};

DispatcherBox& DispatcherFromHandle(jlong handle) {
  if (handle == 0) ThrowIllegalState("the dispatcher is closed");
  return *reinterpret_cast<DispatcherBox*>(static_cast<intptr_t>(handle));
}

// transport_handle: a native transport, or 0 and java_transport set.
jlong CreateDispatcher(JNIEnv* env, jclass, jlong store_handle,
                       jlong transport_handle, jobject java_transport,
                       jstring java_name, jobjectArray jkv) {
  return Guarded<Api::kSmsHistory>(env, jlong{0}, [&] {
    HistoryStore& store = StoreFromHandle(store_handle);
    std::vector<std::string> kv = ReadStrictArray(env, jkv, "option");
    DispatcherOptions o;
    using std::chrono::milliseconds;
    for (size_t i = 0; i + 1 < kv.size(); i += 2) {
      const std::string& k = kv[i];
      const std::string& v = kv[i + 1];
      if (k == "worker_id") o.worker_id = v;
      else if (k == "concurrency") o.concurrency = static_cast<int>(ParseInt64(k, v));
      else if (k == "lease_ms") o.lease_duration = milliseconds(ParseInt64(k, v));
      else if (k == "send_margin_ms") o.send_margin = milliseconds(ParseInt64(k, v));
      else if (k == "rate_per_second") o.rate_per_second = ParseDouble(k, v);
      else if (k == "batch_size") o.batch_size = static_cast<int>(ParseInt64(k, v));
      else if (k == "idle_poll_ms") o.idle_poll = milliseconds(ParseInt64(k, v));
      else if (k == "retry_base_ms") o.retry_base = milliseconds(ParseInt64(k, v));
      else if (k == "retry_cap_ms") o.retry_cap = milliseconds(ParseInt64(k, v));
      else if (k == "max_attempts") o.max_attempts = static_cast<int>(ParseInt64(k, v));
      else if (k == "stop_when_idle") o.stop_when_idle = ParseBool(k, v);
      else ThrowStatus(Status::InvalidArgument("unknown dispatcher option " + k));
    }
    auto box = std::make_unique<DispatcherBox>();
    SmsTransport* transport = nullptr;
    if (transport_handle != 0) {
      transport = TransportFromHandle(transport_handle).transport.get();
    } else {
      if (java_transport == nullptr) ThrowNull("transport");
      box->java_transport = MakeJavaTransport(env, java_transport,
                                              ReadStrictOptional(env, java_name, "name"));
      transport = box->java_transport.get();
    }
    box->dispatcher = ValueOrThrow(Dispatcher::Make(&store, transport, o));
    return static_cast<jlong>(reinterpret_cast<intptr_t>(box.release()));
  });
}

void DestroyDispatcher(JNIEnv* env, jclass, jlong handle) {
  GuardedVoid<Api::kSmsHistory>(env, [&] {
    if (handle != 0) delete &DispatcherFromHandle(handle);
  });
}

jstring DispatcherWorkerId(JNIEnv* env, jclass, jlong handle) {
  return Guarded<Api::kSmsHistory>(env, jstring{nullptr}, [&] {
    return NewJavaString(env, DispatcherFromHandle(handle).dispatcher->worker_id());
  });
}

void StopDispatcher(JNIEnv* env, jclass, jlong handle) {
  GuardedVoid<Api::kSmsHistory>(env, [&] { DispatcherFromHandle(handle).dispatcher->Stop(); });
}

// {reason, final_state, claimed, sent, rejected, retry_later, unknown,
//  lease_lost, released, recovered_requeued, recovered_unknown, then
//  (state, count) pairs}.
jobjectArray RunDispatcher(JNIEnv* env, jclass, jlong handle, jlong campaign) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    DispatchReport r =
        ValueOrThrow(DispatcherFromHandle(handle).dispatcher->Run(campaign));
    std::vector<std::string> out = {
        r.reason,          Str(static_cast<int>(r.final_state)),
        Str(r.claimed),    Str(r.sent),
        Str(r.rejected),   Str(r.retry_later),
        Str(r.unknown),    Str(r.lease_lost),
        Str(r.released),   Str(r.recovered_requeued),
        Str(r.recovered_unknown)};
    for (const CountRow& c : r.counts) {
      out.push_back(c.key);
      out.push_back(Str(c.count));
    }
    return NewStringArray(env, out);
  });
}

#define ORACLE_JNI_METHOD(name, signature, fn) \
  {const_cast<char*>(name), const_cast<char*>(signature), \
   reinterpret_cast<void*>(fn)}

#define S "Ljava/lang/String;"
#define SA "[Ljava/lang/String;"

const JNINativeMethod kHistoryMethods[] = {
    ORACLE_JNI_METHOD("openStore", "(" S SA ")J", OpenStore),
    ORACLE_JNI_METHOD("destroyStore", "(J)V", DestroyStore),
    ORACLE_JNI_METHOD("backend", "(J)" S, Backend),
    ORACLE_JNI_METHOD("schemaVersion", "(J)I", SchemaVersion),
    ORACLE_JNI_METHOD("beginJob", "(JI" S "J)J", BeginJob),
    ORACLE_JNI_METHOD("finishJob", "(JJ" S "JJJ" S "J)V", FinishJob),
    ORACLE_JNI_METHOD("getJob", "(JJ)" SA, GetJob),
    ORACLE_JNI_METHOD("listJobs", "(JI" S ")" SA, ListJobs),
    ORACLE_JNI_METHOD("getCampaign", "(JJ)" SA, GetCampaign),
    ORACLE_JNI_METHOD("findCampaign", "(J" S ")" SA, FindCampaign),
    ORACLE_JNI_METHOD("listCampaigns", "(J)" SA, ListCampaigns),
    ORACLE_JNI_METHOD("setCampaignState", "(JJIJ)V", SetCampaignState),
    ORACLE_JNI_METHOD("readRecipients", "(" S S ")" SA, ReadRecipients),
    ORACLE_JNI_METHOD("recipientsOfSegment", "(J" S ")" SA, RecipientsOfSegment),
    ORACLE_JNI_METHOD("saveSegment", "(J" S SA S SA SA SA "J)V", SaveSegment),
    ORACLE_JNI_METHOD("listSegments", "(J)" SA, ListSegments),
    ORACLE_JNI_METHOD("deleteSegment", "(J" S ")V", DeleteSegment),
    ORACLE_JNI_METHOD("createCampaign", "(JJ" SA S SA SA "I)[Ljava/lang/Object;",
                      CreateCampaignEntry),
    ORACLE_JNI_METHOD("getMessage", "(JJ)" SA, GetMessage),
    ORACLE_JNI_METHOD("queryMessages", "(J" SA ")" SA, QueryMessages),
    ORACLE_JNI_METHOD("queryEvents", "(J" SA ")" SA, QueryEvents),
    ORACLE_JNI_METHOD("countMessages", "(J" SA "I)" SA, CountMessages),
    ORACLE_JNI_METHOD("appendEvents", "(J" SA ")V", AppendEvents),
    ORACLE_JNI_METHOD("recordReceipt", "(J" SA ")[J", RecordReceipt),
    ORACLE_JNI_METHOD("resolveUnknown", "(JJI" S "J)V", ResolveUnknown),
    ORACLE_JNI_METHOD("recoverExpired", "(JJ)[J", RecoverExpired),
    ORACLE_JNI_METHOD("addOptOut", "(J" S S "J)V", AddOptOut),
    ORACLE_JNI_METHOD("removeOptOut", "(J" S ")V", RemoveOptOut),
    ORACLE_JNI_METHOD("isOptedOut", "(J" S ")Z", IsOptedOut),
    ORACLE_JNI_METHOD("export", "(J" SA S "Z)J", Export),
    ORACLE_JNI_METHOD("enqueueMessages", "(JJ" SA "J)[J", EnqueueMessages),
    ORACLE_JNI_METHOD("claimMessages", "(JJ" S "IJJ)" SA, ClaimMessages),
    ORACLE_JNI_METHOD("markSending", "(JJ" S "J)V", MarkSending),
    ORACLE_JNI_METHOD("recordSendResult", "(JJ" S SA "J)V", RecordSendResult),
    ORACLE_JNI_METHOD("releaseClaims", "(J" S "J)J", ReleaseClaims),
    ORACLE_JNI_METHOD("getSegment", "(J" S ")[Ljava/lang/Object;", GetSegment),
    ORACLE_JNI_METHOD("createDispatcher",
                      "(JJLio/github/oraclephone/SmsTransport;" S SA ")J",
                      CreateDispatcher),
    ORACLE_JNI_METHOD("destroyDispatcher", "(J)V", DestroyDispatcher),
    ORACLE_JNI_METHOD("dispatcherWorkerId", "(J)" S, DispatcherWorkerId),
    ORACLE_JNI_METHOD("stopDispatcher", "(J)V", StopDispatcher),
    ORACLE_JNI_METHOD("runDispatcher", "(JJ)" SA, RunDispatcher),
};

#undef S
#undef SA
#undef ORACLE_JNI_METHOD

}  // namespace
}  // namespace oracle::jni

extern "C" JNIEXPORT void JNICALL
Java_io_github_oraclephone_HistoryNatives_registerNatives(JNIEnv* env, jclass cls) {
  using namespace oracle::jni;  // NOLINT(build/namespaces)
  if (!ResolveUpcalls(env)) {
    if (!env->ExceptionCheck()) {
      env->ThrowNew(env->FindClass("java/lang/LinkageError"),
                    "cannot resolve the classes of the history binding");
    }
    return;
  }
  if (env->RegisterNatives(cls, kHistoryMethods,
                           sizeof(kHistoryMethods) / sizeof(kHistoryMethods[0])) !=
          JNI_OK &&
      !env->ExceptionCheck()) {
    env->ThrowNew(env->FindClass("java/lang/LinkageError"),
                  "cannot register the history native methods");
  }
}
