// The compiled metadata blob: loading, validation and the automata that run
// on it (DigitDfa, CaptureProgram, CarrierTable). The blob layout is
// documented in docs/metadata-format.md and written by
// tools/metadata/compile.py; the constants below must stay in step with
// both.
//
// Load() checks everything once (checksum, section bounds, every offset,
// every state index, every string reference), so that the lookups below run
// without bounds checks and without allocating.

#include <algorithm>
#include <array>
#include <bit>
#include <bitset>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "engine/metadata_internal.h"

extern "C" const unsigned char oracle_internal_metadata_blob[];
extern "C" const unsigned char oracle_internal_metadata_blob_end[];

namespace oracle::internal {
namespace {

constexpr char kMagic[8] = {'O', 'R', 'C', 'L', 'M', 'E', 'T', 'A'};
constexpr uint32_t kFormatVersion = 1;
constexpr uint32_t kHeaderSize = 64;
constexpr uint32_t kAbsent = 0xFFFFFFFFu;
constexpr uint32_t kNoIndex = 0xFFFFFFFFu;
constexpr uint32_t kMaxSections = 64;
constexpr uint32_t kMaxFormatGroups = 16;

// Section ids.
enum SectionId : uint32_t {
  kSecStrings = 1,
  kSecU32Pool = 2,
  kSecU8Pool = 3,
  kSecDfas = 4,
  kSecCapturePrograms = 5,
  kSecFormats = 6,
  kSecRegions = 7,
  kSecCountryCodes = 8,
  kSecCountryCodeRegions = 9,
  kSecMobileTokens = 10,
  kSecGeoMobileCountries = 11,
  kSecCarrierNodes = 12,
  kSecCarrierNames = 13,
  kSecInfo = 14,
  kSecLast = kSecInfo,
};

// Region record (u32 words).
constexpr uint32_t kRId = 0;
constexpr uint32_t kRCountryCode = 2;
constexpr uint32_t kRFlags = 3;
constexpr uint32_t kRDesc = 4;
constexpr uint32_t kDescWords = 5;
constexpr uint32_t kRTypesDfa = kRDesc + kDescWords * kDescSlotCount;  // 64
constexpr uint32_t kRIntlPrefixDfa = kRTypesDfa + 1;
constexpr uint32_t kRIntlPrefixPattern = kRTypesDfa + 2;
constexpr uint32_t kRPreferredIntlPrefix = kRTypesDfa + 4;
constexpr uint32_t kRNationalPrefix = kRTypesDfa + 6;
constexpr uint32_t kRPreferredExtnPrefix = kRTypesDfa + 8;
constexpr uint32_t kRNpfpDfa = kRTypesDfa + 10;
constexpr uint32_t kRNpfpCaptureOffset = kRTypesDfa + 11;
constexpr uint32_t kRNpfpCaptureSize = kRTypesDfa + 12;
constexpr uint32_t kRTransformRule = kRTypesDfa + 13;
constexpr uint32_t kRLeadingDigitsDfa = kRTypesDfa + 15;
constexpr uint32_t kRFormatsFirst = kRTypesDfa + 16;
constexpr uint32_t kRFormatsCount = kRTypesDfa + 17;
constexpr uint32_t kRIntlFormatsFirst = kRTypesDfa + 18;
constexpr uint32_t kRIntlFormatsCount = kRTypesDfa + 19;
constexpr uint32_t kRNpfpPattern = kRTypesDfa + 20;
constexpr uint32_t kRLeadingDigitsPattern = kRTypesDfa + 22;
constexpr uint32_t kRegionWords = kRTypesDfa + 24;  // 88

constexpr uint32_t kRfMainCountryForCode = 1;
constexpr uint32_t kRfMobileNumberPortable = 2;
constexpr uint32_t kRfSameMobileAndFixedLine = 4;
constexpr uint32_t kRfHasNpfp = 8;
constexpr uint32_t kRfAll = 15;

constexpr uint32_t kDfPresent = 1;
constexpr uint32_t kDfHasPattern = 2;

// Format record (u32 words).
constexpr uint32_t kFNumGroups = 0;
constexpr uint32_t kFGroupBounds = 1;
constexpr uint32_t kFFormat = 2;
constexpr uint32_t kFLeadingDigitsDfa = 4;
constexpr uint32_t kFNpFormattingRule = 5;
constexpr uint32_t kFDccFormattingRule = 7;
constexpr uint32_t kFFlags = 9;
constexpr uint32_t kFPattern = 10;
constexpr uint32_t kFormatWords = 12;
constexpr uint32_t kFfNpOptionalWhenFormatting = 1;

// Info record (u32 words).
constexpr uint32_t kInfoSourceVersion = 0;
constexpr uint32_t kInfoRegionCount = 2;
constexpr uint32_t kInfoWords = 4;

// DFA record (u32 words).
constexpr uint32_t kDfaWords = 5;

// Capture programs.
constexpr uint16_t kCaptureMatch = 0xFFFF;
constexpr uint16_t kCaptureNone = 0xFFFF;
constexpr uint16_t kNoPos = 0xFFFF;

constexpr uint8_t kFlagMatchHere = 1;
constexpr uint8_t kFlagStop = 2;

uint32_t LoadU32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

uint64_t LoadU64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// FNV-1a-style hash over little-endian 64-bit words (the blob size is a
// multiple of 8); the checksum field itself is read as zero.
uint64_t Checksum(const uint8_t* data, size_t size) {
  constexpr uint64_t kPrime = 0x100000001b3ull;
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < size; i += 8) {
    uint64_t w = (i == 24) ? 0 : LoadU64(data + i);
    h = (h ^ w) * kPrime;
    h ^= h >> 29;
  }
  h = (h ^ static_cast<uint64_t>(size)) * kPrime;
  h ^= h >> 32;
  return h;
}

struct Section {
  const uint8_t* data = nullptr;
  uint32_t size = 0;
  bool present = false;
};

Status Corrupt(const std::string& what) {
  return Status::DataLoss("corrupt metadata blob: " + what);
}

}  // namespace

