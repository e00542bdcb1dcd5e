// JNI entry points of io.github.oraclephone.SmsNatives: SMS encoding
// analysis, templates, the sandbox and Orange transports, and the adapter
// that lets C++ code (the campaign dispatcher) call a transport written in
// Java. See jni_common.h for the rules every entry point follows, and
// SmsNatives.java for the array layouts.
#include "sms_jni.h"

#include <jni.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "oracle/orange_sms.h"
#include "oracle/sandbox_sms.h"
#include "oracle/sms.h"
#include "oracle/status.h"
#include "jni_common.h"

namespace oracle::jni {

TransportBox& TransportFromHandle(jlong handle) {
  if (handle == 0) ThrowIllegalState("the transport is closed");
  return *reinterpret_cast<TransportBox*>(static_cast<intptr_t>(handle));
}

SmsMessage MessageFromFlat(const std::vector<std::string>& v, size_t at) {
  if (v.size() < at + kMessageFields) ThrowIllegalArgument("bad message");
  SmsMessage m;
  m.to = v[at];
  m.text = v[at + 1];
  m.sender_address = v[at + 2];
  m.sender_name = v[at + 3];
  m.client_ref = v[at + 4];
  return m;
}

void AppendResult(const SendResult& r, std::vector<std::string>* out) {
  out->push_back(std::to_string(static_cast<int>(r.outcome)));
  out->push_back(r.provider_message_id);
  out->push_back(r.error_code);
  out->push_back(r.error_message);
  out->push_back(std::to_string(r.http_status));
  out->push_back(r.request_id);
  out->push_back(std::to_string(r.attempts));
  out->push_back(std::to_string(r.retry_after.count()));
  out->push_back(r.client_ref);
}

SendResult ResultFromFlat(const std::vector<std::string>& v, size_t at) {
  if (v.size() < at + kResultFields) ThrowIllegalArgument("bad send result");
  SendResult r;
  const int64_t outcome = ParseInt64("outcome", v[at]);
  if (outcome < 0 || outcome > 3) ThrowIllegalArgument("bad outcome");
  r.outcome = static_cast<SendOutcome>(outcome);
  r.provider_message_id = v[at + 1];
  r.error_code = v[at + 2];
  r.error_message = v[at + 3];
  r.http_status = static_cast<int>(ParseInt64("http_status", v[at + 4]));
  r.request_id = v[at + 5];
  r.attempts = static_cast<int>(ParseInt64("attempts", v[at + 6]));
  r.retry_after = std::chrono::milliseconds(ParseInt64("retry_after", v[at + 7]));
  r.client_ref = v[at + 8];
  return r;
}

void AppendReceipt(const DeliveryReceipt& r, std::vector<std::string>* out) {
  out->push_back(r.provider_message_id);
  out->push_back(r.address);
  out->push_back(std::to_string(static_cast<int>(r.status)));
  out->push_back(r.raw_status);
  out->push_back(std::to_string(r.received_at_unix_ms));
}

DeliveryReceipt ReceiptFromFlat(const std::vector<std::string>& v, size_t at) {
  if (v.size() < at + kReceiptFields) ThrowIllegalArgument("bad receipt");
  DeliveryReceipt r;
  r.provider_message_id = v[at];
  r.address = v[at + 1];
  const int64_t status = ParseInt64("status", v[at + 2]);
  if (status < 0 || status > 5) ThrowIllegalArgument("bad delivery status");
  r.status = static_cast<DeliveryStatus>(status);
  r.raw_status = v[at + 3];
  r.received_at_unix_ms = ParseInt64("received_at", v[at + 4]);
  return r;
}

namespace {

// ---------------------------------------------------------------------------
// Java transports called from native threads.

// Detaches, when the thread ends, a native thread that AttachedEnv attached.
struct ThreadDetacher {
  JavaVM* vm = nullptr;
  ~ThreadDetacher() {
    if (vm != nullptr) vm->DetachCurrentThread();
  }
};
thread_local ThreadDetacher t_detacher;

JNIEnv* AttachedEnv(JavaVM* vm) {
  JNIEnv* env = nullptr;
  const jint rc = vm->GetEnv(reinterpret_cast<void**>(&env), JNI_VERSION_1_8);
  if (rc == JNI_OK) return env;
  if (rc != JNI_EDETACHED) return nullptr;
  JavaVMAttachArgs args;
  args.version = JNI_VERSION_1_8;
  args.name = const_cast<char*>("oracle-sms-transport");
  args.group = nullptr;
  if (vm->AttachCurrentThreadAsDaemon(reinterpret_cast<void**>(&env), &args) !=
      JNI_OK) {
    return nullptr;
  }
  t_detacher.vm = vm;
  return env;
}

class JavaTransport final : public SmsTransport {
 public:
  JavaTransport(jobject global, std::string name)
      : transport_(global), name_(std::move(name)) {}
  ~JavaTransport() override {
    JNIEnv* env = AttachedEnv(g_classes.vm);
    if (env != nullptr) env->DeleteGlobalRef(transport_);
  }

