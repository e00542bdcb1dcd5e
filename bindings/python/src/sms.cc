#include "sms.h"

#include <pybind11/stl.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "errors.h"
#include "oracle/orange_sms.h"
#include "oracle/sandbox_sms.h"
#include "oracle/sms.h"
#include "text.h"

namespace oracle::python {
namespace {

// ------------------------------------------------------------ helpers

// A Python object that may be released from any thread: it takes the GIL to
// drop its reference. Shared by callbacks that C++ threads call.
class GilObject {
 public:
  explicit GilObject(py::object obj) : obj_(std::move(obj)) {}
  ~GilObject() {
    if (!Py_IsInitialized()) {
      obj_.release();  // the interpreter is gone: leak rather than crash
      return;
    }
    py::gil_scoped_acquire gil;
    obj_ = py::object();
  }
  GilObject(const GilObject&) = delete;
  GilObject& operator=(const GilObject&) = delete;
  const py::object& get() const { return obj_; }

 private:
  py::object obj_;
};

// Deletes a native transport with the GIL released: its destructor may join
// threads that are waiting for the GIL (callbacks into Python).
template <typename T>
std::shared_ptr<SmsTransport> ShareReleasingGil(std::unique_ptr<T> t) {
  return std::shared_ptr<SmsTransport>(t.release(), [](SmsTransport* p) {
    if (Py_IsInitialized() && PyGILState_Check()) {
      py::gil_scoped_release release;
      delete p;
    } else {
      delete p;
    }
  });
}

template <typename T>
T ValueOrThrow(Result<T>&& result) {
  if (!result.ok()) ThrowStatus(result.status());
  return std::move(result).value();
}

std::string Utf8(py::handle obj, const char* what) {
  py::object as_str;
  return std::string(TextArgument(obj, what, &as_str));
}

std::optional<SendOutcome> ParseOutcome(std::string_view name) {
  for (SendOutcome o : {SendOutcome::kAccepted, SendOutcome::kRejected,
                        SendOutcome::kRetryLater, SendOutcome::kUnknown}) {
    if (SendOutcomeName(o) == name) return o;
  }
  return std::nullopt;
}

constexpr DeliveryStatus kDeliveryStatuses[] = {
    DeliveryStatus::kDeliveredToTerminal, DeliveryStatus::kDeliveredToNetwork,
    DeliveryStatus::kMessageWaiting,      DeliveryStatus::kDeliveryUncertain,
    DeliveryStatus::kDeliveryImpossible,  DeliveryStatus::kNotSupported,
};

DeliveryStatus ParseDeliveryStatus(std::string_view name) {
  for (DeliveryStatus s : kDeliveryStatuses) {
    if (DeliveryStatusName(s) == name) return s;
  }
  ThrowInvalidArgument("unknown delivery status '" + std::string(name) + "'");
}

SmsMessage MessageFromTuple(py::handle obj) {
  py::tuple t = py::reinterpret_borrow<py::tuple>(obj);
  if (!PyTuple_Check(obj.ptr()) || t.size() != 5) {
    ThrowArgumentType("a message must be a 5-tuple");
  }
  SmsMessage m;
  m.to = Utf8(t[0], "to");
  m.text = Utf8(t[1], "text");
  m.sender_address = Utf8(t[2], "sender_address");
  m.sender_name = Utf8(t[3], "sender_name");
  m.client_ref = Utf8(t[4], "client_ref");
  return m;
}

std::vector<SmsMessage> MessagesFromList(py::handle list) {
  std::vector<SmsMessage> messages;
  for (py::handle item : list) messages.push_back(MessageFromTuple(item));
  return messages;
}

py::list ResultsToList(const std::vector<SendResult>& results) {
  py::list out;
  for (const SendResult& r : results) out.append(SendResultToTuple(r));
  return out;
}

// The outcome recorded when a Python transport fails: it may have sent the
// message before failing, so the outcome is unknown (never resent).
SendResult FailedPythonSend(std::string code, std::string message,
                            const std::string& client_ref) {
  SendResult r;
  r.outcome = SendOutcome::kUnknown;
  r.error_code = std::move(code);
  if (message.size() > 500) message = message.substr(0, 500) + "...";
  r.error_message = std::move(message);
  r.client_ref = client_ref;
  r.attempts = 1;
  return r;
}

std::string DescribePythonError(py::error_already_set& e) {
  std::string text;
  try {
    text = py::str(e.type().attr("__name__")).cast<std::string>();
    std::string value = py::str(e.value()).cast<std::string>();
    if (!value.empty()) text += ": " + value;
  } catch (...) {
    text = "an exception that could not be described";
  }
  return text;
}

// ------------------------------------------------------------ transports

// A transport implemented by a Python object (an oracle.Transport).
class PythonTransport final : public SmsTransport {
 public:
  PythonTransport(py::object obj, bool has_batch, std::string name)
      : obj_(std::make_shared<GilObject>(std::move(obj))),
        has_batch_(has_batch),
        name_(std::move(name)) {}