// ---------------------------------------------------------------------------
// DigitDfa

uint32_t DigitDfa::FullMatch(std::string_view digits) const {
  if (num_states_ == 0) return 0;
  const uint32_t* next = next_;
  uint32_t s = start_;
  for (char c : digits) {
    const uint32_t d =
        static_cast<uint32_t>(static_cast<unsigned char>(c)) - '0';
    if (d > 9) return 0;
    s = next[s * 10 + d];
    if (s == kDead) return 0;
  }
  return accept_[s];
}

int DigitDfa::MatchEnd(std::string_view digits) const {
  if (num_states_ == 0) return -1;
  uint32_t s = start_;
  uint8_t f = flags_[s];
  int last = (f & kFlagMatchHere) ? 0 : -1;
  if (f & kFlagStop) return last;
  const int n = static_cast<int>(std::min<size_t>(digits.size(), 0x7FFFFFFF));
  for (int i = 0; i < n; ++i) {
    const uint32_t d =
        static_cast<uint32_t>(static_cast<unsigned char>(digits[i])) - '0';
    if (d > 9) break;
    s = next_[s * 10 + d];
    if (s == kDead) break;
    f = flags_[s];
    if (f & kFlagMatchHere) last = i + 1;
    if (f & kFlagStop) break;
  }
  return last;
}

bool DigitDfa::PrefixMatch(std::string_view digits) const {
  if (num_states_ == 0) return false;
  uint32_t s = start_;
  uint8_t f = flags_[s];
  if (f & kFlagMatchHere) return true;
  if (f & kFlagStop) return false;
  for (char c : digits) {
    const uint32_t d =
        static_cast<uint32_t>(static_cast<unsigned char>(c)) - '0';
    if (d > 9) return false;
    s = next_[s * 10 + d];
    if (s == kDead) return false;
    f = flags_[s];
    if (f & kFlagMatchHere) return true;
    if (f & kFlagStop) return false;
  }
  return false;
}

// ---------------------------------------------------------------------------
// CaptureProgram
//
// A Pike VM over precomputed, priority-ordered epsilon closures. Threads are
// consuming instructions in priority order, each with its capture slots.
// When a closure reaches Match, the match is recorded and every
// lower-priority thread is dropped (leftmost-first); the last recorded match
// is Python's re.match result.

bool CaptureProgram::MatchPrefix(std::string_view digits, Match* out) const {
  if (num_insts_ == 0) return false;
  // Per-instruction words: mask, first entry, entry count, end saves.
  const uint16_t* insts = reinterpret_cast<const uint16_t*>(insts_) + 4;
  const uint16_t* entries = entries_;
  const int ng = num_groups_;
  const int nslots = 2 * ng;
  const size_t n = digits.size();

  struct Thread {
    uint16_t inst;
    uint16_t caps[2 * kMaxGroups];
  };
  Thread list_a[kMaxInsts];
  Thread list_b[kMaxInsts];
  uint16_t on_list[kMaxInsts];
  std::memset(on_list, 0, sizeof(on_list[0]) * num_insts_);

  bool matched = false;
  int match_end = -1;
  uint16_t match_caps[2 * kMaxGroups];

  auto apply = [nslots](uint16_t* caps, uint16_t saves, uint16_t pos) {
    if (saves == 0) return;
    for (int slot = 0; slot < nslots; ++slot) {
      if (saves & (1u << (slot + 2))) caps[slot] = pos;
    }
  };
  auto record = [&](const uint16_t* caps, uint16_t saves, size_t pos) {
    matched = true;
    match_end = static_cast<int>(pos);
    std::memcpy(match_caps, caps, sizeof(uint16_t) * nslots);
    apply(match_caps, saves, static_cast<uint16_t>(pos));
  };

  uint16_t init_caps[2 * kMaxGroups];
  for (int i = 0; i < nslots; ++i) init_caps[i] = kNoPos;

  Thread* clist = list_a;
  Thread* nlist = list_b;
  uint32_t ccount = 0;
  if (n == 0) {
    const uint16_t end_saves = insts[3];
    if (end_saves != kCaptureNone) record(init_caps, end_saves, 0);
  } else {
    const uint16_t first = insts[1];
    const uint16_t count = insts[2];
    for (uint32_t k = 0; k < count; ++k) {
      const uint16_t target = entries[2 * (first + k)];
      const uint16_t saves = entries[2 * (first + k) + 1];
      if (target == kCaptureMatch) {
        record(init_caps, saves, 0);
        break;
      }
      // Closures never repeat a target, so no duplicate check is needed.
      Thread& t = clist[ccount++];
      t.inst = target;
      std::memcpy(t.caps, init_caps, sizeof(uint16_t) * nslots);
      apply(t.caps, saves, 0);
    }
  }

  const size_t limit = std::min<size_t>(n, max_len_);
  for (size_t p = 0; p < limit && ccount > 0; ++p) {
    const uint32_t d =
        static_cast<uint32_t>(static_cast<unsigned char>(digits[p])) - '0';
    if (d > 9) break;
    const size_t pos = p + 1;
    const uint16_t pos16 = static_cast<uint16_t>(pos);
    const bool at_end = pos == n;
    // Generation marks: on_list[i] == pos16 means "already in nlist".
    uint32_t ncount = 0;
    bool done = false;
    for (uint32_t ti = 0; ti < ccount && !done; ++ti) {
      const Thread& t = clist[ti];
      const uint16_t* inst = insts + 4 * t.inst;
      if (!((inst[0] >> d) & 1u)) continue;
      if (at_end) {
        if (inst[3] != kCaptureNone) {
          record(t.caps, inst[3], pos);
          done = true;
        }
        continue;
      }
      const uint32_t first = inst[1];
      const uint32_t count = inst[2];
      for (uint32_t k = 0; k < count; ++k) {
        const uint16_t target = entries[2 * (first + k)];
        const uint16_t saves = entries[2 * (first + k) + 1];
        if (target == kCaptureMatch) {
          record(t.caps, saves, pos);
          done = true;
          break;
        }
        if (on_list[target] == pos16) continue;
        on_list[target] = pos16;
        Thread& nt = nlist[ncount++];
        nt.inst = target;
        std::memcpy(nt.caps, t.caps, sizeof(uint16_t) * nslots);
        apply(nt.caps, saves, pos16);
      }
    }
    std::swap(clist, nlist);
    ccount = ncount;
    if (at_end) break;
  }

  if (!matched) return false;
  if (out != nullptr) {
    *out = Match();
    out->end = match_end;
    out->num_groups = ng;
    for (int g = 1; g <= ng; ++g) {
      const uint16_t s = match_caps[2 * (g - 1)];
      const uint16_t e = match_caps[2 * (g - 1) + 1];
      if (s != kNoPos && e != kNoPos) {
        out->group_start[g] = s;
        out->group_end[g] = e;
      }
    }
  }
  return true;
}

