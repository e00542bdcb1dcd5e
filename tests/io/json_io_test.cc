// Tests of the JSON Lines / JSON array reader and writer
// (include/oracle/json_io.h).
#include "oracle/json_io.h"

#include <gtest/gtest.h>

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

Result<std::unique_ptr<RowReader>> FromString(const std::string& text,
                                              JsonLayout layout) {
  JsonReadOptions o;
  o.layout = layout;
  return MakeJsonReader(std::make_unique<std::istringstream>(text), o);
}

TEST(JsonReader, LinesKeepKeyOrderTypesAndNumbersAsWritten) {
  const std::string text =
      "{\"name\":\"Kouamé\",\"phone\":2250707123456,\"big\":2.25070712345E+12,"
      "\"ok\":true,\"none\":null,\"tags\":[1,\"a\",{\"k\":[]}],\"neg\":-12}\n"
      "\n"
      "{\"phone\":\"07 07 12 34 56\",\"name\":\"李\"}\r\n";
  ASSERT_OK_AND_ASSIGN(auto reader, FromString(text, JsonLayout::kLines));
  EXPECT_EQ(reader->header(),
            (std::vector<std::string>{"name", "phone", "big", "ok", "none",
                                      "tags", "neg"}));
  ReadAll all = ReadRows(reader.get());
  ASSERT_OK(all.status);
  ASSERT_EQ(all.rows.size(), 2u);
  const Row& a = all.rows[0];
  EXPECT_EQ(a.number, 1);
  EXPECT_EQ(a.values,
            (std::vector<std::string>{"Kouamé", "2250707123456",
                                      "2.25070712345E+12", "true", "",
                                      "[1,\"a\",{\"k\":[]}]", "-12"}));
  EXPECT_EQ(a.types, (std::vector<CellType>{
                         CellType::kText, CellType::kNumber, CellType::kNumber,
                         CellType::kBoolean, CellType::kEmpty, CellType::kText,
                         CellType::kNumber}));
  const Row& b = all.rows[1];
  EXPECT_EQ(b.number, 3);
  EXPECT_OK(b.error);
  EXPECT_EQ(b.values[0], "李");
  EXPECT_EQ(b.values[1], "07 07 12 34 56");
  EXPECT_EQ(b.types[2], CellType::kEmpty);  // missing keys are empty cells
}

TEST(JsonReader, BadLinesAreRowErrorsAndReadingGoesOn) {
  const std::string text =
      "{\"name\":\"A\",\"phone\":\"0707123456\"}\n"
      "{\"name\":\"B\",\"phone\":\n"
      "[1,2]\n"
      "{\"name\":\"C\",\"email\":\"c@example.com\"}\n"
      "{\"name\":\"D\",\"name\":\"D2\"}\n"
      "{\"name\":\"E\",\"phone\":\"0505050505\"}\n";
  ASSERT_OK_AND_ASSIGN(auto reader, FromString(text, JsonLayout::kLines));
  ReadAll all = ReadRows(reader.get());
  ASSERT_OK(all.status);
  ASSERT_EQ(all.rows.size(), 6u);
  EXPECT_OK(all.rows[0].error);
  EXPECT_NE(all.rows[1].error.message().find("not valid JSON"), std::string::npos);
  // The raw text is kept for the rejects.
  EXPECT_EQ(all.rows[1].values,
            std::vector<std::string>{"{\"name\":\"B\",\"phone\":"});
  EXPECT_NE(all.rows[2].error.message().find("not a JSON object"),
            std::string::npos);
  EXPECT_NE(all.rows[3].error.message().find("unknown key \"email\""),
            std::string::npos);
  EXPECT_NE(all.rows[4].error.message().find("duplicate key"), std::string::npos);
  EXPECT_OK(all.rows[5].error);
  EXPECT_EQ(all.rows[5].number, 6);
}

