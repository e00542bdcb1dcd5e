// Quick cost measurement of the text steps of parsing on typical input:
// prints nanoseconds per call of each function and of the whole sequence
// parse() runs before touching metadata. Not a test; run by hand:
//   text_cost [iterations]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "engine/text_internal.h"

namespace {

using oracle::internal::BuildNationalNumberForParsing;
using oracle::internal::ExtractPossibleNumber;
using oracle::internal::IsValidUtf8;
using oracle::internal::IsViablePhoneNumber;
using oracle::internal::LeadingPlusLength;
using oracle::internal::MaybeStripExtension;
using oracle::internal::NormalizeAppend;
using oracle::internal::NormalizeDigitsOnlyAppend;

template <typename T>
inline void KeepAlive(const T& value) {
  asm volatile("" : : "g"(&value) : "memory");
}

// The fastest of 50 batches: robust against other load on the machine.
template <typename F>
double NanosPerCall(long iterations, F&& f) {
  const long batch = iterations / 50 > 0 ? iterations / 50 : 1;
  double best = 1e300;
  for (int round = 0; round < 50; ++round) {
    const auto start = std::chrono::steady_clock::now();
    for (long i = 0; i < batch; ++i) f();
    const auto end = std::chrono::steady_clock::now();
    const double ns =
        std::chrono::duration<double, std::nano>(end - start).count() /
        static_cast<double>(batch);
    if (ns < best) best = ns;
  }
  return best;
}

void Measure(std::string_view input, long iterations) {
  std::string built;
  std::string normalized;
  built.reserve(64);
  normalized.reserve(64);
  std::printf("input \"%.*s\"\n", static_cast<int>(input.size()),
              input.data());
  const auto report = [&](const char* name, double ns) {
    std::printf("  %-28s %7.1f ns\n", name, ns);
  };
  report("IsValidUtf8", NanosPerCall(iterations, [&] {
           size_t n;
           bool ok = IsValidUtf8(input, &n);
           KeepAlive(ok);
           KeepAlive(n);
         }));
  report("BuildNationalNumber", NanosPerCall(iterations, [&] {
           bool ok = BuildNationalNumberForParsing(input, &built);
           KeepAlive(ok);
         }));
  report("ExtractPossibleNumber", NanosPerCall(iterations, [&] {
           auto v = ExtractPossibleNumber(input);
           KeepAlive(v);
         }));
  report("IsViablePhoneNumber", NanosPerCall(iterations, [&] {
           bool ok = IsViablePhoneNumber(input);
           KeepAlive(ok);
         }));
  report("MaybeStripExtension", NanosPerCall(iterations, [&] {
           std::string_view rest, ext;
           bool ok = MaybeStripExtension(input, &rest, &ext);
           KeepAlive(ok);
           KeepAlive(rest);
         }));
  report("LeadingPlusLength", NanosPerCall(iterations, [&] {
           size_t n = LeadingPlusLength(input);
           KeepAlive(n);
         }));
  report("NormalizeAppend", NanosPerCall(iterations, [&] {
           normalized.clear();
           NormalizeAppend(input, &normalized);
           KeepAlive(normalized);
         }));
  report("NormalizeDigitsOnlyAppend", NanosPerCall(iterations, [&] {
           normalized.clear();
           NormalizeDigitsOnlyAppend(input, &normalized);
           KeepAlive(normalized);
         }));
  // The sequence parse() goes through before it needs metadata.
  report("whole sequence", NanosPerCall(iterations, [&] {
           size_t n;
           if (!IsValidUtf8(input, &n)) return;
           if (!BuildNationalNumberForParsing(input, &built)) return;
           if (!IsViablePhoneNumber(built)) return;
           std::string_view rest, ext;
           MaybeStripExtension(built, &rest, &ext);
           const size_t plus = LeadingPlusLength(rest);
           normalized.clear();
           NormalizeAppend(rest.substr(plus), &normalized);
           KeepAlive(normalized);
         }));
}

}  // namespace

int main(int argc, char** argv) {
  const long iterations = argc > 1 ? std::atol(argv[1]) : 2000000;
  for (const char* input :
       {"+225 07 07 12 34 56", "0707123456", "+1 650-253-0000 ext. 1234",
        "tel:+1-201-555-0123;phone-context=+1",
        "\u0660\u0667\u0660\u0667\u0661\u0662\u0663\u0664\u0665\u0666"}) {
    Measure(input, iterations);
  }
  return 0;
}
