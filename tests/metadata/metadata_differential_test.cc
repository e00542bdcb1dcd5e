// Differential tests of the loaded metadata against the pinned `phonenumbers`
// package: every field of every region, and the automata on the strings of
// make_expected.py, whose answers come from Python's `re` and from the
// package's own data (never from the blob).
//
// The expected-answers file is written by the CTest fixture
// metadata_expected (tests/metadata/CMakeLists.txt); its path is the
// environment variable ORACLE_METADATA_EXPECTED, or the build-time default.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/metadata_internal.h"

namespace oracle::internal {
namespace {

using nlohmann::json;

const json& Expected() {
  static const json* j = [] {
    const char* env = std::getenv("ORACLE_METADATA_EXPECTED");
    const std::string path =
        env != nullptr ? env : ORACLE_METADATA_EXPECTED_DEFAULT;
    std::ifstream in(path);
    if (!in) {
      ADD_FAILURE() << "cannot read " << path
                    << " (written by the metadata_expected CTest fixture)";
      return new json(json::object());
    }
    return new json(json::parse(in));
  }();
  return *j;
}

const Metadata& Md() {
  static const std::shared_ptr<const Metadata> md = [] {
    auto r = Metadata::Load(Metadata::Embedded(), /*copy=*/false);
    if (!r.ok()) std::abort();
    return *r;
  }();
  return *md;
}

uint32_t LengthMask(const json& lengths) {
  uint32_t mask = 0;
  for (const json& n : lengths) {
    const int v = n.get<int>();
    mask |= v == -1 ? kNoLengths : (1u << v);
  }
  return mask;
}

// Absent (null) strings must be default string_views; present ones, even
// empty, must not.
void ExpectString(const json& want, std::string_view got,
                  const std::string& what) {
  if (want.is_null()) {
    EXPECT_EQ(got.data(), nullptr)
        << what << " should be absent, is '" << got << "'";
  } else {
    EXPECT_NE(got.data(), nullptr) << what << " should be present";
    EXPECT_EQ(got, want.get<std::string>()) << what;
  }
}

const RegionView* Find(const json& r) {
  const std::string id = r["id"].get<std::string>();
  return id == "001" ? Md().ForNonGeoCountryCode(r["cc"].get<int>())
                     : Md().ForRegion(id);
}

void CheckSingleVectors(const DigitDfa& dfa, const json& vectors,
                        const std::string& what) {
  for (const json& v : vectors) {
    const std::string s = v[0].get<std::string>();
    const uint32_t full = v[1].get<uint32_t>();
    const int end = v[2].get<int>();
    EXPECT_EQ(dfa.FullMatch(s), full) << what << " fullmatch '" << s << "'";
    EXPECT_EQ(dfa.MatchEnd(s), end) << what << " match end '" << s << "'";
    EXPECT_EQ(dfa.PrefixMatch(s), end >= 0) << what << " prefix '" << s << "'";
  }
}

void CheckFormats(const json& want, std::span<const NumberFormatView> got,
                  const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < got.size(); ++i) {
    const json& w = want[i];
    const NumberFormatView& f = got[i];
    const std::string where = what + "[" + std::to_string(i) + "]";
    ASSERT_EQ(f.group_min.size(), w["min"].size()) << where;
    ASSERT_EQ(f.group_max.size(), w["max"].size()) << where;
    for (size_t g = 0; g < f.group_min.size(); ++g) {
      EXPECT_EQ(f.group_min[g], w["min"][g].get<int>()) << where;
      EXPECT_EQ(f.group_max[g], w["max"][g].get<int>()) << where;
    }
    ExpectString(w["format"], f.format, where + " format");
    ExpectString(w["npfr"], f.national_prefix_formatting_rule, where + " npfr");
    ExpectString(w["dcc"], f.domestic_carrier_code_formatting_rule,
                 where + " dcc");
    EXPECT_EQ(f.national_prefix_optional_when_formatting,
              w["optional"].get<bool>())
        << where;
    EXPECT_EQ(f.leading_digits.empty(), w["leading_digits"].is_null()) << where;
    if (w.contains("vectors")) {
      CheckSingleVectors(f.leading_digits, w["vectors"],
                         where + " leading digits");
    }
  }
}

TEST(MetadataDifferentialTest, SourceVersion) {
  EXPECT_EQ(Md().source_version(),
            Expected()["source_version"].get<std::string>());
}

TEST(MetadataDifferentialTest, EveryRegionIsPresent) {
  const json& regions = Expected()["regions"];
  ASSERT_EQ(Md().regions().size(), regions.size());
  for (size_t i = 0; i < regions.size(); ++i) {
    EXPECT_EQ(Md().regions()[i].id, regions[i]["id"].get<std::string>());
    EXPECT_EQ(Md().regions()[i].country_code, regions[i]["cc"].get<int>());
  }
}

TEST(MetadataDifferentialTest, RegionFields) {
  for (const json& r : Expected()["regions"]) {
    const std::string where =
        r["id"].get<std::string>() + "/" + std::to_string(r["cc"].get<int>());
    const RegionView* region = Find(r);
    ASSERT_NE(region, nullptr) << where;
    EXPECT_EQ(region->country_code, r["cc"].get<int>()) << where;
    EXPECT_EQ(region->main_country_for_code, r["main"].get<bool>()) << where;
    EXPECT_EQ(region->mobile_number_portable_region, r["portable"].get<bool>())
        << where;
    EXPECT_EQ(region->same_mobile_and_fixed_line_pattern,
              r["same_mobile_fixed"].get<bool>())
        << where;
    for (int slot = 0; slot < kDescSlotCount; ++slot) {
      const json& d = r["desc"][slot];
      const NumberDescView& got = region->desc[slot];
      const std::string w = where + " desc " + std::to_string(slot);
      EXPECT_EQ(got.present, !d.is_null()) << w;
      if (d.is_null()) continue;
      EXPECT_EQ(got.has_pattern, d["has_pattern"].get<bool>()) << w;
      EXPECT_EQ(got.possible_lengths, LengthMask(d["lengths"])) << w;
      EXPECT_EQ(got.possible_lengths_local_only, LengthMask(d["local"])) << w;
      ExpectString(d["example"], got.example_number, w + " example");
    }
    EXPECT_EQ(region->international_prefix.empty(),
              r["international_prefix"].is_null())
        << where;
    ExpectString(r["international_prefix"],
                 region->international_prefix_pattern,
                 where + " international prefix");
    ExpectString(r["preferred_international_prefix"],
                 region->preferred_international_prefix, where + " pip");
    ExpectString(r["national_prefix"], region->national_prefix, where + " np");
    ExpectString(r["preferred_extn_prefix"], region->preferred_extn_prefix,
                 where + " extn");
    ExpectString(r["transform"], region->national_prefix_transform_rule,
                 where + " transform");
    const bool has_nppf =
        !r["nppf"].is_null() && !r["nppf"].get<std::string>().empty();
    EXPECT_EQ(region->has_national_prefix_for_parsing, has_nppf) << where;
    EXPECT_EQ(region->leading_digits.empty(), r["leading_digits"].is_null())
        << where;
    CheckFormats(r["formats"], region->number_formats, where + " formats");
    CheckFormats(r["intl_formats"], region->intl_number_formats,
                 where + " intl formats");
  }
}

TEST(MetadataDifferentialTest, TypeAutomata) {
  size_t checked = 0;
  for (const json& r : Expected()["regions"]) {
    const RegionView* region = Find(r);
    ASSERT_NE(region, nullptr);
    for (const json& v : r["types"]) {
      const std::string s = v[0].get<std::string>();
      EXPECT_EQ(region->types.FullMatch(s), v[1].get<uint32_t>())
          << r["id"] << "/" << r["cc"] << " '" << s << "'";
      ++checked;
    }
  }
  EXPECT_GT(checked, 10000u);
}

TEST(MetadataDifferentialTest, PrefixAutomata) {
  for (const json& r : Expected()["regions"]) {
    const RegionView* region = Find(r);
    ASSERT_NE(region, nullptr);
    const std::string where =
        r["id"].get<std::string>() + "/" + std::to_string(r["cc"].get<int>());
    if (r.contains("international_prefix_vectors")) {
      CheckSingleVectors(region->international_prefix,
                         r["international_prefix_vectors"], where + " idd");
    }
    if (r.contains("leading_digits_vectors")) {
      CheckSingleVectors(region->leading_digits, r["leading_digits_vectors"],
                         where + " leading digits");
    }
  }
}

TEST(MetadataDifferentialTest, NationalPrefixForParsing) {
  size_t programs = 0;
  for (const json& r : Expected()["regions"]) {
    if (!r.contains("nppf_vectors")) continue;
    const RegionView* region = Find(r);
    ASSERT_NE(region, nullptr);
    const std::string where = r["id"].get<std::string>();
    const int groups = r["nppf_groups"].get<int>();
    if (groups == 0) {
      ASSERT_FALSE(region->national_prefix_for_parsing.empty()) << where;
      ASSERT_TRUE(region->national_prefix_for_parsing_captures.empty())
          << where;
      for (const json& v : r["nppf_vectors"]) {
        const std::string s = v[0].get<std::string>();
        EXPECT_EQ(region->national_prefix_for_parsing.MatchEnd(s),
                  v[1].get<int>())
            << where << " '" << s << "'";
      }
      continue;
    }
    ++programs;
    const CaptureProgram& p = region->national_prefix_for_parsing_captures;
    ASSERT_FALSE(p.empty()) << where;
    ASSERT_TRUE(region->national_prefix_for_parsing.empty()) << where;
    ASSERT_EQ(p.num_groups(), groups) << where;
    for (const json& v : r["nppf_vectors"]) {
      const std::string s = v[0].get<std::string>();
      const int end = v[1].get<int>();
      CaptureProgram::Match m;
      const bool ok = p.MatchPrefix(s, &m);
      ASSERT_EQ(ok, end >= 0) << where << " '" << s << "'";
      if (!ok) continue;
      EXPECT_EQ(m.end, end) << where << " '" << s << "'";
      EXPECT_EQ(m.num_groups, groups);
      for (int g = 1; g <= groups; ++g) {
        EXPECT_EQ(m.group_start[g], v[2][g - 1][0].get<int>())
            << where << " '" << s << "' group " << g;
        EXPECT_EQ(m.group_end[g], v[2][g - 1][1].get<int>())
            << where << " '" << s << "' group " << g;
      }
    }
  }
  EXPECT_GT(programs, 20u);
}

TEST(MetadataDifferentialTest, CountryCodes) {
  size_t total = 0;
  for (const json& e : Expected()["country_codes"]) {
    const int cc = e[0].get<int>();
    auto regions = Md().RegionsForCountryCode(cc);
    ASSERT_EQ(regions.size(), e[1].size()) << cc;
    EXPECT_TRUE(Md().IsValidCountryCode(cc));
    for (size_t i = 0; i < regions.size(); ++i) {
      EXPECT_EQ(regions[i]->id, e[1][i].get<std::string>()) << cc;
      EXPECT_EQ(regions[i]->country_code, cc);
    }
    ++total;
  }
  int valid = 0;
  for (int cc = -5; cc < 1100; ++cc) valid += Md().IsValidCountryCode(cc);
  EXPECT_EQ(static_cast<size_t>(valid), total);
  for (const json& e : Expected()["mobile_tokens"]) {
    EXPECT_EQ(Md().MobileToken(e[0].get<int>()), e[1].get<std::string>());
  }
  int geo = 0;
  for (int cc = 0; cc < 1000; ++cc) geo += Md().IsGeoMobileCountry(cc);
  EXPECT_EQ(static_cast<size_t>(geo), Expected()["geo_mobile"].size());
  for (const json& cc : Expected()["geo_mobile"]) {
    EXPECT_TRUE(Md().IsGeoMobileCountry(cc.get<int>()));
  }
}

TEST(MetadataDifferentialTest, Carriers) {
  size_t named = 0;
  for (const json& v : Expected()["carriers"]) {
    const std::string s = v[0].get<std::string>();
    const std::string want = v[1].get<std::string>();
    EXPECT_EQ(Md().carriers().Lookup(s), want) << "'" << s << "'";
    const uint32_t id = Md().carriers().LookupId(s);
    EXPECT_EQ(id == 0, want.empty());
    named += !want.empty();
  }
  EXPECT_GT(named, 5000u);
}

}  // namespace
}  // namespace oracle::internal
