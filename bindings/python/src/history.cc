#include "history.h"

#include <pybind11/stl.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine_object.h"
#include "errors.h"
#include "oracle/campaign.h"
#include "oracle/history.h"
#include "oracle/history_export.h"
#include "oracle/io.h"
#include "sms.h"
#include "text.h"

namespace oracle::python {
namespace {

// ------------------------------------------------------------ helpers

// Runs f() with the GIL released and returns what it returned.
template <typename F>
auto Blocking(F&& f) {
  using R = decltype(f());
  std::optional<R> r;
  {
    py::gil_scoped_release release;
    r.emplace(f());
  }
  return std::move(*r);
}

template <typename T>
T Check(Result<T>&& result) {
  if (!result.ok()) ThrowStatus(result.status());
  return std::move(result).value();
}

void Check(const Status& status) {
  if (!status.ok()) ThrowStatus(status);
}

// Destroys with the GIL released: closing a database or joining threads
// must not hold other Python threads back (nor deadlock with callbacks).
template <typename T>
std::shared_ptr<T> ShareReleasingGil(std::unique_ptr<T> p) {
  return std::shared_ptr<T>(p.release(), [](T* raw) {
    if (Py_IsInitialized() && PyGILState_Check()) {
      py::gil_scoped_release release;
      delete raw;
    } else {
      delete raw;
    }
  });
}

template <typename T>
T Get(const py::dict& d, const char* key, T fallback) {
  if (!d.contains(key)) return fallback;
  py::handle v = d[key];
  if (v.is_none()) return fallback;
  return v.cast<T>();
}

// ------------------------------------------------------------ records

py::dict JobToDict(const JobRecord& j) {
  py::dict d;
  d["id"] = j.id;
  d["kind"] = std::string(JobKindName(j.kind));
  d["description"] = NewStr(j.description);
  d["status"] = NewStr(j.status);
  d["rows_total"] = j.rows_total;
  d["rows_ok"] = j.rows_ok;
  d["rows_failed"] = j.rows_failed;
  d["error_message"] = NewStr(j.error_message);
  d["started_at_unix_ms"] = j.started_at_unix_ms;
  d["finished_at_unix_ms"] = j.finished_at_unix_ms;
  return d;
}

py::dict CampaignToDict(const CampaignRecord& c) {
  py::dict d;
  d["id"] = c.id;
  d["name"] = NewStr(c.spec.name);
  d["template_text"] = NewStr(c.spec.template_text);
  d["sender_address"] = NewStr(c.spec.sender_address);
  d["sender_name"] = NewStr(c.spec.sender_name);
  d["transport"] = NewStr(c.spec.transport);
  d["rate_per_second"] = c.spec.rate_per_second;
  d["scheduled_start_unix_ms"] = c.spec.scheduled_start_unix_ms;
  d["source"] = NewStr(c.spec.source);
  d["state"] = std::string(CampaignStateName(c.state));
  d["created_at_unix_ms"] = c.created_at_unix_ms;
  d["updated_at_unix_ms"] = c.updated_at_unix_ms;
  return d;
}

py::dict MessageToDict(const MessageRecord& m) {
  py::dict d;
  d["id"] = m.id;
  d["campaign_id"] = m.campaign_id;
  d["recipient"] = NewStr(m.recipient);
  d["sender_address"] = NewStr(m.sender_address);
  d["sender_name"] = NewStr(m.sender_name);
  d["text"] = NewStr(m.text);
  d["text_dropped"] = m.text_dropped;
  d["encoding"] = NewStr(m.encoding);
  d["segments"] = m.segments;
  d["region"] = NewStr(m.region);
  d["operator"] = NewStr(m.operator_name);
  d["transport"] = NewStr(m.transport);
  d["provider_message_id"] = NewStr(m.provider_message_id);
  d["request_id"] = NewStr(m.request_id);
  d["state"] = std::string(MessageStateName(m.state));
  d["delivery_status"] =
      m.delivery_status
          ? py::object(py::str(std::string(DeliveryStatusName(*m.delivery_status))))
          : py::object(py::none());
  d["attempts"] = m.attempts;
  d["lease_owner"] = NewStr(m.lease_owner);
  d["lease_expires_unix_ms"] = m.lease_expires_unix_ms;
  d["not_before_unix_ms"] = m.not_before_unix_ms;
  d["last_error_code"] = NewStr(m.last_error_code);
  d["last_error_message"] = NewStr(m.last_error_message);
  d["created_at_unix_ms"] = m.created_at_unix_ms;
  d["updated_at_unix_ms"] = m.updated_at_unix_ms;
  return d;
}

py::dict EventToDict(const EventRecord& e) {
  py::dict d;
  d["id"] = e.id;
  d["at_unix_ms"] = e.at_unix_ms;
  d["kind"] = NewStr(e.kind);
  d["message_id"] = e.message_id;
  d["campaign_id"] = e.campaign_id;
  d["job_id"] = e.job_id;
  d["number"] = NewStr(e.number);
  d["operator"] = NewStr(e.operator_name);
  d["state"] = NewStr(e.state);
  d["error_code"] = NewStr(e.error_code);
  d["detail"] = NewStr(e.detail);
  return d;
}

EventRecord EventFromDict(const py::dict& d) {
  EventRecord e;
  e.at_unix_ms = Get<int64_t>(d, "at_unix_ms", 0);
  e.kind = Get<std::string>(d, "kind", "");
  e.message_id = Get<int64_t>(d, "message_id", 0);
  e.campaign_id = Get<int64_t>(d, "campaign_id", 0);
  e.job_id = Get<int64_t>(d, "job_id", 0);
  e.number = Get<std::string>(d, "number", "");
  e.operator_name = Get<std::string>(d, "operator", "");
  e.state = Get<std::string>(d, "state", "");
  e.error_code = Get<std::string>(d, "error_code", "");
  e.detail = Get<std::string>(d, "detail", "");
  return e;
}

MessageState ParseMessageStateOrThrow(const std::string& name) {
  std::optional<MessageState> s = ParseMessageState(name);
  if (!s) ThrowInvalidArgument("unknown message state '" + name + "'");
  return *s;
}

HistoryQuery QueryFromDict(const py::dict& d) {
  HistoryQuery q;
  q.number = Get<std::string>(d, "number", "");
  q.campaign_id = Get<int64_t>(d, "campaign_id", 0);
  const std::string state = Get<std::string>(d, "state", "");
  if (!state.empty()) q.state = ParseMessageStateOrThrow(state);
  q.state_name = Get<std::string>(d, "state_name", "");
  q.operator_name = Get<std::string>(d, "operator", "");
  q.from_unix_ms = Get<int64_t>(d, "from_unix_ms", 0);
  q.to_unix_ms = Get<int64_t>(d, "to_unix_ms", 0);
  q.limit = Get<int>(d, "limit", 100);
  q.cursor = Get<std::string>(d, "cursor", "");
  return q;
}

CampaignSpec SpecFromDict(const py::dict& d) {
  CampaignSpec s;
  s.name = Get<std::string>(d, "name", "");
  s.template_text = Get<std::string>(d, "template_text", "");
  s.sender_address = Get<std::string>(d, "sender_address", "");
  s.sender_name = Get<std::string>(d, "sender_name", "");
  s.transport = Get<std::string>(d, "transport", "");
  s.rate_per_second = Get<double>(d, "rate_per_second", 0);
  s.scheduled_start_unix_ms = Get<int64_t>(d, "scheduled_start_unix_ms", 0);
  s.source = Get<std::string>(d, "source", "");
  return s;
}

py::tuple RecipientToTuple(const Recipient& r) {
  py::list fields;
  for (const auto& [k, v] : r.fields) {
    fields.append(py::make_tuple(NewStr(k), NewStr(v)));
  }
  return py::make_tuple(NewStr(r.number), fields, r.line);
}

py::list RecipientsToList(const std::vector<Recipient>& recipients) {
  py::list out;
  for (const Recipient& r : recipients) out.append(RecipientToTuple(r));
  return out;
}

Recipient RecipientFromTuple(py::handle obj) {
  py::tuple t = obj.cast<py::tuple>();
  if (t.size() != 3) ThrowArgumentType("a recipient must be a 3-tuple");
  Recipient r;
  r.number = t[0].cast<std::string>();
  for (py::handle kv : t[1]) {
    py::tuple pair = kv.cast<py::tuple>();
    r.fields.emplace_back(pair[0].cast<std::string>(),
                          pair[1].cast<std::string>());
  }
  r.line = t[2].cast<int64_t>();
  return r;
}

py::dict SegmentToDict(const SavedSegment& s) {
  py::dict d;
  d["name"] = NewStr(s.name);
  d["numbers"] = s.numbers;
  py::dict f;
  f["source_path"] = s.filter.source_path;
  f["regions"] = s.filter.regions;
  f["operators"] = s.filter.operators;
  f["number_types"] = s.filter.number_types;
  d["filter"] = f;
  d["created_at_unix_ms"] = s.created_at_unix_ms;
  return d;
}

py::list CountsToList(const std::vector<CountRow>& rows) {
  py::list out;
  for (const CountRow& r : rows) out.append(py::make_tuple(NewStr(r.key), r.count));
  return out;
}

py::dict ReportToDict(const DispatchReport& r) {
  py::dict d;
  d["claimed"] = r.claimed;
  d["sent"] = r.sent;
  d["rejected"] = r.rejected;
  d["retry_later"] = r.retry_later;
  d["unknown"] = r.unknown;
  d["lease_lost"] = r.lease_lost;
  d["released"] = r.released;
  d["recovered_requeued"] = r.recovered_requeued;
  d["recovered_unknown"] = r.recovered_unknown;
  d["final_state"] = std::string(CampaignStateName(r.final_state));
  d["counts"] = CountsToList(r.counts);
  d["reason"] = r.reason;
  return d;
}

// ------------------------------------------------------------ objects

class StoreObject {
 public:
  explicit StoreObject(std::shared_ptr<HistoryStore> store)
      : store_(std::move(store)) {}

