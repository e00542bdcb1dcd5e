// Tests of include/oracle/xlsx.h: files written by openpyxl, XlsxWriter and
// pandas (made by xlsx_fixtures.py when the tests start), hand-made archives,
// hostile files, and files written by OpenXlsxWriter read back by openpyxl.
#include "oracle/xlsx.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "io/xlsx_internal.h"
#include "test_util.h"

namespace oracle {
namespace {

namespace fs = std::filesystem;
using internal::DecodeXlsxEscapes;
using internal::LooksNumeric;
using internal::ParseExactXlsxNumber;
using internal::XlsxColumnName;
using internal::XlsxColumnOfRef;
using internal::XlsxRowOfRef;

constexpr CellType kE = CellType::kEmpty;
constexpr CellType kT = CellType::kText;
constexpr CellType kN = CellType::kNumber;
constexpr CellType kB = CellType::kBoolean;
constexpr CellType kF = CellType::kFormula;
constexpr CellType kX = CellType::kError;

// Runs a shell command; its standard output, or a failure.
::testing::AssertionResult Run(const std::string& command, std::string* out) {
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return ::testing::AssertionFailure() << "popen failed";
  char buffer[65536];
  size_t n;
  out->clear();
  while ((n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) {
    out->append(buffer, n);
  }
  const int status = ::pclose(pipe);
  if (status != 0) {
    return ::testing::AssertionFailure()
           << command << " exited with " << status;
  }
  return ::testing::AssertionSuccess();
}

std::string Python() { return ORACLE_TEST_PYTHON; }
std::string Script() { return ORACLE_XLSX_FIXTURES_SCRIPT; }

// The fixtures: made by CTest's fixture step into $ORACLE_XLSX_FIXTURES,
// or, when that is not set, by this program into a temporary directory.
// Files the tests write go to a temporary directory of their own.
class Fixtures : public ::testing::Environment {
 public:
  static const std::string& dir() { return dir_; }
  static const std::string& scratch() { return scratch_; }
  void SetUp() override {
    char scratch[] = "/tmp/oracle_xlsx_test.XXXXXX";
    ASSERT_NE(::mkdtemp(scratch), nullptr);
    scratch_ = scratch;
    const char* given = std::getenv("ORACLE_XLSX_FIXTURES");
    if (given != nullptr && *given != '\0' && fs::exists(given)) {
      dir_ = given;
      return;
    }
    dir_ = scratch_ + "/fixtures";
    std::string out;
    ASSERT_TRUE(Run(Python() + " " + Script() + " make " + dir_, &out));
  }
  void TearDown() override {
    std::error_code ec;
    if (!scratch_.empty()) fs::remove_all(scratch_, ec);
  }

 private:
  static std::string dir_;
  static std::string scratch_;
};
std::string Fixtures::dir_;
std::string Fixtures::scratch_;

const auto* const kFixtures =
    ::testing::AddGlobalTestEnvironment(new Fixtures());

std::string Fixture(const std::string& name) {
  return Fixtures::dir() + "/" + name;
}

// Every row of a reader.
Result<std::vector<Row>> ReadAll(RowReader* reader) {
  std::vector<Row> rows;
  Row row;
  while (true) {
    ORACLE_ASSIGN_OR_RAISE(bool more, reader->Next(&row));
    if (!more) break;
    rows.push_back(row);
  }
  return rows;
}

Result<std::vector<Row>> ReadFile(const std::string& path,
                                  const XlsxReadOptions& options = {}) {
  ORACLE_ASSIGN_OR_RAISE(std::unique_ptr<RowReader> reader,
                         OpenXlsxReader(path, options));
  return ReadAll(reader.get());
}

Status ReadStatus(const std::string& path,
                  const XlsxReadOptions& options = {}) {
  Result<std::vector<Row>> rows = ReadFile(path, options);
  return rows.ok() ? Status::OK() : rows.status();
}

void ExpectRow(const Row& row, int64_t number,
               const std::vector<std::string>& values,
               const std::vector<CellType>& types) {
  EXPECT_EQ(row.number, number);
  EXPECT_EQ(row.values, values) << "row " << number;
  EXPECT_EQ(row.types, types) << "row " << number;
}

// --------------------------------------------------------------------------
// Text helpers.

TEST(XlsxHelpers, CellReferences) {
  EXPECT_EQ(XlsxColumnOfRef("A1"), 0);
  EXPECT_EQ(XlsxColumnOfRef("Z9"), 25);
  EXPECT_EQ(XlsxColumnOfRef("AA1"), 26);
  EXPECT_EQ(XlsxColumnOfRef("ab12"), 27);
  EXPECT_EQ(XlsxColumnOfRef("XFD1048576"), 16383);
  EXPECT_EQ(XlsxColumnOfRef("12"), -1);
  EXPECT_EQ(XlsxColumnOfRef("ABCD1"), -1);
  EXPECT_EQ(XlsxRowOfRef("AB12"), 12);
  EXPECT_EQ(XlsxRowOfRef("7"), 7);
  EXPECT_EQ(XlsxRowOfRef("A0"), -1);
  EXPECT_EQ(XlsxRowOfRef("A1x"), -1);
  EXPECT_EQ(XlsxRowOfRef("A1234567890"), -1);
  for (int c : {0, 1, 25, 26, 27, 51, 52, 701, 702, 16383}) {
    EXPECT_EQ(XlsxColumnOfRef(XlsxColumnName(c) + "1"), c) << c;
  }
}

TEST(XlsxHelpers, Escapes) {
  std::string s = "a_x000D_b_x005F_x0041_c_x00e9_d_xZZZZ_e_x0000_";
  DecodeXlsxEscapes(&s);
  EXPECT_EQ(s, "a\rb_x0041_c\xC3\xA9" "d_xZZZZ_e_x0000_");
  std::string plain = "no escapes";
  DecodeXlsxEscapes(&plain);
  EXPECT_EQ(plain, "no escapes");
}

TEST(XlsxHelpers, ExactNumbers) {
  double v = 0;
  EXPECT_TRUE(ParseExactXlsxNumber("2250707123456", &v));
  EXPECT_EQ(v, 2250707123456.0);
  EXPECT_TRUE(ParseExactXlsxNumber("2.25070712345E+12", &v));
  EXPECT_EQ(v, 2250707123450.0);
  EXPECT_TRUE(ParseExactXlsxNumber("-1.5", &v));
  EXPECT_EQ(v, -1.5);
  EXPECT_TRUE(ParseExactXlsxNumber("000123456789012345000", &v));  // 15
  EXPECT_EQ(v, 123456789012345000.0);
  EXPECT_TRUE(ParseExactXlsxNumber("2.250707123456789E+18", &v));
  EXPECT_TRUE(ParseExactXlsxNumber("1.50", &v));
  EXPECT_TRUE(ParseExactXlsxNumber("0.001", &v));
  EXPECT_TRUE(ParseExactXlsxNumber("-0", &v));
  EXPECT_TRUE(ParseExactXlsxNumber("22507071234567890", &v));  // 16 digits
  EXPECT_FALSE(ParseExactXlsxNumber("22507071234567891", &v));  // 17 digits
  EXPECT_TRUE(ParseExactXlsxNumber("0.1", &v));
  EXPECT_FALSE(ParseExactXlsxNumber("0.1000000000000000055511", &v));
  EXPECT_FALSE(ParseExactXlsxNumber("9007199254740993", &v));  // 2^53 + 1
  EXPECT_FALSE(ParseExactXlsxNumber("0707 123456", &v));
  EXPECT_TRUE(ParseExactXlsxNumber("+225", &v));
  EXPECT_EQ(v, 225.0);
  EXPECT_FALSE(ParseExactXlsxNumber("1e999", &v));
  EXPECT_FALSE(ParseExactXlsxNumber("nan", &v));
  EXPECT_FALSE(ParseExactXlsxNumber("", &v));
  EXPECT_FALSE(ParseExactXlsxNumber("1.2.3", &v));
  EXPECT_TRUE(LooksNumeric("0707123456"));
  EXPECT_TRUE(LooksNumeric("+225 07 07"));
  EXPECT_TRUE(LooksNumeric("12345"));
  EXPECT_FALSE(LooksNumeric("phone 1"));
  EXPECT_FALSE(LooksNumeric("e164"));
  EXPECT_FALSE(LooksNumeric("1234"));
}

TEST(XlsxOptions, Validate) {
  EXPECT_OK(XlsxReadOptions::Defaults().Validate());
  EXPECT_OK(XlsxWriteOptions::Defaults().Validate());
  XlsxReadOptions r;
  r.sheet_index = -1;
  EXPECT_EQ(r.Validate().code(), StatusCode::kInvalidArgument);
  r = {};
  r.max_compression_ratio = 0.5;
  EXPECT_EQ(r.Validate().code(), StatusCode::kInvalidArgument);
  r = {};
  r.max_row_bytes = 0;
  EXPECT_EQ(r.Validate().code(), StatusCode::kInvalidArgument);
  r = {};
  r.max_cells_per_row = 0;
  EXPECT_EQ(r.Validate().code(), StatusCode::kInvalidArgument);
  XlsxWriteOptions w;
  for (const char* bad : {"", "a/b", "x[1]", "'quoted'",
                          "a name that is much longer than 31"}) {
    w.sheet_name = bad;
    EXPECT_EQ(w.Validate().code(), StatusCode::kInvalidArgument) << bad;
  }
  w.sheet_name = "Σ données";
  EXPECT_OK(w.Validate());
  Result<std::unique_ptr<RowReader>> reader =
      OpenXlsxReader(Fixture("openpyxl.xlsx"), r);
  EXPECT_EQ(reader.status().code(), StatusCode::kInvalidArgument);
}

// --------------------------------------------------------------------------
// Files written by other tools.

TEST(XlsxRead, Openpyxl) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<RowReader> reader,
                       OpenXlsxReader(Fixture("openpyxl.xlsx")));
  EXPECT_EQ(reader->header(), (std::vector<std::string>{
                                  "name", "phone", "phone_number", "note"}));
  EXPECT_GT(reader->bytes_total(), 0);
  ASSERT_OK_AND_ASSIGN(std::vector<Row> rows, ReadAll(reader.get()));
  EXPECT_EQ(reader->bytes_read(), reader->bytes_total());
  ASSERT_EQ(rows.size(), 5u);
  ExpectRow(rows[0], 2, {"Awa Koné", "0707123456", "2250707123456",
                         "text and number"},
            {kT, kT, kN, kT});
  // Padded to the header's width; row 4 is empty and skipped.
  ExpectRow(rows[1], 3, {"Nguyễn Văn An", "+225 05 05 05 05 05",
                         "22505050505", ""},
            {kT, kT, kN, kE});
  ExpectRow(rows[2], 5, {"محمد", "", "", "gap"}, {kT, kE, kE, kT});
  // openpyxl stores no cached value for formulas.
  ExpectRow(rows[3], 6, {"李小龙", "", "true", "false"}, {kT, kF, kB, kB});
  ExpectRow(rows[4], 7, {"Zoë", "07 07 12 34 56", "707123456", "-1.5"},
            {kT, kT, kN, kN});
  for (const Row& row : rows) EXPECT_OK(row.error);
}

TEST(XlsxRead, SheetsByNameAndIndex) {
  const std::string path = Fixture("openpyxl.xlsx");
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> names, ListXlsxSheets(path));
  EXPECT_EQ(names,
            (std::vector<std::string>{"Contacts", "Autre", "Σ données"}));

