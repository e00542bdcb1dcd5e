// XLSX -> segmented XLSX with Oracle: the Oracle side of
// bench/xlsx_compare.py (which runs openpyxl + XlsxWriter on the same rows
// in the same run and prints both).
//
//   oracle_xlsx_bench IN.xlsx OUT.xlsx [--column NAME] [--region CC]
//                     [--threads N] [--tmpdir DIR] [--dump-tsv FILE]
//
// Reads IN with OpenXlsxReader, segments the phone column (default "phone")
// with a BatchSegmenter in chunks of 65,536 rows, and writes every input
// cell plus e164, valid, type, region, operator, ndc, subscriber_number to
// OUT with OpenXlsxWriter. A reader thread fills the next chunk while the
// current one is segmented and written. Prints one line:
//
//   oracle_xlsx rows=... seconds=... cpu_seconds=... rows_per_second=...
//               max_rss_mib=... threads=...
//
// --dump-tsv FILE, after the timed run, reads OUT back and writes the added
// columns as tab-separated lines (what the Python side writes).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "oracle/batch.h"
#include "oracle/engine.h"
#include "oracle/segmentation.h"
#include "oracle/xlsx.h"

namespace {

constexpr size_t kChunkRows = 65536;
const std::vector<std::string> kAdded = {"e164", "valid", "type", "region",
                                         "operator", "ndc",
                                         "subscriber_number"};

int Fail(const oracle::Status& s) {
  std::cerr << "oracle_xlsx_bench: " << s.ToString() << "\n";
  return 1;
}

// User + system CPU time of the process (every thread).
double CpuSeconds() {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

struct Chunk {
  std::vector<oracle::Row> rows;
  size_t size = 0;
  bool end = false;
  oracle::Status status;
};

// Fills `chunk` with up to kChunkRows rows.
void ReadChunk(oracle::RowReader* reader, Chunk* chunk) {
  chunk->size = 0;
  chunk->end = false;
  if (chunk->rows.size() < kChunkRows) chunk->rows.resize(kChunkRows);
  while (chunk->size < kChunkRows) {
    oracle::Result<bool> more = reader->Next(&chunk->rows[chunk->size]);
    if (!more.ok()) {
      chunk->status = more.status();
      chunk->end = true;
      return;
    }
    if (!*more) {
      chunk->end = true;
      return;
    }
    ++chunk->size;
  }
}

int Run(const std::string& in, const std::string& out,
        const std::string& column, const std::string& region, int threads,
        const std::string& tmpdir) {
  auto engine = oracle::Engine::Make();
  if (!engine.ok()) return Fail(engine.status());
  oracle::BatchOptions options;
  options.default_region = region;
  options.num_threads = threads;
  options.strings = oracle::kBatchE164 | oracle::kBatchRegionCode |
                    oracle::kBatchOperatorName;
  auto batch = oracle::BatchSegmenter::Make(*engine, options);
  if (!batch.ok()) return Fail(batch.status());

  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = CpuSeconds();
  auto reader = oracle::OpenXlsxReader(in);
  if (!reader.ok()) return Fail(reader.status());
  const std::vector<std::string>& header = (*reader)->header();
  size_t phone = header.size();
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == column) phone = i;
  }
  if (phone == header.size()) {
    return Fail(oracle::Status::NotFound("no column '" + column + "'"));
  }
  oracle::XlsxWriteOptions write_options;
  write_options.tmpdir = tmpdir;
  auto writer = oracle::OpenXlsxWriter(out, write_options);
  if (!writer.ok()) return Fail(writer.status());
  std::vector<std::string> out_header = header;
  out_header.insert(out_header.end(), kAdded.begin(), kAdded.end());
  oracle::Status s = (*writer)->WriteHeader(out_header);
  if (!s.ok()) return Fail(s);