  std::string name() const override { return name_; }

  SendResult Send(const SmsMessage& m) override {
    SendResult r;
    r.client_ref = m.client_ref;
    JNIEnv* env = AttachedEnv(g_classes.vm);
    if (env == nullptr) {
      return NotCalled(r, "cannot attach the thread to the JVM");
    }
    if (env->PushLocalFrame(8) != JNI_OK) {
      env->ExceptionClear();
      return NotCalled(r, "no memory for the call");
    }
    bool called = false;
    try {
      jobjectArray message = NewStringArray(
          env, {m.to, m.text, m.sender_address, m.sender_name, m.client_ref});
      called = true;
      auto flat = static_cast<jobjectArray>(env->CallStaticObjectMethod(
          g_classes.sms_natives, g_classes.upcall_send, transport_, message));
      if (env->ExceptionCheck() || flat == nullptr) {
        env->ExceptionClear();
        r.outcome = SendOutcome::kUnknown;
        r.error_code = "TRANSPORT_EXCEPTION";
        r.error_message = "the Java transport failed; the message may have left";
      } else {
        r = ResultFromFlat(ReadStringArray(env, flat));
        r.client_ref = m.client_ref;
      }
    } catch (...) {
      env->ExceptionClear();
      if (!called) {
        NotCalled(r, "the call could not be set up");
      } else {
        r = SendResult();
        r.client_ref = m.client_ref;
        r.outcome = SendOutcome::kUnknown;
        r.error_code = "TRANSPORT_EXCEPTION";
        r.error_message = "the Java transport's answer could not be read";
      }
    }
    env->PopLocalFrame(nullptr);
    return r;
  }

 private:
  static SendResult& NotCalled(SendResult& r, const char* why) {
    r.outcome = SendOutcome::kRetryLater;
    r.error_code = "JNI_UNAVAILABLE";
    r.error_message = why;
    return r;
  }

