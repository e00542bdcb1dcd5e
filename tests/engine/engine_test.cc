// Known answers of Engine::Segment. Expected values are libphonenumber's
// (phonenumbers 9.0.43) for the same input; the differential test checks
// the same thing at scale.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "batch/fast_single_internal.h"
#include "oracle/oracle.h"
#include "test_util.h"

namespace oracle {
namespace {

class EngineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto e = Engine::Make();
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    engine_ = new Engine(std::move(e).value());
  }
  static void TearDownTestSuite() {
    delete engine_;
    engine_ = nullptr;
  }
  static Engine* engine_;
};
Engine* EngineTest::engine_ = nullptr;

TEST_F(EngineTest, CoteDIvoireMobileInternational) {
  ASSERT_OK_AND_ASSIGN(Segmentation s, engine_->Segment("+225 07 07 12 34 56"));
  EXPECT_EQ(s.e164, "+2250707123456");
  EXPECT_EQ(s.country_code, 225);
  EXPECT_EQ(s.region, "CI");
  EXPECT_EQ(s.national_number, "0707123456");
  EXPECT_EQ(s.ndc, "07");
  EXPECT_EQ(s.subscriber_number, "07123456");
  EXPECT_EQ(s.type, NumberType::kMobile);
  EXPECT_TRUE(s.valid);
  EXPECT_TRUE(s.possible);
  EXPECT_EQ(s.possibility, Possibility::kIsPossible);
  EXPECT_EQ(s.operator_name, "Orange");
  EXPECT_EQ(s.international, "+225 07 07 12 3456");
  EXPECT_EQ(s.national, "07 07 12 3456");
  EXPECT_EQ(s.rfc3966, "tel:+225-07-07-12-3456");
  EXPECT_EQ(s.country_code_source, CountryCodeSource::kFromNumberWithPlusSign);
  EXPECT_EQ(s.flags, kFlagNone);
  // Oracle marks Côte d'Ivoire portable by default.
  EXPECT_TRUE(s.portable);
}

TEST_F(EngineTest, NewOrangeRangeIsValid) {
  // Rejected by 2022-era copies of libphonenumber.
  ASSERT_OK_AND_ASSIGN(Segmentation s, engine_->Segment("07 05 18 11 23", "CI"));
  EXPECT_TRUE(s.valid);
  EXPECT_EQ(s.e164, "+2250705181123");
  EXPECT_EQ(s.operator_name, "Orange");
  EXPECT_EQ(s.country_code_source, CountryCodeSource::kFromDefaultCountry);
}

TEST_F(EngineTest, CoteDIvoireFixedLineHasNoOperatorByDefault) {
  ASSERT_OK_AND_ASSIGN(Segmentation s, engine_->Segment("27 22 44 12 34", "CI"));
  EXPECT_EQ(s.type, NumberType::kFixedLine);
  EXPECT_EQ(s.ndc, "27");
  EXPECT_EQ(s.subscriber_number, "22441234");
  EXPECT_EQ(s.international, "+225 27 22 4 41234");
  EXPECT_EQ(s.operator_name, "");
}

TEST_F(EngineTest, ArgentinaMobileTokenAndNationalPrefixTransform) {
  ASSERT_OK_AND_ASSIGN(Segmentation a, engine_->Segment("+54 9 11 1234-5678"));
  ASSERT_OK_AND_ASSIGN(Segmentation b, engine_->Segment("011 15 1234-5678", "AR"));
  for (const Segmentation* s : {&a, &b}) {
    EXPECT_EQ(s->e164, "+5491112345678");
    EXPECT_EQ(s->national_number, "91112345678");
    EXPECT_EQ(s->ndc, "911");
    EXPECT_EQ(s->subscriber_number, "12345678");
    EXPECT_EQ(s->type, NumberType::kMobile);
    EXPECT_EQ(s->international, "+54 9 11 1234-5678");
    EXPECT_EQ(s->national, "011 15-1234-5678");
  }
}

TEST_F(EngineTest, ExtensionAndNanpaFormats) {
  ASSERT_OK_AND_ASSIGN(Segmentation s,
                       engine_->Segment("+1 650 253 0000 ext. 12"));
  EXPECT_EQ(s.region, "US");
  EXPECT_EQ(s.extension, "12");
  EXPECT_EQ(s.e164, "+16502530000");
  EXPECT_EQ(s.type, NumberType::kFixedLineOrMobile);
  EXPECT_EQ(s.international, "+1 650-253-0000 ext. 12");
  EXPECT_EQ(s.national, "(650) 253-0000 ext. 12");
  EXPECT_EQ(s.rfc3966, "tel:+1-650-253-0000;ext=12");
  EXPECT_EQ(s.ndc, "650");
}

TEST_F(EngineTest, VanityNumber) {
  ASSERT_OK_AND_ASSIGN(Segmentation s, engine_->Segment("1-800-FLOWERS", "US"));
  EXPECT_EQ(s.e164, "+18003569377");
  EXPECT_EQ(s.type, NumberType::kTollFree);
}