  XlsxReadOptions options;
  options.sheet_name = "Autre";
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<RowReader> autre,
                       OpenXlsxReader(path, options));
  EXPECT_EQ(autre->header(), std::vector<std::string>{"numéro"});
  ASSERT_OK_AND_ASSIGN(std::vector<Row> rows, ReadAll(autre.get()));
  ASSERT_EQ(rows.size(), 1u);
  ExpectRow(rows[0], 2, {"+33 6 12 34 56 78"}, {kT});

  options = {};
  options.sheet_index = 2;
  ASSERT_OK_AND_ASSIGN(rows, ReadFile(path, options));
  ASSERT_EQ(rows.size(), 1u);
  ExpectRow(rows[0], 2, {"1", "2"}, {kN, kN});

  options = {};
  options.sheet_name = "Σ données";
  options.header = XlsxHeader::kAbsent;
  ASSERT_OK_AND_ASSIGN(rows, ReadFile(path, options));
  ASSERT_EQ(rows.size(), 2u);
  ExpectRow(rows[0], 1, {"x", "y"}, {kT, kT});

  options = {};
  options.sheet_name = "Missing";
  Status s = ReadStatus(path, options);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_NE(s.message().find("'Autre'"), std::string::npos) << s.ToString();
  options = {};
  options.sheet_index = 3;
  EXPECT_EQ(ReadStatus(path, options).code(), StatusCode::kOutOfRange);
}