  jobject transport_;  // global reference
  std::string name_;
};

// A global reference released (from whatever thread) when destroyed.
struct GlobalRef {
  jobject obj = nullptr;
  ~GlobalRef() {
    JNIEnv* env = AttachedEnv(g_classes.vm);
    if (env != nullptr && obj != nullptr) env->DeleteGlobalRef(obj);
  }
};

// ---------------------------------------------------------------------------
// Encoding and templates.

// Object[8]: String[] {encoding name, text}; long[] {characters, units,
// segments, units_per_segment, units_left, crlf_normalized}; String[] part
// texts; long[] part units; long[] forcing chars (code point, byte offset,
// char index)...; String[] their texts; long[] substitutions (code point,
// byte offset, char index)...; String[] substitutions (from, to)...
jobjectArray Analyze(JNIEnv* env, jclass, jstring jtext, jboolean smart) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    std::string text = ReadString(env, jtext, "text");
    SmsEncodingOptions options;
    options.smart = smart == JNI_TRUE;
    Result<SmsAnalysis> a = AnalyzeSms(text, options);
    if (!a.ok()) ThrowStatus(a.status());
    jobjectArray out = env->NewObjectArray(8, g_classes.object, nullptr);
    if (out == nullptr) throw JavaExceptionPending{};
    auto set = [&](int i, jobject value) { SetSlot(env, out, i, value); };
    set(0, NewStringArray(env, {std::string(SmsEncodingName(a->encoding)),
                                a->text}));
    set(1, NewLongArray(env, {a->characters, a->units, a->segments,
                              a->units_per_segment, a->units_left,
                              a->crlf_normalized}));
    std::vector<std::string> texts;
    std::vector<int64_t> numbers;
    for (const SmsPart& p : a->parts) {
      texts.push_back(p.text);
      numbers.push_back(p.units);
    }
    set(2, NewStringArray(env, texts));
    set(3, NewLongArray(env, numbers));
    texts.clear();
    numbers.clear();
    for (const SmsForcingChar& c : a->ucs2_forced_by) {
      numbers.insert(numbers.end(),
                     {static_cast<int64_t>(c.code_point),
                      static_cast<int64_t>(c.position.byte_offset),
                      static_cast<int64_t>(c.position.char_index)});
      texts.push_back(c.text);
    }
    set(4, NewLongArray(env, numbers));
    set(5, NewStringArray(env, texts));
    texts.clear();
    numbers.clear();
    for (const SmsSubstitution& s : a->substitutions) {
      numbers.insert(numbers.end(),
                     {static_cast<int64_t>(s.code_point),
                      static_cast<int64_t>(s.position.byte_offset),
                      static_cast<int64_t>(s.position.char_index)});
      texts.push_back(s.from);
      texts.push_back(s.to);
    }
    set(6, NewLongArray(env, numbers));
    set(7, NewStringArray(env, texts));
    return out;
  });
}

SmsTemplate CompileOrThrow(JNIEnv* env, jstring source) {
  Result<SmsTemplate> t = SmsTemplate::Make(ReadString(env, source, "source"));
  if (!t.ok()) ThrowStatus(t.status());
  return *std::move(t);
}

// The template's fields, in order of first use.
jobjectArray CompileTemplate(JNIEnv* env, jclass, jstring source) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    return NewStringArray(env, CompileOrThrow(env, source).fields());
  });
}

jstring RenderTemplate(JNIEnv* env, jclass, jstring source, jobjectArray keys,
                       jobjectArray values) {
  return Guarded<Api::kSmsHistory>(env, jstring{nullptr}, [&] {
    SmsTemplate t = CompileOrThrow(env, source);
    std::vector<std::string> k = ReadStringArray(env, keys, "key");
    std::vector<std::string> v = ReadStringArray(env, values, "value");
    if (k.size() != v.size()) ThrowIllegalArgument("keys and values differ");
    SmsTemplateValues map;
    for (size_t i = 0; i < k.size(); ++i) map.emplace(k[i], v[i]);
    Result<std::string> text = t.Render(map);
    if (!text.ok()) ThrowStatus(text.status());
    return NewJavaString(env, *text);
  });
}

// ---------------------------------------------------------------------------
// Transports.

jlong Box(std::unique_ptr<TransportBox> box) {
  return static_cast<jlong>(reinterpret_cast<intptr_t>(box.release()));
}

