// Unit tests of the metadata blob reader (src/engine/metadata.cc): the
// embedded blob, known answers from libphonenumber 9.0.43's metadata, and
// the automata on edge-case input.

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "engine/metadata_internal.h"

namespace oracle::internal {
namespace {

const Metadata& Md() {
  static const std::shared_ptr<const Metadata> md = [] {
    auto r = Metadata::Load(Metadata::Embedded(), /*copy=*/false);
    if (!r.ok()) {
      ADD_FAILURE() << r.status().ToString();
      std::abort();
    }
    return *r;
  }();
  return *md;
}

std::vector<uint8_t> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in),
                              std::istreambuf_iterator<char>());
}

TEST(MetadataTest, EmbeddedBlobLoads) {
  auto r = Metadata::Load(Metadata::Embedded(), /*copy=*/false);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->format_version(), 1u);
  EXPECT_EQ((*r)->source_version().substr(0, 13), "phonenumbers ");
  EXPECT_GT((*r)->regions().size(), 250u);
}

TEST(MetadataTest, EmbeddedBlobIsTheDataFile) {
  std::vector<uint8_t> file = ReadFile(ORACLE_METADATA_BLOB);
  ASSERT_FALSE(file.empty());
  std::span<const uint8_t> embedded = Metadata::Embedded();
  ASSERT_EQ(file.size(), embedded.size());
  EXPECT_TRUE(std::equal(file.begin(), file.end(), embedded.begin()));
}

TEST(MetadataTest, CopiedBlobOutlivesTheCallersBytes) {
  std::vector<uint8_t> bytes = ReadFile(ORACLE_METADATA_BLOB);
  auto r = Metadata::Load(bytes, /*copy=*/true);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::fill(bytes.begin(), bytes.end(), 0);
  bytes.clear();
  bytes.shrink_to_fit();
  const RegionView* ci = (*r)->ForRegion("CI");
  ASSERT_NE(ci, nullptr);
  EXPECT_EQ(ci->country_code, 225);
  EXPECT_NE(ci->types.FullMatch("0707123456") & (1u << kMobileDesc), 0u);
}

TEST(MetadataTest, MisalignedBytesAreAccepted) {
  std::vector<uint8_t> file = ReadFile(ORACLE_METADATA_BLOB);
  std::vector<uint8_t> shifted(file.size() + 1);
  std::copy(file.begin(), file.end(), shifted.begin() + 1);
  auto r = Metadata::Load(std::span<const uint8_t>(shifted).subspan(1),
                          /*copy=*/false);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE((*r)->ForRegion("FR"), nullptr);
}

TEST(MetadataTest, RegionsAreSortedAndFound) {
  const Metadata& md = Md();
  auto regions = md.regions();
  for (size_t i = 1; i < regions.size(); ++i) {
    EXPECT_LT(std::make_pair(regions[i - 1].id, regions[i - 1].country_code),
              std::make_pair(regions[i].id, regions[i].country_code));
  }
  for (const RegionView& r : regions) {
    if (r.id == "001") {
      EXPECT_EQ(md.ForNonGeoCountryCode(r.country_code), &r);
    } else {
      EXPECT_EQ(md.ForRegion(r.id), &r);
    }
  }
  EXPECT_EQ(md.ForRegion("ZZ"), nullptr);
  EXPECT_EQ(md.ForRegion("001"), nullptr);
  EXPECT_EQ(md.ForRegion("ci"), nullptr);
  EXPECT_EQ(md.ForRegion(""), nullptr);
  EXPECT_EQ(md.ForRegion("CIV"), nullptr);
  EXPECT_EQ(md.ForNonGeoCountryCode(225), nullptr);
  EXPECT_EQ(md.ForNonGeoCountryCode(-1), nullptr);
  EXPECT_EQ(md.ForNonGeoCountryCode(100000), nullptr);
}

TEST(MetadataTest, CountryCodes) {
  const Metadata& md = Md();
  auto nanpa = md.RegionsForCountryCode(1);
  ASSERT_GE(nanpa.size(), 5u);
  EXPECT_EQ(nanpa[0]->id, "US");
  EXPECT_EQ(nanpa[1]->id, "AG");
  EXPECT_EQ(nanpa[2]->id, "AI");
  auto uk = md.RegionsForCountryCode(44);
  ASSERT_EQ(uk.size(), 4u);
  EXPECT_EQ(uk[0]->id, "GB");
  EXPECT_EQ(uk[3]->id, "JE");
  auto ru = md.RegionsForCountryCode(7);
  ASSERT_EQ(ru.size(), 2u);
  EXPECT_EQ(ru[0]->id, "RU");
  EXPECT_EQ(ru[1]->id, "KZ");
  auto tf = md.RegionsForCountryCode(800);
  ASSERT_EQ(tf.size(), 1u);
  EXPECT_EQ(tf[0]->id, "001");
  EXPECT_EQ(tf[0]->country_code, 800);
  EXPECT_TRUE(md.IsValidCountryCode(225));
  EXPECT_FALSE(md.IsValidCountryCode(0));
  EXPECT_FALSE(md.IsValidCountryCode(999));
  EXPECT_FALSE(md.IsValidCountryCode(-7));
  EXPECT_FALSE(md.IsValidCountryCode(1000));
  EXPECT_TRUE(md.RegionsForCountryCode(1000).empty());
  EXPECT_TRUE(md.RegionsForCountryCode(0).empty());
  EXPECT_EQ(md.MobileToken(54), "9");
  EXPECT_EQ(md.MobileToken(225), "");
  EXPECT_TRUE(md.IsGeoMobileCountry(52));
  EXPECT_TRUE(md.IsGeoMobileCountry(86));
  EXPECT_FALSE(md.IsGeoMobileCountry(225));
  EXPECT_FALSE(md.IsGeoMobileCountry(5000));
}