void CheckXlsxWriterFile(const std::string& path) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<RowReader> reader,
                       OpenXlsxReader(path));
  EXPECT_EQ(reader->header(), (std::vector<std::string>{
                                  "name", "phone", "phone_number", "extra"}));
  ASSERT_OK_AND_ASSIGN(std::vector<Row> rows, ReadAll(reader.get()));
  ASSERT_EQ(rows.size(), 5u) << path;
  ExpectRow(rows[0], 2, {"Awa Koné", "0707123456", "2250707123456",
                         "2.250707123456789E+18"},
            {kT, kT, kN, kN});
  ExpectRow(rows[1], 3, {"Ama", "+225 01 02 03 04 05", "0.5", "true"},
            {kT, kT, kN, kB});
  ExpectRow(rows[2], 4, {"2", "ab", "#N/A", "false"}, {kF, kF, kF, kB});
  ExpectRow(rows[3], 6, {"control\x01" "char", "", "", "_x0041_ literal"},
            {kT, kE, kE, kT});
  // A date is Excel's serial day number.
  ExpectRow(rows[4], 7, {"rich text runs", "45322", "", ""}, {kT, kN, kE, kE});

  XlsxReadOptions options;
  options.sheet_name = "Second";
  options.header = XlsxHeader::kAbsent;
  ASSERT_OK_AND_ASSIGN(rows, ReadFile(path, options));
  ASSERT_EQ(rows.size(), 1u);
  ExpectRow(rows[0], 1, {"only"}, {kT});
}

TEST(XlsxRead, XlsxWriterSharedStrings) {
  CheckXlsxWriterFile(Fixture("xlsxwriter.xlsx"));
}

TEST(XlsxRead, XlsxWriterConstantMemoryInlineStrings) {
  CheckXlsxWriterFile(Fixture("xlsxwriter_constant.xlsx"));
}

TEST(XlsxRead, Pandas) {
  const std::string path = Fixture("pandas.xlsx");
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<RowReader> reader,
                       OpenXlsxReader(path));
  EXPECT_EQ(reader->header(), (std::vector<std::string>{
                                  "name", "phone_text", "phone_int", "score"}));
  ASSERT_OK_AND_ASSIGN(std::vector<Row> rows, ReadAll(reader.get()));
  ASSERT_EQ(rows.size(), 3u);
  ExpectRow(rows[0], 2, {"Awa", "0707123456", "2250707123456", "1.25"},
            {kT, kT, kN, kN});
  ExpectRow(rows[1], 3, {"Koffi", "0505050505", "2250505050505", ""},
            {kT, kT, kN, kE});
  ExpectRow(rows[2], 4, {"Aya", "0101010101", "2250101010101", "3"},
            {kT, kT, kN, kN});
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> names, ListXlsxSheets(path));
  EXPECT_EQ(names, (std::vector<std::string>{"data", "first"}));
}

// Prefixed XML names, rows and cells without references, numbers as
// written, rich text with phonetic runs, escapes, a bad shared-string index.
void CheckRawFile(const std::string& path) {
  XlsxReadOptions options;
  options.header = XlsxHeader::kAbsent;
  options.skip_empty_rows = false;
  ASSERT_OK_AND_ASSIGN(std::vector<Row> rows, ReadFile(path, options));
  ASSERT_EQ(rows.size(), 9u);
  for (int i = 0; i < 9; ++i) EXPECT_EQ(rows[i].number, i + 1);
  ExpectRow(rows[0], 1, {}, {});
  ExpectRow(rows[1], 2, {"plain", "", "rich runs", "line\rbreak"},
            {kT, kE, kT, kT});
  ExpectRow(rows[2], 3,
            {"2.25070712345E+12", "2250707123456", "707123456.0", "inline"},
            {kN, kN, kN, kT});
  ExpectRow(rows[3], 4, {}, {});
  ExpectRow(rows[6], 7, {"", "", "2024-01-31T00:00:00", ""}, {kE, kE, kT, kE});
  EXPECT_EQ(rows[6].error.code(), StatusCode::kDataLoss);
  EXPECT_NE(rows[6].error.message().find("B7"), std::string::npos)
      << rows[6].error.ToString();
  ExpectRow(rows[7], 8, {"", ""}, {kE, kE});
  ExpectRow(rows[8], 9, {"#DIV/0!", "true", "plain"}, {kX, kB, kF});
  for (int i : {0, 1, 2, 3, 4, 5, 7, 8}) EXPECT_OK(rows[i].error);

  // Skipping empty rows keeps the row with an error.
  options.skip_empty_rows = true;
  ASSERT_OK_AND_ASSIGN(rows, ReadFile(path, options));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].number, 2);
  EXPECT_EQ(rows[1].number, 3);
  EXPECT_EQ(rows[2].number, 7);
  EXPECT_EQ(rows[3].number, 9);

  // Detected: "plain" ... is a header; the header sets the width.
  options = {};
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<RowReader> reader,
                       OpenXlsxReader(path, options));
  EXPECT_EQ(reader->header(),
            (std::vector<std::string>{"plain", "", "rich runs",
                                      "line\rbreak"}));
  ASSERT_OK_AND_ASSIGN(rows, ReadAll(reader.get()));
  ASSERT_EQ(rows.size(), 3u);
  ExpectRow(rows[2], 9, {"#DIV/0!", "true", "plain", ""}, {kX, kB, kF, kE});
}