// Options as {key, value, key, value...}.
jlong CreateSandbox(JNIEnv* env, jclass, jobjectArray jkv, jobject on_receipt) {
  return Guarded<Api::kSmsHistory>(env, jlong{0}, [&] {
    std::vector<std::string> kv = ReadStringArray(env, jkv, "option");
    SandboxTransportOptions o;
    for (size_t i = 0; i + 1 < kv.size(); i += 2) {
      const std::string& k = kv[i];
      const std::string& v = kv[i + 1];
      if (k == "id_prefix") o.id_prefix = v;
      else if (k == "max_segments") o.max_segments = static_cast<int>(ParseInt64(k, v));
      else if (k == "reject_ratio") o.reject_ratio = ParseDouble(k, v);
      else if (k == "retry_later_ratio") o.retry_later_ratio = ParseDouble(k, v);
      else if (k == "unknown_ratio") o.unknown_ratio = ParseDouble(k, v);
      else if (k == "receipts") o.receipts = ParseBool(k, v);
      else if (k == "receipt_delay_ms") o.receipt_delay = std::chrono::milliseconds(ParseInt64(k, v));
      else if (k == "receipt_jitter_ms") o.receipt_jitter = std::chrono::milliseconds(ParseInt64(k, v));
      else if (k == "undeliverable_ratio") o.undeliverable_ratio = ParseDouble(k, v);
      else if (k == "network_receipts") o.network_receipts = ParseBool(k, v);
      else if (k == "duplicate_ratio") o.duplicate_ratio = ParseDouble(k, v);
      else if (k == "reorder_ratio") o.reorder_ratio = ParseDouble(k, v);
      else if (k == "seed") o.seed = static_cast<uint64_t>(ParseInt64(k, v));
      else if (k == "journal_path") o.journal_path = v;
      else if (k == "journal_fsync") o.journal_fsync = ParseBool(k, v);
      else ThrowStatus(Status::InvalidArgument("unknown sandbox option " + k));
    }
    if (on_receipt != nullptr) {
      auto consumer = MakeJavaConsumer(env, on_receipt);
      o.on_receipt = [consumer](const DeliveryReceipt& r) {
        std::vector<std::string> flat;
        AppendReceipt(r, &flat);
        consumer(flat);
      };
    }
    Result<std::unique_ptr<SandboxTransport>> t = SandboxTransport::Make(o);
    if (!t.ok()) ThrowStatus(t.status());
    auto box = std::make_unique<TransportBox>();
    box->sandbox = t->get();
    box->transport = *std::move(t);
    return Box(std::move(box));
  });
}

void ApplyOrangeOption(OrangeSmsOptions* o, const std::string& k,
                       const std::string& v) {
  using std::chrono::milliseconds;
  if (k == "client_id") o->client_id = v;
  else if (k == "client_secret") o->client_secret = v;
  else if (k == "sender_address") o->sender_address = v;
  else if (k == "sender_name") o->sender_name = v;
  else if (k == "base_url") o->base_url = v;
  else if (k == "ca_file") o->ca_file = v;
  else if (k == "verify_peer") o->verify_peer = ParseBool(k, v);
  else if (k == "connect_timeout_ms") o->connect_timeout = milliseconds(ParseInt64(k, v));
  else if (k == "request_timeout_ms") o->request_timeout = milliseconds(ParseInt64(k, v));
  else if (k == "total_timeout_ms") o->total_timeout = milliseconds(ParseInt64(k, v));
  else if (k == "max_connections") o->max_connections = static_cast<int>(ParseInt64(k, v));
  else if (k == "idle_timeout_ms") o->idle_timeout = milliseconds(ParseInt64(k, v));
  else if (k == "messages_per_second") o->messages_per_second = ParseDouble(k, v);
  else if (k == "rate_burst") o->rate_burst = static_cast<int>(ParseInt64(k, v));
  else if (k == "max_retries") o->max_retries = static_cast<int>(ParseInt64(k, v));
  else if (k == "backoff_base_ms") o->backoff_base = milliseconds(ParseInt64(k, v));
  else if (k == "backoff_cap_ms") o->backoff_cap = milliseconds(ParseInt64(k, v));
  else if (k == "token_refresh_margin_s") o->token_refresh_margin = std::chrono::seconds(ParseInt64(k, v));
  else ThrowStatus(Status::InvalidArgument("unknown Orange option " + k));
}

