// The benchmark corpus: generation from seed numbers and file loading.
#include "corpus.h"

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace oracle::bench {
namespace {

// First for ORACLE_BENCH_SEEDS_VERSION and ORACLE_BENCH_OTHER_REGIONS_WEIGHT,
// then, below, for the tables.
#include "corpus_seeds.inc"

struct Seed {
  const char* region;
  char type;
  const char* international;  // "+225 07 34 38 5870"
  const char* national;       // "07 34 38 5870"; "" for non-geographic
};

constexpr Seed kSeeds[] = {
#define ORACLE_BENCH_SEED(region, type, international, national) \
  {region, type, international, national},
#include "corpus_seeds.inc"
#undef ORACLE_BENCH_SEED
};

struct RegionWeight {
  const char* region;
  int per_mille;
};

constexpr RegionWeight kRegionWeights[] = {
#define ORACLE_BENCH_REGION_WEIGHT(region, weight) {region, weight},
#include "corpus_seeds.inc"
#undef ORACLE_BENCH_REGION_WEIGHT
};

// Where a number is dialled from when written with an international call
// prefix: region and its prefix.
struct Dialling {
  const char* region;
  const char* idd;
};
constexpr Dialling kDiallings[] = {
    {"CI", "00"}, {"FR", "00"}, {"FR", "00"}, {"GB", "00"}, {"DE", "00"},
    {"SN", "00"}, {"BE", "00"}, {"US", "011"}, {"CA", "011"}, {"NG", "009"},
};

// Text that is not a phone number, as found in contact bases.
constexpr const char* kWords[] = {
    "",          "n/a",       "N/A",          "none",       "unknown",
    "-",         "call me",   "pas de numéro", "#REF!",      "NULL",
    "test",      "0",         "+",            "abc123",     "jean@example.com",
    "???",       "tel:",      "00",           "+()",        "...",
};

// Country calling codes that do not exist.
constexpr const char* kBadCountryCodes[] = {"0", "28", "210", "259", "292",
                                            "384", "693", "801", "999", "89"};

// Regions used for junk with a default region.
constexpr const char* kJunkRegions[] = {"CI", "FR", "US", "NG", "IN",
                                        "BR", "GB", "DE", "ZZ", ""};

// SplitMix64: small, fast and the same on every platform (unlike the
// distributions of <random>).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n).
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>(
        (static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  // True with probability per_mille / 1000.
  bool Chance(int per_mille) {
    return Below(1000) < static_cast<uint64_t>(per_mille);
  }
  char Digit() { return static_cast<char>('0' + Below(10)); }

 private:
  uint64_t state_;
};

template <typename T, size_t N>
const T& Pick(Rng& rng, const T (&items)[N]) {
  return items[rng.Below(N)];
}

// Picks a value among (value, weight) pairs.
template <typename T>
class WeightedChoice {
 public:
  void Add(T value, uint64_t weight) {
    if (weight == 0) return;
    total_ += weight;
    cumulative_.push_back(total_);
    values_.push_back(std::move(value));
  }
  const T& Pick(Rng& rng) const {
    uint64_t x = rng.Below(total_);
    size_t i = std::upper_bound(cumulative_.begin(), cumulative_.end(), x) -
               cumulative_.begin();
    return values_[i];
  }

 private:
  uint64_t total_ = 0;
  std::vector<uint64_t> cumulative_;
  std::vector<T> values_;
};

std::string Concat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out.append(p);
  return out;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string DigitsOnly(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (IsDigit(c)) out.push_back(c);
  }
  return out;
}

// Replaces the last `digits.size()` digits of `s` with `digits`.
void ReplaceTrailingDigits(std::string* s, std::string_view digits) {
  size_t k = digits.size();
  for (size_t i = s->size(); i > 0 && k > 0; --i) {
    char& c = (*s)[i - 1];
    if (IsDigit(c)) c = digits[--k];
  }
}

void ReplaceAll(std::string* s, char from, std::string_view to) {
  std::string out;
  out.reserve(s->size());
  for (char c : *s) {
    if (c == from) {
      out.append(to);
    } else {
      out.push_back(c);
    }
  }
  *s = std::move(out);
}

// ASCII digits as full-width (U+FF10..) or Arabic-Indic (U+0660..) digits.
std::string ToUnicodeDigits(std::string_view s, bool full_width) {
  std::string out;
  for (char c : s) {
    if (!IsDigit(c)) {
      out.push_back(c);
      continue;
    }
    int d = c - '0';
    if (full_width) {  // EF BC 90 + d
      out.push_back(static_cast<char>(0xEF));
      out.push_back(static_cast<char>(0xBC));
      out.push_back(static_cast<char>(0x90 + d));
    } else {  // D9 A0 + d
      out.push_back(static_cast<char>(0xD9));
      out.push_back(static_cast<char>(0xA0 + d));
    }
  }
  return out;
}

// Draws entries one after the other.
class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {
    std::unordered_map<std::string_view, int> heavy;
    for (const RegionWeight& w : kRegionWeights) heavy[w.region] = w.per_mille;
    // Seed ranges per region (the table is grouped by region).
    std::vector<std::pair<size_t, size_t>> ranges;
    for (size_t i = 0; i < std::size(kSeeds); ++i) {
      if (i == 0 ||
          std::string_view(kSeeds[i].region) != kSeeds[i - 1].region) {
        ranges.emplace_back(i, i + 1);
      } else {
        ranges.back().second = i + 1;
      }
    }
    size_t others = 0;
    for (const auto& r : ranges) {
      if (!heavy.count(kSeeds[r.first].region)) ++others;
    }
    // Weights in millionths so that the light regions share theirs evenly.
    for (const auto& r : ranges) {
      auto it = heavy.find(kSeeds[r.first].region);
      uint64_t weight =
          it != heavy.end()
              ? uint64_t{1000} * static_cast<uint64_t>(it->second)
              : uint64_t{1000} * ORACLE_BENCH_OTHER_REGIONS_WEIGHT /
                    std::max<size_t>(others, 1);
      regions_.Add(r, std::max<uint64_t>(weight, 1));
    }
  }

  // One entry: ~90% numbers (mostly valid), ~10% junk.
  void Next(std::string* region, std::string* text) {
    if (rng_.Chance(100)) {
      Junk(region, text);
    } else {
      Number(region, text);
    }
  }

 private:
  void Number(std::string* region, std::string* text) {
    const auto& range = regions_.Pick(rng_);
    const Seed& seed =
        kSeeds[range.first + rng_.Below(range.second - range.first)];
    std::string international = seed.international;
    std::string national = seed.national;
    // New trailing digits (2 to 4), the same in every rendition.
    std::string fresh;
    size_t k = 2 + rng_.Below(3);
    for (size_t i = 0; i < k; ++i) fresh.push_back(rng_.Digit());
    ReplaceTrailingDigits(&international, fresh);
    ReplaceTrailingDigits(&national, fresh);

    const bool geographic = std::string_view(seed.region) != "001";
    *region = geographic ? seed.region : "";
    size_t cc_end = international.find(' ');
    std::string cc = international.substr(1, cc_end - 1);

    int kind = static_cast<int>(rng_.Below(1000));
    if (!geographic && kind >= 400 && kind < 860) kind = 0;  // no national
    if (kind < 200) {  // E.164
      *text = Concat({"+", DigitsOnly(international)});
      if (rng_.Chance(150)) *region = Pick(rng_, kJunkRegions);
    } else if (kind < 380) {  // international, libphonenumber's format
      *text = international;
      if (rng_.Chance(150)) *region = Pick(rng_, kJunkRegions);
    } else if (kind < 400) {  // international with the trunk "(0)"
      if (national.size() > 1 && national[0] == '0' && national[1] != ' ' &&
          national[1] != '0') {
        *text = Concat({"+", cc, " (0)",
                        std::string_view(international).substr(cc_end + 1)});
      } else {
        *text = international;
      }
    } else if (kind < 620) {  // national, libphonenumber's format
      *text = national;
    } else if (kind < 740) {  // national, digits only
      *text = DigitsOnly(national);
    } else if (kind < 860) {  // national, other punctuation
      *text = national;
      switch (rng_.Below(4)) {
        case 0:
          ReplaceAll(text, ' ', ".");
          break;
        case 1:
          ReplaceAll(text, ' ', "-");
          break;
        case 2:
          ReplaceAll(text, ' ', "");
          ReplaceAll(text, '-', "");
          break;
        default:
          if (size_t sp = text->find(' ');
              sp != std::string::npos && (*text)[0] != '(') {
            *text = Concat({"(", std::string_view(*text).substr(0, sp), ")",
                            std::string_view(*text).substr(sp)});
          }
          break;
      }
    } else if (kind < 910) {  // international call prefix
      const Dialling& from = Pick(rng_, kDiallings);
      *region = from.region;
      *text = Concat(
          {from.idd, " ", std::string_view(international).substr(1)});
      if (rng_.Chance(500)) *text = DigitsOnly(*text);
    } else if (kind < 950) {  // RFC 3966
      *text = Concat({"tel:", international});
      ReplaceAll(text, ' ', "-");
    } else {  // noisy
      std::string base = geographic && rng_.Chance(600) ? national
                                                        : international;
      switch (rng_.Below(6)) {
        case 0:
          *text = Concat({"Tel: ", base});
          break;
        case 1:
          *text = Concat({"  ", base, " "});
          break;
        case 2:
          *text = Concat(
              {base, " ext. ", std::to_string(1 + rng_.Below(999))});
          break;
        case 3:
          *text = Concat({base, " x", std::to_string(1 + rng_.Below(99))});
          break;
        case 4:
          *text = ToUnicodeDigits(base, /*full_width=*/true);
          break;
        default:
          *text = ToUnicodeDigits(base, /*full_width=*/false);
          break;
      }
    }
  }

  void Junk(std::string* region, std::string* text) {
    *region = Pick(rng_, kJunkRegions);
    text->clear();
    switch (rng_.Below(7)) {
      case 0:  // too short
        for (size_t i = 1 + rng_.Below(4); i > 0; --i) {
          text->push_back(rng_.Digit());
        }
        break;
      case 1:  // too long
        if (rng_.Chance(500)) text->push_back('+');
        for (size_t i = 18 + rng_.Below(13); i > 0; --i) {
          text->push_back(rng_.Digit());
        }
        break;
      case 2:  // words
        *text = Pick(rng_, kWords);
        break;
      case 3:  // unknown country calling code
        *text = Concat({"+", Pick(rng_, kBadCountryCodes), " "});
        for (size_t i = 6 + rng_.Below(5); i > 0; --i) {
          text->push_back(rng_.Digit());
        }
        break;
      case 4:  // national-looking digits with no default region
        *region = "";
        for (size_t i = 8 + rng_.Below(3); i > 0; --i) {
          text->push_back(rng_.Digit());
        }
        break;
      case 5:  // random digits: parse, but mostly invalid
        for (size_t i = 5 + rng_.Below(8); i > 0; --i) {
          text->push_back(rng_.Digit());
        }
        break;
      default: {  // printable junk
        static constexpr std::string_view kChars =
            "abcdefxyzABCXYZ0123456789 +-()./#*@,;";
        for (size_t i = 3 + rng_.Below(15); i > 0; --i) {
          text->push_back(kChars[rng_.Below(kChars.size())]);
        }
        break;
      }
    }
  }

  Rng rng_;
  WeightedChoice<std::pair<size_t, size_t>> regions_;
};

}  // namespace

