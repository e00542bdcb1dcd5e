// The normalisation kernels of the batch pipeline: classify the characters of
// a row, spot the leading '+', and gather its digits, in scalar code, SSE4.2,
// AVX2 and AVX-512 (selected at run time with __builtin_cpu_supports).
//
// All four kernels compute the same RowScan and canonical text; the SIMD
// ones only do it 16 or 32 bytes at a time. Bytes past the end of the row
// are masked out. The last, partial block is loaded in place when the load
// cannot cross into the next 4 KiB page (so it cannot fault), or with a
// masked load (AVX-512); under the address and thread sanitizers, which
// check every byte loaded, it is copied into a zero-padded block instead.
#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "batch/batch_internal.h"

#if defined(__x86_64__) || defined(__i386__)
#define ORACLE_BATCH_X86 1
#include <immintrin.h>
#endif

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ORACLE_BATCH_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define ORACLE_BATCH_SANITIZED 1
#endif
#endif

namespace oracle::internal {
namespace {

// True when `width` bytes from `p` lie in one page, so loading them cannot
// fault even past the end of the row.
inline bool InOnePage(const char* p, size_t width) {
#if defined(ORACLE_BATCH_SANITIZED)
  (void)p;
  (void)width;
  return false;
#else
  return (reinterpret_cast<uintptr_t>(p) & 4095u) <= 4096u - width;
#endif
}

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsPunct(char c) {
  return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')';
}

// Running state shared by the kernels, updated one block (or byte) at a time.
struct ScanState {
  int first_plus = -1;
  int last_plus = -1;
  int plus_count = 0;
  int first_digit = -1;
  int digits = 0;
  bool bad = false;
};

RowScan Finish(const ScanState& s, char* out, size_t* length) {
  RowScan r;
  r.digits = s.digits;
  r.plus = s.plus_count > 0;
  if (s.bad || s.digits < 3) return r;
  if (r.plus) {
    if (s.last_plus - s.first_plus + 1 != s.plus_count) return r;
    if (s.first_digit >= 0 && s.last_plus > s.first_digit) return r;
  }
  r.simple = true;
  // Digits were gathered at out + 1; the '+' goes in front of them (out[0]
  // is not part of the text when there is none: written all the same).
  out[0] = '+';
  *length = static_cast<size_t>(s.digits) + (r.plus ? 1 : 0);
  return r;
}

#if ORACLE_BATCH_X86
// For each 8-bit digit mask, the pshufb indices that move the selected
// bytes of an 8-byte group to the front.
struct CompactTable {
  alignas(16) uint8_t idx[256][16];
};
constexpr CompactTable MakeCompactTable() {
  CompactTable t{};
  for (int m = 0; m < 256; ++m) {
    int k = 0;
    for (int b = 0; b < 8; ++b) {
      if (m & (1 << b)) t.idx[m][k++] = static_cast<uint8_t>(b);
    }
    for (; k < 16; ++k) t.idx[m][k] = 0x80;
  }
  return t;
}
constexpr CompactTable kCompact = MakeCompactTable();

// Updates `s` with the masks of one 16-byte block at `base`, gathering its
// digits (`block` holds the bytes) to out + 1 + s->digits.
__attribute__((target("sse4.2"))) inline void Block16(
    __m128i block, uint32_t valid, int base, ScanState* s, char* out) {
  const __m128i digit =
      _mm_and_si128(_mm_cmpgt_epi8(block, _mm_set1_epi8('0' - 1)),
                    _mm_cmplt_epi8(block, _mm_set1_epi8('9' + 1)));
  const __m128i plus = _mm_cmpeq_epi8(block, _mm_set1_epi8('+'));
  __m128i punct = _mm_or_si128(
      _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8(' ')),
                   _mm_cmpeq_epi8(block, _mm_set1_epi8('-'))),
      _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8('.')),
                   _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8('(')),
                                _mm_cmpeq_epi8(block, _mm_set1_epi8(')')))));
  const uint32_t dm =
      static_cast<uint32_t>(_mm_movemask_epi8(digit)) & valid;
  const uint32_t pm = static_cast<uint32_t>(_mm_movemask_epi8(plus)) & valid;
  const uint32_t ok =
      dm | pm | (static_cast<uint32_t>(_mm_movemask_epi8(punct)) & valid);
  if (ok != valid) s->bad = true;
  if (pm != 0) {
    if (s->first_plus < 0) s->first_plus = base + __builtin_ctz(pm);
    s->last_plus = base + 31 - __builtin_clz(pm);
    s->plus_count += __builtin_popcount(pm);
  }
  if (dm != 0) {
    if (s->first_digit < 0) s->first_digit = base + __builtin_ctz(dm);
    const uint32_t lo = dm & 0xff;
    const uint32_t hi = (dm >> 8) & 0xff;
    char* dst = out + 1 + s->digits;
    __m128i idx_lo = _mm_load_si128(
        reinterpret_cast<const __m128i*>(kCompact.idx[lo]));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst),
                     _mm_shuffle_epi8(block, idx_lo));
    dst += __builtin_popcount(lo);
    __m128i idx_hi = _mm_add_epi8(
        _mm_load_si128(reinterpret_cast<const __m128i*>(kCompact.idx[hi])),
        _mm_set1_epi8(8));
    // 0x80 + 8 keeps the high bit set: still "zero this byte".
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst),
                     _mm_shuffle_epi8(block, idx_hi));
    s->digits += __builtin_popcount(dm);
  }
}
#endif  // ORACLE_BATCH_X86

}  // namespace