TEST(JsonReader, ArrayIsReadElementByElement) {
  const std::string text =
      " [ {\"name\":\"A, [x]\",\"phone\":\"0707123456\"},\n"
      "   {\"name\":\"B \\\" }\",\"phone\":707123456},\n"
      "   {\"name\":\"C\",\"phone\":{\"a\":[1,{\"b\":2}]}} ] \n";
  ASSERT_OK_AND_ASSIGN(auto reader, FromString(text, JsonLayout::kArray));
  ReadAll all = ReadRows(reader.get());
  ASSERT_OK(all.status);
  ASSERT_EQ(all.rows.size(), 3u);
  EXPECT_EQ(all.rows[0].values[0], "A, [x]");
  EXPECT_EQ(all.rows[1].values[0], "B \" }");
  EXPECT_EQ(all.rows[1].types[1], CellType::kNumber);
  EXPECT_EQ(all.rows[2].values[1], "{\"a\":[1,{\"b\":2}]}");
  EXPECT_EQ(all.rows[2].number, 3);

  ASSERT_OK_AND_ASSIGN(auto empty, FromString("[]", JsonLayout::kArray));
  EXPECT_TRUE(ReadRows(empty.get()).rows.empty());
}

TEST(JsonReader, BrokenArraysStopWithAClearError) {
  Result<std::unique_ptr<RowReader>> not_array =
      FromString("{\"a\":1}", JsonLayout::kArray);
  EXPECT_EQ(not_array.status().code(), StatusCode::kDataLoss);
  ASSERT_OK_AND_ASSIGN(auto cut,
                       FromString("[{\"a\":1},{\"a\":2", JsonLayout::kArray));
  ReadAll all = ReadRows(cut.get());
  EXPECT_EQ(all.rows.size(), 1u);  // the first element, read when opening
  EXPECT_EQ(all.status.code(), StatusCode::kDataLoss);
  EXPECT_NE(all.status.message().find("cut short"), std::string::npos);
  ASSERT_OK_AND_ASSIGN(auto trailing,
                       FromString("[{\"a\":1}] x", JsonLayout::kArray));
  ReadAll t = ReadRows(trailing.get());
  EXPECT_EQ(t.status.code(), StatusCode::kDataLoss);
  // The first object gives the column names: it must be an object.
  EXPECT_EQ(FromString("nonsense\n", JsonLayout::kLines).status().code(),
            StatusCode::kDataLoss);
}

TEST(JsonReader, HostileInputInBoundedMemory) {
  // A 1 GB line (JSON Lines) and a 1 GB element (array) from a generator.
  for (const JsonLayout layout : {JsonLayout::kLines, JsonLayout::kArray}) {
    auto produced = std::make_shared<uint64_t>(0);
    auto stream = std::make_unique<GeneratedStream>(
        uint64_t{1} << 30, [layout, produced](char* p, size_t n, uint64_t off) {
          for (size_t i = 0; i < n; ++i) p[i] = 'a';
          if (off == 0) {
            const std::string start =
                layout == JsonLayout::kArray ? "[{\"k\":\"" : "{\"k\":\"";
            std::copy(start.begin(), start.end(), p);
          }
          *produced = off + n;
        });
    const int64_t before = PeakRssBytes();
    JsonReadOptions o;
    o.layout = layout;
    Result<std::unique_ptr<RowReader>> r = MakeJsonReader(std::move(stream), o);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
    EXPECT_LT(*produced, uint64_t{16} << 20);
    EXPECT_LT(PeakRssBytes() - before, int64_t{256} << 20);
  }
  // Binary garbage and deep nesting.
  std::string garbage = "{\"a\":1}\n";
  for (int i = 0; i < 5000; ++i) garbage.push_back(static_cast<char>(i * 131));
  ASSERT_OK_AND_ASSIGN(auto g, FromString(garbage, JsonLayout::kLines));
  ReadAll all = ReadRows(g.get());
  ASSERT_OK(all.status);
  for (size_t i = 1; i < all.rows.size(); ++i) EXPECT_FALSE(all.rows[i].error.ok());
  std::string deep = "{\"a\":1}\n{\"a\":" + std::string(100000, '[') + "\n";
  ASSERT_OK_AND_ASSIGN(auto d, FromString(deep, JsonLayout::kLines));
  ReadAll dall = ReadRows(d.get());
  ASSERT_OK(dall.status);
  ASSERT_EQ(dall.rows.size(), 2u);
  EXPECT_FALSE(dall.rows[1].error.ok());
}