TEST(XlsxRead, HandMadeDeflated) { CheckRawFile(Fixture("raw.xlsx")); }
TEST(XlsxRead, HandMadeStored) { CheckRawFile(Fixture("raw_stored.xlsx")); }

TEST(XlsxRead, HeaderModes) {
  XlsxReadOptions options;
  options.header = XlsxHeader::kPresent;
  options.sheet_index = 2;  // "x", "y" then 1, 2
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<RowReader> reader,
                       OpenXlsxReader(Fixture("openpyxl.xlsx"), options));
  EXPECT_EQ(reader->header(), (std::vector<std::string>{"x", "y"}));
  // A first row of numbers is data when detecting, a header when told.
  options.sheet_name = "Autre";
  options.header = XlsxHeader::kDetect;
  ASSERT_OK_AND_ASSIGN(reader,
                       OpenXlsxReader(Fixture("openpyxl.xlsx"), options));
  EXPECT_EQ(reader->header(), std::vector<std::string>{"numéro"});
  ASSERT_OK_AND_ASSIGN(std::vector<Row> rows, ReadAll(reader.get()));
  ASSERT_EQ(rows.size(), 1u);
  // Reading the data rows alone: "+33 6 12 34 56 78" is no header.
  XlsxWriteOptions write_options;
  const std::string path = Fixtures::scratch() + "/numbers_first.xlsx";
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<RowWriter> w,
                         OpenXlsxWriter(path, write_options));
    Row row;
    row.values = {"Awa", "+33 6 12 34 56 78"};
    ASSERT_OK(w->WriteRow(row));
    ASSERT_OK(w->Close());
  }
  ASSERT_OK_AND_ASSIGN(reader, OpenXlsxReader(path));
  EXPECT_TRUE(reader->header().empty());
  ASSERT_OK_AND_ASSIGN(rows, ReadAll(reader.get()));
  ASSERT_EQ(rows.size(), 1u);
  ExpectRow(rows[0], 1, {"Awa", "+33 6 12 34 56 78"}, {kT, kT});
}

// Every non-empty cell as openpyxl sees it: (sheet, row, col) -> (type,
// value as text).
using CellMap =
    std::map<std::tuple<std::string, int64_t, int>,
             std::pair<char, std::string>>;

CellMap OpenpyxlCells(const std::string& path) {
  std::string out;
  EXPECT_TRUE(Run(Python() + " " + Script() + " dump " + path, &out));
  CellMap cells;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    const nlohmann::json j =
        nlohmann::json::parse(out.substr(start, end - start));
    start = end + 1;
    const std::string type = j["type"];
    std::string value;
    if (j["value"].is_string()) {
      value = j["value"];
    } else if (j["value"].is_boolean()) {
      value = j["value"].get<bool>() ? "true" : "false";
    } else {
      value = std::to_string(j["value"].get<double>());
    }
    cells[{j["sheet"], j["row"], j["col"]}] = {type[0], value};
  }
  return cells;
}

CellMap OracleCells(const std::string& path) {
  CellMap cells;
  Result<std::vector<std::string>> names = ListXlsxSheets(path);
  EXPECT_OK(names);
  if (!names.ok()) return cells;
  for (const std::string& name : *names) {
    XlsxReadOptions options;
    options.sheet_name = name;
    options.header = XlsxHeader::kAbsent;
    Result<std::vector<Row>> rows = ReadFile(path, options);
    EXPECT_OK(rows);
    if (!rows.ok()) continue;
    for (const Row& row : *rows) {
      EXPECT_OK(row.error);
      for (size_t c = 0; c < row.values.size(); ++c) {
        const std::string& v = row.values[c];
        char type = 's';
        std::string value = v;
        switch (row.types[c]) {
          case CellType::kEmpty:
            continue;
          case CellType::kNumber:
            type = 'n';
            value = std::to_string(std::strtod(v.c_str(), nullptr));
            break;
          case CellType::kBoolean:
            type = 'b';
            break;
          case CellType::kError:
            type = 'e';
            break;
          case CellType::kFormula: {
            if (v.empty()) continue;  // no cached value: openpyxl gives None
            char* end = nullptr;
            const double d = std::strtod(v.c_str(), &end);
            if (v == "true" || v == "false") {
              type = 'b';
            } else if (!v.empty() && v[0] == '#') {
              type = 'e';
            } else if (end != v.c_str() && *end == '\0') {
              type = 'n';
              value = std::to_string(d);
            }
            break;
          }
          case CellType::kText:
            break;
        }
        cells[{name, row.number, static_cast<int>(c)}] = {type, value};
      }
    }
  }
  return cells;
}

// openpyxl leaves _xHHHH_ escapes undecoded: such cells are checked by the
// tests above instead.
void DropEscaped(CellMap* cells) {
  for (auto it = cells->begin(); it != cells->end();) {
    it = it->second.second.find("_x") != std::string::npos ||
                 it->second.second.find('\x01') != std::string::npos
             ? cells->erase(it)
             : std::next(it);
  }
}

