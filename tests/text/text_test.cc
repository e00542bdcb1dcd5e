// Unit tests of the text steps of parsing (engine/text_internal.h). Expected
// values are those of the `phonenumbers` Python package; the differential
// test (differential_test.py) compares far more inputs.
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "engine/text_internal.h"

namespace oracle::internal {
namespace {

using std::string_literals::operator""s;

std::string Build(std::string_view s) {
  std::string out = "unchanged";
  if (!BuildNationalNumberForParsing(s, &out)) return "<error>";
  return out;
}

std::string Normalize(std::string_view s) {
  std::string out = "prefix:";
  NormalizeAppend(s, &out);
  return out.substr(7);
}

std::string DigitsOnly(std::string_view s) {
  std::string out = "prefix:";
  NormalizeDigitsOnlyAppend(s, &out);
  return out.substr(7);
}

struct Stripped {
  bool found;
  std::string rest;
  std::string extension;
};

Stripped Strip(std::string_view s) {
  std::string_view rest = "sentinel";
  std::string_view extension = "sentinel";
  const bool found = MaybeStripExtension(s, &rest, &extension);
  // Both results are views into the input.
  EXPECT_TRUE(rest.empty() || (rest.data() >= s.data() &&
                               rest.data() + rest.size() <= s.data() + s.size()));
  EXPECT_TRUE(extension.empty() ||
              (extension.data() >= s.data() &&
               extension.data() + extension.size() <= s.data() + s.size()));
  return {found, std::string(rest), std::string(extension)};
}

// --- IsValidUtf8 ------------------------------------------------------------

TEST(IsValidUtf8Test, CountsCodePoints) {
  size_t n = 99;
  EXPECT_TRUE(IsValidUtf8("", &n));
  EXPECT_EQ(n, 0u);
  EXPECT_TRUE(IsValidUtf8("+225 07 07 12 34 56", &n));
  EXPECT_EQ(n, 19u);
  EXPECT_TRUE(IsValidUtf8("\u0661\uFF12\U0001D7D8a", &n));  // 2+3+4+1 bytes
  EXPECT_EQ(n, 4u);
  EXPECT_TRUE(IsValidUtf8("a\0b"s, &n));  // embedded NUL
  EXPECT_EQ(n, 3u);
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF", &n));  // U+10FFFF
  EXPECT_EQ(n, 1u);
  EXPECT_TRUE(IsValidUtf8("\xED\x9F\xBF\xEE\x80\x80", &n));  // U+D7FF U+E000
  EXPECT_EQ(n, 2u);
  EXPECT_TRUE(IsValidUtf8("abc", nullptr));
}

TEST(IsValidUtf8Test, RejectsMalformed) {
  const std::string bad[] = {
      "\xFF",              "\xFE",          "\x80",
      "12\xBF",            "\xC0\xAF",      "\xC1\xBF",  // overlong 2-byte
      "\xE0\x80\xAF",      "\xE0\x9F\xBF",               // overlong 3-byte
      "\xF0\x80\x80\xAF",  "\xF0\x8F\xBF\xBF",           // overlong 4-byte
      "\xED\xA0\x80",      "\xED\xBF\xBF",               // lone surrogates
      "\xED\xA0\xBD\xED\xB8\x80",                        // surrogate pair
      "\xF4\x90\x80\x80",  "\xF5\x80\x80\x80",           // > U+10FFFF
      "\xF8\x88\x80\x80\x80",
      "\xC2",              "\xE2\x82",      "\xF0\x9F\x98",  // truncated
      "\xC2\x41",          "\xE2\x28\xA1",  "0707\xE2\x82",
      "+225 07\xFF 07 12 34 56",
  };
  for (const std::string& s : bad) {
    size_t n = 99;
    EXPECT_FALSE(IsValidUtf8(s, &n)) << testing::PrintToString(s);
  }
}

TEST(IsValidUtf8Test, LongInputs) {
  std::string big(10 * 1024 * 1024, '7');
  size_t n = 0;
  EXPECT_TRUE(IsValidUtf8(big, &n));
  EXPECT_EQ(n, big.size());
  big[big.size() - 3] = '\xE2';  // truncated at the very end
  EXPECT_FALSE(IsValidUtf8(big, &n));
  std::string wide;
  for (int i = 0; i < 1000; ++i) wide += "\uFF10\u0661";
  EXPECT_TRUE(IsValidUtf8(wide, &n));
  EXPECT_EQ(n, 2000u);
}

// --- ExtractPossibleNumber --------------------------------------------------

TEST(ExtractPossibleNumberTest, StripsLeadingAndTrailingNoise) {
  EXPECT_EQ(ExtractPossibleNumber("Tel: +225 07 07 12 34 56."),
            "+225 07 07 12 34 56");
  EXPECT_EQ(ExtractPossibleNumber("  123  "), "123");
  EXPECT_EQ(ExtractPossibleNumber("abc123def"), "123def");
  EXPECT_EQ(ExtractPossibleNumber("x\u0662\u0663"), "\u0662\u0663");
  EXPECT_EQ(ExtractPossibleNumber("\uFF0B123"), "\uFF0B123");
  EXPECT_EQ(ExtractPossibleNumber("123 ext 5#"), "123 ext 5#");  // '#' kept
  EXPECT_EQ(ExtractPossibleNumber("123_"), "123");  // '_' is unwanted
  EXPECT_EQ(ExtractPossibleNumber("123\u00B2"), "123\u00B2");  // numeric
  EXPECT_EQ(ExtractPossibleNumber("123\u00E9"), "123\u00E9");  // letter
  EXPECT_EQ(ExtractPossibleNumber("123\n"), "123");
}

TEST(ExtractPossibleNumberTest, NothingToStartWith) {
  EXPECT_EQ(ExtractPossibleNumber(""), "");
  EXPECT_EQ(ExtractPossibleNumber("   "), "");
  EXPECT_EQ(ExtractPossibleNumber("abc"), "");
  EXPECT_EQ(ExtractPossibleNumber("\u00B9\u00B2\u00B3"), "");  // not Nd
  EXPECT_EQ(ExtractPossibleNumber("\u2460\u2461"), "");
  EXPECT_EQ(ExtractPossibleNumber("+"), "");   // '+' is itself trailing noise
  EXPECT_EQ(ExtractPossibleNumber("+\uFF0B"), "");
}

TEST(ExtractPossibleNumberTest, CutsSecondNumber) {
  EXPECT_EQ(ExtractPossibleNumber("(530) 583-6985 x302/x2303"),
            "530) 583-6985 x302");
  EXPECT_EQ(ExtractPossibleNumber("123 \\  x4"), "123 ");
  EXPECT_EQ(ExtractPossibleNumber("123/X4"), "123/X4");  // lower-case x only
}

TEST(ExtractPossibleNumberTest, UnicodeDigitsStart) {
  EXPECT_EQ(ExtractPossibleNumber("\u0627\u0644\u0661\u0662"),
            "\u0661\u0662");
  EXPECT_EQ(ExtractPossibleNumber("ab\U0001D7D8\U0001D7D9"),
            "\U0001D7D8\U0001D7D9");
  // Kawi digits are Unicode 15.0: not digits for the reference.
  EXPECT_EQ(ExtractPossibleNumber("\U00011F51\U00011F52"), "");
}

// --- BuildNationalNumberForParsing ------------------------------------------

TEST(BuildNationalNumberTest, PlainText) {
  EXPECT_EQ(Build("+225 07 07 12 34 56"), "+225 07 07 12 34 56");
  EXPECT_EQ(Build("Tel: +225 07 07 12 34 56."), "+225 07 07 12 34 56");
  EXPECT_EQ(Build(""), "");
  EXPECT_EQ(Build("\u00B2\u00B3"), "");
  EXPECT_EQ(Build("+12;isub=3"), "+12");
  EXPECT_EQ(Build(";isub=3"), "3");
}

TEST(BuildNationalNumberTest, Rfc3966) {
  EXPECT_EQ(Build("tel:+1-201-555-0123;ext=1234"),
            "+1-201-555-0123;ext=1234");
  EXPECT_EQ(Build("tel:253-0000;phone-context=www.google.com"), "253-0000");
  EXPECT_EQ(Build("tel:1234;phone-context=+64;isub=5"), "+641234");
  EXPECT_EQ(Build("tel:+1-201-555-0123;isub=1234;phone-context=+1"),
            "+1+1-201-555-0123");
  EXPECT_EQ(Build("tel:5;phone-context=1.a"), "5");
  EXPECT_EQ(Build("tel:5;phone-context=+\u0661"), "+\u06615");
  EXPECT_EQ(Build("tel:5;phone-context=example.com."), "5");
  EXPECT_EQ(Build("5;phone-context=+1;tel:9"), "+1");  // "tel:" after it
  EXPECT_EQ(Build("1;phone-context=+44;phone-context=+1"), "+441");
}

TEST(BuildNationalNumberTest, InvalidPhoneContext) {
  for (const char* s :
       {"1234;phone-context=", "1234;phone-context=+", "tel:1234;phone-context=;x",
        "tel:5;phone-context=a-.com", "tel:5;phone-context=a.1",
        "tel:5;phone-context=x.\u0661a", "tel:5;phone-context=+-.()",
        "tel:5;phone-context=example..com", "tel:5;phone-context=-a.com"}) {
    EXPECT_EQ(Build(s), "<error>") << s;
  }
}

// --- IsViablePhoneNumber ----------------------------------------------------

TEST(IsViablePhoneNumberTest, Basics) {
  EXPECT_TRUE(IsViablePhoneNumber("+225 07 07 12 34 56"));
  EXPECT_TRUE(IsViablePhoneNumber("0707123456"));
  EXPECT_TRUE(IsViablePhoneNumber("12"));
  EXPECT_TRUE(IsViablePhoneNumber("1\u0662"));
  EXPECT_TRUE(IsViablePhoneNumber("\u0661\u0662"));
  EXPECT_TRUE(IsViablePhoneNumber("\uFF0B123"));
  EXPECT_TRUE(IsViablePhoneNumber("1-800-FLOWERS"));
  EXPECT_TRUE(IsViablePhoneNumber("1\u00AD2\u200B3"));
  EXPECT_TRUE(IsViablePhoneNumber("800-\u0131\u017Fa"));  // caseless letters
  EXPECT_TRUE(IsViablePhoneNumber("123\u212A"));           // KELVIN SIGN
  EXPECT_FALSE(IsViablePhoneNumber(""));
  EXPECT_FALSE(IsViablePhoneNumber("1"));
  EXPECT_FALSE(IsViablePhoneNumber("1a"));
  EXPECT_FALSE(IsViablePhoneNumber("+1"));
  EXPECT_FALSE(IsViablePhoneNumber("+ 1"));
  EXPECT_FALSE(IsViablePhoneNumber("+\uFF0B+5"));
  EXPECT_FALSE(IsViablePhoneNumber("1\u00AD2\u200Ba"));  // letter before 3rd
  EXPECT_FALSE(IsViablePhoneNumber("123\n"));
  EXPECT_FALSE(IsViablePhoneNumber("12\0" "3"s));
  EXPECT_FALSE(IsViablePhoneNumber("   "));
}

TEST(IsViablePhoneNumberTest, WithExtension) {
  EXPECT_TRUE(IsViablePhoneNumber("123 ext 5#"));
  EXPECT_FALSE(IsViablePhoneNumber("123 ext 5##"));
  EXPECT_TRUE(IsViablePhoneNumber("123\text\t5"));
  EXPECT_TRUE(IsViablePhoneNumber("123 - 123456#"));
  EXPECT_FALSE(IsViablePhoneNumber("123 - 1234567#"));
  EXPECT_TRUE(IsViablePhoneNumber("1234,,123456789012345"));
  EXPECT_FALSE(IsViablePhoneNumber("1234,,1234567890123456"));
  EXPECT_FALSE(IsViablePhoneNumber("1234,1234567890"));
  EXPECT_TRUE(IsViablePhoneNumber("1234 \uFF03 55#"));
  EXPECT_FALSE(IsViablePhoneNumber("12 ext 5"));  // two digits before
}

// --- MaybeStripExtension ----------------------------------------------------

TEST(MaybeStripExtensionTest, Labels) {
  struct Case {
    const char* input;
    const char* rest;
    const char* extension;
  };
  const Case cases[] = {
      {"+1 650 253 0000 x123", "+1 650 253 0000", "123"},
      {"650-253-0000 ext. 1234", "650-253-0000", "1234"},
      {"1234;EXT=5", "1234", "5"},
      {"1234 ;ext=5", "1234 ", "5"},
      {"123 - 456#", "123", "456"},
      {"123,,45", "123", "45"},
      {"123,45", "123", "45"},
      {"1234,,,5", "1234", "5"},
      {"123, ext. 5", "123", "5"},
      {"123 extension 77", "123", "77"},
      {"123 extensi\u00F3n 77", "123", "77"},
      {"123 extensio\u0301n 5", "123", "5"},
      {"123 EXTENSI\u00D3N 5", "123", "5"},
      {"123 exten\u017Fion 5", "123", "5"},
      {"123 \u0434\u043E\u0431 5", "123", "5"},
      {"123 \u1C81\u1C82\u0431 5", "123", "5"},
      {"123 anexo 5", "123", "5"},
      {"123 int 5", "123", "5"},
      {"123 \u0130NT 5", "123", "5"},
      {"123 \u0131nt 5", "123", "5"},
      {"123 int. - 5", "123", "5"},
      {"123 \uFF25\uFF38\uFF34 5", "123", "5"},
      {"1234 #55", "1234", "55"},
      {"1234 \uFF03 55#", "1234", "55"},
      {"123\text\t5", "123", "5"},
      {"123 ext 5 ext 6", "123 ext 5", "6"},
      {"(530) 583-6985 x302/x2303", "(530) 583-6985 x302/", "2303"},
      {"123 ext 12345678901234567890", "123", "12345678901234567890"},
      {"123 x 123456789", "123", "123456789"},
      {"123 ext 5\n", "123", "5"},  // '$' also matches before a final '\n'
      {"123 ext \u0665\u0666", "123", "\u0665\u0666"},
  };
  for (const Case& c : cases) {
    const Stripped s = Strip(c.input);
    EXPECT_TRUE(s.found) << c.input;
    EXPECT_EQ(s.rest, c.rest) << c.input;
    EXPECT_EQ(s.extension, c.extension) << c.input;
  }
}

TEST(MaybeStripExtensionTest, NoExtension) {
  for (const char* input :
       {"", " ", "+225 07 07 12 34 56", "0707123456", "123 -456",
        "12 ext 5x", "123 ext 5##", "123 ext 123456789012345678901",
        "123 x 1234567890", "123 - 1234567#", "1-800-FLOWERS",
        "Tel: 123 ext 5",  // the text before is not viable
        "tel:+1-201-555-0123;ext=1234", "123 ext 5\n\n", "ext 5"}) {
    const Stripped s = Strip(input);
    EXPECT_FALSE(s.found) << input;
    EXPECT_EQ(s.rest, input);
    EXPECT_EQ(s.extension, "");
  }
}

// --- LeadingPlusLength --------------------------------------------------------

TEST(LeadingPlusLengthTest, Runs) {
  EXPECT_EQ(LeadingPlusLength(""), 0u);
  EXPECT_EQ(LeadingPlusLength("225"), 0u);
  EXPECT_EQ(LeadingPlusLength("+225"), 1u);
  EXPECT_EQ(LeadingPlusLength("\uFF0B225"), 3u);
  EXPECT_EQ(LeadingPlusLength("+\uFF0B+ 1"), 5u);
  EXPECT_EQ(LeadingPlusLength(" +1"), 0u);
  EXPECT_EQ(LeadingPlusLength("\xEF\xBC"), 0u);  // truncated, no overrun
}

// --- NormalizeAppend / NormalizeDigitsOnlyAppend ----------------------------

TEST(NormalizeTest, DigitsOnly) {
  EXPECT_EQ(DigitsOnly("+225 07 07 12 34 56"), "2250707123456");
  EXPECT_EQ(DigitsOnly("\u0660\u0667\uFF10\uFF17\u0967\U0001D7D8"), "070710");
  EXPECT_EQ(DigitsOnly("\u00B9\u00B2\u00B3\u2460"), "1231");  // digit values
  EXPECT_EQ(DigitsOnly("\u00BD\u4E00\u2160"), "");  // numeric, not digits
  EXPECT_EQ(DigitsOnly("\U00011F51"), "");  // Unicode 15.0
  EXPECT_EQ(DigitsOnly("a\0" "1"s), "1");
  EXPECT_EQ(DigitsOnly(""), "");
}

TEST(NormalizeTest, AlphaNumbers) {
  EXPECT_EQ(Normalize("1-800-FLOWERS"), "18003569377");
  EXPECT_EQ(Normalize("1-800-ABC"), "1800222");
  EXPECT_EQ(Normalize("abc"), "222");
  // Non-ASCII digits are dropped in a vanity number.
  EXPECT_EQ(Normalize("\uFF11\uFF18\uFF10\uFF10FLOWERS"), "3569377");
  EXPECT_EQ(Normalize("\u0131-800-abc"), "4800222");  // dotless i -> I
  EXPECT_EQ(Normalize("\u017Fabc"), "7222");           // long s -> S
  EXPECT_EQ(Normalize("1 2 3 \u0131\u017F\u212A"), "123");  // < 3 letters
  EXPECT_EQ(Normalize("ab\ncd1"), "1");  // '.' does not match '\n'
  EXPECT_EQ(Normalize("650-253-0000 ext. 1234"), "65025300003981234");
  EXPECT_EQ(Normalize("12"), "12");
}

// --- Hostile input ------------------------------------------------------------

TEST(HostileInputTest, TenMegabytes) {
  const std::string digits(10 * 1024 * 1024, '7');
  EXPECT_EQ(ExtractPossibleNumber(digits).size(), digits.size());
  EXPECT_TRUE(IsViablePhoneNumber(digits));
  EXPECT_FALSE(Strip(digits).found);
  std::string out;
  NormalizeAppend(digits, &out);
  EXPECT_EQ(out.size(), digits.size());

  // A huge run of extension separators followed by digits.
  std::string spaces = "123" + std::string(10 * 1024 * 1024, ' ') + "x5";
  const Stripped s = Strip(spaces);
  EXPECT_TRUE(s.found);
  EXPECT_EQ(s.rest, "123");
  EXPECT_EQ(s.extension, "5");
  EXPECT_TRUE(IsViablePhoneNumber(spaces));

  std::string commas = "123" + std::string(10 * 1024 * 1024, ',') + "5";
  EXPECT_TRUE(Strip(commas).found);

  std::string letters(10 * 1024 * 1024, 'a');
  EXPECT_EQ(ExtractPossibleNumber(letters), "");
  EXPECT_FALSE(IsViablePhoneNumber(letters));
  out.clear();
  NormalizeDigitsOnlyAppend(letters, &out);
  EXPECT_EQ(out, "");

  std::string wide;
  for (int i = 0; i < 1 << 20; ++i) wide += "\uFF11 ";
  EXPECT_TRUE(IsViablePhoneNumber(wide));
  EXPECT_EQ(Build(wide).size(), wide.size() - 1);
}

TEST(HostileInputTest, WhitespaceAndNul) {
  for (const std::string s :
       {""s, " "s, "\t\t"s, "   \n  "s, "\u3000\u3000"s, "\0"s, "\0\0\0"s}) {
    EXPECT_EQ(ExtractPossibleNumber(s), "");
    EXPECT_EQ(Build(s), "");
    EXPECT_FALSE(IsViablePhoneNumber(s));
    EXPECT_FALSE(Strip(s).found);
    EXPECT_EQ(Normalize(s), "");
    EXPECT_EQ(LeadingPlusLength(s), 0u);
  }
  EXPECT_EQ(ExtractPossibleNumber("\0" "12\0" "3\0"s), "12\0" "3"s);
  EXPECT_EQ(DigitsOnly("1\0" "2"s), "12");
}

}  // namespace
}  // namespace oracle::internal
