// Google Benchmark of the SMS text path: AnalyzeSms() on typical texts
// (GSM-7, French falling to UCS-2, smart mode, a long multipart text),
// SmsTemplate::Render(), and SandboxTransport::Send() from 1 and 2 threads.
//
//   build/bin/oracle_sms_bench --benchmark_min_time=0.2
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "oracle/sandbox_sms.h"
#include "oracle/sms.h"

namespace {

const std::string kGsm =
    "Votre colis arrive demain entre 9h et 12h. Code de retrait : 4821. "
    "Merci de votre confiance !";
// French with a curly apostrophe, guillemets and ê: UCS-2 unless smart.
const std::string kFrench =
    "Bonjour, votre facture de novembre est disponible : 12 500 F CFA. "
    "\xC2\xAB\xC2\xA0Payer avant le 30\xC2\xA0\xC2\xBB vous \xC3\xA9vite "
    "des frais. L\xE2\x80\x99\xC3\xA9quipe reste \xC3\xA0 votre "
    "disposition\xE2\x80\xA6 Bonne f\xC3\xAAte !";

void BM_AnalyzeGsm7(benchmark::State& state) {
  for (auto _ : state) {
    auto a = oracle::AnalyzeSms(kGsm);
    benchmark::DoNotOptimize(a);
  }
  state.SetBytesProcessed(state.iterations() * kGsm.size());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AnalyzeGsm7);

void BM_AnalyzeFrenchUcs2(benchmark::State& state) {
  for (auto _ : state) {
    auto a = oracle::AnalyzeSms(kFrench);
    benchmark::DoNotOptimize(a);
  }
  state.SetBytesProcessed(state.iterations() * kFrench.size());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AnalyzeFrenchUcs2);

void BM_AnalyzeFrenchSmart(benchmark::State& state) {
  oracle::SmsEncodingOptions smart;
  smart.smart = true;
  for (auto _ : state) {
    auto a = oracle::AnalyzeSms(kFrench, smart);
    benchmark::DoNotOptimize(a);
  }
  state.SetBytesProcessed(state.iterations() * kFrench.size());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AnalyzeFrenchSmart);

void BM_AnalyzeLongMultipart(benchmark::State& state) {
  std::string text;
  while (text.size() < 1500) text += kGsm + " {promo} ";
  for (auto _ : state) {
    auto a = oracle::AnalyzeSms(text);
    benchmark::DoNotOptimize(a);
  }
  state.SetBytesProcessed(state.iterations() * text.size());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AnalyzeLongMultipart);

void BM_TemplateRender(benchmark::State& state) {
  auto t = oracle::SmsTemplate::Make(
      "Bonjour {prenom}, votre code est {code}. Valable jusqu'au {date}.");
  const oracle::SmsTemplateValues values = {
      {"prenom", "Aya"}, {"code", "482193"}, {"date", "30/11"}};
  for (auto _ : state) {
    auto s = t->Render(values);
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TemplateRender);

std::unique_ptr<oracle::SandboxTransport> g_sandbox;

void BM_SandboxSend(benchmark::State& state) {
  if (state.thread_index() == 0) {
    oracle::SandboxTransportOptions o;
    o.receipts = false;  // records only
    g_sandbox = std::move(*oracle::SandboxTransport::Make(o));
  }
  oracle::SmsMessage m;
  m.to = "+2250707123456";
  m.text = kGsm;
  for (auto _ : state) {
    auto r = g_sandbox->Send(m);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) g_sandbox.reset();
}
BENCHMARK(BM_SandboxSend)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
