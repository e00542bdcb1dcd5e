// CSV -> segmented CSV, end to end, on a generated contact file.
//
// Writes a contact CSV of --rows rows (id, name, phone, city; phone numbers
// from the benchmark corpus, names with accents and quoted cells), then
// times, in the same run and on the same file:
//
//   read          CsvReader only (parse, UTF-8 check)
//   read+write    CsvReader -> CsvWriter, no segmentation
//   segment (1t)  SegmentTable CSV -> CSV, default fields, 1 thread
//   segment (Nt)  the same on --threads threads (0: all cores)
//   python        Python's csv module + phonenumbers doing the same work on
//                 a sample of --peer-rows rows (--no-peer to skip)
//
// Each stage is run --repeat times and the best wall time is kept, with the
// CPU time of that run (all threads): on a machine shared with other work
// the wall time is longer than the CPU time, and rows per CPU-second tell
// the cost of the work itself. The goal is 1,000,000 rows/s end to end on
// 2 cores.
//
// Usage: oracle_csv_bench [--rows N] [--threads N] [--repeat R]
//                         [--peer-rows N] [--no-peer] [--dir DIR]
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "corpus.h"
#include "oracle/contacts.h"
#include "oracle/csv.h"
#include "oracle/engine.h"
#include "oracle/io.h"

namespace {

double CpuSeconds() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
         ru.ru_stime.tv_usec / 1e6;
}

// Best wall time of `repeat` runs, and the CPU time (all threads) of that
// run in *cpu.
double Seconds(const std::function<bool()>& fn, int repeat, bool* ok,
               double* cpu) {
  double best = 1e300;
  for (int i = 0; i < repeat; ++i) {
    const double cpu_start = CpuSeconds();
    const auto start = std::chrono::steady_clock::now();
    if (!fn()) {
      *ok = false;
      return 0;
    }
    const double wall = std::chrono::duration<double>(
                            std::chrono::steady_clock::now() - start)
                            .count();
    if (wall < best) {
      best = wall;
      *cpu = CpuSeconds() - cpu_start;
    }
  }
  return best;
}