TEST(MetadataTest, CoteDIvoire) {
  const RegionView* ci = Md().ForRegion("CI");
  ASSERT_NE(ci, nullptr);
  EXPECT_EQ(ci->country_code, 225);
  EXPECT_FALSE(ci->main_country_for_code);  // the only region of +225
  EXPECT_TRUE(Md().ForRegion("US")->main_country_for_code);
  const uint32_t general = 1u << kGeneralDesc;
  EXPECT_EQ(ci->types.FullMatch("0707123456"), general | (1u << kMobileDesc));
  EXPECT_EQ(ci->types.FullMatch("2123456789"),
            general | (1u << kFixedLineDesc));
  EXPECT_EQ(ci->types.FullMatch("070712345"), 0u);
  EXPECT_EQ(ci->types.FullMatch("07071234567"), 0u);
  EXPECT_EQ(ci->types.FullMatch("07071234a6"), 0u);
  EXPECT_TRUE(ci->desc[kMobileDesc].present);
  EXPECT_TRUE(ci->desc[kMobileDesc].has_pattern);
  EXPECT_EQ(ci->desc[kMobileDesc].possible_lengths, 1u << 10);
  EXPECT_EQ(ci->desc[kMobileDesc].example_number, "0123456789");
  EXPECT_FALSE(ci->desc[kTollFreeDesc].present);
  // The general description has no example number: absent, not empty.
  EXPECT_EQ(ci->desc[kGeneralDesc].example_number.data(), nullptr);
  EXPECT_EQ(ci->international_prefix_pattern, "00");
  EXPECT_EQ(ci->international_prefix.MatchEnd("002250707"), 2);
  EXPECT_EQ(ci->international_prefix.MatchEnd("0"), -1);
  EXPECT_EQ(ci->national_prefix.data(), nullptr);
  EXPECT_FALSE(ci->has_national_prefix_for_parsing);
  ASSERT_EQ(ci->number_formats.size(), 2u);
  const NumberFormatView& f = ci->number_formats[1];
  EXPECT_EQ(f.format, "\\1 \\2 \\3 \\4");
  ASSERT_EQ(f.group_min.size(), 4u);
  EXPECT_EQ(f.group_min[3], 4);
  EXPECT_EQ(f.group_max[3], 4);
  EXPECT_TRUE(f.leading_digits.PrefixMatch("07"));
  EXPECT_FALSE(f.leading_digits.PrefixMatch("27"));
  EXPECT_EQ(f.national_prefix_formatting_rule.data(), nullptr);
  EXPECT_TRUE(ci->intl_number_formats.empty());
  EXPECT_EQ(Md().carriers().Lookup("2250707123456"), "Orange");
  EXPECT_EQ(Md().carriers().Lookup("2250101234567"), "Moov");
}

TEST(MetadataTest, ArgentinaCaptures) {
  const RegionView* ar = Md().ForRegion("AR");
  ASSERT_NE(ar, nullptr);
  ASSERT_TRUE(ar->has_national_prefix_for_parsing);
  EXPECT_TRUE(ar->national_prefix_for_parsing.empty());
  const CaptureProgram& p = ar->national_prefix_for_parsing_captures;
  ASSERT_FALSE(p.empty());
  EXPECT_EQ(p.num_groups(), 1);
  EXPECT_EQ(ar->national_prefix_transform_rule, "9\\1");
  CaptureProgram::Match m;
  ASSERT_TRUE(p.MatchPrefix("0111512345678", &m));
  EXPECT_EQ(m.end, 5);
  EXPECT_EQ(m.group_start[1], 1);
  EXPECT_EQ(m.group_end[1], 3);
  ASSERT_TRUE(p.MatchPrefix("0351154123456", &m));
  EXPECT_EQ(m.end, 6);
  EXPECT_EQ(m.group_start[1], 1);
  EXPECT_EQ(m.group_end[1], 4);
  ASSERT_TRUE(p.MatchPrefix("03514123456", &m));
  EXPECT_EQ(m.end, 1);
  EXPECT_EQ(m.group_start[1], -1);
  EXPECT_EQ(m.group_end[1], -1);
  ASSERT_TRUE(p.MatchPrefix("", &m));
  EXPECT_EQ(m.end, 0);
  EXPECT_TRUE(p.MatchPrefix("1123456789", nullptr));
  EXPECT_EQ(Md().MobileToken(54), "9");
}

