// Corpus: the phone numbers the benchmarks segment.
//
// A Corpus is a list of (default region, text) pairs, as a contact base
// gives them: numbers of many countries (weighted towards Côte d'Ivoire,
// France, the United States, Nigeria, India, Brazil...) written in the ways
// people write them (E.164, international with spaces, national with or
// without the national prefix, other punctuation, an international call
// prefix, "tel:" URIs, stray words and extensions), plus about 10% of text
// that is not a valid number at all (too short, too long, words, unknown
// country codes, junk).
//
// It is either generated, deterministically from a seed, from the seed
// numbers in corpus_seeds.inc (made by make_corpus_seeds.py from the
// `phonenumbers` version Oracle compiles), or read from a file with one entry
// per line, "REGION<TAB>TEXT" (REGION may be empty; a line without a tab is
// TEXT with no region; lines starting with '#' are comments).
//
// Example:
//
//   oracle::bench::Corpus corpus = oracle::bench::Corpus::Generate(1000000);
//   for (size_t i = 0; i < corpus.size(); ++i) {
//     Use(corpus.region(i), corpus.text(i));
//   }
//
// Thread safety: a Corpus is immutable once made; const methods may be
// called concurrently.
#ifndef ORACLE_BENCH_CORPUS_H_
#define ORACLE_BENCH_CORPUS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace oracle::bench {

inline constexpr uint64_t kDefaultCorpusSeed = 20250101;
inline constexpr size_t kDefaultCorpusSize = 1000000;

class Corpus {
 public:
  // `n` entries generated from `seed`. The same (n, seed) always gives the
  // same corpus, and a larger n extends a smaller one.
  static Corpus Generate(size_t n, uint64_t seed = kDefaultCorpusSeed);

  // Reads a "REGION<TAB>TEXT" file. `limit` > 0 keeps the first `limit`
  // entries. Returns false and sets `*error` when the file cannot be read or
  // has no entry.
  static bool Load(const std::string& path, size_t limit, Corpus* out,
                   std::string* error);

  // Either Load(path, n) or, when `path` is empty, Generate(n). Returns
  // false and sets `*error` on failure.
  static bool Make(const std::string& path, size_t n, Corpus* out,
                   std::string* error);

  size_t size() const { return texts_.size(); }
  bool empty() const { return texts_.empty(); }

  // The text and default region of entry `i` (< size()). The std::string
  // forms serve APIs that take `const std::string&`.
  const std::string& text(size_t i) const { return texts_[i]; }
  const std::string& region(size_t i) const {
    return regions_[region_ids_[i]];
  }

  // "1000000 entries generated (seed 20250101, seeds from phonenumbers
  // 9.0.43)" or "250000 entries from corpus.tsv".
  const std::string& description() const { return description_; }

  // Total bytes of text.
  size_t text_bytes() const;

 private:
  void Add(std::string_view region, std::string text);

  std::vector<std::string> texts_;
  std::vector<uint32_t> region_ids_;
  std::vector<std::string> regions_;  // interned default regions
  std::unordered_map<std::string, uint32_t> region_index_;
  std::string description_;
};

}  // namespace oracle::bench

#endif  // ORACLE_BENCH_CORPUS_H_