RowScan ScanScalar(std::string_view text, char* out, size_t* length) {
  *length = 0;
  if (text.size() > kMaxCanonicalInput) return RowScan();
  ScanState s;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (IsDigit(c)) {
      if (s.first_digit < 0) s.first_digit = static_cast<int>(i);
      out[1 + s.digits++] = c;
    } else if (c == '+') {
      if (s.first_plus < 0) s.first_plus = static_cast<int>(i);
      s.last_plus = static_cast<int>(i);
      ++s.plus_count;
    } else if (!IsPunct(c)) {
      return RowScan();
    }
  }
  return Finish(s, out, length);
}

#if ORACLE_BATCH_X86
__attribute__((target("sse4.2"))) RowScan ScanSse42(std::string_view text,
                                                     char* out,
                                                     size_t* length) {
  *length = 0;
  if (text.size() > kMaxCanonicalInput) return RowScan();
  ScanState s;
  const size_t n = text.size();
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    __m128i block =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    Block16(block, 0xffffu, static_cast<int>(i), &s, out);
    if (s.bad) return RowScan();
  }
  if (i < n) {
    __m128i block;
    if (InOnePage(text.data() + i, 16)) {
      block =
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    } else {
      alignas(16) char tail[16] = {};
      std::memcpy(tail, text.data() + i, n - i);
      block = _mm_load_si128(reinterpret_cast<const __m128i*>(tail));
    }
    Block16(block, (1u << (n - i)) - 1, static_cast<int>(i), &s, out);
  }
  return Finish(s, out, length);
}

// The masks of the '+' (pm) and digits (dm) of a block: true when its
// '+'s form one run and no digit comes before it (adding a run's lowest bit
// clears the run; every digit bit is then above every '+' bit), without a
// branch on where they are.
inline bool PlusesFirst(uint32_t pm, uint32_t dm) {
  const uint32_t lowest_plus = pm & (0u - pm);
  const bool one_run = ((pm + lowest_plus) & pm) == 0;
  const bool before_digits = (pm == 0) | ((dm & (lowest_plus - 1)) == 0);
  return one_run & before_digits;
}

// Classifies the `valid` bytes of a 32-byte block: sets the masks of its
// digits and '+'s, and returns false when one of them is none of those nor
// ' ', '-', '.', '(' or ')'.
__attribute__((target("avx2"))) inline bool Classify32(__m256i block,
                                                       uint32_t valid,
                                                       uint32_t* dm,
                                                       uint32_t* pm) {
  const __m256i digit =
      _mm256_and_si256(_mm256_cmpgt_epi8(block, _mm256_set1_epi8('0' - 1)),
                       _mm256_cmpgt_epi8(_mm256_set1_epi8('9' + 1), block));
  const __m256i plus = _mm256_cmpeq_epi8(block, _mm256_set1_epi8('+'));
  const __m256i punct = _mm256_or_si256(
      _mm256_or_si256(_mm256_cmpeq_epi8(block, _mm256_set1_epi8(' ')),
                      _mm256_cmpeq_epi8(block, _mm256_set1_epi8('-'))),
      _mm256_or_si256(
          _mm256_cmpeq_epi8(block, _mm256_set1_epi8('.')),
          _mm256_or_si256(_mm256_cmpeq_epi8(block, _mm256_set1_epi8('(')),
                          _mm256_cmpeq_epi8(block, _mm256_set1_epi8(')')))));
  *dm = static_cast<uint32_t>(_mm256_movemask_epi8(digit)) & valid;
  *pm = static_cast<uint32_t>(_mm256_movemask_epi8(plus)) & valid;
  const uint32_t punct_mask =
      static_cast<uint32_t>(_mm256_movemask_epi8(punct)) & valid;
  return (*dm | *pm | punct_mask) == valid;
}