TEST(XlsxRead, SameCellsAsOpenpyxl) {
  for (const char* name : {"openpyxl.xlsx", "xlsxwriter.xlsx",
                           "xlsxwriter_constant.xlsx", "pandas.xlsx"}) {
    SCOPED_TRACE(name);
    CellMap theirs = OpenpyxlCells(Fixture(name));
    CellMap ours = OracleCells(Fixture(name));
    DropEscaped(&theirs);
    DropEscaped(&ours);
    EXPECT_GT(ours.size(), 5u);
    EXPECT_EQ(ours, theirs);
  }
}

// Every sheet of the tools' files, copied by the reader and the writer,
// holds the same cells for openpyxl as the original.
TEST(XlsxRead, CopyKeepsEveryCell) {
  int copied = 0;
  for (const char* name : {"openpyxl.xlsx", "xlsxwriter.xlsx",
                           "xlsxwriter_constant.xlsx", "pandas.xlsx"}) {
    SCOPED_TRACE(name);
    const CellMap original = OpenpyxlCells(Fixture(name));
    ASSERT_OK_AND_ASSIGN(std::vector<std::string> sheets,
                         ListXlsxSheets(Fixture(name)));
    for (const std::string& sheet : sheets) {
      XlsxReadOptions read;
      read.sheet_name = sheet;
      read.header = XlsxHeader::kAbsent;
      read.skip_empty_rows = false;
      ASSERT_OK_AND_ASSIGN(std::vector<Row> rows,
                           ReadFile(Fixture(name), read));
      const std::string copy =
          Fixtures::scratch() + "/copy_" + std::to_string(copied++) + ".xlsx";
      XlsxWriteOptions write;
      write.sheet_name = sheet;
      ASSERT_OK_AND_ASSIGN(std::unique_ptr<RowWriter> writer,
                           OpenXlsxWriter(copy, write));
      for (const Row& row : rows) ASSERT_OK(writer->WriteRow(row));
      ASSERT_OK(writer->Close());
      // The one documented change: an error value (a formula's cached
      // "#N/A") is written as text.
      CellMap expected;
      for (const auto& [key, cell] : original) {
        if (std::get<0>(key) != sheet) continue;
        expected[key] = cell;
        if (cell.first == 'e') expected[key].first = 's';
      }
      CellMap got = OpenpyxlCells(copy);
      DropEscaped(&expected);
      DropEscaped(&got);
      EXPECT_EQ(got, expected) << sheet;
      // Escaped text is checked with the reader: the copy reads back as the
      // original did.
      read.sheet_name = sheet;
      ASSERT_OK_AND_ASSIGN(std::vector<Row> back, ReadFile(copy, read));
      ASSERT_EQ(back.size(), rows.size());
      for (size_t i = 0; i < rows.size(); ++i) {
        for (size_t c = 0; c < rows[i].values.size(); ++c) {
          if (rows[i].types[c] == kT) {
            EXPECT_EQ(back[i].values[c], rows[i].values[c]);
          }
        }
      }
    }
  }
  EXPECT_EQ(copied, 9);
}

// --------------------------------------------------------------------------
// Writing.

TEST(XlsxWrite, ReadBackByOpenpyxlAndOracle) {
  const std::string path = Fixtures::scratch() + "/written.xlsx";
  XlsxWriteOptions options;
  options.sheet_name = "Résultats";
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<RowWriter> writer,
                       OpenXlsxWriter(path, options));
  ASSERT_OK(writer->WriteHeader({"name", "phone", "e164_number", "valid",
                                 "note"}));
  std::vector<Row> rows(4);
  rows[0].values = {"Awa Koné", "0707123456", "2250707123456", "true", "ok"};
  rows[0].types = {kT, kT, kN, kB, kT};
  // A number past 15 digits stays text; an E notation becomes a number.
  rows[1].values = {"李小龙", "22507071234567891", "2.25070712345E+12",
                    "false", "#N/A"};
  rows[1].types = {kT, kN, kN, kB, kX};
  rows[2].values = {"Zoë", "", "12", "maybe", "tab\there"};
  rows[2].types = {kT, kE, kF, kB, kT};
  rows[3].values = {"all text", "007", "1.50",
                    "_x0041_ stays", "bell\x07"};  // no types: all text
  for (const Row& row : rows) ASSERT_OK(writer->WriteRow(row));
  ASSERT_OK(writer->Close());
  EXPECT_OK(writer->Close());  // idempotent
  EXPECT_EQ(writer->WriteRow(rows[0]).code(), StatusCode::kFailedPrecondition);

  // openpyxl sees every cell with its type.
  const std::string s = "Résultats";
  CellMap expected = {
      {{s, 1, 0}, {'s', "name"}},
      {{s, 1, 1}, {'s', "phone"}},
      {{s, 1, 2}, {'s', "e164_number"}},
      {{s, 1, 3}, {'s', "valid"}},
      {{s, 1, 4}, {'s', "note"}},
      {{s, 2, 0}, {'s', "Awa Koné"}},
      {{s, 2, 1}, {'s', "0707123456"}},
      {{s, 2, 2}, {'n', std::to_string(2250707123456.0)}},
      {{s, 2, 3}, {'b', "true"}},
      {{s, 2, 4}, {'s', "ok"}},
      {{s, 3, 0}, {'s', "李小龙"}},
      {{s, 3, 1}, {'s', "22507071234567891"}},
      {{s, 3, 2}, {'n', std::to_string(2250707123450.0)}},
      {{s, 3, 3}, {'b', "false"}},
      {{s, 3, 4}, {'s', "#N/A"}},
      {{s, 4, 0}, {'s', "Zoë"}},
      {{s, 4, 2}, {'n', std::to_string(12.0)}},
      {{s, 4, 3}, {'s', "maybe"}},
      {{s, 4, 4}, {'s', "tab\there"}},
      {{s, 5, 0}, {'s', "all text"}},
      {{s, 5, 1}, {'s', "007"}},
      {{s, 5, 2}, {'s', "1.50"}},
      // openpyxl leaves the escapes of inline strings as written.
      {{s, 5, 3}, {'s', "_x005F_x0041_ stays"}},
      {{s, 5, 4}, {'s', "bell_x0007_"}},
  };
  EXPECT_EQ(OpenpyxlCells(path), expected);

  // And so does the reader.
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<RowReader> reader, OpenXlsxReader(path));
  EXPECT_EQ(reader->header(), (std::vector<std::string>{
                                  "name", "phone", "e164_number", "valid",
                                  "note"}));
  ASSERT_OK_AND_ASSIGN(std::vector<Row> back, ReadAll(reader.get()));
  ASSERT_EQ(back.size(), 4u);
  ExpectRow(back[0], 2, rows[0].values, rows[0].types);
  ExpectRow(back[1], 3,
            {"李小龙", "22507071234567891", "2250707123450", "false",
             "#N/A"},
            {kT, kT, kN, kB, kT});
  ExpectRow(back[2], 4, {"Zoë", "", "12", "maybe", "tab\there"},
            {kT, kE, kN, kT, kT});
  ExpectRow(back[3], 5,
            {"all text", "007", "1.50", "_x0041_ stays", "bell\x07"},
            {kT, kT, kT, kT, kT});
}