  // The store, or FAILED_PRECONDITION once closed.
  std::shared_ptr<HistoryStore> Get() const {
    std::shared_ptr<HistoryStore> s;
    {
      std::lock_guard<std::mutex> lock(mu_);
      s = store_;
    }
    if (!s) ThrowStatus(Status::FailedPrecondition("the store is closed"));
    return s;
  }

  void Close() {
    std::shared_ptr<HistoryStore> s;
    {
      std::lock_guard<std::mutex> lock(mu_);
      s.swap(store_);
    }
    py::gil_scoped_release release;
    s.reset();
  }

  bool closed() const {
    std::lock_guard<std::mutex> lock(mu_);
    return store_ == nullptr;
  }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<HistoryStore> store_;
};

class DispatcherObject {
 public:
  DispatcherObject(std::shared_ptr<HistoryStore> store,
                   std::shared_ptr<SmsTransport> transport,
                   std::unique_ptr<Dispatcher> dispatcher)
      : store_(std::move(store)),
        transport_(std::move(transport)),
        dispatcher_(ShareReleasingGil(std::move(dispatcher))) {}

  Dispatcher& get() const { return *dispatcher_; }

 private:
  // Kept alive while the dispatcher exists (it holds raw pointers to them).
  std::shared_ptr<HistoryStore> store_;
  std::shared_ptr<SmsTransport> transport_;
  std::shared_ptr<Dispatcher> dispatcher_;
};

std::unique_ptr<StoreObject> OpenStore(const std::string& url,
                                       const std::string& number_privacy,
                                       const std::string& number_hmac_key,
                                       const std::string& body_retention,
                                       int64_t default_retry_delay_ms,
                                       int64_t busy_timeout_ms, bool migrate) {
  HistoryOptions o;
  if (number_privacy == "plain") {
    o.number_privacy = NumberPrivacy::kPlain;
  } else if (number_privacy == "masked") {
    o.number_privacy = NumberPrivacy::kMasked;
  } else if (number_privacy == "hashed") {
    o.number_privacy = NumberPrivacy::kHashed;
  } else {
    ThrowInvalidArgument("number_privacy must be 'plain', 'masked' or 'hashed'");
  }
  if (body_retention == "keep") {
    o.body_retention = BodyRetention::kKeep;
  } else if (body_retention == "drop_when_settled") {
    o.body_retention = BodyRetention::kDropWhenSettled;
  } else {
    ThrowInvalidArgument(
        "body_retention must be 'keep' or 'drop_when_settled'");
  }
  o.number_hmac_key = number_hmac_key;
  o.default_retry_delay = std::chrono::milliseconds(default_retry_delay_ms);
  o.busy_timeout = std::chrono::milliseconds(busy_timeout_ms);
  o.migrate = migrate;
  std::unique_ptr<HistoryStore> store =
      Check(Blocking([&] { return OpenHistoryStore(url, o); }));
  return std::make_unique<StoreObject>(ShareReleasingGil(std::move(store)));
}

JobKind ParseJobKind(const std::string& kind) {
  if (kind == "segmentation") return JobKind::kSegmentation;
  if (kind == "import") return JobKind::kImport;
  if (kind == "export") return JobKind::kExport;
  ThrowInvalidArgument("job kind must be 'segmentation', 'import' or 'export'");
}

CampaignState ParseCampaignStateOrThrow(const std::string& name) {
  std::optional<CampaignState> s = ParseCampaignState(name);
  if (!s) ThrowInvalidArgument("unknown campaign state '" + name + "'");
  return *s;
}

CountBy ParseCountBy(const std::string& by) {
  if (by == "day") return CountBy::kDay;
  if (by == "state") return CountBy::kState;
  if (by == "operator") return CountBy::kOperator;
  ThrowInvalidArgument("by must be 'day', 'state' or 'operator'");
}

UnknownDecision ParseDecision(const std::string& d) {
  if (d == "mark_sent") return UnknownDecision::kMarkSent;
  if (d == "mark_failed") return UnknownDecision::kMarkFailed;
  if (d == "requeue") return UnknownDecision::kRequeue;
  ThrowInvalidArgument(
      "decision must be 'mark_sent', 'mark_failed' or 'requeue'");
}

void RegisterStore(py::module_& m) {
  py::class_<StoreObject> cls(m, "_Store");
  cls.def(py::init(&OpenStore), py::arg("url"), py::kw_only(),
          py::arg("number_privacy"), py::arg("number_hmac_key"),
          py::arg("body_retention"), py::arg("default_retry_delay_ms"),
          py::arg("busy_timeout_ms"), py::arg("migrate"))
      .def("close", &StoreObject::Close)
      .def_property_readonly("closed", &StoreObject::closed)
      .def_property_readonly("backend",
                             [](const StoreObject& self) {
                               return self.Get()->backend();
                             })
      .def("schema_version",
           [](const StoreObject& self) {
             auto s = self.Get();
             return Check(Blocking([&] { return s->SchemaVersion(); }));
           })
      // --- jobs
      .def("begin_job",
           [](const StoreObject& self, const std::string& kind,
              const std::string& description, int64_t now) {
             auto s = self.Get();
             JobKind k = ParseJobKind(kind);
             return Check(
                 Blocking([&] { return s->BeginJob(k, description, now); }));
           })
      .def("finish_job",
           [](const StoreObject& self, int64_t id, const std::string& status,
              int64_t total, int64_t ok, int64_t failed,
              const std::string& error_message, int64_t now) {
             auto s = self.Get();
             Check(Blocking([&] {
               return s->FinishJob(id, status, total, ok, failed,
                                   error_message, now);
             }));
           })
      .def("get_job",
           [](const StoreObject& self, int64_t id) {
             auto s = self.Get();
             return JobToDict(Check(Blocking([&] { return s->GetJob(id); })));
           })
      .def("list_jobs",
           [](const StoreObject& self, int limit, const std::string& cursor) {
             auto s = self.Get();
             Page<JobRecord> page =
                 Check(Blocking([&] { return s->ListJobs(limit, cursor); }));
             py::list items;
             for (const JobRecord& j : page.items) items.append(JobToDict(j));
             return py::make_tuple(items, page.next_cursor);
           })
      // --- campaigns
      .def("insert_campaign",
           [](const StoreObject& self, py::dict spec, int64_t now) {
             auto s = self.Get();
             CampaignSpec c = SpecFromDict(spec);
             return Check(Blocking([&] { return s->CreateCampaign(c, now); }));
           })
      .def("get_campaign",
           [](const StoreObject& self, int64_t id) {
             auto s = self.Get();
             return CampaignToDict(
                 Check(Blocking([&] { return s->GetCampaign(id); })));
           })
      .def("find_campaign",
           [](const StoreObject& self, const std::string& name) {
             auto s = self.Get();
             return CampaignToDict(
                 Check(Blocking([&] { return s->FindCampaign(name); })));
           })
      .def("list_campaigns",
           [](const StoreObject& self) {
             auto s = self.Get();
             auto all = Check(Blocking([&] { return s->ListCampaigns(); }));
             py::list out;
             for (const CampaignRecord& c : all) out.append(CampaignToDict(c));
             return out;
           })
      .def("set_campaign_state",
           [](const StoreObject& self, int64_t id, const std::string& state,
              int64_t now) {
             auto s = self.Get();
             CampaignState st = ParseCampaignStateOrThrow(state);
             Check(Blocking([&] { return s->SetCampaignState(id, st, now); }));
           })
      // --- outbox
      .def("enqueue_messages",
           [](const StoreObject& self, int64_t campaign, py::list messages,
              int64_t now) {
             auto s = self.Get();
             std::vector<NewMessage> in;
             for (py::handle item : messages) {
               py::dict d = item.cast<py::dict>();
               NewMessage n;
               n.recipient = Get<std::string>(d, "recipient", "");
               n.text = Get<std::string>(d, "text", "");
               n.encoding = Get<std::string>(d, "encoding", "");
               n.segments = Get<int>(d, "segments", 1);
               n.region = Get<std::string>(d, "region", "");
               n.operator_name = Get<std::string>(d, "operator", "");
               in.push_back(std::move(n));
             }
             EnqueueStats st = Check(
                 Blocking([&] { return s->EnqueueMessages(campaign, in, now); }));
             return py::make_tuple(st.inserted, st.duplicates);
           })
      .def("claim_messages",
           [](const StoreObject& self, int64_t campaign,
              const std::string& worker, int limit, int64_t lease_ms,
              int64_t now) {
             auto s = self.Get();
             ClaimRequest r;
             r.campaign_id = campaign;
             r.worker_id = worker;
             r.limit = limit;
             r.lease = std::chrono::milliseconds(lease_ms);
             r.now_unix_ms = now;
             auto claimed = Check(Blocking([&] { return s->ClaimMessages(r); }));
             py::list out;
             for (const MessageRecord& msg : claimed) out.append(MessageToDict(msg));
             return out;
           })
      .def("mark_sending",
           [](const StoreObject& self, int64_t id, const std::string& worker,
              int64_t now) {
             auto s = self.Get();
             Check(Blocking([&] { return s->MarkSending(id, worker, now); }));
           })
      .def("record_send_result",
           [](const StoreObject& self, int64_t id, const std::string& worker,
              py::tuple result, int64_t now) {
             auto s = self.Get();
             SendResult r;
             try {
               r = SendResultFromTuple(result);
             } catch (const std::invalid_argument& e) {
               ThrowInvalidArgument(e.what());
             }
             Check(Blocking(
                 [&] { return s->RecordSendResult(id, worker, r, now); }));
           })
      .def("release_claims",
           [](const StoreObject& self, const std::string& worker, int64_t now) {
             auto s = self.Get();
             return Check(
                 Blocking([&] { return s->ReleaseClaims(worker, now); }));
           })
      .def("recover_expired",
           [](const StoreObject& self, int64_t now) {
             auto s = self.Get();
             RecoverStats st =
                 Check(Blocking([&] { return s->RecoverExpired(now); }));
             return py::make_tuple(st.requeued, st.made_unknown);
           })
      .def("resolve_unknown",
           [](const StoreObject& self, int64_t id, const std::string& decision,
              const std::string& note, int64_t now) {
             auto s = self.Get();
             UnknownDecision d = ParseDecision(decision);
             Check(Blocking([&] { return s->ResolveUnknown(id, d, note, now); }));
           })
      .def("record_receipt",
           [](const StoreObject& self, py::tuple receipt) {
             auto s = self.Get();
             DeliveryReceipt r = ReceiptFromTuple(receipt);
             ReceiptOutcome o =
                 Check(Blocking([&] { return s->RecordReceipt(r); }));
             py::dict d;
             d["duplicate"] = o.duplicate;
             d["message_id"] = o.message_id;
             d["message_state"] =
                 o.message_id ? py::object(py::str(std::string(
                                    MessageStateName(o.message_state))))
                              : py::object(py::none());
             d["status_changed"] = o.status_changed;
             return d;
           })
      // --- messages and events
      .def("get_message",
           [](const StoreObject& self, int64_t id) {
             auto s = self.Get();
             return MessageToDict(
                 Check(Blocking([&] { return s->GetMessage(id); })));
           })
      .def("query_messages",
           [](const StoreObject& self, py::dict query) {
             auto s = self.Get();
             HistoryQuery q = QueryFromDict(query);
             auto page = Check(Blocking([&] { return s->QueryMessages(q); }));
             py::list items;
             for (const MessageRecord& msg : page.items) {
               items.append(MessageToDict(msg));
             }
             return py::make_tuple(items, page.next_cursor);
           })
      .def("query_events",
           [](const StoreObject& self, py::dict query,
              const std::string& kind) -> py::tuple {
             auto s = self.Get();
             HistoryQuery q = QueryFromDict(query);
             q.kind = kind;
             auto page = Check(Blocking([&] { return s->QueryEvents(q); }));
             py::list items;
             for (const EventRecord& e : page.items) items.append(EventToDict(e));
             return py::make_tuple(items, page.next_cursor);
           })
      .def("count_messages",
           [](const StoreObject& self, py::dict query, const std::string& by) {
             auto s = self.Get();
             HistoryQuery q = QueryFromDict(query);
             CountBy b = ParseCountBy(by);
             return CountsToList(
                 Check(Blocking([&] { return s->CountMessages(q, b); })));
           })
      .def("append_events",
           [](const StoreObject& self, py::list events) {
             auto s = self.Get();
             std::vector<EventRecord> in;
             for (py::handle e : events) in.push_back(EventFromDict(e.cast<py::dict>()));
             Check(Blocking([&] { return s->AppendEvents(in); }));
           })
      // --- opt-outs
      .def("add_opt_out",
           [](const StoreObject& self, const std::string& number,
              const std::string& reason, int64_t now) {
             auto s = self.Get();
             Check(Blocking([&] { return s->AddOptOut(number, reason, now); }));
           })
      .def("remove_opt_out",
           [](const StoreObject& self, const std::string& number) {
             auto s = self.Get();
             Check(Blocking([&] { return s->RemoveOptOut(number); }));
           })
      .def("is_opted_out",
           [](const StoreObject& self, const std::string& number) {
             auto s = self.Get();
             return Check(Blocking([&] { return s->IsOptedOut(number); }));
           })
      // --- saved segments
      .def("save_segment",
           [](const StoreObject& self, py::dict d, int64_t now) {
             auto s = self.Get();
             SavedSegment seg;
             seg.name = Get<std::string>(d, "name", "");
             seg.numbers = Get<std::vector<std::string>>(d, "numbers", {});
             seg.filter.source_path = Get<std::string>(d, "source_path", "");
             seg.filter.regions = Get<std::vector<std::string>>(d, "regions", {});
             seg.filter.operators =
                 Get<std::vector<std::string>>(d, "operators", {});
             seg.filter.number_types =
                 Get<std::vector<std::string>>(d, "number_types", {});
             Check(Blocking([&] { return s->SaveSegment(seg, now); }));
           })
      .def("get_segment",
           [](const StoreObject& self, const std::string& name) {
             auto s = self.Get();
             return SegmentToDict(
                 Check(Blocking([&] { return s->GetSegment(name); })));
           })
      .def("list_segments",
           [](const StoreObject& self) {
             auto s = self.Get();
             return Check(Blocking([&] { return s->ListSegments(); }));
           })
      .def("delete_segment",
           [](const StoreObject& self, const std::string& name) {
             auto s = self.Get();
             Check(Blocking([&] { return s->DeleteSegment(name); }));
           })
      .def("recipients_from_segment",
           [](const StoreObject& self, const std::string& name) {
             auto s = self.Get();
             return RecipientsToList(Check(
                 Blocking([&] { return RecipientsFromSegment(*s, name); })));
           })
      // --- export
      .def("export",
           [](const StoreObject& self, const std::string& what,
              const std::string& path, py::dict query) {
             auto s = self.Get();
             HistoryQuery q = QueryFromDict(query);
             const bool events = what == "events";
             return Check(Blocking([&]() -> Result<int64_t> {
               ORACLE_ASSIGN_OR_RAISE(std::unique_ptr<RowWriter> out,
                                      OpenRowWriter(path));
               Result<int64_t> rows = events ? ExportEvents(*s, q, *out)
                                             : ExportMessages(*s, q, *out);
               Status closed = out->Close();
               if (!rows.ok()) return rows.status();
               ORACLE_RETURN_NOT_OK(closed);
               return rows;
             }));
           })
      // --- campaigns (creation from recipients)
      .def("create_campaign",
           [](const StoreObject& self, const EngineObject& engine,
              py::dict spec, py::list recipients,
              const std::string& default_region,
              std::vector<std::string> number_types, int enqueue_batch,
              size_t max_excluded) {
             auto s = self.Get();
             NewCampaign c;
             c.spec = SpecFromDict(spec);
             for (py::handle r : recipients) {
               c.recipients.push_back(RecipientFromTuple(r));
             }
             c.default_region = default_region;
             c.number_types = std::move(number_types);
             c.enqueue_batch = enqueue_batch;
             CampaignCreated made = Check(Blocking([&] {
               return CreateCampaign(*s, engine.engine(), c, max_excluded);
             }));
             py::dict d;
             d["campaign_id"] = made.campaign_id;
             d["resumed"] = made.resumed;
             d["recipients"] = made.recipients;
             d["enqueued"] = made.enqueued;
             d["already_enqueued"] = made.already_enqueued;
             d["invalid"] = made.invalid;
             d["opted_out"] = made.opted_out;
             d["duplicates"] = made.duplicates;
             d["template_errors"] = made.template_errors;
             py::list excluded;
             for (const ExcludedRecipient& e : made.excluded) {
               excluded.append(py::make_tuple(RecipientToTuple(e.recipient),
                                              NewStr(e.reason),
                                              NewStr(e.detail)));
             }
             d["excluded"] = excluded;
             return d;
           });
}

void RegisterDispatcher(py::module_& m) {
  py::class_<DispatcherObject>(m, "_Dispatcher")
      .def(py::init([](const StoreObject& store,
                       const TransportObject& transport, py::dict o) {
             DispatcherOptions options;
             options.worker_id = Get<std::string>(o, "worker_id", "");
             options.concurrency = Get<int>(o, "concurrency", 4);
             options.lease_duration = std::chrono::milliseconds(
                 Get<int64_t>(o, "lease_ms", 60'000));
             options.send_margin = std::chrono::milliseconds(
                 Get<int64_t>(o, "send_margin_ms", 20'000));
             options.rate_per_second = Get<double>(o, "rate_per_second", 0);
             options.batch_size = Get<int>(o, "batch_size", 100);
             options.idle_poll = std::chrono::milliseconds(
                 Get<int64_t>(o, "idle_poll_ms", 200));
             options.retry_base = std::chrono::milliseconds(
                 Get<int64_t>(o, "retry_base_ms", 1'000));
             options.retry_cap = std::chrono::milliseconds(
                 Get<int64_t>(o, "retry_cap_ms", 300'000));
             options.max_attempts = Get<int>(o, "max_attempts", 8);
             options.stop_when_idle = Get<bool>(o, "stop_when_idle", false);
             std::shared_ptr<HistoryStore> s = store.Get();
             std::shared_ptr<SmsTransport> t = transport.transport();
             std::unique_ptr<Dispatcher> d = Check(Blocking([&] {
               return Dispatcher::Make(s.get(), t.get(), options);
             }));
             return std::make_unique<DispatcherObject>(s, t, std::move(d));
           }),
           py::arg("store"), py::arg("transport"), py::arg("options"))
      .def("run",
           [](const DispatcherObject& self, int64_t campaign) {
             return ReportToDict(
                 Check(Blocking([&] { return self.get().Run(campaign); })));
           })
      .def("stop", [](const DispatcherObject& self) { self.get().Stop(); })
      .def_property_readonly("worker_id", [](const DispatcherObject& self) {
        return self.get().worker_id();
      });
}

}  // namespace

void RegisterHistory(py::module_& m) {
  RegisterStore(m);
  RegisterDispatcher(m);
  m.def("_read_recipients_file", [](const std::string& path) {
    return RecipientsToList(
        Check(Blocking([&] { return ReadRecipientsFile(path); })));
  });
  m.def("_parse_recipients", [](py::handle text) {
    py::object as_str;
    std::string_view t = TextArgument(text, "text", &as_str);
    return RecipientsToList(Check(ParseRecipients(t)));
  });
}

}  // namespace oracle::python