// ---------------------------------------------------------------------------
// CarrierTable

namespace {
struct CarrierNode {
  uint32_t first_child;
  uint16_t child_mask;
  uint16_t name_id;
};
static_assert(sizeof(CarrierNode) == 8);

inline CarrierNode ReadNode(const uint8_t* nodes, uint32_t i) {
  CarrierNode n;
  std::memcpy(&n, nodes + 8 * static_cast<size_t>(i), sizeof n);
  return n;
}
}  // namespace

// Population counts of 10-bit child masks (a table: baseline x86-64 has no
// popcount instruction and the library call is slower than a lookup).
constexpr std::array<uint8_t, 1024> kPopCount10 = [] {
  std::array<uint8_t, 1024> t{};
  for (int i = 0; i < 1024; ++i) t[i] = static_cast<uint8_t>(std::popcount(static_cast<unsigned>(i)));
  return t;
}();

uint32_t CarrierTable::LookupId(std::string_view e164_digits) const {
  return Walk(Start(), e164_digits).best;
}

CarrierTable::Cursor CarrierTable::Start() const {
  Cursor c;
  if (num_nodes_ == 0) {
    c.done = true;
  } else {
    c.best = ReadNode(nodes_, 0).name_id;
  }
  return c;
}

CarrierTable::Cursor CarrierTable::Walk(Cursor cursor,
                                        std::string_view digits) const {
  if (cursor.done) return cursor;
  uint32_t node = cursor.node;
  CarrierNode cur = ReadNode(nodes_, node);
  uint32_t best = cursor.best;
  for (char c : digits) {
    const uint32_t d =
        static_cast<uint32_t>(static_cast<unsigned char>(c)) - '0';
    const uint32_t mask = cur.child_mask;
    if (d > 9 || !((mask >> d) & 1u)) return Cursor{node, best, true};
    node = cur.first_child + kPopCount10[mask & ((1u << d) - 1u) & 1023u];
    cur = ReadNode(nodes_, node);
    if (cur.name_id != 0) best = cur.name_id;
  }
  return Cursor{node, best, false};
}

std::string_view CarrierTable::Lookup(std::string_view e164_digits) const {
  return name(LookupId(e164_digits));
}

uint32_t CarrierTable::name_count() const { return name_count_; }

std::string_view CarrierTable::name(uint32_t id) const {
  if (id == 0 || id > name_count_) return {};
  return std::string_view(strings_ + names_[2 * id], names_[2 * id + 1]);
}

// ---------------------------------------------------------------------------
// Metadata

// The loaded metadata: the views handed out by Metadata, and the validating
// parser that builds them. Every read of the blob during Parse() is
// bounds-checked; on success every view points inside the blob. (A nested
// class of Metadata, so it may fill the views' private members.)
struct Metadata::Rep {
  // Owned copy of the blob (8-byte aligned), when copied.
  std::unique_ptr<uint64_t[]> owned;

  std::string_view source_version;
  std::vector<RegionView> regions;
  std::vector<NumberFormatView> formats;
  // RegionsForCountryCode: cc_first/cc_count index region_ptrs.
  std::vector<const RegionView*> region_ptrs;
  std::array<uint32_t, 1000> cc_first{};
  std::array<uint16_t, 1000> cc_count{};
  // ForRegion: index + 1 into regions by "AA".."ZZ", 0 when unknown.
  std::array<uint16_t, 26 * 26> geo_index{};
  // ForNonGeoCountryCode: index + 1 into regions, 0 when unknown.
  std::array<uint16_t, 1000> non_geo_index{};
  std::vector<std::pair<int, std::string_view>> mobile_tokens;
  std::bitset<1000> geo_mobile;
  CarrierTable carriers;

