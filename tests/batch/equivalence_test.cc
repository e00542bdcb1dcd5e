// The batch pipeline gives Engine::Segment's answers, field by field, on
// ORACLE_BATCH_EQUIVALENCE_ROWS mixed inputs (the benchmark corpus plus
// mutations aimed at the normalisation kernels: stray '+', punctuation,
// too few digits, over-long text, characters outside the fast path), for
// every SIMD path this CPU runs and for 1 and N threads. The answers
// compared with are the engine's reference steps (libphonenumber's, one by
// one: internal::ReferenceSegmentation); Engine::Segment's own shortcut
// for single numbers (batch/fast_single_internal.h) is checked against
// them on the same rows, with every field and with no format.
#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "batch/fast_single_internal.h"
#include "corpus.h"
#include "oracle/batch.h"
#include "oracle/engine.h"
#include "test_util.h"

#ifndef ORACLE_BATCH_EQUIVALENCE_ROWS
#define ORACLE_BATCH_EQUIVALENCE_ROWS 100000
#endif

namespace oracle {
namespace {

constexpr size_t kRows = ORACLE_BATCH_EQUIVALENCE_ROWS;
constexpr size_t kBlock = 50000;

// Deterministic mixed inputs: the corpus, with about half of the rows
// mutated. Besides the kernels' edges, the mutations aim at the fast
// path's: labels before the number, every region as default region with
// national-prefix, carrier-code and IDD variants, extensions and junk,
// Côte d'Ivoire's 8-digit numbers of before its 2021 migration.
void MakeInputs(size_t n, std::vector<std::string>* texts,
                std::vector<std::string>* regions) {
  const bench::Corpus corpus = bench::Corpus::Generate(n);
  const std::vector<std::string> all_regions =
      Engine::Make().value().SupportedRegions();
  std::mt19937_64 rng(42);
  auto pick = [&](size_t bound) {
    return static_cast<size_t>(rng() % (bound == 0 ? 1 : bound));
  };
  static const char kSimple[] = " -.()+0123456789";
  static const char* const kOther[] = {"#", "x", "ext", "/", ";", "~", "a",
                                       "*", "\t", "\xef\xbc\x8b", "\xd9\xa3",
                                       "tel:", "[", "]", ",", "_"};
  static const char* const kRegions[] = {"", "ZZ", "ci", "US", "FR", "zz",
                                         "XX", "IN", "BR", "001"};
  texts->clear();
  regions->clear();
  for (size_t i = 0; i < n; ++i) {
    std::string text = corpus.text(i);
    std::string region = corpus.region(i);
    auto digits_of = [](const std::string& t) {
      std::string d;
      for (char c : t) {
        if (c >= '0' && c <= '9') d += c;
      }
      return d;
    };
    switch (rng() % 16) {
      case 0:  // punctuation and '+' inserted anywhere
      case 1:
        for (size_t k = 0, m = 1 + pick(3); k < m; ++k) {
          text.insert(text.begin() + pick(text.size() + 1),
                      kSimple[pick(6)]);
        }
        break;
      case 2:  // a character outside the fast path
        text.insert(pick(text.size() + 1), kOther[pick(std::size(kOther))]);
        break;
      case 3:  // fewer digits
        if (!text.empty()) text.erase(pick(text.size()), 1 + pick(8));
        break;
      case 4: {  // short simple texts
        std::string t;
        for (size_t k = 0, m = pick(7); k < m; ++k) t += kSimple[pick(16)];
        text = t;
        break;
      }
      case 5: {  // long simple texts around the 250-character limit
        std::string t = rng() % 2 ? "+" : "";
        const size_t m = 240 + pick(20);
        while (t.size() < m) t += kSimple[pick(16)];
        text = t;
        break;
      }
      case 6:  // another default region
        region = kRegions[pick(std::size(kRegions))];
        break;
      case 7: {  // leading '+' runs and IDD prefixes
        static const char* const kPrefixes[] = {"+", "++", "+ ", "00", "(+",
                                                "-+", "0", "011", "+-"};
        std::string digits;
        for (char c : text) {
          if (c >= '0' && c <= '9') digits += c;
        }
        text = kPrefixes[pick(std::size(kPrefixes))];
        text += digits;
        break;
      }
      case 8: {  // a label before the number (or something like one)
        static const char* const kLabels[] = {
            "tel:", "Tel: ", "phone ", "a", "#", ";", "tel:;", "N\xc2\xb0 ",
            "x", "ext ", "*", "mobile: ", ":", "tel:+", "(", "~", "\t"};
        text = kLabels[pick(std::size(kLabels))] + text;
        break;
      }
      case 9: {  // any region, its number's digits behind national prefixes
        static const char* const kPrefixes[] = {
            "", "0", "00", "1", "8", "9", "01", "015", "021", "0 15 ",
            "(0)", "0-", "10", "011", "810", "001", "0015", "+0", "06"};
        region = all_regions[pick(all_regions.size())];
        text = kPrefixes[pick(std::size(kPrefixes))] + digits_of(text);
        break;
      }
      case 10: {  // carrier codes and trunk prefixes of AR, BR, CO, MX...
        static const char* const kShapes[] = {"AR", "BR", "CO", "MX", "CL",
                                              "KR", "JP", "BS", "JM", "GB",
                                              "JE", "RU", "BY", "UZ", "CN"};
        static const char* const kCarriers[] = {"0", "015", "021", "041",
                                                "0 14 ", "00", "9", "15",
                                                "044", "045", "01", "8"};
        region = kShapes[pick(std::size(kShapes))];
        std::string d = digits_of(text);
        if (d.size() > 4 && pick(2)) d.erase(0, 1 + pick(3));
        text = kCarriers[pick(std::size(kCarriers))] + d;
        break;
      }
      case 11: {  // extensions, trailing text and junk after a number
        static const char* const kTails[] = {" ext. 12", " x7", "#", " #12",
                                             ",1", ";ext=5", " abc", "/x3",
                                             " ;isub=9", "\xef\xbc\x90"};
        text += kTails[pick(std::size(kTails))];
        break;
      }
      case 12: {  // Côte d'Ivoire numbers of 8 digits (before 2021)
        static const char* const kPrefixes[] = {"", "+225 ", "00225", "225",
                                                "+225 0", "0"};
        std::string d = digits_of(text);
        while (d.size() < 8) d += static_cast<char>('0' + pick(10));
        d = d.substr(d.size() - 8);
        d[0] = "0234567"[pick(7)];
        region = pick(4) == 0 ? "FR" : "CI";
        text = kPrefixes[pick(std::size(kPrefixes))] + d;
        break;
      }
      case 13: {  // digits of other scripts, some or all, with what follows
        static const char* const kZero[] = {"\xd9\xa0", "\xdb\xb0",
                                            "\xef\xbc\x90"};
        static const char* const kOdd[] = {
            "\xd9", "\xef\xbc", "\xd9\xaa", "\xef\xbc\x8b",
            "\xe0\xa5\xa6", "\xc2\xa0", "Tel: ", " ext. 4", "00", ""};
        const size_t script = pick(std::size(kZero));
        const bool all = pick(2) == 0;
        std::string t;
        for (char c : text) {
          if (c >= '0' && c <= '9' && (all || pick(2) == 0)) {
            std::string d = kZero[script];
            d.back() = static_cast<char>(d.back() + (c - '0'));
            t += d;
          } else {
            t += c;
          }
        }
        const std::string odd = kOdd[pick(std::size(kOdd))];
        if (pick(2) == 0) {
          t.insert(pick(t.size() + 1), odd);
        } else if (odd == "Tel: " || odd == "00") {
          t = odd + t;
        }
        if (pick(8) == 0) region = "";
        text = t;
        break;
      }
      default:
        break;
    }
    texts->push_back(std::move(text));
    regions->push_back(std::move(region));
  }
}

void ExpectSame(const BatchSegmenter& batch, const std::string& text,
                const std::string& region, const Result<Segmentation>& want,
                const BatchResult& got, size_t i, bool strings,
                const std::string& what, int* failures) {
  auto fail = [&](const char* field, const std::string& a,
                  const std::string& b) {
    if (++*failures <= 20) {
      ADD_FAILURE() << what << " row " << i << " text '" << text
                    << "' region '" << region << "': " << field
                    << " engine='" << a << "' batch='" << b << "'";
    }
  };
  const int want_code = want.ok() ? 0 : static_cast<int>(want.status().code());
  if (want_code != got.error[i]) {
    fail("error", std::to_string(want_code), std::to_string(got.error[i]));
    return;
  }
  if (!want.ok()) {
    if (want.status().message() != got.error_message(i)) {
      fail("error message", want.status().message(),
           std::string(got.error_message(i)));
    }
    if (got.valid[i] || got.country_code[i] || got.operator_id[i] ||
        got.region_id[i] || got.national_number[i]) {
      fail("failed row not zeroed", "", "");
    }
    return;
  }
  if (got.error_detail[i] != 0 || !got.error_message(i).empty()) {
    fail("error message of a parsed row", "", std::string(got.error_message(i)));
  }
  const Segmentation& s = *want;
  auto check = [&](const char* field, const std::string& a,
                   const std::string& b) {
    if (a != b) fail(field, a, b);
  };
  auto num = [](auto v) { return std::to_string(static_cast<int64_t>(v)); };
  check("valid", num(s.valid), num(got.valid[i]));
  check("possible", num(s.possible), num(got.possible[i]));
  check("possibility", num(s.possibility), num(got.possibility[i]));
  check("type", num(s.type), num(got.type[i]));
  check("country_code_source", num(s.country_code_source),
        num(got.country_code_source[i]));
  check("portable", num(s.portable), num(got.portable[i]));
  check("country_code", num(s.country_code), num(got.country_code[i]));
  check("flags", num(s.flags), num(got.flags[i]));
  check("region", s.region, std::string(batch.region_name(got.region_id[i])));
  check("national_number", s.national_number, got.NationalNumberString(i));
  if (got.ndc_length.size() == got.size()) {
    check("ndc", s.ndc, s.national_number.substr(0, got.ndc_length[i]));
    check("subscriber_number", s.subscriber_number,
          s.national_number.substr(got.ndc_length[i]));
  } else if (!got.ndc_length.empty()) {
    fail("ndc_length size", num(got.size()), num(got.ndc_length.size()));
  }
  check("operator", s.operator_name,
        std::string(batch.operator_name(got.operator_id[i])));
  check("e164 (integers)", s.e164, got.E164String(i));
  if (strings) {
    check("e164", s.e164, std::string(got.e164[i]));
    check("region_code", s.region, std::string(got.region_code[i]));
    check("operator_name", s.operator_name, std::string(got.operator_name[i]));
    check("international", s.international, std::string(got.international[i]));
    check("national", s.national, std::string(got.national[i]));
    check("rfc3966", s.rfc3966, std::string(got.rfc3966[i]));
    check("extension", s.extension, std::string(got.extension[i]));
    check("carrier_code", s.carrier_code, std::string(got.carrier_code[i]));
  }
}

// Engine::Segment(text, region, fields) as it runs (`got`) against the
// reference steps with every field (`want`).
void ExpectSameSegmentation(const Result<Segmentation>& got,
                            const Result<Segmentation>& want, uint32_t fields,
                            const std::string& text, const std::string& region,
                            int* failures) {
  auto fail = [&](const char* field, const std::string& a,
                  const std::string& b) {
    if (++*failures <= 20) {
      ADD_FAILURE() << "Engine::Segment, fields " << fields << ", text '"
                    << text << "' region '" << region << "': " << field
                    << " reference='" << a << "' got='" << b << "'";
    }
  };
  if (want.ok() != got.ok()) {
    fail("status", want.status().ToString(), got.status().ToString());
    return;
  }
  if (!want.ok()) {
    if (want.status().code() != got.status().code() ||
        want.status().message() != got.status().message()) {
      fail("error", want.status().ToString(), got.status().ToString());
    }
    return;
  }
  const Segmentation& w = *want;
  const Segmentation& g = *got;
  auto check = [&](const char* field, const std::string& a,
                   const std::string& b) {
    if (a != b) fail(field, a, b);
  };
  auto num = [](auto v) { return std::to_string(static_cast<int64_t>(v)); };
  check("e164", w.e164, g.e164);
  check("country_code", num(w.country_code), num(g.country_code));
  check("region", w.region, g.region);
  check("national_number", w.national_number, g.national_number);
  check("ndc", w.ndc, g.ndc);
  check("subscriber_number", w.subscriber_number, g.subscriber_number);
  check("type", num(w.type), num(g.type));
  check("valid", num(w.valid), num(g.valid));
  check("possible", num(w.possible), num(g.possible));
  check("possibility", num(w.possibility), num(g.possibility));
  check("operator", w.operator_name, g.operator_name);
  check("extension", w.extension, g.extension);
  const bool all = fields == kFieldAll;
  check("international", all ? w.international : "", g.international);
  check("national", all ? w.national : "", g.national);
  check("rfc3966", all ? w.rfc3966 : "", g.rfc3966);
  check("country_code_source", num(w.country_code_source),
        num(g.country_code_source));
  check("portable", num(w.portable), num(g.portable));
  check("flags", num(w.flags), num(g.flags));
  check("carrier_code", w.carrier_code, g.carrier_code);
}

void RunEquivalence(const EngineOptions& engine_options, size_t rows) {
  ASSERT_OK_AND_ASSIGN(Engine engine, Engine::Make(engine_options));
  std::vector<std::string> texts, regions;
  MakeInputs(rows, &texts, &regions);
  ASSERT_EQ(texts.size(), rows);

  struct Config {
    SimdPath simd;
    int threads;
    bool strings;
    bool ndc = true;
  };
  const int many =
      std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
  std::vector<Config> configs;
  for (SimdPath path : SupportedSimdPaths()) {
    configs.push_back({path, 1, true});
    configs.push_back({path, many, true});
  }
  configs.push_back({SimdPath::kAuto, many, false});
  // Without the NDC length: every other column the same.
  configs.push_back({SimdPath::kAuto, 1, true, false});
  configs.push_back({SimdPath::kAuto, many, false, false});

  std::vector<BatchSegmenter> segmenters;
  for (const Config& c : configs) {
    BatchOptions options;
    options.simd = c.simd;
    options.num_threads = c.threads;
    options.strings = c.strings ? kBatchAllStrings : kBatchNoStrings;
    options.ndc_length = c.ndc;
    ASSERT_OK_AND_ASSIGN(BatchSegmenter s,
                         BatchSegmenter::Make(engine, options));
    segmenters.push_back(std::move(s));
  }

  int failures = 0;
  size_t rows_checked = 0;
  BatchResult out;
  for (size_t begin = 0; begin < rows; begin += kBlock) {
    const size_t end = std::min(rows, begin + kBlock);
    std::vector<std::string_view> text_views(texts.begin() + begin,
                                             texts.begin() + end);
    std::vector<std::string_view> region_views(regions.begin() + begin,
                                               regions.begin() + end);
    std::vector<Result<Segmentation>> want;
    want.reserve(end - begin);
    {
      internal::ReferenceSegmentation reference;
      for (size_t i = begin; i < end; ++i) {
        want.push_back(engine.Segment(texts[i], regions[i]));
      }
    }
    rows_checked += end - begin;
    for (size_t i = begin; i < end; ++i) {
      ExpectSameSegmentation(engine.Segment(texts[i], regions[i]),
                             want[i - begin], kFieldAll, texts[i], regions[i],
                             &failures);
      ExpectSameSegmentation(engine.Segment(texts[i], regions[i], 0),
                             want[i - begin], 0, texts[i], regions[i],
                             &failures);
    }
    for (size_t c = 0; c < configs.size(); ++c) {
      const std::string what =
          std::string(SimdPathName(configs[c].simd)) + "/" +
          std::to_string(configs[c].threads) + " threads" +
          (configs[c].strings ? "/strings" : "") +
          (configs[c].ndc ? "" : "/no NDC");
      ASSERT_OK(segmenters[c].Segment(TextColumn::FromViews(text_views),
                                      TextColumn::FromViews(region_views),
                                      &out));
      ASSERT_EQ(out.size(), end - begin);
      ASSERT_EQ(out.ndc_length.size(), configs[c].ndc ? out.size() : 0u)
          << what;
      for (size_t i = 0; i < end - begin; ++i) {
        ExpectSame(segmenters[c], texts[begin + i], regions[begin + i],
                   want[i], out, i, configs[c].strings, what, &failures);
      }
    }
  }
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(rows_checked, rows);
}

TEST(BatchEquivalence, EqualsEngineSegmentOnMixedInputs) {
  RunEquivalence(EngineOptions(), kRows);
}

// Oracle's opt-in behaviour (lenient "00", Côte d'Ivoire migration and
// fixed-line operators, a user operator rule) on a quarter as many rows.
TEST(BatchEquivalence, EqualsEngineSegmentWithEngineOptions) {
  EngineOptions options;
  options.lenient_double_zero = true;
  options.migrate_ci_legacy = true;
  options.ci_fixed_line_operators = true;
  options.operator_rules = {{"2250747", "Rule Operator"}, {"336", "Rule FR"}};
  RunEquivalence(options, kRows / 4);
}

}  // namespace
}  // namespace oracle