TEST(XlsxWrite, Errors) {
  const std::string dir = Fixtures::scratch();
  EXPECT_EQ(OpenXlsxWriter(dir + "/no/such/dir/x.xlsx").status().code(),
            StatusCode::kIoError);
  XlsxWriteOptions options;
  options.sheet_name = "bad:name";
  EXPECT_EQ(OpenXlsxWriter(dir + "/x.xlsx", options).status().code(),
            StatusCode::kInvalidArgument);
  options = {};
  options.tmpdir = dir + "/no/such/tmp";
  EXPECT_EQ(OpenXlsxWriter(dir + "/x.xlsx", options).status().code(),
            StatusCode::kIoError);

  const std::string path = dir + "/errors.xlsx";
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<RowWriter> writer, OpenXlsxWriter(path));
  Row row;
  row.values = {"ok", "bad \xFF utf-8"};
  Status s = writer->WriteRow(row);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("B1"), std::string::npos) << s.ToString();
  row.values = {std::string(32768, 'x')};
  EXPECT_EQ(writer->WriteRow(row).code(), StatusCode::kOutOfRange);
  row.values = {std::string("nul\0inside", 10)};
  EXPECT_EQ(writer->WriteRow(row).code(), StatusCode::kInvalidArgument);
  row.values = {"a", "b"};
  row.types = {kT};
  EXPECT_EQ(writer->WriteRow(row).code(), StatusCode::kInvalidArgument);
  row.values.assign(16385, "x");
  row.types.clear();
  EXPECT_EQ(writer->WriteRow(row).code(), StatusCode::kOutOfRange);
  row.values = {"kept"};
  ASSERT_OK(writer->WriteRow(row));
  EXPECT_EQ(writer->WriteHeader({"late"}).code(),
            StatusCode::kFailedPrecondition);
  ASSERT_OK(writer->Close());
  // Nothing of the refused rows was written.
  XlsxReadOptions read;
  read.header = XlsxHeader::kAbsent;
  ASSERT_OK_AND_ASSIGN(std::vector<Row> rows, ReadFile(path, read));
  ASSERT_EQ(rows.size(), 1u);
  ExpectRow(rows[0], 1, {"kept"}, {kT});
}

TEST(XlsxWrite, StreamsManyRows) {
  constexpr int kRows = 100000;
  const std::string path = Fixtures::scratch() + "/many.xlsx";
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<RowWriter> writer,
                         OpenXlsxWriter(path));
    ASSERT_OK(writer->WriteHeader({"i", "phone", "number"}));
    Row row;
    for (int i = 0; i < kRows; ++i) {
      row.values = {std::to_string(i), "07" + std::to_string(10000000 + i),
                    std::to_string(2250700000000LL + i)};
      row.types = {kN, kT, kN};
      ASSERT_OK(writer->WriteRow(row));
    }
    ASSERT_OK(writer->Close());
  }
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<RowReader> reader, OpenXlsxReader(path));
  Row row;
  int64_t last_bytes = 0;
  for (int i = 0; i < kRows; ++i) {
    ASSERT_OK_AND_ASSIGN(bool more, reader->Next(&row));
    ASSERT_TRUE(more) << i;
    ASSERT_EQ(row.number, i + 2);
    ASSERT_EQ(row.values[0], std::to_string(i));
    ASSERT_EQ(row.values[1], "07" + std::to_string(10000000 + i));
    ASSERT_EQ(row.values[2], std::to_string(2250700000000LL + i));
    ASSERT_GE(reader->bytes_read(), last_bytes);
    last_bytes = reader->bytes_read();
  }
  ASSERT_OK_AND_ASSIGN(bool more, reader->Next(&row));
  EXPECT_FALSE(more);
  EXPECT_GT(reader->bytes_total(), 0);
  EXPECT_EQ(reader->bytes_read(), reader->bytes_total());
}

CellMap PandasCells(const std::string& path) {
  std::string out;
  EXPECT_TRUE(Run(Python() + " " + Script() + " dump_pandas " + path, &out));
  CellMap cells;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    const nlohmann::json j =
        nlohmann::json::parse(out.substr(start, end - start));
    start = end + 1;
    const std::string type = j["type"];
    std::string value;
    if (j["value"].is_string()) {
      value = j["value"];
    } else if (j["value"].is_boolean()) {
      value = j["value"].get<bool>() ? "true" : "false";
    } else {
      value = std::to_string(j["value"].get<double>());
    }
    cells[{j["sheet"], j["row"], j["col"]}] = {type[0], value};
  }
  return cells;
}