  Status Parse(const uint8_t* data, size_t size) {
    data_ = data;
    size_ = size;
    ORACLE_RETURN_NOT_OK(ReadHeaderAndSections());
    return Fill();
  }

 private:
  Status ReadHeaderAndSections() {
    if (size_ < kHeaderSize) return Corrupt("shorter than its header");
    if (std::memcmp(data_, kMagic, sizeof kMagic) != 0) {
      return Status::InvalidArgument("not an Oracle metadata blob (bad magic)");
    }
    const uint32_t version = LoadU32(data_ + 8);
    if (version != kFormatVersion) {
      return Status(StatusCode::kUnimplemented,
                    "metadata blob format version " + std::to_string(version) +
                        " is not supported (this library reads version " +
                        std::to_string(kFormatVersion) + ")");
    }
    if (LoadU32(data_ + 12) != kHeaderSize) return Corrupt("bad header size");
    const uint32_t blob_size = LoadU32(data_ + 16);
    if (blob_size != size_) {
      return Corrupt("size " + std::to_string(size_) + " != recorded size " +
                     std::to_string(blob_size) + " (truncated?)");
    }
    if (size_ % 8 != 0) return Corrupt("size not a multiple of 8");
    const uint64_t want = LoadU64(data_ + 24);
    if (Checksum(data_, size_) != want) return Corrupt("checksum mismatch");
    const uint32_t count = LoadU32(data_ + 20);
    const uint32_t table = LoadU32(data_ + 32);
    if (count > kMaxSections) return Corrupt("too many sections");
    if (table != kHeaderSize ||
        static_cast<uint64_t>(table) + 16ull * count > size_) {
      return Corrupt("section table out of bounds");
    }
    const uint64_t body_start = static_cast<uint64_t>(table) + 16ull * count;
    for (uint32_t i = 0; i < count; ++i) {
      const uint8_t* e = data_ + table + 16 * i;
      const uint32_t id = LoadU32(e);
      const uint32_t off = LoadU32(e + 4);
      const uint32_t len = LoadU32(e + 8);
      if (off % 8 != 0 || off < body_start ||
          static_cast<uint64_t>(off) + len > size_) {
        return Corrupt("section " + std::to_string(id) + " out of bounds");
      }
      if (id == 0 || id > kSecLast) continue;  // unknown: ignored
      if (sections_[id].present) {
        return Corrupt("duplicate section " + std::to_string(id));
      }
      sections_[id] = Section{data_ + off, len, true};
    }
    for (uint32_t id = 1; id <= kSecLast; ++id) {
      if (!sections_[id].present) {
        return Corrupt("missing section " + std::to_string(id));
      }
    }
    for (uint32_t id :
         {kSecU32Pool, kSecDfas, kSecFormats, kSecRegions, kSecCountryCodes,
          kSecCountryCodeRegions, kSecMobileTokens, kSecGeoMobileCountries,
          kSecCarrierNames, kSecInfo}) {
      if (sections_[id].size % 4 != 0) {
        return Corrupt("section " + std::to_string(id) + " size");
      }
    }
    return Status::OK();
  }

  Status Fill() {
    Rep* rep = this;
    ORACLE_RETURN_NOT_OK(CheckDfas());
    const Section& info = sections_[kSecInfo];
    if (info.size < kInfoWords * 4) return Corrupt("info section");
    ORACLE_RETURN_NOT_OK(
        String(info.data, kInfoSourceVersion, &rep->source_version));
    ORACLE_RETURN_NOT_OK(FillFormats(rep));
    ORACLE_RETURN_NOT_OK(
        FillRegions(rep, LoadU32(info.data + 4 * kInfoRegionCount)));
    ORACLE_RETURN_NOT_OK(FillCountryCodes(rep));
    ORACLE_RETURN_NOT_OK(FillMobile(rep));
    ORACLE_RETURN_NOT_OK(FillCarriers(rep));
    return Status::OK();
  }

  static uint32_t Word(const uint8_t* rec, uint32_t i) {
    return LoadU32(rec + 4 * i);
  }

  // A string reference (offset, length) at words i, i+1 of `rec`. Absent
  // strings (offset kAbsent) become a default string_view (data() ==
  // nullptr); present ones, even empty, point into the string pool.
  Status String(const uint8_t* rec, uint32_t i, std::string_view* out) const {
    const uint32_t off = Word(rec, i);
    const uint32_t len = Word(rec, i + 1);
    if (off == kAbsent) {
      if (len != 0) return Corrupt("absent string with a length");
      *out = std::string_view();
      return Status::OK();
    }
    const Section& s = sections_[kSecStrings];
    if (static_cast<uint64_t>(off) + len > s.size) {
      return Corrupt("string reference out of bounds");
    }
    *out = std::string_view(reinterpret_cast<const char*>(s.data) + off, len);
    return Status::OK();
  }

  uint32_t num_dfas() const {
    return sections_[kSecDfas].size / (4 * kDfaWords);
  }