TEST(JsonWriter, RoundTripKeepsEveryCellAndType) {
  for (const JsonLayout layout : {JsonLayout::kLines, JsonLayout::kArray}) {
    std::ostringstream out;
    const std::vector<std::string> header = {"name", "phone", "n", "flag",
                                             "empty", "quote\"key"};
    std::vector<Row> rows(3);
    rows[0].values = {"Kouamé \"K\"\n", "0707123456", "2.25070712345E+12",
                      "true", "", "x\x01y"};
    rows[0].types = {CellType::kText, CellType::kText, CellType::kNumber,
                     CellType::kBoolean, CellType::kEmpty, CellType::kText};
    rows[1].values = {"李😀", "+225 07", "707123456", "false", "", "\\"};
    rows[1].types = {CellType::kText, CellType::kText, CellType::kNumber,
                     CellType::kBoolean, CellType::kEmpty, CellType::kText};
    rows[2].values = {"", "", "12abc", "maybe", "", "#N/A"};
    rows[2].types = {CellType::kText, CellType::kEmpty, CellType::kNumber,
                     CellType::kBoolean, CellType::kEmpty, CellType::kError};
    {
      JsonWriteOptions wo;
      wo.layout = layout;
      ASSERT_OK_AND_ASSIGN(auto writer, MakeJsonWriter(&out, wo));
      ASSERT_OK(writer->WriteHeader(header));
      for (const Row& r : rows) ASSERT_OK(writer->WriteRow(r));
      ASSERT_OK(writer->Close());
    }
    // Valid JSON for any parser.
    if (layout == JsonLayout::kArray) {
      EXPECT_EQ(nlohmann::json::parse(out.str()).size(), 3u);
    }
    ASSERT_OK_AND_ASSIGN(auto reader, FromString(out.str(), layout));
    EXPECT_EQ(reader->header(), header);
    ReadAll all = ReadRows(reader.get());
    ASSERT_OK(all.status);
    ASSERT_EQ(all.rows.size(), 3u);
    for (size_t i = 0; i < 2; ++i) {
      EXPECT_EQ(all.rows[i].values, rows[i].values);
      EXPECT_EQ(all.rows[i].types, rows[i].types);
    }
    // Text that is not a JSON number/boolean is kept as text.
    EXPECT_EQ(all.rows[2].values, rows[2].values);
    EXPECT_EQ(all.rows[2].types[2], CellType::kText);
    EXPECT_EQ(all.rows[2].types[0], CellType::kText);
  }
}

TEST(JsonWriter, RepeatedNamesGetASuffix) {
  std::ostringstream out;
  {
    ASSERT_OK_AND_ASSIGN(auto writer, MakeJsonWriter(&out));
    ASSERT_OK(writer->WriteHeader({"tel", "tel", "tel_2"}));
    Row row;
    row.values = {"1", "2", "3"};
    ASSERT_OK(writer->WriteRow(row));
    ASSERT_OK(writer->Close());
  }
  EXPECT_EQ(out.str(), "{\"tel\":\"1\",\"tel_2\":\"2\",\"tel_2_2\":\"3\"}\n");
}

TEST(JsonWriter, NeedsTheHeader) {
  std::ostringstream out;
  ASSERT_OK_AND_ASSIGN(auto writer, MakeJsonWriter(&out));
  Row row;
  row.values = {"x"};
  EXPECT_EQ(writer->WriteRow(row).code(), StatusCode::kFailedPrecondition);
  ASSERT_OK(writer->WriteHeader({"a"}));
  row.values = {"x", "y"};
  EXPECT_EQ(writer->WriteRow(row).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace oracle