std::string CsvCell(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  size_t rows = 1000000;
  int threads = 0;
  int repeat = 3;
  size_t peer_rows = 50000;
  bool peer = true;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--rows") {
      rows = std::stoul(next());
    } else if (a == "--threads") {
      threads = std::stoi(next());
    } else if (a == "--repeat") {
      repeat = std::max(1, std::stoi(next()));
    } else if (a == "--peer-rows") {
      peer_rows = std::stoul(next());
    } else if (a == "--no-peer") {
      peer = false;
    } else if (a == "--dir") {
      dir = next();
    } else {
      std::fprintf(stderr, "unknown argument %s\n", a.c_str());
      return 2;
    }
  }
  std::string tmp;
  if (dir.empty()) {
    tmp = (std::filesystem::temp_directory_path() / "oracle-csv-bench-XXXXXX")
              .string();
    if (mkdtemp(tmp.data()) == nullptr) {
      std::perror("mkdtemp");
      return 1;
    }
    dir = tmp;
  }
  const std::string input = dir + "/contacts.csv";
  const std::string output = dir + "/segmented.csv";
  const std::string copy = dir + "/copy.csv";

  // The input file.
  {
    const oracle::bench::Corpus corpus = oracle::bench::Corpus::Generate(rows);
    static const char* kNames[] = {"Kouamé Aya", "Traoré, Moussa", "Koné Awa",
                                   "Yao \"Jr\" N'Guessan", "Bamba Salif",
                                   "Zoë Dubois", "Diallo Mariam", "Ouattara Ali"};
    static const char* kCities[] = {"Abidjan", "Bouaké", "Yamoussoukro",
                                    "San-Pédro", "Paris", "Lagos"};
    std::ofstream out(input, std::ios::binary);
    std::string buf = "id,name,phone,city\n";
    for (size_t i = 0; i < rows; ++i) {
      buf += std::to_string(i + 1);
      buf += ',';
      buf += CsvCell(kNames[i % 8]);
      buf += ',';
      buf += CsvCell(std::string(corpus.text(i)));
      buf += ',';
      buf += kCities[i % 6];
      buf += '\n';
      if (buf.size() > (1 << 20)) {
        out << buf;
        buf.clear();
      }
    }
    out << buf;
  }
  const auto input_bytes = std::filesystem::file_size(input);

  oracle::Result<oracle::Engine> engine = oracle::Engine::Make();
  if (!engine.ok()) {
    std::fprintf(stderr, "%s\n", engine.status().ToString().c_str());
    return 1;
  }
  bool ok = true;
  double cpu = 0;
  const auto report = [&](const char* name, double s, size_t n) {
    std::printf(
        "%-24s %9zu rows %8.3f s %11.0f rows/s %7.1f MB/s  cpu %7.3f s "
        "%11.0f rows/cpu-s\n",
        name, n, s, s > 0 ? n / s : 0,
        s > 0 ? input_bytes / s / 1e6 * n / rows : 0, cpu,
        cpu > 0 ? n / cpu : 0);
    std::fflush(stdout);
  };
  double load[3] = {0, 0, 0};
  getloadavg(load, 3);
  std::printf("input: %s, %zu rows, %.1f MB; %u hardware threads; "
              "load average %.2f\n",
              input.c_str(), rows, input_bytes / 1e6,
              std::thread::hardware_concurrency(), load[0]);

  // read
  const double t_read = Seconds(
      [&] {
        auto in = oracle::OpenCsvReader(input);
        if (!in.ok()) return false;
        oracle::Row row;
        size_t n = 0;
        while (true) {
          auto more = (*in)->Next(&row);
          if (!more.ok()) return false;
          if (!*more) break;
          ++n;
        }
        return n == rows;
      },
      repeat, &ok, &cpu);
  report("read", t_read, rows);

  // read + write
  const double t_copy = Seconds(
      [&] {
        auto in = oracle::OpenCsvReader(input);
        auto out = oracle::OpenCsvWriter(copy);
        if (!in.ok() || !out.ok()) return false;
        if (!(*out)->WriteHeader((*in)->header()).ok()) return false;
        oracle::Row row;
        while (true) {
          auto more = (*in)->Next(&row);
          if (!more.ok()) return false;
          if (!*more) break;
          if (!(*out)->WriteRow(row).ok()) return false;
        }
        return (*out)->Close().ok();
      },
      repeat, &ok, &cpu);
  report("read+write", t_copy, rows);

  const auto segment = [&](int nthreads) {
    return [&, nthreads] {
      auto in = oracle::OpenRowReader(input);
      auto out = oracle::OpenRowWriter(output);
      if (!in.ok() || !out.ok()) return false;
      oracle::SegmentTableOptions options;
      options.column = "phone";
      options.default_region = "CI";
      options.num_threads = nthreads;
      auto summary = oracle::SegmentTable(*engine, in->get(), out->get(),
                                          nullptr, options);
      if (!summary.ok()) {
        std::fprintf(stderr, "%s\n", summary.status().ToString().c_str());
        return false;
      }
      return (*out)->Close().ok() && summary->rows_written ==
                                         static_cast<int64_t>(rows);
    };
  };
  const double t_seg1 = Seconds(segment(1), repeat, &ok, &cpu);
  report("segment csv->csv (1t)", t_seg1, rows);
  const int n = threads > 0 ? threads
                            : static_cast<int>(std::thread::hardware_concurrency());
  const double t_segn = Seconds(segment(threads), repeat, &ok, &cpu);
  char label[64];
  std::snprintf(label, sizeof label, "segment csv->csv (%dt)", n);
  report(label, t_segn, rows);

  if (peer) {
    // Python: csv module + phonenumbers, the same fields, on a sample.
    const std::string sample = dir + "/sample.csv";
    {
      std::ifstream in(input, std::ios::binary);
      std::ofstream out(sample, std::ios::binary);
      std::string line;
      for (size_t i = 0; i <= peer_rows && std::getline(in, line); ++i) {
        out << line << '\n';
      }
    }
    const std::string script = dir + "/peer.py";
    {
      std::ofstream py(script);
      py << R"PY(import csv, sys, time
import phonenumbers
from phonenumbers import carrier, number_type, PhoneNumberType
names = {v: k for k, v in PhoneNumberType.__dict__.items() if isinstance(v, int)}
start = time.perf_counter()
n = 0
with open(sys.argv[1], newline="", encoding="utf-8") as f, \
     open(sys.argv[2], "w", newline="", encoding="utf-8") as g:
    r = csv.reader(f); w = csv.writer(g, lineterminator="\n")
    header = next(r)
    w.writerow(header + ["e164", "valid", "type", "region", "operator", "ndc", "subscriber_number"])
    for row in r:
        n += 1
        try:
            p = phonenumbers.parse(row[2], "CI")
        except phonenumbers.NumberParseException:
            w.writerow(row + ["", "false", "", "", "", "", ""]); continue
        nsn = phonenumbers.national_significant_number(p)
        ndc_len = phonenumbers.length_of_national_destination_code(p)
        w.writerow(row + [phonenumbers.format_number(p, phonenumbers.PhoneNumberFormat.E164),
                   "true" if phonenumbers.is_valid_number(p) else "false",
                   names.get(number_type(p), ""),
                   phonenumbers.region_code_for_number(p) or "",
                   carrier.name_for_number(p, "en"), nsn[:ndc_len], nsn[ndc_len:]])
print(n, time.perf_counter() - start)
)PY";
    }
    const std::string cmd = std::string(ORACLE_BENCH_PYTHON) + " " + script +
                            " " + sample + " " + dir + "/peer_out.csv";
    std::FILE* p = popen(cmd.c_str(), "r");
    size_t peer_n = 0;
    double peer_s = 0;
    if (p != nullptr && std::fscanf(p, "%zu %lf", &peer_n, &peer_s) == 2) {
      cpu = peer_s;  // single-threaded: CPU about equal to wall time
      report("python csv+phonenumbers", peer_s, peer_n);
      if (peer_s > 0 && t_segn > 0) {
        std::printf("oracle (%dt) / python: %.1fx rows/s\n", n,
                    (rows / t_segn) / (peer_n / peer_s));
      }
    } else {
      std::printf("python peer: not run (%s)\n", cmd.c_str());
    }
    if (p != nullptr) pclose(p);
  }
  std::printf("goal >= 1,000,000 rows/s end to end: %s (%.0f rows/s)\n",
              rows / t_segn >= 1e6 ? "met" : "NOT met", rows / t_segn);

  if (!tmp.empty()) std::filesystem::remove_all(tmp);
  return ok ? 0 : 1;
}