std::vector<std::string> OrangeOptionsToFlat(const OrangeSmsOptions& o) {
  return {"client_id", o.client_id,
          "client_secret", o.client_secret,
          "sender_address", o.sender_address,
          "sender_name", o.sender_name,
          "base_url", o.base_url,
          "ca_file", o.ca_file,
          "verify_peer", o.verify_peer ? "true" : "false",
          "connect_timeout_ms", std::to_string(o.connect_timeout.count()),
          "request_timeout_ms", std::to_string(o.request_timeout.count()),
          "total_timeout_ms", std::to_string(o.total_timeout.count()),
          "max_connections", std::to_string(o.max_connections),
          "idle_timeout_ms", std::to_string(o.idle_timeout.count()),
          "messages_per_second", std::to_string(o.messages_per_second),
          "rate_burst", std::to_string(o.rate_burst),
          "max_retries", std::to_string(o.max_retries),
          "backoff_base_ms", std::to_string(o.backoff_base.count()),
          "backoff_cap_ms", std::to_string(o.backoff_cap.count()),
          "token_refresh_margin_s",
          std::to_string(o.token_refresh_margin.count())};
}

OrangeSmsOptions OrangeOptionsFromFlat(JNIEnv* env, jobjectArray jkv) {
  std::vector<std::string> kv = ReadStringArray(env, jkv, "option");
  OrangeSmsOptions o;
  for (size_t i = 0; i + 1 < kv.size(); i += 2) ApplyOrangeOption(&o, kv[i], kv[i + 1]);
  return o;
}

jlong CreateOrange(JNIEnv* env, jclass, jobjectArray jkv, jobject log) {
  return Guarded<Api::kSmsHistory>(env, jlong{0}, [&] {
    OrangeSmsOptions o = OrangeOptionsFromFlat(env, jkv);
    if (log != nullptr) {
      auto consumer = MakeJavaConsumer(env, log);
      o.log = [consumer](std::string_view line) { consumer({std::string(line)}); };
    }
    Result<std::unique_ptr<OrangeSmsTransport>> t =
        OrangeSmsTransport::Make(std::move(o));
    if (!t.ok()) ThrowStatus(t.status());
    auto box = std::make_unique<TransportBox>();
    box->orange = t->get();
    box->transport = *std::move(t);
    return Box(std::move(box));
  });
}

// The options of a file (empty path: none) overridden by the environment,
// validated; {key, value...}.
jobjectArray LoadOrangeOptions(JNIEnv* env, jclass, jstring path) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    Result<OrangeSmsOptions> o = LoadOrangeSmsOptions(ReadPath(env, path, "path"));
    if (!o.ok()) ThrowStatus(o.status());
    return NewStringArray(env, OrangeOptionsToFlat(*o));
  });
}

void ValidateOrangeOptions(JNIEnv* env, jclass, jobjectArray jkv) {
  GuardedVoid<Api::kSmsHistory>(env, [&] {
    Status s = OrangeOptionsFromFlat(env, jkv).Validate();
    if (!s.ok()) ThrowStatus(s);
  });
}

void DestroyTransport(JNIEnv* env, jclass, jlong handle) {
  GuardedVoid<Api::kSmsHistory>(env, [&] {
    if (handle == 0) return;
    delete reinterpret_cast<TransportBox*>(static_cast<intptr_t>(handle));
  });
}

jstring TransportName(JNIEnv* env, jclass, jlong handle) {
  return Guarded<Api::kSmsHistory>(env, jstring{nullptr}, [&] {
    return NewJavaString(env, TransportFromHandle(handle).transport->name());
  });
}

jobjectArray Send(JNIEnv* env, jclass, jlong handle, jobjectArray message) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    SmsTransport& t = *TransportFromHandle(handle).transport;
    SmsMessage m = MessageFromFlat(ReadStringArray(env, message));
    SendResult r = t.Send(m);
    std::vector<std::string> out;
    AppendResult(r, &out);
    return NewStringArray(env, out);
  });
}