  Status CheckDfas() {
    const Section& dfas = sections_[kSecDfas];
    if (dfas.size % (4 * kDfaWords) != 0) return Corrupt("dfa table size");
    const Section& u32 = sections_[kSecU32Pool];
    const Section& u8 = sections_[kSecU8Pool];
    const uint64_t u32_count = u32.size / 4;
    const uint32_t count = num_dfas();
    for (uint32_t i = 0; i < count; ++i) {
      const uint8_t* rec = dfas.data + 4 * kDfaWords * i;
      const uint32_t num_states = Word(rec, 0);
      const uint32_t start = Word(rec, 1);
      const uint64_t next = Word(rec, 2);
      const uint64_t accept = Word(rec, 3);
      const uint64_t flags = Word(rec, 4);
      if (num_states == 0 || start >= num_states ||
          next + 10ull * num_states > u32_count ||
          accept + num_states > u32_count || flags + num_states > u8.size) {
        return Corrupt("dfa " + std::to_string(i) + " out of bounds");
      }
      const uint8_t* t = u32.data + 4 * next;
      for (uint64_t k = 0; k < 10ull * num_states; ++k) {
        const uint32_t v = LoadU32(t + 4 * k);
        if (v >= num_states && v != DigitDfa::kDead) {
          return Corrupt("dfa " + std::to_string(i) + " state index");
        }
      }
      for (uint64_t k = 0; k < num_states; ++k) {
        if (u8.data[flags + k] > (kFlagMatchHere | kFlagStop)) {
          return Corrupt("dfa " + std::to_string(i) + " flags");
        }
      }
    }
    return Status::OK();
  }

  Status Dfa(uint32_t index, DigitDfa* out, bool required = false) const {
    if (index == kNoIndex) {
      if (required) return Corrupt("missing automaton");
      *out = DigitDfa();
      return Status::OK();
    }
    if (index >= num_dfas()) return Corrupt("automaton index out of range");
    const uint8_t* rec = sections_[kSecDfas].data + 4 * kDfaWords * index;
    const uint8_t* u32 = sections_[kSecU32Pool].data;
    out->num_states_ = Word(rec, 0);
    out->start_ = Word(rec, 1);
    out->next_ = reinterpret_cast<const uint32_t*>(u32) + Word(rec, 2);
    out->accept_ = reinterpret_cast<const uint32_t*>(u32) + Word(rec, 3);
    out->flags_ = sections_[kSecU8Pool].data + Word(rec, 4);
    return Status::OK();
  }

  Status Capture(uint32_t offset, uint32_t size, CaptureProgram* out) const {
    if (offset == kNoIndex) {
      if (size != 0) return Corrupt("capture program size");
      *out = CaptureProgram();
      return Status::OK();
    }
    const Section& s = sections_[kSecCapturePrograms];
    if (offset % 8 != 0 || static_cast<uint64_t>(offset) + size > s.size ||
        size < 8) {
      return Corrupt("capture program out of bounds");
    }
    const uint16_t* p = reinterpret_cast<const uint16_t*>(s.data + offset);
    const uint32_t n = p[0];
    const uint32_t groups = p[1];
    const uint32_t num_entries = p[2];
    const uint32_t max_len = p[3];
    if (n == 0 || n > CaptureProgram::kMaxInsts ||
        groups > static_cast<uint32_t>(CaptureProgram::kMaxGroups) ||
        max_len == 0xFFFF || size != 8 + 8 * n + 4 * num_entries) {
      return Corrupt("capture program header");
    }
    const uint16_t valid_saves =
        static_cast<uint16_t>(((1u << (2 * groups)) - 1u) << 2);
    const uint16_t* insts = p + 4;
    const uint16_t* entries = insts + 4 * n;
    for (uint32_t i = 0; i < n; ++i) {
      const uint16_t* inst = insts + 4 * i;
      if (inst[0] > 0x3FF ||
          static_cast<uint32_t>(inst[1]) + inst[2] > num_entries ||
          (inst[3] != kCaptureNone && (inst[3] & ~valid_saves) != 0)) {
        return Corrupt("capture program instruction");
      }
    }
    for (uint32_t k = 0; k < num_entries; ++k) {
      const uint16_t target = entries[2 * k];
      const uint16_t saves = entries[2 * k + 1];
      if ((target != kCaptureMatch && (target == 0 || target >= n)) ||
          (saves & ~valid_saves) != 0) {
        return Corrupt("capture program entry");
      }
    }
    // A closure lists each target once; MatchPrefix relies on it to bound
    // its thread list by the number of instructions.
    std::vector<uint32_t> seen(n, 0);
    for (uint32_t i = 0; i < n; ++i) {
      const uint16_t* inst = insts + 4 * i;
      for (uint32_t k = 0; k < inst[2]; ++k) {
        const uint16_t target = entries[2 * (inst[1] + k)];
        if (target == kCaptureMatch) continue;
        if (seen[target] == i + 1) return Corrupt("capture program closure");
        seen[target] = i + 1;
      }
    }
    out->insts_ = s.data + offset;
    out->num_insts_ = n;
    out->num_groups_ = static_cast<int>(groups);
    out->entries_ = entries;
    out->max_len_ = max_len;
    return Status::OK();
  }

  static Status Lengths(uint32_t mask) {
    // Bit 0 ("[-1]", kNoLengths) stands alone.
    if ((mask & 1u) && mask != 1u) return Corrupt("possible lengths");
    return Status::OK();
  }