TEST_F(EngineTest, NonGeographicEntity) {
  ASSERT_OK_AND_ASSIGN(Segmentation s, engine_->Segment("+800 1234 5678"));
  EXPECT_EQ(s.region, "001");
  EXPECT_EQ(s.type, NumberType::kTollFree);
  EXPECT_EQ(s.ndc, "1234");
  EXPECT_EQ(s.national, "1234 5678");
}

TEST_F(EngineTest, TelUriAndItalianLeadingZero) {
  ASSERT_OK_AND_ASSIGN(Segmentation fr, engine_->Segment("tel:+33-1-23-45-67-89"));
  EXPECT_EQ(fr.e164, "+33123456789");
  EXPECT_EQ(fr.national, "01 23 45 67 89");
  ASSERT_OK_AND_ASSIGN(Segmentation it, engine_->Segment("+39 06 1234 5678"));
  EXPECT_EQ(it.national_number, "0612345678");
  EXPECT_EQ(it.e164, "+390612345678");
}

TEST_F(EngineTest, BrazilCarrierCodeAndOperator) {
  ASSERT_OK_AND_ASSIGN(Segmentation s, engine_->Segment("0 21 987654321", "BR"));
  EXPECT_EQ(s.e164, "+5521987654321");
  EXPECT_EQ(s.operator_name, "Oi");
  EXPECT_EQ(s.international, "+55 21 98765-4321");
}

TEST_F(EngineTest, UnicodeDigits) {
  // Full-width and Arabic-Indic digits.
  ASSERT_OK_AND_ASSIGN(Segmentation a,
                       engine_->Segment("\uFF0B\uFF12\uFF12\uFF15 \uFF10\uFF17\uFF10\uFF17\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16"));
  EXPECT_EQ(a.e164, "+2250707123456");
  ASSERT_OK_AND_ASSIGN(Segmentation b,
                       engine_->Segment("\u0660\u0667\u0660\u0667\u0661\u0662\u0663\u0664\u0665\u0666", "CI"));
  EXPECT_EQ(b.e164, "+2250707123456");
}

TEST_F(EngineTest, InvalidNumberIsData) {
  ASSERT_OK_AND_ASSIGN(Segmentation s, engine_->Segment("+225 07123456"));
  EXPECT_FALSE(s.valid);
  EXPECT_EQ(s.type, NumberType::kUnknown);
  EXPECT_EQ(s.possibility, Possibility::kTooShort);
  EXPECT_EQ(s.e164, "+22507123456");
  EXPECT_EQ(s.international, "+225 07123456");
  EXPECT_EQ(s.ndc, "");
  EXPECT_EQ(s.subscriber_number, "07123456");
}

TEST_F(EngineTest, ParseErrors) {
  struct Case {
    const char* text;
    const char* region;
    StatusCode code;
  } cases[] = {
      {"", "", StatusCode::kNotANumber},
      {"abc", "CI", StatusCode::kNotANumber},
      {"00", "CI", StatusCode::kTooShortAfterIdd},
      {"+999 1234567", "", StatusCode::kInvalidCountryCode},
      {"12345", "ZZ", StatusCode::kInvalidCountryCode},
      {"00225 07 07 12 34 56", "", StatusCode::kInvalidCountryCode},
      {"+225 0", "", StatusCode::kTooShortNsn},
      {"11111111111111111111", "CI", StatusCode::kTooLong},
  };
  for (const Case& c : cases) {
    auto r = engine_->Segment(c.text, c.region);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.status().code(), c.code) << c.text << " " << r.status().ToString();
    EXPECT_FALSE(r.status().message().empty());
  }
}

TEST_F(EngineTest, RegionIsCaseInsensitive) {
  ASSERT_OK_AND_ASSIGN(Segmentation s, engine_->Segment("0707123456", "ci"));
  EXPECT_EQ(s.e164, "+2250707123456");
}

TEST_F(EngineTest, FieldsSelectFormats) {
  Segmentation s;
  ASSERT_OK(engine_->SegmentInto("+225 07 07 12 34 56", "", 0, &s));
  EXPECT_EQ(s.e164, "+2250707123456");
  EXPECT_EQ(s.ndc, "07");
  EXPECT_TRUE(s.international.empty());
  EXPECT_TRUE(s.national.empty());
  EXPECT_TRUE(s.rfc3966.empty());
  ASSERT_OK(engine_->SegmentInto("+225 07 07 12 34 56", "", kFieldNational, &s));
  EXPECT_EQ(s.national, "07 07 12 3456");
  EXPECT_TRUE(s.international.empty());
}

TEST_F(EngineTest, MetadataVersionAndRegions) {
  EXPECT_EQ(engine_->metadata_version(), "phonenumbers 9.0.43");
  auto regions = engine_->SupportedRegions();
  EXPECT_GT(regions.size(), 240u);
  EXPECT_TRUE(std::is_sorted(regions.begin(), regions.end()));
  EXPECT_EQ(engine_->CountryCodeForRegion("CI"), 225);
  EXPECT_EQ(engine_->CountryCodeForRegion("us"), 1);
  EXPECT_EQ(engine_->CountryCodeForRegion("XX"), 0);
}