jobjectArray SendBatch(JNIEnv* env, jclass, jlong handle, jobjectArray messages) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    SmsTransport& t = *TransportFromHandle(handle).transport;
    std::vector<std::string> flat = ReadStringArray(env, messages);
    if (flat.size() % kMessageFields != 0) ThrowIllegalArgument("bad messages");
    std::vector<SmsMessage> batch;
    for (size_t i = 0; i < flat.size(); i += kMessageFields) {
      batch.push_back(MessageFromFlat(flat, i));
    }
    std::vector<SendResult> results = t.SendBatch(batch);
    std::vector<std::string> out;
    for (const SendResult& r : results) AppendResult(r, &out);
    return NewStringArray(env, out);
  });
}

SandboxTransport& SandboxFromHandle(jlong handle) {
  TransportBox& box = TransportFromHandle(handle);
  if (box.sandbox == nullptr) ThrowIllegalArgument("not a sandbox transport");
  return *box.sandbox;
}

OrangeSmsTransport& OrangeFromHandle(jlong handle) {
  TransportBox& box = TransportFromHandle(handle);
  if (box.orange == nullptr) ThrowIllegalArgument("not an Orange transport");
  return *box.orange;
}

// Per record: sequence, message (5), result (9), sent, message_id,
// encoding, segments, unix_ms: 19 strings.
jobjectArray SandboxRecords(JNIEnv* env, jclass, jlong handle) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    std::vector<std::string> out;
    for (const SandboxRecord& r : SandboxFromHandle(handle).records()) {
      out.push_back(std::to_string(r.sequence));
      for (const std::string* s :
           {&r.message.to, &r.message.text, &r.message.sender_address,
            &r.message.sender_name, &r.message.client_ref}) {
        out.push_back(*s);
      }
      AppendResult(r.result, &out);
      out.push_back(r.sent ? "true" : "false");
      out.push_back(r.message_id);
      out.push_back(std::string(SmsEncodingName(r.encoding)));
      out.push_back(std::to_string(r.segments));
      out.push_back(std::to_string(r.unix_ms));
    }
    return NewStringArray(env, out);
  });
}

jlong SandboxSentCount(JNIEnv* env, jclass, jlong handle) {
  return Guarded<Api::kSmsHistory>(env, jlong{0}, [&] {
    return static_cast<jlong>(SandboxFromHandle(handle).sent_count());
  });
}

jlong SandboxPendingReceipts(JNIEnv* env, jclass, jlong handle) {
  return Guarded<Api::kSmsHistory>(env, jlong{0}, [&] {
    return static_cast<jlong>(SandboxFromHandle(handle).pending_receipts());
  });
}

jobjectArray ReceiptsToJava(JNIEnv* env, const std::vector<DeliveryReceipt>& v) {
  std::vector<std::string> out;
  for (const DeliveryReceipt& r : v) AppendReceipt(r, &out);
  return NewStringArray(env, out);
}

jobjectArray SandboxPollReceipts(JNIEnv* env, jclass, jlong handle) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    return ReceiptsToJava(env, SandboxFromHandle(handle).PollReceipts());
  });
}

jobjectArray SandboxDeliveredReceipts(JNIEnv* env, jclass, jlong handle) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    return ReceiptsToJava(env, SandboxFromHandle(handle).delivered_receipts());
  });
}

jobjectArray ParseOrangeReceipt(JNIEnv* env, jclass, jstring body) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    Result<DeliveryReceipt> r =
        ParseOrangeDeliveryReceipt(ReadString(env, body, "body"));
    if (!r.ok()) ThrowStatus(r.status());
    return ReceiptsToJava(env, {*r});
  });
}

// {token_requests, connections_opened, requests}.
jlongArray OrangeStats(JNIEnv* env, jclass, jlong handle) {
  return Guarded<Api::kSmsHistory>(env, jlongArray{nullptr}, [&] {
    OrangeSmsTransport::Stats s = OrangeFromHandle(handle).stats();
    return NewLongArray(env, {s.token_requests, s.connections_opened, s.requests});
  });
}

