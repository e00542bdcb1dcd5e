// Tests of the CSV/TSV reader and writer (include/oracle/csv.h): files
// written by Python's csv module and pandas in every encoding and delimiter,
// quoting, line endings, bad rows, hostile input and limits.
#include "oracle/csv.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/io_test_util.h"
#include "test_util.h"

namespace oracle {
namespace {

using ::oracle::testing::GeneratedStream;
using ::oracle::testing::PeakRssBytes;
using ::oracle::testing::ReadAll;
using ::oracle::testing::ReadRows;
using ::oracle::testing::TempDir;

std::unique_ptr<RowReader> OpenOrDie(const std::string& path,
                                     const CsvReadOptions& options = {}) {
  Result<std::unique_ptr<RowReader>> r = OpenCsvReader(path, options);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : nullptr;
}

Result<std::unique_ptr<RowReader>> FromString(const std::string& bytes,
                                              const CsvReadOptions& options = {}) {
  return MakeCsvReader(std::make_unique<std::istringstream>(bytes), options);
}

std::vector<std::vector<std::string>> Values(const ReadAll& all) {
  std::vector<std::vector<std::string>> out;
  for (const Row& r : all.rows) out.push_back(r.values);
  return out;
}

TEST(CsvFixtures, EveryEncodingDelimiterAndTool) {
  TempDir dir;
  const std::string command = std::string(ORACLE_TEST_PYTHON) + " " +
                              ORACLE_CSV_FIXTURES_SCRIPT + " make " + dir.path();
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const nlohmann::json manifest =
      nlohmann::json::parse(testing::ReadFile(dir.File("manifest.json")));
  ASSERT_GE(manifest.size(), 80u);
  for (const nlohmann::json& entry : manifest) {
    SCOPED_TRACE(entry["file"].get<std::string>());
    CsvReadOptions options;
    if (!entry["encoding"].is_null()) {
      options.encoding = entry["encoding"].get<std::string>();
    }
    std::unique_ptr<RowReader> reader =
        OpenOrDie(dir.File(entry["file"].get<std::string>()), options);
    ASSERT_NE(reader, nullptr);
    const CsvDialect* dialect = GetCsvDialect(*reader);
    ASSERT_NE(dialect, nullptr);
    EXPECT_EQ(dialect->encoding, entry["expect_encoding"].get<std::string>());
    EXPECT_EQ(std::string(1, dialect->delimiter),
              entry["delimiter"].get<std::string>());
    EXPECT_TRUE(dialect->has_header);
    EXPECT_EQ(reader->header(), entry["header"].get<std::vector<std::string>>());
    ReadAll all = ReadRows(reader.get());
    ASSERT_OK(all.status);
    const auto expected =
        entry["rows"].get<std::vector<std::vector<std::string>>>();
    ASSERT_EQ(all.rows.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_OK(all.rows[i].error) << "row " << i;
      EXPECT_EQ(all.rows[i].values, expected[i]) << "row " << i;
      for (size_t c = 0; c < expected[i].size(); ++c) {
        EXPECT_EQ(all.rows[i].types[c],
                  expected[i][c].empty() ? CellType::kEmpty : CellType::kText);
      }
    }
  }
}

TEST(CsvReader, QuotingAndLineNumbers) {
  const std::string text =
      "name,phone,note\r\n"
      "\"Aya, K.\",0707123456,\"line one\r\nline two\"\r\n"
      "\"say \"\"hi\"\"\",0505050505,\"\"\r\n"
      "\r\n"
      "\n"
      "last,0101010101,x";  // no final line break
  ASSERT_OK_AND_ASSIGN(auto reader, FromString(text));
  EXPECT_EQ(reader->header(), (std::vector<std::string>{"name", "phone", "note"}));
  ReadAll all = ReadRows(reader.get());
  ASSERT_OK(all.status);
  ASSERT_EQ(all.rows.size(), 3u);
  EXPECT_EQ(all.rows[0].values,
            (std::vector<std::string>{"Aya, K.", "0707123456",
                                      "line one\r\nline two"}));
  EXPECT_EQ(all.rows[0].number, 2);
  EXPECT_EQ(all.rows[1].values,
            (std::vector<std::string>{"say \"hi\"", "0505050505", ""}));
  EXPECT_EQ(all.rows[1].number, 4);  // the quoted line break counts
  EXPECT_EQ(all.rows[1].types[2], CellType::kEmpty);
  EXPECT_EQ(all.rows[2].values,
            (std::vector<std::string>{"last", "0101010101", "x"}));
  EXPECT_EQ(all.rows[2].number, 7);  // blank lines skipped, still counted
}

TEST(CsvReader, LoneCarriageReturnsEndRecords) {
  ASSERT_OK_AND_ASSIGN(auto reader, FromString("a;b\r1234567;x\r7654321;y\r"));
  ReadAll all = ReadRows(reader.get());
  ASSERT_OK(all.status);
  ASSERT_EQ(all.rows.size(), 2u);
  EXPECT_EQ(all.rows[1].values, (std::vector<std::string>{"7654321", "y"}));
  EXPECT_EQ(all.rows[1].number, 3);
}

TEST(CsvReader, RaggedRowsAreReportedAndReadingGoesOn) {
  ASSERT_OK_AND_ASSIGN(auto reader,
                       FromString("name,phone\nA,0707123456\nB\nC,1,extra\n"
                                  "D,0505050505\n"));
  ReadAll all = ReadRows(reader.get());
  ASSERT_OK(all.status);
  ASSERT_EQ(all.rows.size(), 4u);
  EXPECT_OK(all.rows[0].error);
  EXPECT_EQ(all.rows[1].error.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(all.rows[1].error.message().find("wrong column count: 1 cells, "
                                             "expected 2"),
            std::string::npos);
  EXPECT_EQ(all.rows[1].values, (std::vector<std::string>{"B"}));
  EXPECT_EQ(all.rows[1].number, 3);
  EXPECT_EQ(all.rows[2].error.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(all.rows[2].values.size(), 3u);  // nothing dropped
  EXPECT_OK(all.rows[3].error);
}

TEST(CsvReader, BadQuotingIsARowError) {
  ASSERT_OK_AND_ASSIGN(
      auto reader,
      FromString("a,b\n\"x\"y,0707123456\nab\"c,0707123456\nok,0707123456\n"
                 "\"open,0707123456\n"));
  ReadAll all = ReadRows(reader.get());
  ASSERT_OK(all.status);
  ASSERT_EQ(all.rows.size(), 4u);
  EXPECT_NE(all.rows[0].error.message().find("after the closing quote"),
            std::string::npos);
  EXPECT_EQ(all.rows[0].values[0], "xy");
  EXPECT_NE(all.rows[1].error.message().find("quote inside"), std::string::npos);
  EXPECT_EQ(all.rows[1].values[0], "ab\"c");
  EXPECT_OK(all.rows[2].error);
  EXPECT_NE(all.rows[3].error.message().find("unterminated"), std::string::npos);
  EXPECT_EQ(all.rows[3].values[0], "open,0707123456\n");
}

TEST(CsvReader, HeaderDetectionAndModes) {
  {
    ASSERT_OK_AND_ASSIGN(auto reader, FromString("Aya,0707123456\nBen,0505\n"));
    EXPECT_TRUE(reader->header().empty());
    ReadAll all = ReadRows(reader.get());
    ASSERT_EQ(all.rows.size(), 2u);
    EXPECT_EQ(all.rows[0].number, 1);
  }
  {
    CsvReadOptions o;
    o.header = HeaderMode::kPresent;
    ASSERT_OK_AND_ASSIGN(auto reader, FromString("Aya,0707123456\nBen,0505\n", o));
    EXPECT_EQ(reader->header(), (std::vector<std::string>{"Aya", "0707123456"}));
  }
  {
    CsvReadOptions o;
    o.header = HeaderMode::kAbsent;
    ASSERT_OK_AND_ASSIGN(auto reader, FromString("name,phone\nBen,0505\n", o));
    EXPECT_TRUE(reader->header().empty());
    EXPECT_EQ(ReadRows(reader.get()).rows.size(), 2u);
  }
}

TEST(CsvReader, DelimiterDetectionIgnoresQuotedText) {
  ASSERT_OK_AND_ASSIGN(
      auto reader,
      FromString("\"a,b,c\"|phone\n\"x,y,z\"|0707123456\n\"1,2\"|0505050505\n"));
  EXPECT_EQ(GetCsvDialect(*reader)->delimiter, '|');
  ReadAll all = ReadRows(reader.get());
  ASSERT_EQ(all.rows.size(), 2u);
  EXPECT_EQ(all.rows[0].values[0], "x,y,z");
}

TEST(CsvReader, EmptyInputAndHeaderOnly) {
  ASSERT_OK_AND_ASSIGN(auto empty, FromString(""));
  EXPECT_TRUE(empty->header().empty());
  EXPECT_TRUE(ReadRows(empty.get()).rows.empty());
  ASSERT_OK_AND_ASSIGN(auto header_only, FromString("\xEF\xBB\xBFname,phone\r\n"));
  EXPECT_EQ(header_only->header(), (std::vector<std::string>{"name", "phone"}));
  EXPECT_TRUE(GetCsvDialect(*header_only)->had_bom);
  EXPECT_TRUE(ReadRows(header_only.get()).rows.empty());
}

TEST(CsvReader, InvalidUtf8IsReportedPerRow) {
  ASSERT_OK_AND_ASSIGN(
      auto reader,
      FromString("name,phone\nKouam\xC3\xA9,0707123456\nbad\xFF\xFE,0505\n"
                 "Zo\xC3\xAB,0101\n",
                 CsvReadOptions{.encoding = "utf-8"}));
  ReadAll all = ReadRows(reader.get());
  ASSERT_OK(all.status);
  ASSERT_EQ(all.rows.size(), 3u);
  EXPECT_OK(all.rows[0].error);
  EXPECT_EQ(all.rows[1].error.code(), StatusCode::kDataLoss);
  EXPECT_NE(all.rows[1].error.message().find("invalid UTF-8 in column 1"),
            std::string::npos);
  EXPECT_EQ(all.rows[1].values[0], "bad\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_OK(all.rows[2].error);
  EXPECT_EQ(all.rows[2].values[0], "Zo\xC3\xAB");
}

TEST(CsvReader, UnpairedSurrogateInUtf16IsReportedPerRow) {
  // "a,b\n", "x\xD800,1\n" (unpaired high surrogate), "y,2\n" in UTF-16LE.
  std::u16string text = u"name,phone\nx";
  text.push_back(static_cast<char16_t>(0xD800));
  text += u",0707123456\ny,0505050505\n";
  std::string bytes = "\xFF\xFE";
  for (char16_t c : text) {
    bytes.push_back(static_cast<char>(c & 0xFF));
    bytes.push_back(static_cast<char>(c >> 8));
  }
  ASSERT_OK_AND_ASSIGN(auto reader, FromString(bytes));
  EXPECT_EQ(GetCsvDialect(*reader)->encoding, "utf-16le");
  ReadAll all = ReadRows(reader.get());
  ASSERT_OK(all.status);
  ASSERT_EQ(all.rows.size(), 2u);
  EXPECT_EQ(all.rows[0].error.code(), StatusCode::kDataLoss);
  EXPECT_EQ(all.rows[0].values[0], "x\xEF\xBF\xBD");
  EXPECT_OK(all.rows[1].error);
  EXPECT_EQ(all.rows[1].values, (std::vector<std::string>{"y", "0505050505"}));
}

TEST(CsvReader, NulBytesAfterTheFirstBlockAreARowError) {
  std::string text = "name,phone\n";
  while (text.size() < (200 << 10)) text += "Aya,0707123456\n";
  text += std::string("N\0L,0505050505\n", 15);
  text += "End,0101010101\n";
  ASSERT_OK_AND_ASSIGN(auto reader, FromString(text));
  ReadAll all = ReadRows(reader.get());
  ASSERT_OK(all.status);
  const Row& nul = all.rows[all.rows.size() - 2];
  EXPECT_EQ(nul.error.code(), StatusCode::kDataLoss);
  EXPECT_NE(nul.error.message().find("NUL"), std::string::npos);
  EXPECT_OK(all.rows.back().error);
}

TEST(CsvReader, BinaryInputIsRefused) {
  std::mt19937 rng(42);
  std::string garbage(100000, '\0');
  for (char& c : garbage) c = static_cast<char>(rng());
  Result<std::unique_ptr<RowReader>> r = FromString(garbage);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find("not a text table"), std::string::npos);
  // A NUL near the start.
  Result<std::unique_ptr<RowReader>> nul =
      FromString(std::string("a,b\n\0\0\0\x01,2\n", 12));
  ASSERT_FALSE(nul.ok());
  EXPECT_EQ(nul.status().code(), StatusCode::kDataLoss);
}

// A 1 GB line streamed from a generator: a clear error once the limit is
// passed, after reading little more than the limit, in bounded memory.
TEST(CsvReader, GigabyteLineStopsAtTheLimit) {
  for (const bool quoted : {false, true}) {
    SCOPED_TRACE(quoted ? "inside quotes" : "unquoted");
    const uint64_t total = uint64_t{1} << 30;
    auto produced = std::make_shared<uint64_t>(0);
    auto stream = std::make_unique<GeneratedStream>(
        total, [quoted, produced](char* p, size_t n, uint64_t offset) {
          for (size_t i = 0; i < n; ++i) p[i] = static_cast<char>('0' + (i % 10));
          if (offset == 0 && quoted) p[0] = '"';
          *produced = offset + n;
        });
    const int64_t rss_before = PeakRssBytes();
    CsvReadOptions options;
    options.max_field_bytes = 8 << 20;
    options.max_record_bytes = 8 << 20;
    Result<std::unique_ptr<RowReader>> r =
        MakeCsvReader(std::move(stream), options);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
    EXPECT_NE(r.status().message().find("line 1"), std::string::npos);
    EXPECT_NE(r.status().message().find("longer than 8388608 bytes"),
              std::string::npos);
    // Read: the limit plus at most a few 1 MiB blocks, not the gigabyte.
    EXPECT_LT(*produced, uint64_t{16} << 20);
    EXPECT_LT(PeakRssBytes() - rss_before, int64_t{256} << 20);
  }
}

TEST(CsvReader, LimitsStopWithAClearError) {
  CsvReadOptions o;
  o.max_field_bytes = 10;
  Result<std::unique_ptr<RowReader>> r =
      FromString("name,phone\nAya,0707123456789\n", o);
  ASSERT_OK(r);
  ReadAll all = ReadRows(r->get());
  EXPECT_EQ(all.status.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(all.status.message().find("line 2"), std::string::npos);

  CsvReadOptions cols;
  cols.max_columns = 3;
  Result<std::unique_ptr<RowReader>> c = FromString("a,b,c,d,e\n", cols);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kResourceExhausted);
}

TEST(CsvReader, OptionsAreValidated) {
  EXPECT_OK(CsvReadOptions::Defaults().Validate());
  EXPECT_EQ(CsvReadOptions{.delimiter = 'x'}.Validate().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(CsvReadOptions{.encoding = "ebcdic"}.Validate().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(CsvReadOptions{.max_field_bytes = 0}.Validate().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(CsvWriteOptions{.line_ending = "\r"}.Validate().code(),
            StatusCode::kInvalidArgument);
  Result<std::unique_ptr<RowReader>> missing = OpenCsvReader("/nonexistent/x.csv");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

TEST(CsvWriter, RoundTripKeepsEveryCell) {
  std::mt19937 rng(7);
  const std::vector<std::string> pieces = {
      "a", "Kouamé", "李", "😀", ",", ";", "\t", "|", "\"", "\n", "\r\n", " ",
      "0707123456", "+225", ""};
  for (const char delimiter : {',', ';', '\t', '|'}) {
    for (const std::string ending : {"\n", "\r\n"}) {
      std::vector<std::vector<std::string>> table;
      for (int r = 0; r < 200; ++r) {
        std::vector<std::string> row;
        for (int c = 0; c < 4; ++c) {
          std::string cell;
          const int n = static_cast<int>(rng() % 4);
          for (int k = 0; k < n; ++k) cell += pieces[rng() % pieces.size()];
          row.push_back(cell);
        }
        table.push_back(row);
      }
      std::ostringstream out;
      CsvWriteOptions wo;
      wo.delimiter = delimiter;
      wo.line_ending = ending;
      wo.write_bom = delimiter == ';';
      {
        ASSERT_OK_AND_ASSIGN(auto writer, MakeCsvWriter(&out, wo));
        ASSERT_OK(writer->WriteHeader({"name", "phone", "city", "note"}));
        for (const auto& values : table) {
          Row row;
          row.values = values;
          ASSERT_OK(writer->WriteRow(row));
        }
        ASSERT_OK(writer->Close());
      }
      CsvReadOptions ro;
      ro.delimiter = delimiter;
      ro.header = HeaderMode::kPresent;
      ASSERT_OK_AND_ASSIGN(auto reader, FromString(out.str(), ro));
      ReadAll all = ReadRows(reader.get());
      ASSERT_OK(all.status);
      EXPECT_EQ(Values(all), table);
      for (const Row& r : all.rows) EXPECT_OK(r.error);
    }
  }
}

TEST(CsvWriter, QuotesASpecialByteAtAnyPosition) {
  for (const char special : {',', '"', '\r', '\n'}) {
    for (size_t pos = 0; pos < 24; ++pos) {
      std::string cell(24, 'a');
      cell[pos] = special;
      std::ostringstream out;
      {
        ASSERT_OK_AND_ASSIGN(auto writer, MakeCsvWriter(&out));
        Row row;
        row.values = {cell, std::string(24, 'b')};
        ASSERT_OK(writer->WriteRow(row));
        ASSERT_OK(writer->Close());
      }
      EXPECT_EQ(out.str().front(), '"') << pos;
      CsvReadOptions ro;
      ro.header = HeaderMode::kAbsent;
      ro.delimiter = ',';
      ASSERT_OK_AND_ASSIGN(auto reader, FromString(out.str(), ro));
      ReadAll all = ReadRows(reader.get());
      ASSERT_EQ(all.rows.size(), 1u);
      EXPECT_EQ(all.rows[0].values[0], cell) << pos;
    }
  }
}

TEST(CsvWriter, SingleEmptyCellSurvives) {
  std::ostringstream out;
  {
    ASSERT_OK_AND_ASSIGN(auto writer, MakeCsvWriter(&out));
    ASSERT_OK(writer->WriteHeader({"phone"}));
    Row row;
    row.values = {""};
    ASSERT_OK(writer->WriteRow(row));
    row.values = {"0707123456"};
    ASSERT_OK(writer->WriteRow(row));
    ASSERT_OK(writer->Close());
  }
  EXPECT_EQ(out.str(), "phone\n\"\"\n0707123456\n");
  ASSERT_OK_AND_ASSIGN(auto reader, FromString(out.str()));
  EXPECT_EQ(ReadRows(reader.get()).rows.size(), 2u);
}

TEST(CsvWriter, WriteErrorsAreReported) {
  Result<std::unique_ptr<RowWriter>> w =
      OpenCsvWriter("/nonexistent-dir/out.csv");
  EXPECT_EQ(w.status().code(), StatusCode::kIoError);
  ASSERT_OK_AND_ASSIGN(auto full, OpenCsvWriter("/dev/full"));
  ASSERT_OK(full->WriteHeader({"a"}));
  Row row;
  row.values = {"x"};
  ASSERT_OK(full->WriteRow(row));
  EXPECT_EQ(full->Close().code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace oracle
