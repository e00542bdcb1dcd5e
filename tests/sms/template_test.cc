// Tests of SmsTemplate (include/oracle/sms.h).
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "oracle/sms.h"
#include "test_util.h"

namespace oracle {
namespace {

TEST(SmsTemplateTest, RendersFieldsPerRecipient) {
  ASSERT_OK_AND_ASSIGN(
      SmsTemplate t,
      SmsTemplate::Make("Bonjour {prenom}, votre code est {code}. {prenom}!"));
  EXPECT_EQ(t.fields(), (std::vector<std::string>{"prenom", "code"}));
  ASSERT_OK_AND_ASSIGN(std::string a,
                       t.Render({{"prenom", "Awa"}, {"code", "1234"}}));
  EXPECT_EQ(a, "Bonjour Awa, votre code est 1234. Awa!");
  ASSERT_OK_AND_ASSIGN(
      std::string b,
      t.Render({{"prenom", "Kouadio"}, {"code", "9"}, {"unused", "x"}}));
  EXPECT_EQ(b, "Bonjour Kouadio, votre code est 9. Kouadio!");
}

TEST(SmsTemplateTest, EmptyValueIsAValueNotAMissingField) {
  ASSERT_OK_AND_ASSIGN(SmsTemplate t, SmsTemplate::Make("[{x}]"));
  ASSERT_OK_AND_ASSIGN(std::string s, t.Render({{"x", ""}}));
  EXPECT_EQ(s, "[]");
}

TEST(SmsTemplateTest, MissingFieldIsAnErrorNamingIt) {
  ASSERT_OK_AND_ASSIGN(SmsTemplate t,
                       SmsTemplate::Make("Bonjour {prenom}, code {code}"));
  Result<std::string> one = t.Render({{"prenom", "Awa"}});
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(one.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(one.status().message().find("'code'"), std::string::npos)
      << one.status().message();
  EXPECT_EQ(one.status().message().find("'prenom'"), std::string::npos);

  Result<std::string> both = t.Render(SmsTemplateValues{});
  ASSERT_FALSE(both.ok());
  EXPECT_NE(both.status().message().find("'prenom'"), std::string::npos);
  EXPECT_NE(both.status().message().find("'code'"), std::string::npos);
}

TEST(SmsTemplateTest, BraceEscapes) {
  ASSERT_OK_AND_ASSIGN(SmsTemplate t,
                       SmsTemplate::Make("{{literal}} {{{x}}} }}{{"));
  EXPECT_EQ(t.fields(), (std::vector<std::string>{"x"}));
  ASSERT_OK_AND_ASSIGN(std::string s, t.Render({{"x", "{v}"}}));
  // Values are inserted as they are, never parsed as template text.
  EXPECT_EQ(s, "{literal} {{v}} }{");
}

TEST(SmsTemplateTest, TextWithoutFields) {
  ASSERT_OK_AND_ASSIGN(SmsTemplate empty, SmsTemplate::Make(""));
  EXPECT_TRUE(empty.fields().empty());
  ASSERT_OK_AND_ASSIGN(std::string e, empty.Render(SmsTemplateValues{}));
  EXPECT_EQ(e, "");
  ASSERT_OK_AND_ASSIGN(SmsTemplate plain, SmsTemplate::Make("Merci \xC3\xA0 vous"));
  ASSERT_OK_AND_ASSIGN(std::string p, plain.Render(SmsTemplateValues{}));
  EXPECT_EQ(p, "Merci \xC3\xA0 vous");
  EXPECT_EQ(plain.source(), "Merci \xC3\xA0 vous");
}

TEST(SmsTemplateTest, NamesMayBeUnicodeOrHaveInnerSpaces) {
  ASSERT_OK_AND_ASSIGN(SmsTemplate t,
                       SmsTemplate::Make("{pr\xC3\xA9nom} {first name} {a.b-c}"));
  EXPECT_EQ(t.fields(), (std::vector<std::string>{"pr\xC3\xA9nom", "first name",
                                                  "a.b-c"}));
  ASSERT_OK_AND_ASSIGN(std::string s,
                       t.Render({{"pr\xC3\xA9nom", "A"},
                                 {"first name", "B"},
                                 {"a.b-c", "C"}}));
  EXPECT_EQ(s, "A B C");
}

TEST(SmsTemplateTest, BadSyntaxFailsAtCompileTimeWithTheOffset) {
  struct Bad {
    std::string source;
    size_t offset;
  };
  for (const Bad& b : std::vector<Bad>{{"Bonjour {prenom", 8},
                                       {"a } b", 2},
                                       {"x {}", 2},
                                       {"{ name}", 0},
                                       {"{name }", 0},
                                       {"{a{b}}", 0},
                                       {"ok {a\tb}", 5},
                                       {"}", 0},
                                       {"{", 0},
                                       {"ab\xC3", 2}}) {
    Result<SmsTemplate> t = SmsTemplate::Make(b.source);
    ASSERT_FALSE(t.ok()) << b.source;
    EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(t.status().message().find("byte offset " +
                                        std::to_string(b.offset)),
              std::string::npos)
        << b.source << " -> " << t.status().message();
  }
}

TEST(SmsTemplateTest, LookupFunction) {
  ASSERT_OK_AND_ASSIGN(SmsTemplate t, SmsTemplate::Make("{a}-{b}"));
  std::vector<std::string> asked;
  SmsTemplate::Lookup lookup =
      [&asked](std::string_view name) -> std::optional<std::string_view> {
    asked.emplace_back(name);
    if (name == "a") return std::string_view("1");
    return std::nullopt;
  };
  Result<std::string> r = t.Render(lookup);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("'b'"), std::string::npos);
  EXPECT_EQ(asked, (std::vector<std::string>{"a", "b"}));
}

TEST(SmsTemplateTest, InvalidUtf8ValueIsAnErrorNamingTheField) {
  ASSERT_OK_AND_ASSIGN(SmsTemplate t, SmsTemplate::Make("Hi {name}"));
  Result<std::string> r = t.Render({{"name", "ab\xFF"}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("'name'"), std::string::npos);
  EXPECT_NE(r.status().message().find("UTF-8"), std::string::npos);
}

TEST(SmsTemplateTest, SharedAcrossThreads) {
  ASSERT_OK_AND_ASSIGN(SmsTemplate t, SmsTemplate::Make("{n}:{n}"));
  std::vector<std::thread> threads;
  std::vector<int> bad(4, 0);
  for (int k = 0; k < 4; ++k) {
    threads.emplace_back([&, k] {
      for (int i = 0; i < 500; ++i) {
        const std::string n = std::to_string(k * 1000 + i);
        Result<std::string> r = t.Render({{"n", n}});
        if (!r.ok() || *r != n + ":" + n) ++bad[k];
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(bad, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace oracle