  std::string name() const override { return name_; }

  SendResult Send(const SmsMessage& message) override {
    py::gil_scoped_acquire gil;
    try {
      py::object r = obj_->get().attr("_oracle_send")(MessageToTuple(message));
      SendResult result = SendResultFromTuple(r);
      result.client_ref = message.client_ref;
      return result;
    } catch (py::error_already_set& e) {
      return FailedPythonSend("PYTHON_EXCEPTION", DescribePythonError(e),
                              message.client_ref);
    } catch (const std::exception& e) {
      return FailedPythonSend("TRANSPORT_BAD_RESULT", e.what(),
                              message.client_ref);
    }
  }

  std::vector<SendResult> SendBatch(
      const std::vector<SmsMessage>& messages) override {
    if (!has_batch_) return SmsTransport::SendBatch(messages);
    py::gil_scoped_acquire gil;
    auto fail_all = [&](const std::string& code, const std::string& text) {
      std::vector<SendResult> out;
      for (const SmsMessage& m : messages) {
        out.push_back(FailedPythonSend(code, text, m.client_ref));
      }
      return out;
    };
    try {
      py::list in;
      for (const SmsMessage& m : messages) in.append(MessageToTuple(m));
      py::object r = obj_->get().attr("_oracle_send_batch")(in);
      std::vector<SendResult> out;
      for (py::handle item : r) out.push_back(SendResultFromTuple(item));
      if (out.size() != messages.size()) {
        return fail_all("TRANSPORT_BAD_RESULT",
                        "send_batch returned " + std::to_string(out.size()) +
                            " results for " + std::to_string(messages.size()) +
                            " messages");
      }
      for (size_t i = 0; i < out.size(); ++i) {
        out[i].client_ref = messages[i].client_ref;
      }
      return out;
    } catch (py::error_already_set& e) {
      return fail_all("PYTHON_EXCEPTION", DescribePythonError(e));
    } catch (const std::exception& e) {
      return fail_all("TRANSPORT_BAD_RESULT", e.what());
    }
  }

 private:
  std::shared_ptr<GilObject> obj_;
  const bool has_batch_;
  const std::string name_;
};

class PythonTransportObject final : public TransportObject {
 public:
  explicit PythonTransportObject(std::shared_ptr<SmsTransport> t)
      : TransportObject(std::move(t)) {}
};

class SandboxObject final : public TransportObject {
 public:
  SandboxObject(std::shared_ptr<SmsTransport> t, SandboxTransport* sandbox)
      : TransportObject(std::move(t)), sandbox_(sandbox) {}
  SandboxTransport& sandbox() const { return *sandbox_; }

 private:
  SandboxTransport* sandbox_;  // owned by transport()
};

class OrangeObject final : public TransportObject {
 public:
  OrangeObject(std::shared_ptr<SmsTransport> t, OrangeSmsTransport* orange)
      : TransportObject(std::move(t)), orange_(orange) {}
  OrangeSmsTransport& orange() const { return *orange_; }

