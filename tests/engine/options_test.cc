// Oracle's behaviour beyond libphonenumber (EngineOptions): each option is
// off by default, changes only what it documents, and flags its results.
#include <cstdio>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "oracle/oracle.h"
#include "test_util.h"

namespace oracle {
namespace {

Engine MakeEngine(const EngineOptions& options) {
  auto e = Engine::Make(options);
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  return std::move(e).value();
}

TEST(LenientDoubleZero, OffByDefault) {
  Engine engine = MakeEngine(EngineOptions());
  auto r = engine.Segment("00225 07 07 12 34 56");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidCountryCode);
}

TEST(LenientDoubleZero, ReadsLeadingDoubleZeroAsPlus) {
  EngineOptions o;
  o.lenient_double_zero = true;
  Engine engine = MakeEngine(o);
  ASSERT_OK_AND_ASSIGN(Segmentation s, engine.Segment("00225 07 07 12 34 56"));
  EXPECT_EQ(s.e164, "+2250707123456");
  EXPECT_TRUE(s.valid);
  EXPECT_EQ(s.flags, kFlagLenientDoubleZero);
  ASSERT_OK_AND_ASSIGN(Segmentation p, engine.Segment("(00) 33 6 12 34 56 78"));
  EXPECT_EQ(p.e164, "+33612345678");
  // With a default region the region's own IDD applies, unflagged.
  ASSERT_OK_AND_ASSIGN(Segmentation d, engine.Segment("00225 07 07 12 34 56", "FR"));
  EXPECT_EQ(d.e164, "+2250707123456");
  EXPECT_EQ(d.flags, kFlagNone);
  // A single leading zero is still refused.
  auto bad = engine.Segment("0707123456");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidCountryCode);
}

TEST(CiLegacyMigration, OffByDefault) {
  Engine engine = MakeEngine(EngineOptions());
  ASSERT_OK_AND_ASSIGN(Segmentation s, engine.Segment("+225 07 12 34 56"));
  EXPECT_FALSE(s.valid);
  EXPECT_EQ(s.national_number, "07123456");
}

TEST(CiLegacyMigration, MobileBySecondDigit) {
  EngineOptions o;
  o.migrate_ci_legacy = true;
  Engine engine = MakeEngine(o);
  struct Case {
    const char* old_number;
    const char* e164;
    const char* op;
  } cases[] = {
      {"07 12 34 56", "+2250707123456", "Orange"},
      {"48 12 34 56", "+2250748123456", "Orange"},
      {"05 12 34 56", "+2250505123456", "MTN"},
      {"44 12 34 56", "+2250544123456", "MTN"},
      {"01 12 34 56", "+2250101123456", "Moov"},
      {"02 12 34 56", "+2250102123456", "Moov"},
  };
  for (const Case& c : cases) {
    ASSERT_OK_AND_ASSIGN(Segmentation s, engine.Segment(c.old_number, "CI"));
    EXPECT_EQ(s.e164, c.e164) << c.old_number;
    EXPECT_TRUE(s.valid) << c.old_number;
    EXPECT_EQ(s.type, NumberType::kMobile);
    EXPECT_EQ(s.operator_name, c.op) << c.old_number;
    EXPECT_EQ(s.flags, kFlagCiLegacyMigrated);
  }
}

TEST(CiLegacyMigration, FixedLineOnlyWhenUnambiguous) {
  EngineOptions o;
  o.migrate_ci_legacy = true;
  Engine engine = MakeEngine(o);
  ASSERT_OK_AND_ASSIGN(Segmentation s, engine.Segment("+225 20 21 22 23"));
  EXPECT_EQ(s.e164, "+2252720212223");
  EXPECT_EQ(s.type, NumberType::kFixedLine);
  EXPECT_EQ(s.flags, kFlagCiLegacyMigrated);
  // Already-new numbers and other countries are untouched.
  ASSERT_OK_AND_ASSIGN(Segmentation n, engine.Segment("+225 07 07 12 34 56"));
  EXPECT_EQ(n.flags, kFlagNone);
  ASSERT_OK_AND_ASSIGN(Segmentation f, engine.Segment("+33 1 23 45 67"));
  EXPECT_EQ(f.flags, kFlagNone);
}

TEST(CiFixedLineOperators, NamesFixedLines) {
  Engine plain = MakeEngine(EngineOptions());
  ASSERT_OK_AND_ASSIGN(Segmentation a, plain.Segment("27 22 44 12 34", "CI"));
  EXPECT_EQ(a.operator_name, "");
  EngineOptions o;
  o.ci_fixed_line_operators = true;
  Engine engine = MakeEngine(o);
  ASSERT_OK_AND_ASSIGN(Segmentation b, engine.Segment("27 22 44 12 34", "CI"));
  EXPECT_EQ(b.operator_name, "Orange");
  EXPECT_EQ(b.flags, kFlagCiFixedLineOperator);
  ASSERT_OK_AND_ASSIGN(Segmentation c, engine.Segment("+225 21 20 12 34 56"));
  EXPECT_EQ(c.operator_name, "Moov");
  ASSERT_OK_AND_ASSIGN(Segmentation d, engine.Segment("+225 25 20 12 34 56"));
  EXPECT_EQ(d.operator_name, "MTN");
  // Mobile numbers keep libphonenumber's carrier data, unflagged.
  ASSERT_OK_AND_ASSIGN(Segmentation m, engine.Segment("+225 05 05 12 34 56"));
  EXPECT_EQ(m.operator_name, "MTN");
  EXPECT_EQ(m.flags, kFlagNone);
}

