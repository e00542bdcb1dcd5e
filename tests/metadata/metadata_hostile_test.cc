// Hostile-input tests of Metadata::Load: truncated, corrupted and crafted
// blobs must give an error Status, never a crash or an out-of-bounds read
// (run under ORACLE_SANITIZE=address,undefined to make the latter visible).
// Blobs that still load after a checksum-preserving edit must be safe to use.

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "engine/metadata_internal.h"

namespace oracle::internal {
namespace {

std::vector<uint8_t> Blob() {
  std::span<const uint8_t> e = Metadata::Embedded();
  return std::vector<uint8_t>(e.begin(), e.end());
}

uint32_t Get32(const std::vector<uint8_t>& b, size_t off) {
  uint32_t v;
  std::memcpy(&v, b.data() + off, 4);
  return v;
}

void Put32(std::vector<uint8_t>* b, size_t off, uint32_t v) {
  std::memcpy(b->data() + off, &v, 4);
}

// The checksum of docs/metadata-format.md, so that tests can craft blobs
// whose structure (not whose checksum) is wrong.
void FixChecksum(std::vector<uint8_t>* b) {
  if (b->size() < 64 || b->size() % 8 != 0) return;
  std::memset(b->data() + 24, 0, 8);
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < b->size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, b->data() + i, 8);
    h = (h ^ w) * 0x100000001b3ull;
    h ^= h >> 29;
  }
  h = (h ^ static_cast<uint64_t>(b->size())) * 0x100000001b3ull;
  h ^= h >> 32;
  std::memcpy(b->data() + 24, &h, 8);
}

struct SectionEntry {
  uint32_t id, offset, size;
};

std::vector<SectionEntry> Sections(const std::vector<uint8_t>& b) {
  std::vector<SectionEntry> out;
  const uint32_t count = Get32(b, 20);
  for (uint32_t i = 0; i < count; ++i) {
    const size_t e = 64 + 16 * i;
    out.push_back({Get32(b, e), Get32(b, e + 4), Get32(b, e + 8)});
  }
  return out;
}

SectionEntry FindSection(const std::vector<uint8_t>& b, uint32_t id) {
  for (const SectionEntry& s : Sections(b)) {
    if (s.id == id) return s;
  }
  ADD_FAILURE() << "no section " << id;
  return {0, 0, 0};
}

// Uses every view of a loaded blob, so that a bad offset that slipped
// through validation would be caught by the sanitizers.
void Exercise(const Metadata& md) {
  static const char* kInputs[] = {"",
                                  "0",
                                  "00",
                                  "0123456789",
                                  "9999999999999",
                                  "2250707123456",
                                  "011154123456"};
  for (const RegionView& r : md.regions()) {
    for (const char* s : kInputs) {
      (void)r.types.FullMatch(s);
      (void)r.international_prefix.MatchEnd(s);
      (void)r.national_prefix_for_parsing.MatchEnd(s);
      (void)r.leading_digits.PrefixMatch(s);
      CaptureProgram::Match m;
      (void)r.national_prefix_for_parsing_captures.MatchPrefix(s, &m);
      for (const NumberFormatView& f : r.number_formats) {
        (void)f.leading_digits.PrefixMatch(s);
        (void)f.format.size();
        for (uint8_t g : f.group_max) (void)g;
      }
      for (const NumberFormatView& f : r.intl_number_formats) {
        (void)f.leading_digits.MatchEnd(s);
      }
    }
    for (const NumberDescView& d : r.desc) (void)d.example_number.size();
    (void)md.RegionsForCountryCode(r.country_code);
  }
  for (const char* s : kInputs) (void)md.carriers().Lookup(s);
  for (uint32_t id = 0; id <= md.carriers().name_count(); ++id) {
    (void)md.carriers().name(id).size();
  }
}

void ExpectError(const std::vector<uint8_t>& b, const std::string& what) {
  auto r = Metadata::Load(b, /*copy=*/true);
  EXPECT_FALSE(r.ok()) << what;
  if (!r.ok()) {
    EXPECT_FALSE(r.status().message().empty()) << what;
  }
}