TEST_F(EngineTest, SharedAcrossThreads) {
  const char* inputs[] = {"+225 07 07 12 34 56", "+33 6 12 34 56 78",
                          "+1 650 253 0000", "011 15 1234-5678"};
  std::vector<Segmentation> expected;
  for (const char* in : inputs) {
    auto r = engine_->Segment(in, "AR");
    ASSERT_TRUE(r.ok());
    expected.push_back(*r);
  }
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      Engine copy = *engine_;  // copies share the compiled metadata
      Segmentation s;
      for (int i = 0; i < 2000; ++i) {
        int k = (i + t) % 4;
        if (!copy.SegmentInto(inputs[k], "AR", kFieldAll, &s).ok() ||
            s.e164 != expected[k].e164 ||
            s.international != expected[k].international) {
          mismatches++;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

// Every field of two segmentations, for the messages of the tests below.
std::string Fields(const Result<Segmentation>& r) {
  if (!r.ok()) return r.status().ToString();
  const Segmentation& s = *r;
  std::string out;
  for (const std::string* f :
       {&s.e164, &s.region, &s.national_number, &s.ndc, &s.subscriber_number,
        &s.operator_name, &s.extension, &s.international, &s.national,
        &s.rfc3966, &s.carrier_code}) {
    out += *f;
    out += '|';
  }
  for (int v : {s.country_code, static_cast<int>(s.type),
                static_cast<int>(s.valid), static_cast<int>(s.possible),
                static_cast<int>(s.possibility),
                static_cast<int>(s.country_code_source),
                static_cast<int>(s.portable), static_cast<int>(s.flags)}) {
    out += std::to_string(v);
    out += '|';
  }
  return out;
}

const char* const kMixedInputs[] = {
    "+225 07 07 12 34 56", "07 07 12 34 56", "+33 6 12 34 56 78",
    "06 12 34 56 78",      "+1 650 253 0000", "011 15 1234-5678",
    "0 11 15 1234 5678",   "+55 (11) 96123-4567", "0xx11 96123 4567",
    "+44 20 7946 0958",    "123",             "+999 1234 5678",
    "22 44 55 66",         "+39 06 1234 5678", "hello",
    "+225 27 22 44 55 66"};
const char* const kMixedRegions[] = {"CI", "FR", "AR", "BR", "", "GB"};

// The engine builds its single-number fast path after a few calls, while
// other threads may be segmenting: every thread, before and after, gets the
// reference steps' answers.
TEST(EngineFastPath, BuiltWhileThreadsSegment) {
  ASSERT_OK_AND_ASSIGN(Engine engine, Engine::Make());
  std::vector<std::string> expected;
  {
    internal::ReferenceSegmentation reference;
    for (const char* region : kMixedRegions) {
      for (const char* in : kMixedInputs) {
        expected.push_back(Fields(engine.Segment(in, region)));
      }
    }
  }
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        size_t k = 0;
        for (const char* region : kMixedRegions) {
          for (const char* in : kMixedInputs) {
            if ((k + t) % 3 != 0 &&
                Fields(engine.Segment(in, region)) != expected[k]) {
              mismatches++;
            }
            ++k;
          }
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

// One thread alternating between more engines than it keeps working space
// for, with options that change the answers: each engine keeps its own.
TEST(EngineFastPath, EnginesAlternatingOnOneThread) {
  std::vector<EngineOptions> options(6);
  options[1].operator_rules = {{"2250707", "Rule A"}};
  options[2].operator_rules = {{"225", "Rule B"}, {"33", "Rule B"}};
  options[3].migrate_ci_legacy = true;
  options[3].ci_fixed_line_operators = true;
  options[4].portability = {{"CI", false}, {"FR", true}};
  options[5].lenient_double_zero = true;
  std::vector<Engine> engines;
  std::vector<std::vector<std::string>> expected(options.size());
  for (size_t e = 0; e < options.size(); ++e) {
    ASSERT_OK_AND_ASSIGN(Engine engine, Engine::Make(options[e]));
    internal::ReferenceSegmentation reference;
    for (const char* region : kMixedRegions) {
      for (const char* in : kMixedInputs) {
        expected[e].push_back(Fields(engine.Segment(in, region)));
      }
    }
    engines.push_back(std::move(engine));
  }
  EXPECT_NE(expected[0], expected[1]);
  EXPECT_NE(expected[1], expected[2]);
  EXPECT_NE(expected[0], expected[4]);
  int mismatches = 0;
  for (int round = 0; round < 10; ++round) {
    size_t k = 0;
    for (const char* region : kMixedRegions) {
      for (const char* in : kMixedInputs) {
        for (size_t e = 0; e < engines.size(); ++e) {
          const std::string got = Fields(engines[e].Segment(in, region));
          if (got != expected[e][k]) {
            if (++mismatches <= 5) {
              ADD_FAILURE() << "engine " << e << " '" << in << "' " << region
                            << ": " << got << " != " << expected[e][k];
            }
          }
        }
        ++k;
      }
    }
  }
  EXPECT_EQ(mismatches, 0);
}

}  // namespace
}  // namespace oracle