 private:
  OrangeSmsTransport* orange_;  // owned by transport()
};

std::unique_ptr<SandboxObject> MakeSandbox(
    const std::string& id_prefix, int max_segments, double reject_ratio,
    double retry_later_ratio, double unknown_ratio, bool receipts,
    int64_t receipt_delay_ms, int64_t receipt_jitter_ms,
    double undeliverable_ratio, bool network_receipts, double duplicate_ratio,
    double reorder_ratio, uint64_t seed, py::object on_receipt,
    const std::string& journal_path, bool journal_fsync) {
  SandboxTransportOptions o;
  o.id_prefix = id_prefix;
  o.max_segments = max_segments;
  o.reject_ratio = reject_ratio;
  o.retry_later_ratio = retry_later_ratio;
  o.unknown_ratio = unknown_ratio;
  o.receipts = receipts;
  o.receipt_delay = std::chrono::milliseconds(receipt_delay_ms);
  o.receipt_jitter = std::chrono::milliseconds(receipt_jitter_ms);
  o.undeliverable_ratio = undeliverable_ratio;
  o.network_receipts = network_receipts;
  o.duplicate_ratio = duplicate_ratio;
  o.reorder_ratio = reorder_ratio;
  o.seed = seed;
  o.journal_path = journal_path;
  o.journal_fsync = journal_fsync;
  if (!on_receipt.is_none()) {
    auto cb = std::make_shared<GilObject>(std::move(on_receipt));
    o.on_receipt = [cb](const DeliveryReceipt& receipt) {
      py::gil_scoped_acquire gil;
      try {
        cb->get()(ReceiptToTuple(receipt));
      } catch (py::error_already_set& e) {
        e.discard_as_unraisable("oracle.SandboxTransport on_receipt");
      }
    };
  }
  std::unique_ptr<SandboxTransport> sandbox =
      ValueOrThrow(SandboxTransport::Make(o));
  SandboxTransport* raw = sandbox.get();
  return std::make_unique<SandboxObject>(ShareReleasingGil(std::move(sandbox)),
                                         raw);
}

py::list ReceiptsToList(const std::vector<DeliveryReceipt>& receipts) {
  py::list out;
  for (const DeliveryReceipt& r : receipts) out.append(ReceiptToTuple(r));
  return out;
}

py::tuple SubscriptionToTuple(const OrangeReceiptSubscription& s) {
  return py::make_tuple(s.id, s.resource_url, s.notify_url, s.callback_data,
                        s.request_id);
}

// ------------------------------------------------------------ registration

void RegisterAnalysis(py::module_& m) {
  m.def(
      "_analyze_sms",
      [](py::handle text, bool smart) {
        const std::string utf8 = Utf8(text, "text");
        SmsEncodingOptions options;
        options.smart = smart;
        SmsAnalysis a = ValueOrThrow(AnalyzeSms(utf8, options));
        py::dict d;
        d["encoding"] = std::string(SmsEncodingName(a.encoding));
        d["text"] = NewStr(a.text);
        d["characters"] = a.characters;
        d["units"] = a.units;
        d["segments"] = a.segments;
        d["units_per_segment"] = a.units_per_segment;
        d["units_left"] = a.units_left;
        py::list parts;
        for (const SmsPart& p : a.parts) {
          parts.append(py::make_tuple(NewStr(p.text), p.units));
        }
        d["parts"] = parts;
        py::list forced;
        for (const SmsForcingChar& c : a.ucs2_forced_by) {
          forced.append(py::make_tuple(static_cast<uint32_t>(c.code_point),
                                       NewStr(c.text), c.position.byte_offset,
                                       c.position.char_index));
        }
        d["ucs2_forced_by"] = forced;
        py::list subs;
        for (const SmsSubstitution& s : a.substitutions) {
          subs.append(py::make_tuple(static_cast<uint32_t>(s.code_point),
                                     NewStr(s.from), NewStr(s.to),
                                     s.position.byte_offset,
                                     s.position.char_index));
        }
        d["substitutions"] = subs;
        d["crlf_normalized"] = a.crlf_normalized;
        return d;
      },
      py::arg("text"), py::arg("smart") = false);
  m.def("_is_gsm7_basic", [](uint32_t cp) { return IsGsm7Basic(cp); });
  m.def("_is_gsm7_extension", [](uint32_t cp) { return IsGsm7Extension(cp); });

  py::class_<SmsTemplate>(m, "_SmsTemplate")
      .def(py::init([](py::handle source) {
             return ValueOrThrow(SmsTemplate::Make(Utf8(source, "source")));
           }),
           py::arg("source"))
      .def(
          "render",
          [](const SmsTemplate& self, py::dict values) {
            // Values are read from Python first; Render runs on C++ data.
            SmsTemplateValues v;
            for (const std::string& field : self.fields()) {
              py::str key(field);
              if (!values.contains(key)) continue;
              py::handle value = values[key];
              if (value.is_none()) continue;
              v.emplace(field, Utf8(value, ("value of field '" + field + "'").c_str()));
            }
            return NewStr(ValueOrThrow(self.Render(v)));
          },
          py::arg("values"))
      .def_property_readonly("fields",
                             [](const SmsTemplate& self) {
                               py::list out;
                               for (const auto& f : self.fields()) {
                                 out.append(NewStr(f));
                               }
                               return py::tuple(out);
                             })
      .def_property_readonly("source", [](const SmsTemplate& self) {
        return NewStr(self.source());
      });
}

void RegisterTransports(py::module_& m) {
  py::class_<TransportObject>(m, "_Transport")
      .def_property_readonly(
          "name",
          [](const TransportObject& self) { return self.transport()->name(); })
      .def(
          "send",
          [](const TransportObject& self, py::handle message) {
            SmsMessage m = MessageFromTuple(message);
            SendResult r;
            {
              py::gil_scoped_release release;
              r = self.transport()->Send(m);
            }
            return SendResultToTuple(r);
          },
          py::arg("message"))
      .def(
          "send_batch",
          [](const TransportObject& self, py::handle messages) {
            std::vector<SmsMessage> in = MessagesFromList(messages);
            std::vector<SendResult> out;
            {
              py::gil_scoped_release release;
              out = self.transport()->SendBatch(in);
            }
            return ResultsToList(out);
          },
          py::arg("messages"));

  py::class_<PythonTransportObject, TransportObject>(m, "_PythonTransport")
      .def(py::init([](py::object obj, bool has_batch, const std::string& name) {
             auto t = std::make_shared<PythonTransport>(std::move(obj),
                                                        has_batch, name);
             return std::make_unique<PythonTransportObject>(std::move(t));
           }),
           py::arg("transport"), py::arg("has_batch"), py::arg("name"));

  py::class_<SandboxObject, TransportObject>(m, "_SandboxTransport")
      .def(py::init(&MakeSandbox), py::kw_only(), py::arg("id_prefix"),
           py::arg("max_segments"), py::arg("reject_ratio"),
           py::arg("retry_later_ratio"), py::arg("unknown_ratio"),
           py::arg("receipts"), py::arg("receipt_delay_ms"),
           py::arg("receipt_jitter_ms"), py::arg("undeliverable_ratio"),
           py::arg("network_receipts"), py::arg("duplicate_ratio"),
           py::arg("reorder_ratio"), py::arg("seed"), py::arg("on_receipt"),
           py::arg("journal_path"), py::arg("journal_fsync"))
      .def("records",
           [](const SandboxObject& self) {
             std::vector<SandboxRecord> records;
             {
               py::gil_scoped_release release;
               records = self.sandbox().records();
             }
             py::list out;
             for (const SandboxRecord& r : records) {
               out.append(py::make_tuple(
                   r.sequence, MessageToTuple(r.message),
                   SendResultToTuple(r.result), r.sent, NewStr(r.message_id),
                   std::string(SmsEncodingName(r.encoding)), r.segments,
                   r.unix_ms));
             }
             return out;
           })
      .def("sent_count",
           [](const SandboxObject& self) {
             py::gil_scoped_release release;
             return self.sandbox().sent_count();
           })
      .def("poll_receipts",
           [](const SandboxObject& self) {
             std::vector<DeliveryReceipt> receipts;
             {
               py::gil_scoped_release release;
               receipts = self.sandbox().PollReceipts();
             }
             return ReceiptsToList(receipts);
           })
      .def("pending_receipts",
           [](const SandboxObject& self) {
             py::gil_scoped_release release;
             return self.sandbox().pending_receipts();
           })
      .def("delivered_receipts", [](const SandboxObject& self) {
        std::vector<DeliveryReceipt> receipts;
        {
          py::gil_scoped_release release;
          receipts = self.sandbox().delivered_receipts();
        }
        return ReceiptsToList(receipts);
      });

  py::class_<OrangeSmsOptions> options(m, "_OrangeOptions");
  options.def(py::init<>())
      .def_readwrite("base_url", &OrangeSmsOptions::base_url)
      .def_readwrite("client_id", &OrangeSmsOptions::client_id)
      .def_readwrite("client_secret", &OrangeSmsOptions::client_secret)
      .def_readwrite("sender_address", &OrangeSmsOptions::sender_address)
      .def_readwrite("sender_name", &OrangeSmsOptions::sender_name)
      .def_readwrite("ca_file", &OrangeSmsOptions::ca_file)
      .def_readwrite("verify_peer", &OrangeSmsOptions::verify_peer)
      .def_readwrite("max_connections", &OrangeSmsOptions::max_connections)
      .def_readwrite("messages_per_second",
                     &OrangeSmsOptions::messages_per_second)
      .def_readwrite("rate_burst", &OrangeSmsOptions::rate_burst)
      .def_readwrite("max_retries", &OrangeSmsOptions::max_retries);
  auto millis = [&options](const char* name,
                           std::chrono::milliseconds OrangeSmsOptions::*field) {
    options.def_property(
        name,
        [field](const OrangeSmsOptions& o) {
          return static_cast<int64_t>((o.*field).count());
        },
        [field](OrangeSmsOptions& o, int64_t ms) {
          o.*field = std::chrono::milliseconds(ms);
        });
  };
  millis("connect_timeout_ms", &OrangeSmsOptions::connect_timeout);
  millis("request_timeout_ms", &OrangeSmsOptions::request_timeout);
  millis("total_timeout_ms", &OrangeSmsOptions::total_timeout);
  millis("idle_timeout_ms", &OrangeSmsOptions::idle_timeout);
  millis("backoff_base_ms", &OrangeSmsOptions::backoff_base);
  millis("backoff_cap_ms", &OrangeSmsOptions::backoff_cap);
  options
      .def_property(
          "token_refresh_margin_s",
          [](const OrangeSmsOptions& o) {
            return static_cast<int64_t>(o.token_refresh_margin.count());
          },
          [](OrangeSmsOptions& o, int64_t s) {
            o.token_refresh_margin = std::chrono::seconds(s);
          })
      .def_property(
          "log",
          [](const OrangeSmsOptions& o) -> py::object {
            // The callable is not kept on the Python side: say whether set.
            return o.log ? py::object(py::bool_(true)) : py::none();
          },
          [](OrangeSmsOptions& o, py::object fn) {
            if (fn.is_none()) {
              o.log = nullptr;
              return;
            }
            if (!PyCallable_Check(fn.ptr())) {
              ThrowArgumentType("log must be a callable or None");
            }
            auto cb = std::make_shared<GilObject>(std::move(fn));
            o.log = [cb](std::string_view line) {
              py::gil_scoped_acquire gil;
              try {
                cb->get()(NewStr(line));
              } catch (py::error_already_set& e) {
                e.discard_as_unraisable("oracle.OrangeOptions log");
              }
            };
          })
      .def("validate",
           [](const OrangeSmsOptions& o) {
             Status s = o.Validate();
             if (!s.ok()) ThrowStatus(s);
           })
      .def("_load",
           [](OrangeSmsOptions& o, const std::string& config_file) {
             Result<OrangeSmsOptions> loaded(Status::Internal("unset"));
             {
               py::gil_scoped_release release;
               loaded = LoadOrangeSmsOptions(config_file);
             }
             o = ValueOrThrow(std::move(loaded));
           })
      .def("_copy", [](const OrangeSmsOptions& o) { return o; })
      .def("__repr__", [](const OrangeSmsOptions& o) {
        return "OrangeOptions(" + o.ToString() + ")";
      });

  py::class_<OrangeObject, TransportObject>(m, "_OrangeTransport")
      .def(py::init([](const OrangeSmsOptions& o) {
             std::unique_ptr<OrangeSmsTransport> t;
             {
               Result<std::unique_ptr<OrangeSmsTransport>> made(
                   Status::Internal("unset"));
               {
                 py::gil_scoped_release release;
                 made = OrangeSmsTransport::Make(o);
               }
               t = ValueOrThrow(std::move(made));
             }
             OrangeSmsTransport* raw = t.get();
             return std::make_unique<OrangeObject>(
                 ShareReleasingGil(std::move(t)), raw);
           }),
           py::arg("options"))
      .def(
          "create_receipt_subscription",
          [](const OrangeObject& self, const std::string& notify_url,
             const std::string& callback_data,
             const std::string& sender_address) {
            Result<OrangeReceiptSubscription> r(Status::Internal("unset"));
            {
              py::gil_scoped_release release;
              r = self.orange().CreateReceiptSubscription(
                  notify_url, callback_data, sender_address);
            }
            return SubscriptionToTuple(ValueOrThrow(std::move(r)));
          },
          py::arg("notify_url"), py::arg("callback_data"),
          py::arg("sender_address"))
      .def(
          "get_receipt_subscription",
          [](const OrangeObject& self, const std::string& id) {
            Result<OrangeReceiptSubscription> r(Status::Internal("unset"));
            {
              py::gil_scoped_release release;
              r = self.orange().GetReceiptSubscription(id);
            }
            return SubscriptionToTuple(ValueOrThrow(std::move(r)));
          },
          py::arg("id"))
      .def(
          "delete_receipt_subscription",
          [](const OrangeObject& self, const std::string& id,
             const std::string& sender_address) {
            Status s;
            {
              py::gil_scoped_release release;
              s = self.orange().DeleteReceiptSubscription(id, sender_address);
            }
            if (!s.ok()) ThrowStatus(s);
          },
          py::arg("id"), py::arg("sender_address"))
      .def(
          "get_contracts",
          [](const OrangeObject& self, const std::string& country) {
            Result<std::vector<OrangeContract>> r(Status::Internal("unset"));
            {
              py::gil_scoped_release release;
              r = self.orange().GetContracts(country);
            }
            py::list out;
            for (const OrangeContract& c : ValueOrThrow(std::move(r))) {
              out.append(py::make_tuple(
                  NewStr(c.id), NewStr(c.country), NewStr(c.offer_name),
                  NewStr(c.status), c.available_units,
                  NewStr(c.expiration_date), NewStr(c.raw_json)));
            }
            return out;
          },
          py::arg("country"))
      .def("stats", [](const OrangeObject& self) {
        OrangeSmsTransport::Stats s = self.orange().stats();
        py::dict d;
        d["token_requests"] = s.token_requests;
        d["connections_opened"] = s.connections_opened;
        d["requests"] = s.requests;
        return d;
      });

  m.def(
      "_parse_orange_delivery_receipt",
      [](py::handle body) {
        const std::string text = Utf8(body, "body");
        return ReceiptToTuple(ValueOrThrow(ParseOrangeDeliveryReceipt(text)));
      },
      py::arg("body"));
}

}  // namespace

// ------------------------------------------------------------ public helpers

TransportObject::TransportObject(std::shared_ptr<SmsTransport> transport)
    : transport_(std::move(transport)) {}

TransportObject::~TransportObject() = default;

py::tuple SendResultToTuple(const SendResult& r) {
  return py::make_tuple(
      std::string(SendOutcomeName(r.outcome)), NewStr(r.provider_message_id),
      NewStr(r.error_code), NewStr(r.error_message), r.http_status,
      NewStr(r.request_id), r.attempts,
      static_cast<int64_t>(r.retry_after.count()), NewStr(r.client_ref));
}

SendResult SendResultFromTuple(py::handle obj) {
  if (!PyTuple_Check(obj.ptr()) || PyTuple_GET_SIZE(obj.ptr()) != 9) {
    throw std::invalid_argument("a send result must be a 9-tuple");
  }
  py::tuple t = py::reinterpret_borrow<py::tuple>(obj);
  SendResult r;
  const std::string outcome = t[0].cast<std::string>();
  std::optional<SendOutcome> parsed = ParseOutcome(outcome);
  if (!parsed) throw std::invalid_argument("unknown outcome '" + outcome + "'");
  r.outcome = *parsed;
  r.provider_message_id = t[1].cast<std::string>();
  r.error_code = t[2].cast<std::string>();
  r.error_message = t[3].cast<std::string>();
  r.http_status = t[4].cast<int>();
  r.request_id = t[5].cast<std::string>();
  r.attempts = t[6].cast<int>();
  r.retry_after = std::chrono::milliseconds(t[7].cast<int64_t>());
  r.client_ref = t[8].cast<std::string>();
  return r;
}

py::tuple ReceiptToTuple(const DeliveryReceipt& r) {
  return py::make_tuple(NewStr(r.provider_message_id), NewStr(r.address),
                        std::string(DeliveryStatusName(r.status)),
                        NewStr(r.raw_status), r.received_at_unix_ms);
}

DeliveryReceipt ReceiptFromTuple(py::handle obj) {
  if (!PyTuple_Check(obj.ptr()) || PyTuple_GET_SIZE(obj.ptr()) != 5) {
    ThrowArgumentType("a receipt must be a 5-tuple");
  }
  py::tuple t = py::reinterpret_borrow<py::tuple>(obj);
  DeliveryReceipt r;
  r.provider_message_id = Utf8(t[0], "provider_message_id");
  r.address = Utf8(t[1], "address");
  r.status = ParseDeliveryStatus(Utf8(t[2], "status"));
  r.raw_status = Utf8(t[3], "raw_status");
  r.received_at_unix_ms = t[4].cast<int64_t>();
  return r;
}

py::tuple MessageToTuple(const SmsMessage& m) {
  return py::make_tuple(NewStr(m.to), NewStr(m.text), NewStr(m.sender_address),
                        NewStr(m.sender_name), NewStr(m.client_ref));
}

void RegisterSms(py::module_& m) {
  RegisterAnalysis(m);
  RegisterTransports(m);
}

}  // namespace oracle::python
