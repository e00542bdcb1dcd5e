// Hostile input gives a clean Status, never a crash (run under ASan/UBSan by
// ./test).
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "oracle/oracle.h"
#include "test_util.h"

namespace oracle {
namespace {

class HostileInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto e = Engine::Make();
    ASSERT_TRUE(e.ok());
    engine_ = std::make_unique<Engine>(std::move(e).value());
  }
  std::unique_ptr<Engine> engine_;
};

TEST_F(HostileInputTest, EmptyAndWhitespace) {
  for (const char* text : {"", " ", "\t\t", "   \n  ", "\u3000\u3000"}) {
    auto r = engine_->Segment(text, "CI");
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.status().code(), StatusCode::kNotANumber);
  }
}

TEST_F(HostileInputTest, TenMegabyteString) {
  std::string huge(10 * 1024 * 1024, '7');
  auto r = engine_->Segment(huge, "CI");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kTooLong);
  std::string huge_garbage(10 * 1024 * 1024, '\xff');
  auto g = engine_->Segment(huge_garbage, "CI");
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), StatusCode::kNotANumber);
}

TEST_F(HostileInputTest, InvalidUtf8) {
  const std::string cases[] = {
      std::string("+225 07\xff 07 12 34 56"),
      std::string("\xc0\xaf"),              // overlong '/'
      std::string("\xed\xa0\x80" "0707"),   // UTF-16 surrogate
      std::string("\xf4\x90\x80\x80"),      // above U+10FFFF
      std::string("0707\xe2\x82"),          // truncated sequence
  };
  for (const std::string& text : cases) {
    auto r = engine_->Segment(text, "CI");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kNotANumber);
    EXPECT_NE(r.status().message().find("UTF-8"), std::string::npos);
  }
}

TEST_F(HostileInputTest, EmbeddedNul) {
  std::string text("+225 07 07\0 12 34 56", 20);
  auto r = engine_->Segment(text, "CI");
  // libphonenumber reads the NUL as a non-number character: whatever the
  // verdict, it must be a clean one.
  if (r.ok()) {
    EXPECT_FALSE(r->e164.empty());
  } else {
    EXPECT_NE(r.status().code(), StatusCode::kInternal);
  }
  std::string only_nul(5, '\0');
  auto n = engine_->Segment(only_nul, "CI");
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.status().code(), StatusCode::kNotANumber);
}

TEST_F(HostileInputTest, RandomBytesNeverCrash) {
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> len(0, 64);
  std::uniform_int_distribution<int> byte(0, 255);
  const char* alphabet = "+0123456789 -().x#;=:tel*ext/\\";
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    int n = len(rng);
    for (int j = 0; j < n; ++j) {
      int b = byte(rng);
      text.push_back(b < 200 ? alphabet[b % 30] : static_cast<char>(b));
    }
    auto r = engine_->Segment(text, i % 3 == 0 ? "" : (i % 3 == 1 ? "CI" : "AR"));
    if (r.ok()) {
      EXPECT_EQ(r->e164[0], '+');
    } else {
      EXPECT_NE(r.status().code(), StatusCode::kInternal) << r.status().ToString();
    }
  }
}

}  // namespace
}  // namespace oracle