  Status FillFormats(Rep* rep) {
    const Section& s = sections_[kSecFormats];
    if (s.size % (4 * kFormatWords) != 0) return Corrupt("format table size");
    const uint32_t count = s.size / (4 * kFormatWords);
    const Section& u8 = sections_[kSecU8Pool];
    rep->formats.resize(count);
    for (uint32_t i = 0; i < count; ++i) {
      const uint8_t* rec = s.data + 4 * kFormatWords * i;
      NumberFormatView& f = rep->formats[i];
      const uint32_t groups = Word(rec, kFNumGroups);
      const uint64_t bounds = Word(rec, kFGroupBounds);
      if (groups == 0 || groups > kMaxFormatGroups ||
          bounds + 2ull * groups > u8.size) {
        return Corrupt("format groups");
      }
      f.group_min = std::span<const uint8_t>(u8.data + bounds, groups);
      f.group_max = std::span<const uint8_t>(u8.data + bounds + groups, groups);
      for (uint32_t g = 0; g < groups; ++g) {
        if (f.group_min[g] == 0 || f.group_min[g] > f.group_max[g]) {
          return Corrupt("format group bounds");
        }
      }
      ORACLE_RETURN_NOT_OK(String(rec, kFFormat, &f.format));
      ORACLE_RETURN_NOT_OK(
          Dfa(Word(rec, kFLeadingDigitsDfa), &f.leading_digits));
      ORACLE_RETURN_NOT_OK(
          String(rec, kFNpFormattingRule, &f.national_prefix_formatting_rule));
      ORACLE_RETURN_NOT_OK(String(rec, kFDccFormattingRule,
                                  &f.domestic_carrier_code_formatting_rule));
      const uint32_t flags = Word(rec, kFFlags);
      if (flags > kFfNpOptionalWhenFormatting) return Corrupt("format flags");
      f.national_prefix_optional_when_formatting =
          (flags & kFfNpOptionalWhenFormatting) != 0;
      std::string_view pattern;
      ORACLE_RETURN_NOT_OK(String(rec, kFPattern, &pattern));
    }
    return Status::OK();
  }

  Status FillRegions(Rep* rep, uint32_t count) {
    const Section& s = sections_[kSecRegions];
    if (static_cast<uint64_t>(count) * 4 * kRegionWords != s.size ||
        count == 0 || count > 0xFFFE) {
      return Corrupt("region table size");
    }
    const uint32_t num_formats = static_cast<uint32_t>(rep->formats.size());
    rep->regions.resize(count);
    for (uint32_t i = 0; i < count; ++i) {
      const uint8_t* rec = s.data + 4 * kRegionWords * i;
      RegionView& r = rep->regions[i];
      ORACLE_RETURN_NOT_OK(String(rec, kRId, &r.id));
      const bool non_geo = r.id == "001";
      if (!non_geo && !(r.id.size() == 2 && r.id[0] >= 'A' && r.id[0] <= 'Z' &&
                        r.id[1] >= 'A' && r.id[1] <= 'Z')) {
        return Corrupt("region id");
      }
      const uint32_t cc = Word(rec, kRCountryCode);
      if (cc == 0 || cc > 999) return Corrupt("country code");
      r.country_code = static_cast<int>(cc);
      const uint32_t flags = Word(rec, kRFlags);
      if (flags > kRfAll) return Corrupt("region flags");
      r.main_country_for_code = (flags & kRfMainCountryForCode) != 0;
      r.mobile_number_portable_region = (flags & kRfMobileNumberPortable) != 0;
      r.same_mobile_and_fixed_line_pattern =
          (flags & kRfSameMobileAndFixedLine) != 0;
      r.has_national_prefix_for_parsing = (flags & kRfHasNpfp) != 0;
      for (int slot = 0; slot < kDescSlotCount; ++slot) {
        const uint32_t base = kRDesc + kDescWords * slot;
        NumberDescView& d = r.desc[slot];
        const uint32_t dflags = Word(rec, base);
        if (dflags > (kDfPresent | kDfHasPattern) || dflags == kDfHasPattern) {
          return Corrupt("description flags");
        }
        d.present = (dflags & kDfPresent) != 0;
        d.has_pattern = (dflags & kDfHasPattern) != 0;
        d.possible_lengths = Word(rec, base + 1);
        d.possible_lengths_local_only = Word(rec, base + 2);
        ORACLE_RETURN_NOT_OK(Lengths(d.possible_lengths));
        if (d.possible_lengths_local_only & 1u) return Corrupt("local lengths");
        ORACLE_RETURN_NOT_OK(String(rec, base + 3, &d.example_number));
        if (!d.present &&
            (d.possible_lengths != 0 || d.possible_lengths_local_only != 0 ||
             d.example_number.data() != nullptr)) {
          return Corrupt("absent description with data");
        }
      }
      if (!r.desc[kGeneralDesc].present)
        return Corrupt("no general description");
      ORACLE_RETURN_NOT_OK(Dfa(Word(rec, kRTypesDfa), &r.types, true));
      ORACLE_RETURN_NOT_OK(
          Dfa(Word(rec, kRIntlPrefixDfa), &r.international_prefix));
      ORACLE_RETURN_NOT_OK(
          String(rec, kRIntlPrefixPattern, &r.international_prefix_pattern));
      ORACLE_RETURN_NOT_OK(String(rec, kRPreferredIntlPrefix,
                                  &r.preferred_international_prefix));
      ORACLE_RETURN_NOT_OK(String(rec, kRNationalPrefix, &r.national_prefix));
      ORACLE_RETURN_NOT_OK(
          String(rec, kRPreferredExtnPrefix, &r.preferred_extn_prefix));
      ORACLE_RETURN_NOT_OK(
          Dfa(Word(rec, kRNpfpDfa), &r.national_prefix_for_parsing));
      ORACLE_RETURN_NOT_OK(Capture(Word(rec, kRNpfpCaptureOffset),
                                   Word(rec, kRNpfpCaptureSize),
                                   &r.national_prefix_for_parsing_captures));
      const int npfp_kinds =
          (r.national_prefix_for_parsing.empty() ? 0 : 1) +
          (r.national_prefix_for_parsing_captures.empty() ? 0 : 1);
      if (npfp_kinds != (r.has_national_prefix_for_parsing ? 1 : 0)) {
        return Corrupt("national prefix for parsing");
      }
      ORACLE_RETURN_NOT_OK(
          String(rec, kRTransformRule, &r.national_prefix_transform_rule));
      ORACLE_RETURN_NOT_OK(
          Dfa(Word(rec, kRLeadingDigitsDfa), &r.leading_digits));
      std::string_view unused;
      ORACLE_RETURN_NOT_OK(String(rec, kRNpfpPattern, &unused));
      ORACLE_RETURN_NOT_OK(String(rec, kRLeadingDigitsPattern, &unused));
      const uint64_t nf_first = Word(rec, kRFormatsFirst);
      const uint64_t nf_count = Word(rec, kRFormatsCount);
      const uint64_t inf_first = Word(rec, kRIntlFormatsFirst);
      const uint64_t inf_count = Word(rec, kRIntlFormatsCount);
      if (nf_first + nf_count > num_formats ||
          inf_first + inf_count > num_formats) {
        return Corrupt("format range");
      }
      r.number_formats = std::span<const NumberFormatView>(
          rep->formats.data() + nf_first, nf_count);
      r.intl_number_formats = std::span<const NumberFormatView>(
          rep->formats.data() + inf_first, inf_count);

      // Sorted by (id, country code), unique.
      if (i > 0) {
        const RegionView& prev = rep->regions[i - 1];
        if (std::make_pair(prev.id, prev.country_code) >=
            std::make_pair(r.id, r.country_code)) {
          return Corrupt("regions not sorted");
        }
      }
      if (non_geo) {
        if (rep->non_geo_index[cc] != 0) return Corrupt("duplicate region");
        rep->non_geo_index[cc] = static_cast<uint16_t>(i + 1);
      } else {
        const int slot = (r.id[0] - 'A') * 26 + (r.id[1] - 'A');
        if (rep->geo_index[slot] != 0) return Corrupt("duplicate region");
        rep->geo_index[slot] = static_cast<uint16_t>(i + 1);
      }
    }
    return Status::OK();
  }