// Per contract: id, country, offer_name, status, available_units,
// expiration_date, raw_json.
jobjectArray OrangeContracts(JNIEnv* env, jclass, jlong handle, jstring country) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    Result<std::vector<OrangeContract>> c =
        OrangeFromHandle(handle).GetContracts(ReadOptionalString(env, country));
    if (!c.ok()) ThrowStatus(c.status());
    std::vector<std::string> out;
    for (const OrangeContract& k : *c) {
      out.insert(out.end(), {k.id, k.country, k.offer_name, k.status,
                             std::to_string(k.available_units),
                             k.expiration_date, k.raw_json});
    }
    return NewStringArray(env, out);
  });
}

// {id, resource_url, notify_url, callback_data, request_id}.
jobjectArray SubscriptionToJava(JNIEnv* env,
                                const Result<OrangeReceiptSubscription>& s) {
  if (!s.ok()) ThrowStatus(s.status());
  return NewStringArray(env, {s->id, s->resource_url, s->notify_url,
                              s->callback_data, s->request_id});
}

jobjectArray OrangeCreateSubscription(JNIEnv* env, jclass, jlong handle,
                                      jstring notify_url, jstring callback_data,
                                      jstring sender) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    return SubscriptionToJava(
        env, OrangeFromHandle(handle).CreateReceiptSubscription(
                 ReadString(env, notify_url, "notifyUrl"),
                 ReadOptionalString(env, callback_data),
                 ReadOptionalString(env, sender)));
  });
}

jobjectArray OrangeGetSubscription(JNIEnv* env, jclass, jlong handle, jstring id) {
  return Guarded<Api::kSmsHistory>(env, jobjectArray{nullptr}, [&] {
    return SubscriptionToJava(env, OrangeFromHandle(handle).GetReceiptSubscription(
                                       ReadString(env, id, "id")));
  });
}

void OrangeDeleteSubscription(JNIEnv* env, jclass, jlong handle, jstring id,
                              jstring sender) {
  GuardedVoid<Api::kSmsHistory>(env, [&] {
    Status s = OrangeFromHandle(handle).DeleteReceiptSubscription(
        ReadString(env, id, "id"), ReadOptionalString(env, sender));
    if (!s.ok()) ThrowStatus(s);
  });
}

#define ORACLE_JNI_METHOD(name, signature, fn) \
  {const_cast<char*>(name), const_cast<char*>(signature), \
   reinterpret_cast<void*>(fn)}