// The used range of the first sheet as openpyxl's read-only mode (which
// pandas uses) reads it from the sheet's <dimension>.
std::string ReadOnlyDimension(const std::string& path) {
  std::string out;
  EXPECT_TRUE(Run(Python() +
                      " -c 'import sys, openpyxl; print(openpyxl.load_workbook("
                      "sys.argv[1], read_only=True).worksheets[0]"
                      ".calculate_dimension())' " +
                      path,
                  &out));
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// `cells` with every sheet name replaced by "" (pandas reads one sheet).
CellMap FirstSheet(const CellMap& cells) {
  CellMap out;
  for (const auto& [key, cell] : cells) {
    out[{"", std::get<1>(key), std::get<2>(key)}] = cell;
  }
  return out;
}

TEST(XlsxWrite, EveryCellTypeOpensInOpenpyxlAndPandas) {
  const std::string path = Fixtures::scratch() + "/every_type.xlsx";
  XlsxWriteOptions options;
  options.sheet_name = "A & <B> \"q\"";  // escaped in workbook.xml
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<RowWriter> writer,
                       OpenXlsxWriter(path, options));
  ASSERT_OK(writer->WriteHeader({"text", "number", "boolean", "formula",
                                 "error", "empty", "untyped"}));
  Row row;
  row.values = {"0707123456", "-12.5", "TRUE", "3", "#DIV/0!", "", "x"};
  row.types = {kT, kN, kB, kF, kX, kE, kT};
  ASSERT_OK(writer->WriteRow(row));
  row.values = {" padded ", "1E+300", "0", "=A1", "#N/A", "was empty", "7"};
  row.types = {kT, kN, kB, kF, kX, kE, kT};
  ASSERT_OK(writer->WriteRow(row));
  row.values = {"a&b<c>", "0.1", "1", "2.5", "#REF!", "", ""};
  row.types.clear();  // all text
  ASSERT_OK(writer->WriteRow(row));
  ASSERT_OK(writer->Close());

  const std::string s = options.sheet_name;
  const auto n = [](double d) { return std::make_pair('n', std::to_string(d)); };
  const auto t = [](const std::string& v) { return std::make_pair('s', v); };
  CellMap expected = {
      {{s, 1, 0}, t("text")},       {{s, 1, 1}, t("number")},
      {{s, 1, 2}, t("boolean")},    {{s, 1, 3}, t("formula")},
      {{s, 1, 4}, t("error")},      {{s, 1, 5}, t("empty")},
      {{s, 1, 6}, t("untyped")},
      {{s, 2, 0}, t("0707123456")}, {{s, 2, 1}, n(-12.5)},
      {{s, 2, 2}, {'b', "true"}},   {{s, 2, 3}, n(3)},
      {{s, 2, 4}, t("#DIV/0!")},    {{s, 2, 6}, t("x")},
      {{s, 3, 0}, t(" padded ")},   {{s, 3, 1}, n(1e300)},
      {{s, 3, 2}, {'b', "false"}},  {{s, 3, 3}, t("=A1")},
      {{s, 3, 4}, t("#N/A")},       {{s, 3, 5}, t("was empty")},
      {{s, 3, 6}, t("7")},
      {{s, 4, 0}, t("a&b<c>")},     {{s, 4, 1}, t("0.1")},
      {{s, 4, 2}, t("1")},          {{s, 4, 3}, t("2.5")},
      {{s, 4, 4}, t("#REF!")},
  };
  EXPECT_EQ(OpenpyxlCells(path), expected);
  EXPECT_EQ(PandasCells(path), FirstSheet(expected));
  EXPECT_EQ(OracleCells(path), expected);
  EXPECT_EQ(ReadOnlyDimension(path), "A1:G4");
}

TEST(XlsxWrite, SeventyThousandRowsOpenInOpenpyxlAndPandas) {
  // Past 65,536 rows (the old .xls limit) and several buffer flushes.
  constexpr int kRows = 70000;
  const std::string path = Fixtures::scratch() + "/seventy_thousand.xlsx";
  CellMap expected;
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<RowWriter> writer,
                         OpenXlsxWriter(path));
    Row row;
    for (int i = 0; i < kRows; ++i) {
      const std::string phone = "0" + std::to_string(700000000 + i);
      row.values = {phone, std::to_string(i), i % 3 == 0 ? "true" : "false"};
      row.types = {kT, kN, kB};
      ASSERT_OK(writer->WriteRow(row));
      expected[{"", i + 1, 0}] = {'s', phone};
      expected[{"", i + 1, 1}] = {'n', std::to_string(double{1.0} * i)};
      expected[{"", i + 1, 2}] = {'b', i % 3 == 0 ? "true" : "false"};
    }
    ASSERT_OK(writer->Close());
  }
  EXPECT_EQ(FirstSheet(OpenpyxlCells(path)), expected);
  EXPECT_EQ(PandasCells(path), expected);
  EXPECT_EQ(ReadOnlyDimension(path), "A1:C70000");
}