  Status FillCountryCodes(Rep* rep) {
    const Section& s = sections_[kSecCountryCodes];
    const Section& list = sections_[kSecCountryCodeRegions];
    if (s.size % 12 != 0) return Corrupt("country code table size");
    const uint32_t count = s.size / 12;
    const uint32_t list_size = list.size / 4;
    const uint32_t num_regions = static_cast<uint32_t>(rep->regions.size());
    rep->region_ptrs.resize(list_size);
    for (uint32_t k = 0; k < list_size; ++k) {
      const uint32_t r = LoadU32(list.data + 4 * k);
      if (r >= num_regions) return Corrupt("country code region index");
      rep->region_ptrs[k] = &rep->regions[r];
    }
    uint32_t prev_cc = 0;
    for (uint32_t i = 0; i < count; ++i) {
      const uint32_t cc = LoadU32(s.data + 12 * i);
      const uint32_t first = LoadU32(s.data + 12 * i + 4);
      const uint32_t n = LoadU32(s.data + 12 * i + 8);
      if (cc == 0 || cc > 999 || cc <= prev_cc || n == 0 || n > 0xFFFF ||
          static_cast<uint64_t>(first) + n > list_size) {
        return Corrupt("country code entry");
      }
      prev_cc = cc;
      for (uint32_t k = 0; k < n; ++k) {
        if (rep->region_ptrs[first + k]->country_code != static_cast<int>(cc)) {
          return Corrupt("country code lists a region of another code");
        }
      }
      rep->cc_first[cc] = first;
      rep->cc_count[cc] = static_cast<uint16_t>(n);
    }
    return Status::OK();
  }

  Status FillMobile(Rep* rep) {
    const Section& tokens = sections_[kSecMobileTokens];
    if (tokens.size % 12 != 0) return Corrupt("mobile token table size");
    for (uint32_t i = 0; i < tokens.size / 12; ++i) {
      const uint8_t* rec = tokens.data + 12 * i;
      const uint32_t cc = Word(rec, 0);
      if (cc == 0 || cc > 999) return Corrupt("mobile token country code");
      std::string_view token;
      ORACLE_RETURN_NOT_OK(String(rec, 1, &token));
      rep->mobile_tokens.emplace_back(static_cast<int>(cc), token);
    }
    const Section& geo = sections_[kSecGeoMobileCountries];
    for (uint32_t i = 0; i < geo.size / 4; ++i) {
      const uint32_t cc = LoadU32(geo.data + 4 * i);
      if (cc == 0 || cc > 999) return Corrupt("geo mobile country code");
      rep->geo_mobile.set(cc);
    }
    return Status::OK();
  }

