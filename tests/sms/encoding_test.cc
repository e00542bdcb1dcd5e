// Tests of AnalyzeSms (include/oracle/sms.h): GSM 03.38 tables, UCS-2
// fallback, counts and parts at every boundary, CRLF, smart mode, errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "oracle/sms.h"
#include "test_util.h"

namespace oracle {
namespace {

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// Every part invariant: the parts concatenated give the text, their units
// add up, none is over capacity, and their count is `segments`.
void ExpectConsistent(const SmsAnalysis& a) {
  std::string joined;
  int units = 0;
  for (const SmsPart& p : a.parts) {
    joined += p.text;
    units += p.units;
    EXPECT_LE(p.units, a.units_per_segment);
    EXPECT_GT(p.units, 0);
  }
  EXPECT_EQ(joined, a.text);
  EXPECT_EQ(units, a.units);
  EXPECT_EQ(static_cast<int>(a.parts.size()), a.segments);
}

struct Case {
  const char* name;
  std::string text;
  SmsEncoding encoding;
  int units;
  int segments;
  std::vector<int> part_units;  // empty: not checked
};

class BoundaryTest : public ::testing::TestWithParam<Case> {};

TEST_P(BoundaryTest, CountsAndParts) {
  const Case& c = GetParam();
  ASSERT_OK_AND_ASSIGN(SmsAnalysis a, AnalyzeSms(c.text));
  EXPECT_EQ(a.encoding, c.encoding);
  EXPECT_EQ(a.units, c.units);
  EXPECT_EQ(a.segments, c.segments);
  if (!c.part_units.empty()) {
    std::vector<int> got;
    for (const SmsPart& p : a.parts) got.push_back(p.units);
    EXPECT_EQ(got, c.part_units);
  }
  ExpectConsistent(a);
}

const std::string kEuro = "\xE2\x82\xAC";     // U+20AC, GSM extension
const std::string kECirc = "\xC3\xAA";        // U+00EA ê, not GSM
const std::string kEmoji = "\xF0\x9F\x98\x80";  // U+1F600, 2 UTF-16 units

INSTANTIATE_TEST_SUITE_P(
    Gsm7, BoundaryTest,
    ::testing::Values(
        Case{"empty", "", SmsEncoding::kGsm7, 0, 0, {}},
        Case{"one", "a", SmsEncoding::kGsm7, 1, 1, {1}},
        Case{"s160", Repeat("a", 160), SmsEncoding::kGsm7, 160, 1, {160}},
        Case{"s161", Repeat("a", 161), SmsEncoding::kGsm7, 161, 2, {153, 8}},
        Case{"s306", Repeat("a", 306), SmsEncoding::kGsm7, 306, 2,
             {153, 153}},
        Case{"s307", Repeat("a", 307), SmsEncoding::kGsm7, 307, 3,
             {153, 153, 1}},
        Case{"s459", Repeat("a", 459), SmsEncoding::kGsm7, 459, 3,
             {153, 153, 153}},
        Case{"s460", Repeat("a", 460), SmsEncoding::kGsm7, 460, 4,
             {153, 153, 153, 1}},
        // Extension characters cost two septets.
        Case{"euro80", Repeat(kEuro, 80), SmsEncoding::kGsm7, 160, 1, {160}},
        Case{"euro80a", Repeat(kEuro, 80) + "a", SmsEncoding::kGsm7, 161, 2,
             {152, 9}},
        Case{"s159ext", Repeat("a", 159) + "{", SmsEncoding::kGsm7, 161, 2,
             {153, 8}},
        Case{"s158ext", Repeat("a", 158) + "^", SmsEncoding::kGsm7, 160, 1,
             {160}},
        // An escape pair that would straddle the part edge moves whole.
        Case{"escape_at_edge", Repeat("a", 152) + kEuro + Repeat("a", 10),
             SmsEncoding::kGsm7, 164, 2, {152, 12}},
        Case{"escape_fits_edge", Repeat("a", 151) + "[" + Repeat("a", 10),
             SmsEncoding::kGsm7, 163, 2, {153, 10}},
        // 306 septets but three parts: the pair cannot be split.
        Case{"escape_costs_a_part", Repeat("a", 152) + "|" + Repeat("a", 152),
             SmsEncoding::kGsm7, 306, 3, {152, 153, 1}},
        Case{"escape_second_edge",
             Repeat("a", 153) + Repeat("a", 152) + "~" + "a",
             SmsEncoding::kGsm7, 308, 3, {153, 152, 3}}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Ucs2, BoundaryTest,
    ::testing::Values(
        Case{"u70", Repeat(kECirc, 70), SmsEncoding::kUcs2, 70, 1, {70}},
        Case{"u71", Repeat(kECirc, 71), SmsEncoding::kUcs2, 71, 2, {67, 4}},
        Case{"u134", Repeat(kECirc, 134), SmsEncoding::kUcs2, 134, 2,
             {67, 67}},
        Case{"u135", Repeat(kECirc, 135), SmsEncoding::kUcs2, 135, 3,
             {67, 67, 1}},
        Case{"u201", Repeat(kECirc, 201), SmsEncoding::kUcs2, 201, 3,
             {67, 67, 67}},
        // One non-GSM character turns 160 septets into 161 code units.
        Case{"gsm_plus_one", Repeat("a", 159) + kECirc, SmsEncoding::kUcs2,
             160, 3, {67, 67, 26}},
        // Emoji: a surrogate pair, two units, never split.
        Case{"emoji35", Repeat(kEmoji, 35), SmsEncoding::kUcs2, 70, 1, {70}},
        Case{"emoji36", Repeat(kEmoji, 36), SmsEncoding::kUcs2, 72, 2,
             {66, 6}},
        Case{"emoji_at_edge", Repeat("a", 66) + kEmoji + "a",
             SmsEncoding::kUcs2, 69, 1, {69}},
        Case{"emoji_straddles", Repeat("a", 66) + kEmoji + Repeat("a", 5),
             SmsEncoding::kUcs2, 73, 2, {66, 7}},
        Case{"emoji_fits_edge", Repeat("a", 65) + kEmoji + Repeat("a", 5),
             SmsEncoding::kUcs2, 72, 2, {67, 5}},
        Case{"emoji_second_edge",
             Repeat(kECirc, 67) + Repeat("a", 66) + kEmoji + "a",
             SmsEncoding::kUcs2, 136, 3, {67, 66, 3}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(SmsEncodingTest, WholeBasicTableIsGsm7) {
  // GSM 03.38 basic table, 0x00..0x7F without the 0x1B escape.
  const std::string basic =
      "@\xC2\xA3$\xC2\xA5\xC3\xA8\xC3\xA9\xC3\xB9\xC3\xAC\xC3\xB2\xC3\x87\n"
      "\xC3\x98\xC3\xB8\r\xC3\x85\xC3\xA5"
      "\xCE\x94_\xCE\xA6\xCE\x93\xCE\x9B\xCE\xA9\xCE\xA0\xCE\xA8\xCE\xA3"
      "\xCE\x98\xCE\x9E\xC3\x86\xC3\xA6\xC3\x9F\xC3\x89"
      " !\"#\xC2\xA4%&'()*+,-./0123456789:;<=>?"
      "\xC2\xA1""ABCDEFGHIJKLMNOPQRSTUVWXYZ\xC3\x84\xC3\x96\xC3\x91\xC3\x9C"
      "\xC2\xA7\xC2\xBF""abcdefghijklmnopqrstuvwxyz\xC3\xA4\xC3\xB6\xC3\xB1"
      "\xC3\xBC\xC3\xA0";
  ASSERT_OK_AND_ASSIGN(SmsAnalysis a, AnalyzeSms(basic));
  EXPECT_EQ(a.encoding, SmsEncoding::kGsm7);
  EXPECT_EQ(a.characters, 127);
  EXPECT_EQ(a.units, 127);
  EXPECT_TRUE(a.ucs2_forced_by.empty());
}

TEST(SmsEncodingTest, ExtensionTableCostsTwo) {
  const std::string ext = "\f^{}\\[~]|" + kEuro;
  ASSERT_OK_AND_ASSIGN(SmsAnalysis a, AnalyzeSms(ext));
  EXPECT_EQ(a.encoding, SmsEncoding::kGsm7);
  EXPECT_EQ(a.characters, 10);
  EXPECT_EQ(a.units, 20);
  for (char32_t c : {U'\f', U'^', U'{', U'}', U'\\', U'[', U'~', U']', U'|',
                     U'€'}) {
    EXPECT_TRUE(IsGsm7Extension(c)) << static_cast<int>(c);
    EXPECT_FALSE(IsGsm7Basic(c)) << static_cast<int>(c);
  }
}

TEST(SmsEncodingTest, LookalikesAreNotGsm7) {
  // Each of these alone makes the message UCS-2.
  const std::vector<std::string> lookalikes = {
      "`", "\xC3\xA7" /* ç */, "\xC3\xAA" /* ê */, "\xC3\x8A" /* Ê */,
      "\xC3\x80" /* À */, "\t", "\xC5\x93" /* œ */, "\xC2\xAB" /* « */,
      "\xE2\x80\x99" /* ’ */, "\xE2\x80\xA6" /* … */,
      "\xC2\xA0" /* NBSP */, "\xCE\xB1" /* α */,
      "\xEF\xBF\xBF" /* U+FFFF */, std::string(1, '\0')};
  for (const std::string& s : lookalikes) {
    const std::string text = "ab" + s;
    ASSERT_OK_AND_ASSIGN(SmsAnalysis a, AnalyzeSms(text));
    EXPECT_EQ(a.encoding, SmsEncoding::kUcs2) << text;
    ASSERT_EQ(a.ucs2_forced_by.size(), 1u) << text;
    EXPECT_EQ(a.ucs2_forced_by[0].position.char_index, 2u);
    EXPECT_EQ(a.ucs2_forced_by[0].position.byte_offset, 2u);
  }
}

TEST(SmsEncodingTest, FrenchText) {
  // é è à ù É Ç are GSM-7.
  ASSERT_OK_AND_ASSIGN(
      SmsAnalysis gsm,
      AnalyzeSms("\xC3\x87""a va ? Tr\xC3\xA8s bien, \xC3\xA0 l'\xC3\xA9t\xC3\xA9"
                 " o\xC3\xB9 \xC3\x89ric est."));
  EXPECT_EQ(gsm.encoding, SmsEncoding::kGsm7);
  EXPECT_EQ(gsm.units, gsm.characters);

  // "Bientôt, la fête à Noël" : ô ê ë force UCS-2, with their positions.
  const std::string text =
      "Bient\xC3\xB4t, la f\xC3\xAAte \xC3\xA0 No\xC3\xABl";
  ASSERT_OK_AND_ASSIGN(SmsAnalysis a, AnalyzeSms(text));
  EXPECT_EQ(a.encoding, SmsEncoding::kUcs2);
  EXPECT_EQ(a.characters, 23);
  EXPECT_EQ(a.units, 23);
  EXPECT_EQ(a.segments, 1);
  EXPECT_EQ(a.units_left, 70 - 23);
  ASSERT_EQ(a.ucs2_forced_by.size(), 3u);
  EXPECT_EQ(a.ucs2_forced_by[0].code_point, U'ô');
  EXPECT_EQ(a.ucs2_forced_by[0].text, "\xC3\xB4");
  EXPECT_EQ(a.ucs2_forced_by[0].position.char_index, 5u);
  EXPECT_EQ(a.ucs2_forced_by[0].position.byte_offset, 5u);
  EXPECT_EQ(a.ucs2_forced_by[1].code_point, U'ê');
  EXPECT_EQ(a.ucs2_forced_by[1].position.char_index, 13u);
  EXPECT_EQ(a.ucs2_forced_by[1].position.byte_offset, 14u);
  EXPECT_EQ(a.ucs2_forced_by[2].code_point, U'ë');
  EXPECT_EQ(a.ucs2_forced_by[2].position.char_index, 21u);
  EXPECT_EQ(a.ucs2_forced_by[2].position.byte_offset, 24u);

  // Lowercase ç is not in the table (0x09 is capital Ç).
  ASSERT_OK_AND_ASSIGN(SmsAnalysis c, AnalyzeSms("gar\xC3\xA7on"));
  EXPECT_EQ(c.encoding, SmsEncoding::kUcs2);
  ASSERT_EQ(c.ucs2_forced_by.size(), 1u);
  EXPECT_EQ(c.ucs2_forced_by[0].code_point, U'ç');
}

TEST(SmsEncodingTest, PositionsCountCodePointsAndBytes) {
  const std::string text = "a" + kECirc + kEmoji + "\xC3\xB4";
  ASSERT_OK_AND_ASSIGN(SmsAnalysis a, AnalyzeSms(text));
  EXPECT_EQ(a.characters, 4);
  EXPECT_EQ(a.units, 5);  // the emoji is two code units
  ASSERT_EQ(a.ucs2_forced_by.size(), 3u);
  EXPECT_EQ(a.ucs2_forced_by[1].code_point, U'\U0001F600');
  EXPECT_EQ(a.ucs2_forced_by[1].position.char_index, 2u);
  EXPECT_EQ(a.ucs2_forced_by[1].position.byte_offset, 3u);
  EXPECT_EQ(a.ucs2_forced_by[2].position.char_index, 3u);
  EXPECT_EQ(a.ucs2_forced_by[2].position.byte_offset, 7u);
}

TEST(SmsEncodingTest, CrlfNormalisedBeforeCounting) {
  ASSERT_OK_AND_ASSIGN(SmsAnalysis a, AnalyzeSms("a\r\nb\r\nc"));
  EXPECT_EQ(a.text, "a\nb\nc");
  EXPECT_EQ(a.crlf_normalized, 2);
  EXPECT_EQ(a.units, 5);

  // 159 + CRLF is 160 septets once normalised: one SMS, not two.
  ASSERT_OK_AND_ASSIGN(SmsAnalysis b, AnalyzeSms(Repeat("a", 159) + "\r\n"));
  EXPECT_EQ(b.units, 160);
  EXPECT_EQ(b.segments, 1);

  // A lone CR is a GSM-7 character and stays; so does a lone LF.
  ASSERT_OK_AND_ASSIGN(SmsAnalysis c, AnalyzeSms("a\rb\nc\n\r"));
  EXPECT_EQ(c.text, "a\rb\nc\n\r");
  EXPECT_EQ(c.crlf_normalized, 0);
  EXPECT_EQ(c.units, 7);

  // Positions refer to the input, CR included.
  ASSERT_OK_AND_ASSIGN(SmsAnalysis d, AnalyzeSms("\r\n" + kECirc));
  ASSERT_EQ(d.ucs2_forced_by.size(), 1u);
  EXPECT_EQ(d.ucs2_forced_by[0].position.char_index, 2u);
  EXPECT_EQ(d.ucs2_forced_by[0].position.byte_offset, 2u);
}

TEST(SmsEncodingTest, InvalidUtf8IsAnErrorNamingTheOffset) {
  struct Bad {
    std::string text;
    size_t offset;
  };
  for (const Bad& b : std::vector<Bad>{{"\xC3", 0},
                                       {"ab\xFF", 2},
                                       {"ok\xED\xA0\x80", 2},  // surrogate
                                       {"x\xC0\xAF", 1},       // overlong
                                       {"abc\xF4\x90\x80\x80", 3}}) {
    Result<SmsAnalysis> a = AnalyzeSms(b.text);
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(a.status().message().find("byte offset " +
                                        std::to_string(b.offset)),
              std::string::npos)
        << a.status().message();
  }
}

TEST(SmsEncodingTest, SmartReplacesTypographyAndReportsIt) {
  // « L’été — c’est… » with no-break spaces inside the guillemets.
  const std::string text =
      "\xC2\xAB\xC2\xA0L\xE2\x80\x99\xC3\xA9t\xC3\xA9 \xE2\x80\x94 "
      "c\xE2\x80\x99""est\xE2\x80\xA6\xC2\xA0\xC2\xBB";
  ASSERT_OK_AND_ASSIGN(SmsAnalysis plain, AnalyzeSms(text));
  EXPECT_EQ(plain.encoding, SmsEncoding::kUcs2);
  EXPECT_TRUE(plain.substitutions.empty());
  EXPECT_EQ(plain.ucs2_forced_by.size(), 8u);

  SmsEncodingOptions smart;
  smart.smart = true;
  ASSERT_OK_AND_ASSIGN(SmsAnalysis a, AnalyzeSms(text, smart));
  EXPECT_EQ(a.encoding, SmsEncoding::kGsm7);
  EXPECT_EQ(a.text, "\" L'\xC3\xA9t\xC3\xA9 - c'est... \"");
  EXPECT_TRUE(a.ucs2_forced_by.empty());
  ASSERT_EQ(a.substitutions.size(), 8u);
  EXPECT_EQ(a.substitutions[0].code_point, U'«');
  EXPECT_EQ(a.substitutions[0].to, "\"");
  EXPECT_EQ(a.substitutions[0].position.char_index, 0u);
  EXPECT_EQ(a.substitutions[1].code_point, U'\u00A0');
  EXPECT_EQ(a.substitutions[1].to, " ");
  EXPECT_EQ(a.substitutions[2].code_point, U'’');
  EXPECT_EQ(a.substitutions[2].from, "\xE2\x80\x99");
  EXPECT_EQ(a.substitutions[2].position.char_index, 3u);
  EXPECT_EQ(a.substitutions[2].position.byte_offset, 5u);
  EXPECT_EQ(a.substitutions[3].code_point, U'—');
  EXPECT_EQ(a.substitutions[3].to, "-");
  EXPECT_EQ(a.substitutions[5].code_point, U'…');
  EXPECT_EQ(a.substitutions[5].to, "...");
  EXPECT_EQ(a.substitutions[7].code_point, U'»');
  // The ellipsis costs three septets once replaced.
  EXPECT_EQ(a.units, static_cast<int>(a.characters));
  EXPECT_EQ(a.characters, 20);
  ExpectConsistent(a);
}

TEST(SmsEncodingTest, SmartNeverChangesLetters) {
  SmsEncodingOptions smart;
  smart.smart = true;
  ASSERT_OK_AND_ASSIGN(SmsAnalysis a,
                       AnalyzeSms("Bient\xC3\xB4t gar\xC3\xA7on", smart));
  EXPECT_EQ(a.encoding, SmsEncoding::kUcs2);
  EXPECT_TRUE(a.substitutions.empty());
  EXPECT_EQ(a.ucs2_forced_by.size(), 2u);
  EXPECT_EQ(a.text, "Bient\xC3\xB4t gar\xC3\xA7on");
}

TEST(SmsEncodingTest, SmartRemovesInvisibleCharacters) {
  SmsEncodingOptions smart;
  smart.smart = true;
  ASSERT_OK_AND_ASSIGN(SmsAnalysis a,
                       AnalyzeSms("a\xE2\x80\x8B""b\xEF\xBB\xBF""c", smart));
  EXPECT_EQ(a.text, "abc");
  EXPECT_EQ(a.units, 3);
  ASSERT_EQ(a.substitutions.size(), 2u);
  EXPECT_EQ(a.substitutions[0].to, "");
  EXPECT_EQ(a.substitutions[1].position.char_index, 3u);
}

TEST(SmsEncodingTest, SmartCanMoveAMessageUnderOneSegment) {
  // 150 letters and 5 curly apostrophes: 155 UCS-2 units (3 SMS) plain,
  // 155 septets (1 SMS) smart.
  std::string text;
  for (int i = 0; i < 5; ++i) text += Repeat("a", 30) + "\xE2\x80\x99";
  ASSERT_OK_AND_ASSIGN(SmsAnalysis plain, AnalyzeSms(text));
  EXPECT_EQ(plain.segments, 3);
  SmsEncodingOptions smart;
  smart.smart = true;
  ASSERT_OK_AND_ASSIGN(SmsAnalysis a, AnalyzeSms(text, smart));
  EXPECT_EQ(a.segments, 1);
  EXPECT_EQ(a.units, 155);
  EXPECT_EQ(a.substitutions.size(), 5u);
}

TEST(SmsEncodingTest, Names) {
  EXPECT_EQ(SmsEncodingName(SmsEncoding::kGsm7), "GSM-7");
  EXPECT_EQ(SmsEncodingName(SmsEncoding::kUcs2), "UCS-2");
}

}  // namespace
}  // namespace oracle