// ScanAvx2 for a row of at most 32 bytes: one block, and no branch that
// depends on where its '+' and digits are.
__attribute__((target("avx2"))) inline RowScan ShortAvx2(std::string_view text,
                                                         char* out,
                                                         size_t* length) {
  const size_t n = text.size();
  if (n == 0) return RowScan();
  __m256i block;
  if (InOnePage(text.data(), 32)) {
    block = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(text.data()));
  } else {
    alignas(32) char tail[32] = {};
    std::memcpy(tail, text.data(), n);
    block = _mm256_load_si256(reinterpret_cast<const __m256i*>(tail));
  }
  const uint32_t valid =
      n == 32 ? 0xffffffffu : (uint32_t{1} << n) - 1;
  uint32_t dm = 0;
  uint32_t pm = 0;
  RowScan r;
  if (!Classify32(block, valid, &dm, &pm)) return r;
  r.digits = __builtin_popcount(dm);
  r.plus = pm != 0;
  if (!PlusesFirst(pm, dm) || r.digits < 3) return r;
  // Gather the digits: each 8-byte quarter's, in order (an empty quarter
  // stores nothing that stays).
  const __m128i halves[2] = {_mm256_castsi256_si128(block),
                             _mm256_extracti128_si256(block, 1)};
  char* dst = out + 1;
  for (int q = 0; q < 4; ++q) {
    const uint32_t m = (dm >> (8 * q)) & 0xff;
    __m128i idx =
        _mm_load_si128(reinterpret_cast<const __m128i*>(kCompact.idx[m]));
    if (q & 1) idx = _mm_add_epi8(idx, _mm_set1_epi8(8));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst),
                     _mm_shuffle_epi8(halves[q >> 1], idx));
    dst += __builtin_popcount(m);
  }
  r.simple = true;
  out[0] = '+';
  *length = static_cast<size_t>(r.digits) + (r.plus ? 1 : 0);
  return r;
}

__attribute__((target("avx2"))) RowScan ScanAvx2(std::string_view text,
                                                  char* out, size_t* length) {
  *length = 0;
  if (text.size() <= 32) return ShortAvx2(text, out, length);
  if (text.size() > kMaxCanonicalInput) return RowScan();
  ScanState s;
  const size_t n = text.size();
  size_t i = 0;
  alignas(32) char tail[32];
  while (i < n) {
    __m256i block;
    uint32_t valid;
    if (i + 32 <= n) {
      block =
          _mm256_loadu_si256(reinterpret_cast<const __m256i*>(text.data() + i));
      valid = 0xffffffffu;
    } else {
      if (InOnePage(text.data() + i, 32)) {
        block = _mm256_loadu_si256(
            reinterpret_cast<const __m256i*>(text.data() + i));
      } else {
        std::memset(tail, 0, sizeof(tail));
        std::memcpy(tail, text.data() + i, n - i);
        block = _mm256_load_si256(reinterpret_cast<const __m256i*>(tail));
      }
      valid = (1u << (n - i)) - 1;
    }
    uint32_t dm = 0;
    uint32_t pm = 0;
    if (!Classify32(block, valid, &dm, &pm)) return RowScan();
    const int base = static_cast<int>(i);
    if (pm != 0) {
      if (s.first_plus < 0) s.first_plus = base + __builtin_ctz(pm);
      s.last_plus = base + 31 - __builtin_clz(pm);
      s.plus_count += __builtin_popcount(pm);
    }
    if (dm != 0) {
      if (s.first_digit < 0) s.first_digit = base + __builtin_ctz(dm);
      const __m128i halves[2] = {_mm256_castsi256_si128(block),
                                 _mm256_extracti128_si256(block, 1)};
      char* dst = out + 1 + s.digits;
      for (int q = 0; q < 4; ++q) {
        const uint32_t m = (dm >> (8 * q)) & 0xff;
        if (m == 0) continue;
        __m128i idx = _mm_load_si128(
            reinterpret_cast<const __m128i*>(kCompact.idx[m]));
        if (q & 1) idx = _mm_add_epi8(idx, _mm_set1_epi8(8));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst),
                         _mm_shuffle_epi8(halves[q >> 1], idx));
        dst += __builtin_popcount(m);
      }
      s.digits += __builtin_popcount(dm);
    }
    i += 32;
  }
  return Finish(s, out, length);
}