TEST(OperatorRules, OverrideBuiltInDataLongestPrefixWins) {
  EngineOptions o;
  o.operator_rules = {{"22507", "Orange CI"}, {"2250707", "Orange Business"}};
  Engine engine = MakeEngine(o);
  ASSERT_OK_AND_ASSIGN(Segmentation a, engine.Segment("+225 07 07 12 34 56"));
  EXPECT_EQ(a.operator_name, "Orange Business");
  EXPECT_EQ(a.flags, kFlagUserOperatorRule);
  ASSERT_OK_AND_ASSIGN(Segmentation b, engine.Segment("+225 07 05 18 11 23"));
  EXPECT_EQ(b.operator_name, "Orange CI");
  ASSERT_OK_AND_ASSIGN(Segmentation c, engine.Segment("+225 05 05 12 34 56"));
  EXPECT_EQ(c.operator_name, "MTN");
  EXPECT_EQ(c.flags, kFlagNone);
}

TEST(OperatorRules, ParseCsv) {
  ASSERT_OK_AND_ASSIGN(
      auto rules,
      ParseOperatorRulesCsv("\xEF\xBB\xBFprefix,operator\n"
                            "# comment\n\n"
                            "+225 07,Orange CI\r\n"
                            "\"2250505\",\"MTN, Business\"\n"));
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].prefix, "22507");
  EXPECT_EQ(rules[0].operator_name, "Orange CI");
  EXPECT_EQ(rules[1].prefix, "2250505");
  EXPECT_EQ(rules[1].operator_name, "MTN, Business");
}

TEST(OperatorRules, CsvErrorsNameTheLine) {
  struct Case {
    const char* csv;
    const char* needle;
  } cases[] = {
      {"22507\n", "line 1"},
      {"prefix,operator\n22507,Orange\nabc,X\n", "line 3"},
      {"22507,\n", "empty operator"},
      {"22507,\"Orange\n", "line 1"},
      {"22507,Orange,extra\n", "exactly two fields"},
  };
  for (const Case& c : cases) {
    auto r = ParseOperatorRulesCsv(c.csv);
    ASSERT_FALSE(r.ok()) << c.csv;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find(c.needle), std::string::npos)
        << r.status().message();
  }
}

TEST(OperatorRules, LoadFromFile) {
  std::string path = ::testing::TempDir() + "/oracle_rules.csv";
  {
    std::ofstream out(path);
    out << "prefix,operator\n2250707,Orange Business\n";
  }
  ASSERT_OK_AND_ASSIGN(auto rules, LoadOperatorRulesCsv(path));
  ASSERT_EQ(rules.size(), 1u);
  std::remove(path.c_str());
  auto missing = LoadOperatorRulesCsv(path);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kIoError);
}

TEST(OperatorRules, InvalidRulesRejectedByMake) {
  EngineOptions o;
  o.operator_rules = {{"22a", "X"}};
  auto e = Engine::Make(o);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kInvalidArgument);
}

TEST(Portability, DefaultsAndOverrides) {
  Engine engine = MakeEngine(EngineOptions());
  ASSERT_OK_AND_ASSIGN(Segmentation ci, engine.Segment("+225 07 07 12 34 56"));
  EXPECT_TRUE(ci.portable);  // Oracle's default for CI
  ASSERT_OK_AND_ASSIGN(Segmentation ar, engine.Segment("+54 9 11 1234-5678"));
  EXPECT_TRUE(ar.portable);  // libphonenumber's flag
  EngineOptions o;
  o.portability = {{"CI", false}, {"ar", false}};
  Engine custom = MakeEngine(o);
  ASSERT_OK_AND_ASSIGN(Segmentation ci2, custom.Segment("+225 07 07 12 34 56"));
  EXPECT_FALSE(ci2.portable);
  ASSERT_OK_AND_ASSIGN(Segmentation ar2, custom.Segment("+54 9 11 1234-5678"));
  EXPECT_FALSE(ar2.portable);
  EngineOptions bad;
  bad.portability = {{"QQ", true}};
  EXPECT_FALSE(Engine::Make(bad).ok());
}

TEST(MetadataFile, LoadsABlobFromDisk) {
  EngineOptions o;
  o.metadata_path = ORACLE_METADATA_BLOB;
  Engine engine = MakeEngine(o);
  EXPECT_EQ(engine.metadata_version(), "phonenumbers 9.0.43");
  ASSERT_OK_AND_ASSIGN(Segmentation s, engine.Segment("+225 07 07 12 34 56"));
  EXPECT_TRUE(s.valid);
}

TEST(MetadataFile, MissingOrCorruptFileIsAnError) {
  EngineOptions o;
  o.metadata_path = "/nonexistent/oracle-metadata.bin";
  auto missing = Engine::Make(o);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kIoError);

  std::string path = ::testing::TempDir() + "/oracle_corrupt.bin";
  {
    std::ifstream in(ORACLE_METADATA_BLOB, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)),
                      std::istreambuf_iterator<char>());
    ASSERT_GT(bytes.size(), 1000u);
    bytes[bytes.size() / 2] ^= 0x5A;  // flip bits in the middle
    std::ofstream out(path, std::ios::binary);
    out << bytes;
  }
  o.metadata_path = path;
  auto corrupt = Engine::Make(o);
  ASSERT_FALSE(corrupt.ok());
  EXPECT_EQ(corrupt.status().code(), StatusCode::kDataLoss)
      << corrupt.status().ToString();
  EXPECT_NE(corrupt.status().message().find(path), std::string::npos);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace oracle