  Status FillCarriers(Rep* rep) {
    const Section& nodes = sections_[kSecCarrierNodes];
    const Section& names = sections_[kSecCarrierNames];
    if (nodes.size % 8 != 0 || nodes.size == 0 || names.size % 8 != 0 ||
        names.size == 0) {
      return Corrupt("carrier table size");
    }
    const uint32_t num_nodes = nodes.size / 8;
    const uint32_t name_count = names.size / 8 - 1;
    if (name_count > 0xFFFF) return Corrupt("carrier names");
    for (uint32_t id = 0; id <= name_count; ++id) {
      std::string_view name;
      ORACLE_RETURN_NOT_OK(String(names.data, 2 * id, &name));
      if (id == 0 && name.data() != nullptr) return Corrupt("carrier name 0");
      if (id != 0 && name.data() == nullptr) return Corrupt("carrier name");
    }
    for (uint32_t i = 0; i < num_nodes; ++i) {
      const CarrierNode n = ReadNode(nodes.data, i);
      if (n.child_mask > 0x3FF || n.name_id > name_count) {
        return Corrupt("carrier node");
      }
      if (i == 0 && n.name_id != 0) return Corrupt("carrier root");
      if (n.child_mask != 0 &&
          (n.first_child <= i ||
           static_cast<uint64_t>(n.first_child) + std::popcount(n.child_mask) >
               num_nodes)) {
        return Corrupt("carrier node children");
      }
    }
    CarrierTable& t = rep->carriers;
    t.nodes_ = nodes.data;
    t.num_nodes_ = num_nodes;
    t.names_ = reinterpret_cast<const uint32_t*>(names.data);
    t.name_count_ = name_count;
    t.strings_ = reinterpret_cast<const char*>(sections_[kSecStrings].data);
    return Status::OK();
  }

  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  Section sections_[kSecLast + 1];
};

Metadata::Metadata() : rep_(std::make_unique<Rep>()) {}
Metadata::~Metadata() = default;

Result<std::shared_ptr<const Metadata>> Metadata::Load(
    std::span<const uint8_t> blob, bool copy) {
  if constexpr (std::endian::native != std::endian::little) {
    return Status(StatusCode::kUnimplemented,
                  "metadata blobs are little-endian; big-endian hosts are not "
                  "supported");
  }
  std::shared_ptr<Metadata> md(new Metadata());
  Rep* rep = md->rep_.get();
  const uint8_t* data = blob.data();
  // The views read 2- and 4-byte words in place: keep an 8-byte aligned copy
  // when asked to, or when the caller's bytes are not aligned.
  if (copy || (reinterpret_cast<uintptr_t>(data) % 8) != 0) {
    const size_t words = (blob.size() + 7) / 8;
    rep->owned.reset(new uint64_t[words == 0 ? 1 : words]);
    if (!blob.empty()) std::memcpy(rep->owned.get(), blob.data(), blob.size());
    data = reinterpret_cast<const uint8_t*>(rep->owned.get());
  }
  ORACLE_RETURN_NOT_OK(rep->Parse(data, blob.size()));
  return std::shared_ptr<const Metadata>(std::move(md));
}

std::span<const uint8_t> Metadata::Embedded() {
  const unsigned char* begin = oracle_internal_metadata_blob;
  const unsigned char* end = oracle_internal_metadata_blob_end;
  return std::span<const uint8_t>(begin, static_cast<size_t>(end - begin));
}

std::string_view Metadata::source_version() const {
  return rep_->source_version;
}

uint32_t Metadata::format_version() const { return kFormatVersion; }

std::span<const RegionView> Metadata::regions() const { return rep_->regions; }

std::span<const NumberFormatView> Metadata::formats() const {
  return rep_->formats;
}

const RegionView* Metadata::ForRegion(std::string_view region_id) const {
  if (region_id.size() != 2) return nullptr;
  const char a = region_id[0];
  const char b = region_id[1];
  if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z') return nullptr;
  const uint16_t i = rep_->geo_index[(a - 'A') * 26 + (b - 'A')];
  return i == 0 ? nullptr : &rep_->regions[i - 1];
}

const RegionView* Metadata::ForNonGeoCountryCode(int country_code) const {
  if (country_code <= 0 || country_code > 999) return nullptr;
  const uint16_t i = rep_->non_geo_index[country_code];
  return i == 0 ? nullptr : &rep_->regions[i - 1];
}

std::span<const RegionView* const> Metadata::RegionsForCountryCode(
    int country_code) const {
  if (country_code <= 0 || country_code > 999) return {};
  const uint16_t n = rep_->cc_count[country_code];
  if (n == 0) return {};
  return std::span<const RegionView* const>(
      rep_->region_ptrs.data() + rep_->cc_first[country_code], n);
}

bool Metadata::IsValidCountryCode(int country_code) const {
  return country_code > 0 && country_code <= 999 &&
         rep_->cc_count[country_code] != 0;
}

std::string_view Metadata::MobileToken(int country_code) const {
  for (const auto& [cc, token] : rep_->mobile_tokens) {
    if (cc == country_code) return token;
  }
  return {};
}

bool Metadata::IsGeoMobileCountry(int country_code) const {
  return country_code > 0 && country_code <= 999 &&
         rep_->geo_mobile.test(static_cast<size_t>(country_code));
}

const CarrierTable& Metadata::carriers() const { return rep_->carriers; }

}  // namespace oracle::internal
