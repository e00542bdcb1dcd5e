// oracle_corpus_tsv: writes the benchmark corpus (bench/corpus.h) to standard
// output as "REGION<TAB>TEXT" lines, the format Corpus::Load reads back, so
// that the Java tests and benchmark use the very numbers the C++ benchmarks
// use.
//
//   oracle_corpus_tsv [N [SEED]]   (default N = 100000)
#include <cstdio>
#include <cstdlib>
#include <string>

#include "corpus.h"

int main(int argc, char** argv) {
  size_t n = 100000;
  uint64_t seed = oracle::bench::kDefaultCorpusSeed;
  if (argc > 3 || (argc > 1 && std::string(argv[1]) == "--help")) {
    std::fprintf(stderr, "usage: oracle_corpus_tsv [N [SEED]]\n");
    return 2;
  }
  if (argc > 1) n = std::strtoull(argv[1], nullptr, 10);
  if (argc > 2) seed = std::strtoull(argv[2], nullptr, 10);
  const oracle::bench::Corpus corpus = oracle::bench::Corpus::Generate(n, seed);
  std::printf("# %s\n", corpus.description().c_str());
  for (size_t i = 0; i < corpus.size(); ++i) {
    const std::string& text = corpus.text(i);
    // A line holds one entry: text with a line break cannot be written.
    if (text.find_first_of("\r\n") != std::string::npos) continue;
    std::printf("%s\t%s\n", corpus.region(i).c_str(), text.c_str());
  }
  return std::fflush(stdout) == 0 ? 0 : 1;
}