TEST(MetadataTest, BrazilCapturesAndEndAnchor) {
  const RegionView* br = Md().ForRegion("BR");
  ASSERT_NE(br, nullptr);
  const CaptureProgram& p = br->national_prefix_for_parsing_captures;
  ASSERT_EQ(p.num_groups(), 2);
  CaptureProgram::Match m;
  ASSERT_TRUE(p.MatchPrefix("0211133334444", &m));
  EXPECT_EQ(m.end, 13);
  EXPECT_EQ(m.group_start[1], 1);
  EXPECT_EQ(m.group_end[1], 3);
  EXPECT_EQ(m.group_start[2], 3);
  EXPECT_EQ(m.group_end[2], 13);
  ASSERT_TRUE(p.MatchPrefix("9021123456789", &m));
  EXPECT_EQ(m.end, 2);
  EXPECT_EQ(m.group_start[2], -1);
  EXPECT_FALSE(p.MatchPrefix("1", &m));

  // "([457]\d{6})$|1": the group only matches up to the end of input.
  const CaptureProgram& ag =
      Md().ForRegion("AG")->national_prefix_for_parsing_captures;
  ASSERT_TRUE(ag.MatchPrefix("4601234", &m));
  EXPECT_EQ(m.end, 7);
  EXPECT_EQ(m.group_start[1], 0);
  EXPECT_FALSE(ag.MatchPrefix("46012345", &m));
  ASSERT_TRUE(ag.MatchPrefix("12684601234", &m));
  EXPECT_EQ(m.end, 1);
  EXPECT_EQ(m.group_start[1], -1);
}

TEST(MetadataTest, DefaultViewsMatchNothing) {
  DigitDfa dfa;
  EXPECT_TRUE(dfa.empty());
  EXPECT_EQ(dfa.FullMatch(""), 0u);
  EXPECT_EQ(dfa.FullMatch("123"), 0u);
  EXPECT_EQ(dfa.MatchEnd(""), -1);
  EXPECT_FALSE(dfa.PrefixMatch("1"));
  CaptureProgram prog;
  EXPECT_TRUE(prog.empty());
  CaptureProgram::Match m;
  EXPECT_FALSE(prog.MatchPrefix("0", &m));
}

TEST(MetadataTest, NonDigitInputStopsTheAutomata) {
  const RegionView* ru = Md().ForRegion("RU");
  ASSERT_NE(ru, nullptr);
  EXPECT_EQ(ru->international_prefix.MatchEnd("810"), 3);
  EXPECT_EQ(ru->international_prefix.MatchEnd("81x0"), -1);
  EXPECT_EQ(ru->international_prefix.MatchEnd(std::string("81\0", 3)), -1);
  EXPECT_EQ(ru->international_prefix.FullMatch("810\xff"), 0u);
  EXPECT_EQ(ru->preferred_international_prefix, "8~10");
  EXPECT_TRUE(ru->leading_digits.PrefixMatch("3"));
  EXPECT_FALSE(ru->leading_digits.PrefixMatch("7"));
  EXPECT_FALSE(ru->leading_digits.PrefixMatch(""));
  EXPECT_EQ(Md().carriers().Lookup("7x"), "");
  EXPECT_EQ(Md().carriers().Lookup(""), "");
}

TEST(MetadataTest, TypesAutomatonIsFullMatchOnly) {
  const RegionView* fr = Md().ForRegion("FR");
  ASSERT_NE(fr, nullptr);
  EXPECT_NE(fr->types.FullMatch("612345678"), 0u);
  EXPECT_EQ(fr->types.MatchEnd("612345678"), -1);
  EXPECT_FALSE(fr->types.PrefixMatch("612345678"));
}

TEST(MetadataTest, CarrierNames) {
  const CarrierTable& c = Md().carriers();
  ASSERT_GT(c.name_count(), 100u);
  EXPECT_EQ(c.name(0), "");
  EXPECT_EQ(c.name(c.name_count() + 1), "");
  for (uint32_t id = 1; id <= c.name_count(); ++id) {
    EXPECT_FALSE(c.name(id).empty());
  }
  const uint32_t id = c.LookupId("40721234567");
  EXPECT_NE(id, 0u);
  EXPECT_EQ(c.name(id), "Vodafone");
  EXPECT_EQ(c.Lookup("14155550123"), "");
}

TEST(MetadataTest, ConcurrentReaders) {
  const Metadata& md = Md();
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&md, &ok, t] {
      int good = 0;
      for (int i = 0; i < 2000; ++i) {
        const RegionView* ar = md.ForRegion("AR");
        CaptureProgram::Match m;
        good += ar->national_prefix_for_parsing_captures.MatchPrefix(
                    "0111512345678", &m) &&
                m.end == 5;
        good += md.carriers().Lookup("2250707123456") == "Orange";
      }
      ok[t] = good;
    });
  }
  for (auto& th : threads) th.join();
  for (int v : ok) EXPECT_EQ(v, 4000);
}

}  // namespace
}  // namespace oracle::internal