Corpus Corpus::Generate(size_t n, uint64_t seed) {
  Corpus corpus;
  corpus.texts_.reserve(n);
  corpus.region_ids_.reserve(n);
  Generator generator(seed);
  std::string region;
  std::string text;
  for (size_t i = 0; i < n; ++i) {
    generator.Next(&region, &text);
    corpus.Add(region, text);
  }
  corpus.description_ = std::to_string(n) + " entries generated (seed " +
                        std::to_string(seed) + ", seeds from " +
                        ORACLE_BENCH_SEEDS_VERSION + ")";
  return corpus;
}

bool Corpus::Load(const std::string& path, size_t limit, Corpus* out,
                  std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot open corpus file " + path;
    return false;
  }
  Corpus corpus;
  std::string line;
  while ((limit == 0 || corpus.size() < limit) && std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line[0] == '#') continue;
    size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      corpus.Add("", line);
    } else {
      corpus.Add(std::string_view(line).substr(0, tab), line.substr(tab + 1));
    }
  }
  if (in.bad()) {
    *error = "error reading corpus file " + path;
    return false;
  }
  if (corpus.empty()) {
    *error = "corpus file " + path + " has no entry";
    return false;
  }
  corpus.description_ =
      std::to_string(corpus.size()) + " entries from " + path;
  *out = std::move(corpus);
  return true;
}

bool Corpus::Make(const std::string& path, size_t n, Corpus* out,
                  std::string* error) {
  if (path.empty()) {
    *out = Generate(n);
    return true;
  }
  return Load(path, n, out, error);
}

size_t Corpus::text_bytes() const {
  size_t bytes = 0;
  for (const std::string& t : texts_) bytes += t.size();
  return bytes;
}

void Corpus::Add(std::string_view region, std::string text) {
  auto [it, inserted] = region_index_.try_emplace(
      std::string(region), static_cast<uint32_t>(regions_.size()));
  if (inserted) regions_.emplace_back(region);
  region_ids_.push_back(it->second);
  texts_.push_back(std::move(text));
}

}  // namespace oracle::bench