const JNINativeMethod kSmsMethods[] = {
    ORACLE_JNI_METHOD("analyze", "(Ljava/lang/String;Z)[Ljava/lang/Object;", Analyze),
    ORACLE_JNI_METHOD("compileTemplate", "(Ljava/lang/String;)[Ljava/lang/String;",
                      CompileTemplate),
    ORACLE_JNI_METHOD("renderTemplate",
                      "(Ljava/lang/String;[Ljava/lang/String;[Ljava/lang/String;)"
                      "Ljava/lang/String;",
                      RenderTemplate),
    ORACLE_JNI_METHOD("createSandbox", "([Ljava/lang/String;Ljava/util/function/Consumer;)J",
                      CreateSandbox),
    ORACLE_JNI_METHOD("createOrange", "([Ljava/lang/String;Ljava/util/function/Consumer;)J",
                      CreateOrange),
    ORACLE_JNI_METHOD("loadOrangeOptions", "(Ljava/lang/String;)[Ljava/lang/String;",
                      LoadOrangeOptions),
    ORACLE_JNI_METHOD("validateOrangeOptions", "([Ljava/lang/String;)V",
                      ValidateOrangeOptions),
    ORACLE_JNI_METHOD("destroyTransport", "(J)V", DestroyTransport),
    ORACLE_JNI_METHOD("transportName", "(J)Ljava/lang/String;", TransportName),
    ORACLE_JNI_METHOD("send", "(J[Ljava/lang/String;)[Ljava/lang/String;", Send),
    ORACLE_JNI_METHOD("sendBatch", "(J[Ljava/lang/String;)[Ljava/lang/String;",
                      SendBatch),
    ORACLE_JNI_METHOD("sandboxRecords", "(J)[Ljava/lang/String;", SandboxRecords),
    ORACLE_JNI_METHOD("sandboxSentCount", "(J)J", SandboxSentCount),
    ORACLE_JNI_METHOD("sandboxPendingReceipts", "(J)J", SandboxPendingReceipts),
    ORACLE_JNI_METHOD("sandboxPollReceipts", "(J)[Ljava/lang/String;",
                      SandboxPollReceipts),
    ORACLE_JNI_METHOD("sandboxDeliveredReceipts", "(J)[Ljava/lang/String;",
                      SandboxDeliveredReceipts),
    ORACLE_JNI_METHOD("parseOrangeReceipt", "(Ljava/lang/String;)[Ljava/lang/String;",
                      ParseOrangeReceipt),
    ORACLE_JNI_METHOD("orangeStats", "(J)[J", OrangeStats),
    ORACLE_JNI_METHOD("orangeContracts", "(JLjava/lang/String;)[Ljava/lang/String;",
                      OrangeContracts),
    ORACLE_JNI_METHOD("orangeCreateSubscription",
                      "(JLjava/lang/String;Ljava/lang/String;Ljava/lang/String;)"
                      "[Ljava/lang/String;",
                      OrangeCreateSubscription),
    ORACLE_JNI_METHOD("orangeGetSubscription", "(JLjava/lang/String;)[Ljava/lang/String;",
                      OrangeGetSubscription),
    ORACLE_JNI_METHOD("orangeDeleteSubscription",
                      "(JLjava/lang/String;Ljava/lang/String;)V",
                      OrangeDeleteSubscription),
};

#undef ORACLE_JNI_METHOD

}  // namespace

std::function<void(const std::vector<std::string>&)> MakeJavaConsumer(
    JNIEnv* env, jobject consumer) {
  auto ref = std::make_shared<GlobalRef>();
  ref->obj = env->NewGlobalRef(consumer);
  if (ref->obj == nullptr) throw JavaExceptionPending{};
  return [ref](const std::vector<std::string>& values) {
    JNIEnv* e = AttachedEnv(g_classes.vm);
    if (e == nullptr || e->PushLocalFrame(8) != JNI_OK) {
      if (e != nullptr) e->ExceptionClear();
      return;  // the JVM is going away or out of memory: nothing to call
    }
    try {
      jobjectArray array = NewStringArray(e, values);
      e->CallStaticVoidMethod(g_classes.sms_natives, g_classes.upcall_accept,
                              ref->obj, array);
    } catch (...) {
    }
    e->ExceptionClear();  // upcallAccept never throws; an OOM building the array
    e->PopLocalFrame(nullptr);
  };
}

std::unique_ptr<SmsTransport> MakeJavaTransport(JNIEnv* env, jobject transport,
                                                std::string name) {
  jobject global = env->NewGlobalRef(transport);
  if (global == nullptr) throw JavaExceptionPending{};
  return std::make_unique<JavaTransport>(global, std::move(name));
}

}  // namespace oracle::jni

extern "C" JNIEXPORT void JNICALL
Java_io_github_oraclephone_SmsNatives_registerNatives(JNIEnv* env, jclass cls) {
  using namespace oracle::jni;  // NOLINT(build/namespaces)
  if (!ResolveUpcalls(env)) {
    if (!env->ExceptionCheck()) {
      env->ThrowNew(env->FindClass("java/lang/LinkageError"),
                    "cannot resolve the classes of the SMS binding");
    }
    return;
  }
  if (env->RegisterNatives(cls, kSmsMethods,
                           sizeof(kSmsMethods) / sizeof(kSmsMethods[0])) != JNI_OK &&
      !env->ExceptionCheck()) {
    env->ThrowNew(env->FindClass("java/lang/LinkageError"),
                  "cannot register the SMS native methods");
  }
}