// ScanAvx2 with AVX-512: the row's bytes are read with a masked load (no
// byte past the row is touched, so no page check), classified into mask
// registers, and its digits gathered by one compress instruction.
__attribute__((target("avx512bw,avx512vl,avx512vbmi2"))) RowScan ScanAvx512(
    std::string_view text, char* out, size_t* length) {
  *length = 0;
  const size_t n = text.size();
  if (n > 32) return ScanAvx2(text, out, length);
  const __mmask32 valid = n == 32 ? 0xffffffffu : (uint32_t{1} << n) - 1;
#if defined(ORACLE_BATCH_SANITIZED)
  // The sanitizers may check all 32 bytes of the masked load.
  alignas(32) char tail[32] = {};
  if (n > 0) std::memcpy(tail, text.data(), n);
  const __m256i block = _mm256_maskz_loadu_epi8(valid, tail);
#else
  const __m256i block = _mm256_maskz_loadu_epi8(valid, text.data());
#endif
  const __mmask32 dm = _mm256_mask_cmple_epu8_mask(
      valid, _mm256_sub_epi8(block, _mm256_set1_epi8('0')),
      _mm256_set1_epi8(9));
  const __mmask32 pm =
      _mm256_mask_cmpeq_epi8_mask(valid, block, _mm256_set1_epi8('+'));
  const __mmask32 punct =
      _mm256_cmpeq_epi8_mask(block, _mm256_set1_epi8(' ')) |
      _mm256_cmpeq_epi8_mask(block, _mm256_set1_epi8('-')) |
      _mm256_cmpeq_epi8_mask(block, _mm256_set1_epi8('.')) |
      _mm256_cmpeq_epi8_mask(block, _mm256_set1_epi8('(')) |
      _mm256_cmpeq_epi8_mask(block, _mm256_set1_epi8(')'));
  RowScan r;
  if ((dm | pm | (punct & valid)) != valid) return r;
  r.digits = __builtin_popcount(dm);
  r.plus = pm != 0;
  if (!PlusesFirst(pm, dm) || r.digits < 3) return r;
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 1),
                      _mm256_maskz_compress_epi8(dm, block));
  r.simple = true;
  out[0] = '+';
  *length = static_cast<size_t>(r.digits) + (r.plus ? 1 : 0);
  return r;
}

bool CpuSupports(SimdPath path) {
  switch (path) {
    case SimdPath::kAuto:
    case SimdPath::kScalar:
      return true;
    case SimdPath::kSse42:
      return __builtin_cpu_supports("sse4.2");
    case SimdPath::kAvx2:
      return __builtin_cpu_supports("avx2");
    case SimdPath::kAvx512:
      return __builtin_cpu_supports("avx512bw") &&
             __builtin_cpu_supports("avx512vl") &&
             __builtin_cpu_supports("avx512vbmi2");
  }
  return false;
}
#else   // !ORACLE_BATCH_X86
RowScan ScanSse42(std::string_view text, char* out, size_t* length) {
  return ScanScalar(text, out, length);
}
RowScan ScanAvx2(std::string_view text, char* out, size_t* length) {
  return ScanScalar(text, out, length);
}
RowScan ScanAvx512(std::string_view text, char* out, size_t* length) {
  return ScanScalar(text, out, length);
}
bool CpuSupports(SimdPath path) {
  return path == SimdPath::kAuto || path == SimdPath::kScalar;
}
#endif  // ORACLE_BATCH_X86

SimdPath ResolveSimdPath(SimdPath path) {
  if (path != SimdPath::kAuto) return path;
  if (CpuSupports(SimdPath::kAvx512)) return SimdPath::kAvx512;
  if (CpuSupports(SimdPath::kAvx2)) return SimdPath::kAvx2;
  if (CpuSupports(SimdPath::kSse42)) return SimdPath::kSse42;
  return SimdPath::kScalar;
}

ScanFn ScanFunction(SimdPath path) {
  switch (ResolveSimdPath(path)) {
    case SimdPath::kAvx512:
      return &ScanAvx512;
    case SimdPath::kAvx2:
      return &ScanAvx2;
    case SimdPath::kSse42:
      return &ScanSse42;
    default:
      return &ScanScalar;
  }
}

}  // namespace oracle::internal

namespace oracle {

std::string_view SimdPathName(SimdPath path) {
  switch (path) {
    case SimdPath::kAuto: return "auto";
    case SimdPath::kScalar: return "scalar";
    case SimdPath::kSse42: return "sse4.2";
    case SimdPath::kAvx2: return "avx2";
    case SimdPath::kAvx512: return "avx512";
  }
  return "unknown";
}

std::vector<SimdPath> SupportedSimdPaths() {
  std::vector<SimdPath> out = {SimdPath::kScalar};
  if (internal::CpuSupports(SimdPath::kSse42)) out.push_back(SimdPath::kSse42);
  if (internal::CpuSupports(SimdPath::kAvx2)) out.push_back(SimdPath::kAvx2);
  if (internal::CpuSupports(SimdPath::kAvx512)) {
    out.push_back(SimdPath::kAvx512);
  }
  return out;
}

}  // namespace oracle