  Chunk chunks[2];
  ReadChunk(reader->get(), &chunks[0]);
  int current = 0;
  uint64_t rows = 0;
  oracle::BatchResult result;
  std::vector<std::string_view> texts;
  while (true) {
    Chunk& chunk = chunks[current];
    if (!chunk.status.ok()) return Fail(chunk.status);
    // Read the next chunk while this one is segmented and written.
    Chunk& next = chunks[1 - current];
    std::thread prefetch;
    if (!chunk.end) {
      prefetch = std::thread([&] { ReadChunk(reader->get(), &next); });
    }
    texts.clear();
    for (size_t i = 0; i < chunk.size; ++i) {
      const oracle::Row& r = chunk.rows[i];
      texts.push_back(phone < r.values.size()
                          ? std::string_view(r.values[phone])
                          : std::string_view());
    }
    s = batch->Segment(oracle::TextColumn::FromViews(texts), &result);
    if (!s.ok()) return Fail(s);
    for (size_t i = 0; i < chunk.size; ++i) {
      oracle::Row& row = chunk.rows[i];
      if (result.ok(i)) {
        const std::string nsn = result.NationalNumberString(i);
        const size_t ndc = std::min<size_t>(nsn.size(), result.ndc_length[i]);
        row.values.emplace_back(result.e164[i]);
        row.values.emplace_back(result.valid[i] ? "true" : "false");
        row.values.emplace_back(
            oracle::NumberTypeName(result.number_type(i)));
        row.values.emplace_back(result.region_code[i]);
        row.values.emplace_back(result.operator_name[i]);
        row.values.emplace_back(nsn.substr(0, ndc));
        row.values.emplace_back(nsn.substr(ndc));
      } else {
        row.values.resize(row.values.size() + kAdded.size());
        row.values[row.values.size() - kAdded.size() + 1] = "false";
      }
      row.types.push_back(oracle::CellType::kText);
      row.types.push_back(oracle::CellType::kBoolean);
      row.types.resize(row.values.size(), oracle::CellType::kText);
      s = (*writer)->WriteRow(row);
      if (!s.ok()) {
        if (prefetch.joinable()) prefetch.join();
        return Fail(s);
      }
    }
    rows += chunk.size;
    if (prefetch.joinable()) prefetch.join();
    if (chunk.end) break;
    current = 1 - current;
  }
  s = (*writer)->Close();
  if (!s.ok()) return Fail(s);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  const double cpu = CpuSeconds() - cpu_start;
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      "oracle_xlsx rows=%llu seconds=%.3f cpu_seconds=%.3f "
      "rows_per_second=%.0f max_rss_mib=%.1f threads=%d\n",
      static_cast<unsigned long long>(rows), seconds, cpu, rows / seconds,
      usage.ru_maxrss / 1024.0, batch->num_threads());
  return 0;
}

int DumpTsv(const std::string& out, const std::string& tsv) {
  auto reader = oracle::OpenXlsxReader(out);
  if (!reader.ok()) return Fail(reader.status());
  std::ofstream file(tsv);
  const size_t width = (*reader)->header().size();
  oracle::Row row;
  while (true) {
    auto more = (*reader)->Next(&row);
    if (!more.ok()) return Fail(more.status());
    if (!*more) break;
    for (size_t i = width - kAdded.size(); i < width; ++i) {
      if (i > width - kAdded.size()) file << '\t';
      file << (i < row.values.size() ? row.values[i] : "");
    }
    file << '\n';
  }
  return file.good() ? 0 : Fail(oracle::Status::IoError("cannot write " + tsv));
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> positional;
  std::string column = "phone";
  std::string region = "CI";
  std::string tsv;
  std::string tmpdir;
  int threads = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--column" && i + 1 < argc) {
      column = argv[++i];
    } else if (arg == "--region" && i + 1 < argc) {
      region = argv[++i];
    } else if (arg == "--threads" && i + 1 < argc) {
      threads = std::atoi(argv[++i]);
    } else if (arg == "--tmpdir" && i + 1 < argc) {
      tmpdir = argv[++i];
    } else if (arg == "--dump-tsv" && i + 1 < argc) {
      tsv = argv[++i];
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() != 2) {
    std::cerr << "usage: oracle_xlsx_bench IN.xlsx OUT.xlsx [--column NAME] "
                 "[--region CC] [--threads N] [--tmpdir DIR] "
                 "[--dump-tsv FILE]\n";
    return 2;
  }
  int rc = Run(positional[0], positional[1], column, region, threads, tmpdir);
  if (rc == 0 && !tsv.empty()) rc = DumpTsv(positional[1], tsv);
  return rc;
}