TEST(MetadataHostileTest, EmptyAndTiny) {
  ExpectError({}, "empty");
  ExpectError(std::vector<uint8_t>(1, 0), "one byte");
  ExpectError(std::vector<uint8_t>(63, 0), "63 bytes");
  ExpectError(std::vector<uint8_t>(64, 0), "64 zero bytes");
  ExpectError(std::vector<uint8_t>(4096, 0xFF), "all 0xFF");
  auto r = Metadata::Load(std::span<const uint8_t>(), /*copy=*/false);
  EXPECT_FALSE(r.ok());
}

TEST(MetadataHostileTest, BadMagicAndVersion) {
  std::vector<uint8_t> b = Blob();
  b[0] ^= 1;
  auto r = Metadata::Load(b, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);

  b = Blob();
  Put32(&b, 8, 2);
  FixChecksum(&b);
  r = Metadata::Load(b, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnimplemented);
  EXPECT_NE(r.status().message().find("version 2"), std::string::npos);
}

TEST(MetadataHostileTest, Truncated) {
  const std::vector<uint8_t> full = Blob();
  std::vector<size_t> sizes = {
      8, 64, 65, 100, 1000, full.size() / 2, full.size() - 8, full.size() - 1};
  for (size_t k = 1; k < 64; ++k) sizes.push_back(full.size() * k / 64);
  for (size_t n : sizes) {
    std::vector<uint8_t> b(full.begin(), full.begin() + n);
    ExpectError(b, "truncated to " + std::to_string(n));
    // Even with a consistent size field and checksum.
    if (n >= 64 && n % 8 == 0) {
      Put32(&b, 16, static_cast<uint32_t>(n));
      FixChecksum(&b);
      ExpectError(b, "truncated and re-sealed to " + std::to_string(n));
    }
  }
  std::vector<uint8_t> longer = full;
  longer.resize(full.size() + 8, 0);
  ExpectError(longer, "trailing bytes");
}

TEST(MetadataHostileTest, BitFlipsAreCaughtByTheChecksum) {
  const std::vector<uint8_t> full = Blob();
  std::mt19937 rng(1234);
  for (int i = 0; i < 300; ++i) {
    std::vector<uint8_t> b = full;
    const size_t pos = 64 + rng() % (b.size() - 64);
    b[pos] ^= static_cast<uint8_t>(1u << (rng() % 8));
    auto r = Metadata::Load(b, true);
    ASSERT_FALSE(r.ok()) << "flip at " << pos;
    EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
  }
}

TEST(MetadataHostileTest, CraftedSectionTable) {
  const std::vector<uint8_t> full = Blob();
  const uint32_t count = Get32(full, 20);
  for (uint32_t i = 0; i < count; ++i) {
    const size_t e = 64 + 16 * i;
    for (uint32_t bad_offset :
         {0u, 1u, 64u, 0xFFFFFFF8u, static_cast<uint32_t>(full.size())}) {
      std::vector<uint8_t> b = full;
      Put32(&b, e + 4, bad_offset);
      FixChecksum(&b);
      auto r = Metadata::Load(b, true);
      if (r.ok()) Exercise(**r);  // never reached in practice; must be safe
      EXPECT_FALSE(r.ok()) << "section " << i << " offset " << bad_offset;
    }
    std::vector<uint8_t> b = full;
    Put32(&b, e + 8, 0xFFFFFFF0u);
    FixChecksum(&b);
    ExpectError(b, "huge section " + std::to_string(i));
    b = full;
    Put32(&b, e, Get32(full, 64));  // duplicate id of section 0
    FixChecksum(&b);
    if (i != 0) ExpectError(b, "duplicate section id");
  }
  std::vector<uint8_t> b = full;
  Put32(&b, 20, 100000);
  FixChecksum(&b);
  ExpectError(b, "section count");
  b = full;
  Put32(&b, 32, 0xFFFFFF00u);
  FixChecksum(&b);
  ExpectError(b, "section table offset");
}

TEST(MetadataHostileTest, CraftedDfaTransitions) {
  std::vector<uint8_t> b = Blob();
  const SectionEntry dfas = FindSection(b, 4);
  const SectionEntry pool = FindSection(b, 2);
  ASSERT_GT(dfas.size, 0u);
  // First DFA: point a transition past the last state.
  const uint32_t num_states = Get32(b, dfas.offset);
  const uint32_t next_index = Get32(b, dfas.offset + 8);
  std::vector<uint8_t> c = b;
  Put32(&c, pool.offset + 4 * next_index, num_states);
  FixChecksum(&c);
  ExpectError(c, "transition to a missing state");
  // Start state out of range.
  c = b;
  Put32(&c, dfas.offset + 4, num_states);
  FixChecksum(&c);
  ExpectError(c, "start state");
  // Tables out of the pool.
  for (int field = 2; field <= 4; ++field) {
    c = b;
    Put32(&c, dfas.offset + 4 * field, 0xFFFFFFF0u);
    FixChecksum(&c);
    ExpectError(c, "table index " + std::to_string(field));
  }
  c = b;
  Put32(&c, dfas.offset, 0x40000000u);
  FixChecksum(&c);
  ExpectError(c, "state count overflow");
}