TEST(XlsxWrite, UnicodeEmojiAndControlCharacters) {
  const std::string path = Fixtures::scratch() + "/unicode.xlsx";
  // (value, as openpyxl and pandas show it: they leave _xHHHH_ escapes as
  // they are).
  const std::vector<std::pair<std::string, std::string>> cells = {
      {"emoji 😀👍🏽🇨🇮", "emoji 😀👍🏽🇨🇮"},
      {"עברית العربية 中文 ελληνικά", "עברית العربية 中文 ελληνικά"},
      {"e\xCC\x81 combining", "e\xCC\x81 combining"},
      {"\x01start", "_x0001_start"},
      {"bell\x07 esc\x1b us\x1f", "bell_x0007_ esc_x001B_ us_x001F_"},
      {"cr\r\nlf\ttab", "cr_x000D_\nlf\ttab"},
      {"del\x7f kept", "del\x7f kept"},
      {"not a char \xEF\xBF\xBE \xEF\xBF\xBF", "not a char _xFFFE_ _xFFFF_"},
      {"private \xEF\xBF\xBD ok", "private \xEF\xBF\xBD ok"},
      {"literal _x0041_ and _x00", "literal _x005F_x0041_ and _x00"},
      {"<tag attr=\"v\"> & ]]>", "<tag attr=\"v\"> & ]]>"},
      {"\n", "\n"},
  };
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<RowWriter> writer,
                         OpenXlsxWriter(path));
    Row row;
    for (const auto& cell : cells) {
      row.values = {cell.first};
      ASSERT_OK(writer->WriteRow(row));
    }
    ASSERT_OK(writer->Close());
  }
  CellMap expected;
  for (size_t i = 0; i < cells.size(); ++i) {
    expected[{"", static_cast<int64_t>(i + 1), 0}] = {'s', cells[i].second};
  }
  EXPECT_EQ(FirstSheet(OpenpyxlCells(path)), expected);
  EXPECT_EQ(PandasCells(path), expected);
  // The reader decodes the escapes: every value comes back as written.
  XlsxReadOptions read;
  read.header = XlsxHeader::kAbsent;
  ASSERT_OK_AND_ASSIGN(std::vector<Row> rows, ReadFile(path, read));
  ASSERT_EQ(rows.size(), cells.size());
  for (size_t i = 0; i < cells.size(); ++i) {
    ExpectRow(rows[i], static_cast<int64_t>(i + 1), {cells[i].first}, {kT});
  }
  EXPECT_EQ(ReadOnlyDimension(path), "A1:A" + std::to_string(cells.size()));
}

// --------------------------------------------------------------------------
// Hostile files.

TEST(XlsxHostile, NotXlsx) {
  Status s = ReadStatus(Fixture("garbage.xlsx"));
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
  s = ReadStatus(Fixture("empty.xlsx"));
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
  s = ReadStatus(Fixture("ole.xlsx"));
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
  EXPECT_NE(s.message().find("legacy .xls"), std::string::npos) << s.ToString();
  s = ReadStatus(Fixture("not_xlsx.xlsx"));
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
  s = ReadStatus(Fixtures::dir() + "/does_not_exist.xlsx");
  EXPECT_EQ(s.code(), StatusCode::kNotFound) << s.ToString();
  EXPECT_EQ(ListXlsxSheets(Fixture("garbage.xlsx")).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(XlsxHostile, Truncated) {
  for (int frac : {10, 50, 90, 99}) {
    const std::string path = Fixture("truncated_" + std::to_string(frac) +
                                     ".xlsx");
    Status s = ReadStatus(path);
    EXPECT_EQ(s.code(), StatusCode::kDataLoss) << frac << " " << s.ToString();
  }
}

TEST(XlsxHostile, CorruptDeflateData) {
  Status s = ReadStatus(Fixture("corrupt_deflate.xlsx"));
  EXPECT_EQ(s.code(), StatusCode::kDataLoss) << s.ToString();
}

TEST(XlsxHostile, EntityExpansionRefused) {
  for (const char* name : {"laughs_sheet.xlsx", "laughs_shared.xlsx",
                           "laughs_workbook.xlsx"}) {
    Status s = ReadStatus(Fixture(name));
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << name << s.ToString();
    EXPECT_NE(s.message().find("DOCTYPE"), std::string::npos) << s.ToString();
  }
}

TEST(XlsxHostile, ZipBomb) {
  // 200 MiB of XML packed into 200 KB: the ratio limit stops it.
  Status s = ReadStatus(Fixture("bomb.xlsx"));
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted) << s.ToString();
  EXPECT_NE(s.message().find("declares more than 250 times"), std::string::npos)
      << s.ToString();
  // Without the ratio limit, the size limit.
  XlsxReadOptions options;
  options.max_compression_ratio = 1e9;
  options.max_part_bytes = 64 << 20;
  s = ReadStatus(Fixture("bomb.xlsx"), options);
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted) << s.ToString();
  EXPECT_NE(s.message().find("max_part_bytes"), std::string::npos)
      << s.ToString();
  // Headers that lie about the size: caught while inflating.
  s = ReadStatus(Fixture("bomb_lying.xlsx"));
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted) << s.ToString();
  EXPECT_NE(s.message().find("inflates to more than 250 times"),
            std::string::npos)
      << s.ToString();
}

TEST(XlsxHostile, Limits) {
  // Column ZZZ (18,278) is past XFD.
  Status s = ReadStatus(Fixture("too_wide.xlsx"));
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted) << s.ToString();
  XlsxReadOptions options;
  options.max_cells_per_row = 3;
  s = ReadStatus(Fixture("raw.xlsx"), options);
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted) << s.ToString();
  options = {};
  options.max_cell_bytes = 4;
  s = ReadStatus(Fixture("raw.xlsx"), options);
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted) << s.ToString();
  options = {};
  options.max_shared_strings_bytes = 20;
  s = ReadStatus(Fixture("raw.xlsx"), options);
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted) << s.ToString();
  EXPECT_NE(s.message().find("max_shared_strings_bytes"), std::string::npos);
  // 16,000 uses of one 500 KB shared string in a row.
  s = ReadStatus(Fixture("amplified.xlsx"));
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted) << s.ToString();
  EXPECT_NE(s.message().find("max_row_bytes"), std::string::npos)
      << s.ToString();
  // A 12 MB attribute: expat would buffer the whole tag.
  options = {};
  s = ReadStatus(Fixture("long_tag.xlsx"), options);
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted) << s.ToString();
}

}  // namespace
}  // namespace oracle