TEST(MetadataHostileTest, CraftedRegions) {
  const std::vector<uint8_t> full = Blob();
  const SectionEntry regions = FindSection(full, 7);
  constexpr uint32_t kRegionWords = 88;
  // Every word of the first and of a middle region record, set to values
  // that are out of range for most fields.
  const uint32_t num_regions = regions.size / (4 * kRegionWords);
  for (uint32_t rec : {0u, num_regions / 2, num_regions - 1}) {
    for (uint32_t w = 0; w < kRegionWords; ++w) {
      for (uint32_t v : {0xFFFFFFFFu, 0xFFFFFFF0u, 0x7FFFFFFFu, 100000u}) {
        std::vector<uint8_t> b = full;
        const size_t off = regions.offset + 4 * (rec * kRegionWords + w);
        if (Get32(b, off) == v) continue;
        Put32(&b, off, v);
        FixChecksum(&b);
        auto r = Metadata::Load(b, true);
        if (r.ok()) Exercise(**r);
      }
    }
  }
}

TEST(MetadataHostileTest, RandomStructuralCorruptionNeverCrashes) {
  const std::vector<uint8_t> full = Blob();
  const auto sections = Sections(full);
  std::mt19937 rng(99);
  int loaded = 0;
  for (int i = 0; i < 400; ++i) {
    std::vector<uint8_t> b = full;
    // Corrupt within the structural sections (everything but the big pools),
    // or anywhere with low probability.
    const SectionEntry& s = sections[rng() % sections.size()];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < edits; ++k) {
      if (s.size < 4) break;
      const size_t off = s.offset + (rng() % (s.size / 4)) * 4;
      const uint32_t v = (rng() % 2) ? rng() : (rng() % 1024);
      Put32(&b, off, v);
    }
    FixChecksum(&b);
    auto r = Metadata::Load(b, true);
    if (r.ok()) {
      ++loaded;
      Exercise(**r);
    }
  }
  SUCCEED() << loaded << " corrupted blobs still loaded and were exercised";
}

TEST(MetadataHostileTest, CraftedCapturePrograms) {
  const std::vector<uint8_t> full = Blob();
  const SectionEntry caps = FindSection(full, 5);
  ASSERT_GE(caps.size, 8u);
  // Every 16-bit word of the first programs, set to hostile values.
  for (uint32_t off = 0; off + 2 <= caps.size && off < 640; off += 2) {
    for (uint16_t v :
         {uint16_t{0xFFFF}, uint16_t{0}, uint16_t{600}, uint16_t{3}}) {
      std::vector<uint8_t> b = full;
      std::memcpy(b.data() + caps.offset + off, &v, 2);
      FixChecksum(&b);
      auto r = Metadata::Load(b, true);
      if (r.ok()) Exercise(**r);
    }
  }
}

TEST(MetadataHostileTest, CraftedCarrierTrie) {
  const std::vector<uint8_t> full = Blob();
  const SectionEntry nodes = FindSection(full, 12);
  std::vector<uint8_t> b = full;
  Put32(&b, nodes.offset, 0);  // root's children start at the root: a loop
  FixChecksum(&b);
  ExpectError(b, "carrier trie loop");
  b = full;
  Put32(&b, nodes.offset + 8 * (nodes.size / 8 - 1), 0xFFFFFFF0u);
  Put32(&b, nodes.offset + 8 * (nodes.size / 8 - 1) + 4, 0x03FFu);
  FixChecksum(&b);
  ExpectError(b, "carrier children out of range");
  b = full;
  Put32(&b, nodes.offset + 12, 0xFFFF0000u);  // name id of node 1
  FixChecksum(&b);
  ExpectError(b, "carrier name id");
}

}  // namespace
}  // namespace oracle::internal
