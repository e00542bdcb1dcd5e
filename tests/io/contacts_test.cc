// Tests of table segmentation (include/oracle/contacts.h), of opening files
// by extension (include/oracle/io.h) and of round trips between formats.
#include "oracle/contacts.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/io_test_util.h"
#include "oracle/io.h"
#include "test_util.h"

namespace oracle {
namespace {

using ::oracle::testing::ReadAll;
using ::oracle::testing::ReadFile;
using ::oracle::testing::ReadRows;
using ::oracle::testing::TempDir;

Engine MakeEngine() {
  Result<Engine> e = Engine::Make();
  EXPECT_TRUE(e.ok());
  return std::move(e).value();
}

struct Outcome {
  Status status;
  TableSummary summary;
  std::vector<std::string> header;
  std::vector<Row> rows;
  std::vector<std::string> rejects_header;
  std::vector<Row> rejects;
};

// Segments `input` into `dir/out.<ext>` (+ rejects.csv) and reads both back.
Outcome Segment(const TempDir& dir, const std::string& input,
            const SegmentTableOptions& options,
            const std::string& out_ext = "jsonl") {
  Outcome run;
  const Engine engine = MakeEngine();
  const std::string out_path = dir.File("out." + out_ext);
  const std::string rejects_path = dir.File("rejects.csv");
  {
    Result<std::unique_ptr<RowReader>> in = OpenRowReader(input);
    if (!in.ok()) {
      run.status = in.status();
      return run;
    }
    Result<std::unique_ptr<RowWriter>> out = OpenRowWriter(out_path);
    Result<std::unique_ptr<RowWriter>> rejects = OpenRowWriter(rejects_path);
    EXPECT_OK(out);
    EXPECT_OK(rejects);
    Result<TableSummary> s =
        SegmentTable(engine, in->get(), out->get(), rejects->get(), options);
    EXPECT_OK((*out)->Close());
    EXPECT_OK((*rejects)->Close());
    if (!s.ok()) {
      run.status = s.status();
      return run;
    }
    run.summary = *s;
  }
  Result<std::unique_ptr<RowReader>> back = OpenRowReader(out_path);
  EXPECT_OK(back);
  if (back.ok()) {
    run.header = (*back)->header();
    ReadAll all = ReadRows(back->get());
    EXPECT_OK(all.status);
    run.rows = std::move(all.rows);
  }
  ReadOptions ro;
  ro.csv.header = HeaderMode::kPresent;
  Result<std::unique_ptr<RowReader>> rej = OpenRowReader(rejects_path, ro);
  EXPECT_OK(rej);
  if (rej.ok()) {
    run.rejects_header = (*rej)->header();
    run.rejects = ReadRows(rej->get()).rows;
  }
  return run;
}

std::map<std::string, std::string> AsMap(const std::vector<std::string>& header,
                                         const Row& row) {
  std::map<std::string, std::string> m;
  for (size_t i = 0; i < header.size() && i < row.values.size(); ++i) {
    m[header[i]] = row.values[i];
  }
  return m;
}

TEST(SegmentTable, EveryFieldEqualsEngineSegment) {
  TempDir dir;
  const std::vector<std::string> phones = {
      "07 07 12 34 56",  "+225 05 04 03 02 01", "+33 6 12 34 56 78",
      "0102030405",      "27 22 44 55 66",      "+1 650-253-0000 ext. 12",
      "hello",           "",                    "+225 07",
      "+800 1234 5678",  "tel:+225-07-07-12-34-56", "00 44 20 7946 0958",
      "+54 9 11 1234 5678", "+883 5100 1234 5678"};
  std::string csv = "name,phone,city\n";
  for (size_t i = 0; i < phones.size(); ++i) {
    csv += "n" + std::to_string(i) + ",\"" + phones[i] + "\",c\n";
  }
  const std::string input = dir.Write("in.csv", csv);
  SegmentTableOptions options;
  options.default_region = "CI";
  options.fields = SegmentTableFieldNames();
  options.num_threads = 2;
  options.chunk_rows = 5;  // several chunks
  Outcome run = Segment(dir, input, options);
  ASSERT_OK(run.status);
  ASSERT_EQ(run.rows.size(), phones.size());
  const Engine engine = MakeEngine();
  for (size_t i = 0; i < phones.size(); ++i) {
    SCOPED_TRACE(phones[i]);
    std::map<std::string, std::string> got = AsMap(run.header, run.rows[i]);
    EXPECT_EQ(got["name"], "n" + std::to_string(i));
    EXPECT_EQ(got["phone"], phones[i]);
    EXPECT_EQ(got["city"], "c");
    EXPECT_EQ(got["input"], phones[i]);
    Result<Segmentation> want = engine.Segment(phones[i], "CI");
    if (!want.ok()) {
      EXPECT_EQ(got["valid"], "false");
      EXPECT_EQ(got["e164"], "");
      EXPECT_EQ(got["error"], StatusCodeName(want.status().code()));
      EXPECT_EQ(got["error_message"], want.status().message());
      continue;
    }
    EXPECT_EQ(got["error"], "");
    EXPECT_EQ(got["valid"], want->valid ? "true" : "false");
    EXPECT_EQ(got["possible"], want->possible ? "true" : "false");
    EXPECT_EQ(got["e164"], want->e164);
    EXPECT_EQ(got["country_code"], std::to_string(want->country_code));
    EXPECT_EQ(got["region"], want->region);
    EXPECT_EQ(got["national_number"], want->national_number);
    EXPECT_EQ(got["ndc"], want->ndc);
    EXPECT_EQ(got["subscriber_number"], want->subscriber_number);
    EXPECT_EQ(got["type"], NumberTypeName(want->type));
    EXPECT_EQ(got["operator"], want->operator_name);
    EXPECT_EQ(got["extension"], want->extension);
    EXPECT_EQ(got["international"], want->international);
    EXPECT_EQ(got["national"], want->national);
    EXPECT_EQ(got["rfc3966"], want->rfc3966);
    EXPECT_EQ(got["possibility"], PossibilityName(want->possibility));
    EXPECT_EQ(got["portable"], want->portable ? "true" : "false");
    EXPECT_EQ(got["carrier_code"], want->carrier_code);
    EXPECT_EQ(got["country_code_source"],
              CountryCodeSourceName(want->country_code_source));
  }
  // Typed cells in JSON: booleans and numbers.
  const std::string first_line = ReadFile(dir.File("out.jsonl")).substr(
      0, ReadFile(dir.File("out.jsonl")).find('\n'));
  const nlohmann::json j = nlohmann::json::parse(first_line);
  EXPECT_TRUE(j["valid"].is_boolean());
  EXPECT_TRUE(j["country_code"].is_number());
  EXPECT_TRUE(j["e164"].is_string());
}

// The NDC is only looked for when "ndc" or "subscriber_number" is asked
// for: each of them alone, and the national number without them.
TEST(SegmentTable, NationalNumberFieldsWithAndWithoutTheNdc) {
  TempDir dir;
  const std::vector<std::string> phones = {"07 07 12 34 56", "+33 6 12 34 56 78",
                                           "27 22 44 55 66", "+1 650-253-0000"};
  std::string csv = "phone\n";
  for (const std::string& p : phones) csv += "\"" + p + "\"\n";
  const std::string input = dir.Write("in.csv", csv);
  const Engine engine = MakeEngine();
  for (const char* field : {"ndc", "subscriber_number", "national_number"}) {
    SCOPED_TRACE(field);
    SegmentTableOptions options;
    options.default_region = "CI";
    options.fields = {field};
    Outcome run = Segment(dir, input, options);
    ASSERT_OK(run.status);
    ASSERT_EQ(run.rows.size(), phones.size());
    for (size_t i = 0; i < phones.size(); ++i) {
      ASSERT_OK_AND_ASSIGN(Segmentation want, engine.Segment(phones[i], "CI"));
      const std::string got = AsMap(run.header, run.rows[i])[field];
      const std::string_view f = field;
      EXPECT_EQ(got, f == "ndc"                 ? want.ndc
                     : f == "subscriber_number" ? want.subscriber_number
                                                : want.national_number)
          << phones[i];
    }
  }
}

TEST(SegmentTable, RejectsSummaryAndDedupe) {
  TempDir dir;
  const std::string input = dir.Write(
      "in.csv",
      "name;phone;city\r\n"
      "Aya Kouam\xC3\xA9;07 07 12 34 56;Abidjan\r\n"
      "Bad;hello;X\r\n"
      "ragged;0102030405\r\n"
      "Dup;+2250707123456;Y\r\n"
      "Enc;05 05 05 05 0\xFF;Z\r\n"
      "Fran\xC3\xA7ois;+33 6 12 34 56 78;Paris \xC3\x89toile\r\n"
      "Short;+225 07;Q\r\n");
  SegmentTableOptions options;
  options.default_region = "ci";
  options.dedupe = true;
  Outcome run = Segment(dir, input, options, "csv");
  ASSERT_OK(run.status);
  const TableSummary& s = run.summary;
  EXPECT_EQ(s.phone_column, "phone");
  EXPECT_EQ(s.phone_column_index, 2);
  EXPECT_EQ(s.rows_read, 7);
  EXPECT_EQ(s.unreadable_rows, 2);  // ragged, invalid encoding
  EXPECT_EQ(s.duplicates, 1);
  EXPECT_EQ(s.rows_written, 4);
  EXPECT_EQ(s.valid, 2);
  EXPECT_EQ(s.invalid, 1);       // +225 07 parses but is not valid
  EXPECT_EQ(s.not_a_number, 1);  // hello
  EXPECT_EQ(s.rejects, 4);
  EXPECT_EQ(s.by_country.at("CI"), 2);
  EXPECT_EQ(s.by_country.at("FR"), 1);
  EXPECT_EQ(s.by_operator.at("Orange"), 1);
  EXPECT_EQ(s.by_operator.at("SFR"), 1);
  EXPECT_EQ(s.by_type.at("MOBILE"), 2);
  EXPECT_EQ(s.by_type.at("NOT_A_NUMBER"), 1);
  EXPECT_EQ(s.by_validity.at("valid"), 2);
  EXPECT_EQ(s.rejects_by_reason.at("wrong column count"), 1);
  EXPECT_EQ(s.rejects_by_reason.at("invalid encoding"), 1);
  EXPECT_EQ(s.rejects_by_reason.at("invalid number"), 2);
  // The output keeps the input's rows in order, first occurrence wins.
  ASSERT_EQ(run.rows.size(), 4u);
  EXPECT_EQ(run.rows[0].values[0], "Aya Kouamé");
  EXPECT_EQ(run.rows[1].values[0], "Bad");
  EXPECT_EQ(run.rows[2].values[0], "François");
  EXPECT_EQ(run.header,
            (std::vector<std::string>{"name", "phone", "city", "e164", "valid",
                                      "type", "region", "operator", "ndc",
                                      "subscriber_number"}));
  // Rejects: row number (physical line), reason, then the cells.
  EXPECT_EQ(run.rejects_header,
            (std::vector<std::string>{"row", "reason", "name", "phone", "city"}));
  ASSERT_EQ(run.rejects.size(), 4u);
  EXPECT_EQ(run.rejects[0].values[0], "3");
  EXPECT_EQ(run.rejects[0].values[1], "invalid number: NOT_A_NUMBER");
  EXPECT_EQ(run.rejects[1].values[0], "4");
  EXPECT_NE(run.rejects[1].values[1].find("wrong column count"),
            std::string::npos);
  EXPECT_EQ(run.rejects[1].values[2], "ragged");
  EXPECT_EQ(run.rejects[2].values[0], "6");
  EXPECT_NE(run.rejects[2].values[1].find("invalid UTF-8"), std::string::npos);
  EXPECT_EQ(run.rejects[3].values[0], "8");
  EXPECT_NE(run.rejects[3].values[1].find("not a valid number"),
            std::string::npos);
  // Text and JSON summaries carry the counts.
  EXPECT_NE(s.ToText().find("rejects: 4"), std::string::npos);
  const nlohmann::json js = nlohmann::json::parse(s.ToJson());
  EXPECT_EQ(js["duplicates"], 1);
  EXPECT_EQ(js["by_country"]["CI"], 2);
}

TEST(SegmentTable, NumericCellsAndTheLeadingZeroRule) {
  TempDir dir;
  const std::string input = dir.Write(
      "in.jsonl",
      "{\"name\":\"a\",\"phone\":707123456}\n"          // zero lost
      "{\"name\":\"b\",\"phone\":2250707123456}\n"      // E.164 digits
      "{\"name\":\"c\",\"phone\":7.07123456E+8}\n"      // scientific
      "{\"name\":\"d\",\"phone\":\"707123456\"}\n"      // text: untouched
      "{\"name\":\"e\",\"phone\":707123456.5}\n"        // not whole
      "{\"name\":\"f\",\"phone\":33612345678}\n");     // no zero needed
  SegmentTableOptions options;
  options.default_region = "CI";
  options.fields = {"e164", "valid", "note", "input"};
  Outcome run = Segment(dir, input, options);
  ASSERT_OK(run.status);
  ASSERT_EQ(run.rows.size(), 6u);
  auto field = [&](size_t row, const std::string& name) {
    return AsMap(run.header, run.rows[row])[name];
  };
  EXPECT_EQ(field(0, "e164"), "+2250707123456");
  EXPECT_NE(field(0, "note").find("leading zero restored"), std::string::npos);
  EXPECT_EQ(field(0, "phone"), "707123456");  // the cell itself untouched
  EXPECT_EQ(field(0, "input"), "707123456");
  EXPECT_EQ(run.rows[0].types[1], CellType::kNumber);
  EXPECT_EQ(field(1, "e164"), "+2250707123456");
  EXPECT_EQ(field(1, "note"), "");
  EXPECT_EQ(field(2, "e164"), "+2250707123456");
  EXPECT_EQ(field(3, "valid"), "false");
  EXPECT_EQ(field(3, "note"), "");
  EXPECT_EQ(field(4, "valid"), "false");
  EXPECT_EQ(field(5, "note"), "");
  EXPECT_EQ(run.summary.leading_zeros_restored, 2);

  // kAllCells also fixes the text cell; kNever fixes nothing.
  options.leading_zero = LeadingZeroRule::kAllCells;
  Outcome all = Segment(dir, input, options);
  EXPECT_EQ(all.summary.leading_zeros_restored, 3);
  options.leading_zero = LeadingZeroRule::kNever;
  Outcome never = Segment(dir, input, options);
  EXPECT_EQ(never.summary.leading_zeros_restored, 0);
  EXPECT_EQ(AsMap(never.header, never.rows[0])["valid"], "false");
  // No default region: no rule.
  options.leading_zero = LeadingZeroRule::kNumericCells;
  options.default_region = "";
  Outcome no_region = Segment(dir, input, options);
  EXPECT_EQ(no_region.summary.leading_zeros_restored, 0);
}

TEST(SegmentTable, ColumnByNameIndexOrDetection) {
  TempDir dir;
  const std::string with_header = dir.Write(
      "h.csv", "id,Numéro de téléphone,note\n1,0707123456,x\n2,0505050505,y\n");
  const std::string no_header =
      dir.Write("n.csv", "12,Aya,0707123456\n13,Ben,0505050505\n");
  SegmentTableOptions o;
  o.default_region = "CI";
  Outcome detected = Segment(dir, with_header, o);
  ASSERT_OK(detected.status);
  EXPECT_EQ(detected.summary.phone_column_index, 2);
  o.column = "NOTE";  // any case
  EXPECT_EQ(Segment(dir, with_header, o).summary.phone_column, "note");
  o.column = "2";
  EXPECT_EQ(Segment(dir, with_header, o).summary.phone_column_index, 2);
  o.column = "missing";
  Outcome missing = Segment(dir, with_header, o);
  EXPECT_EQ(missing.status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status.message().find("Numéro de téléphone"),
            std::string::npos);
  o.column = "9";
  EXPECT_EQ(Segment(dir, with_header, o).status.code(),
            StatusCode::kInvalidArgument);
  // No header: columns are column_1.. and the phone column is found from
  // the cells.
  o.column = "";
  Outcome by_content = Segment(dir, no_header, o);
  ASSERT_OK(by_content.status);
  EXPECT_EQ(by_content.summary.phone_column, "column_3");
  EXPECT_EQ(by_content.header[0], "column_1");
  EXPECT_EQ(AsMap(by_content.header, by_content.rows[1])["e164"],
            "+2250505050505");
}

TEST(SegmentTable, OptionsAndFieldLists) {
  EXPECT_OK(SegmentTableOptions::Defaults().Validate());
  SegmentTableOptions bad;
  bad.fields = {"e164", "nope"};
  EXPECT_EQ(bad.Validate().code(), StatusCode::kInvalidArgument);
  bad = SegmentTableOptions();
  bad.chunk_rows = 0;
  EXPECT_EQ(bad.Validate().code(), StatusCode::kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(auto f, ParseFieldList("e164, type,operator"));
  EXPECT_EQ(f, (std::vector<std::string>{"e164", "type", "operator"}));
  EXPECT_EQ(ParseFieldList("all")->size(), 23u);
  EXPECT_EQ(ParseFieldList("e164,,type").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_NE(ParseFieldList("e164,bogus").status().message().find("bogus"),
            std::string::npos);
  // An added field whose name the input already has gets a prefix.
  TempDir dir;
  const std::string input =
      dir.Write("in.csv", "phone,region\n0707123456,Sud\n");
  SegmentTableOptions o;
  o.default_region = "CI";
  o.fields = {"region"};
  Outcome run = Segment(dir, input, o);
  ASSERT_OK(run.status);
  EXPECT_EQ(run.header,
            (std::vector<std::string>{"phone", "region", "oracle_region"}));
  EXPECT_EQ(run.rows[0].values, (std::vector<std::string>{"0707123456", "Sud",
                                                          "CI"}));
}

TEST(SegmentTable, EmptyInputs) {
  TempDir dir;
  SegmentTableOptions o;
  o.default_region = "CI";
  Outcome empty = Segment(dir, dir.Write("empty.csv", ""), o, "csv");
  ASSERT_OK(empty.status);
  EXPECT_EQ(empty.summary.rows_read, 0);
  EXPECT_TRUE(empty.rows.empty());
  Outcome header_only =
      Segment(dir, dir.Write("h.csv", "name,phone\r\n"), o, "csv");
  ASSERT_OK(header_only.status);
  EXPECT_EQ(header_only.summary.phone_column, "phone");
  EXPECT_EQ(header_only.header.size(), 2u + o.fields.size());
}

TEST(FileFormats, FromExtensionsAndNames) {
  EXPECT_EQ(*FileFormatFromPath("a/b.CSV"), FileFormat::kCsv);
  EXPECT_EQ(*FileFormatFromPath("x.tsv"), FileFormat::kTsv);
  EXPECT_EQ(*FileFormatFromPath("x.xlsx"), FileFormat::kXlsx);
  EXPECT_EQ(*FileFormatFromPath("x.jsonl"), FileFormat::kJsonLines);
  EXPECT_EQ(*FileFormatFromPath("x.ndjson"), FileFormat::kJsonLines);
  EXPECT_EQ(*FileFormatFromPath("x.json"), FileFormat::kJson);
  EXPECT_FALSE(FileFormatFromPath("x.txt").ok());
  EXPECT_FALSE(FileFormatFromPath("noext").ok());
  EXPECT_FALSE(FileFormatFromPath("-").ok());
  EXPECT_EQ(OpenRowReader("-").status().code(), StatusCode::kInvalidArgument);
  WriteOptions wo;
  wo.format = FileFormat::kXlsx;
  EXPECT_EQ(OpenRowWriter("-", wo).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(*ParseFileFormat("JSONL"), FileFormat::kJsonLines);
  EXPECT_FALSE(ParseFileFormat("xml").ok());
}

// Copies every row of `from` to `to` (formats from the extensions).
void Copy(const std::string& from, const std::string& to) {
  ASSERT_OK_AND_ASSIGN(auto in, OpenRowReader(from));
  ASSERT_OK_AND_ASSIGN(auto out, OpenRowWriter(to));
  ASSERT_OK(out->WriteHeader(in->header()));
  ReadAll all = ReadRows(in.get());
  ASSERT_OK(all.status);
  for (const Row& r : all.rows) {
    ASSERT_OK(r.error);
    ASSERT_OK(out->WriteRow(r));
  }
  ASSERT_OK(out->Close());
}

ReadAll ReadPath(const std::string& path, std::vector<std::string>* header) {
  Result<std::unique_ptr<RowReader>> in = OpenRowReader(path);
  EXPECT_OK(in);
  if (!in.ok()) return ReadAll();
  *header = (*in)->header();
  return ReadRows(in->get());
}

TEST(RoundTrip, CsvToXlsxToCsvKeepsEveryCell) {
  TempDir dir;
  const std::string csv = dir.Write(
      "in.csv",
      "name,phone,note,amount\n"
      "\"Kouamé, Aya\",0707123456,\"two\nlines\",0012\n"
      "李小龙,+86 138 0013 8000,\"say \"\"hi\"\"\",1E5\n"
      "Zoë,,😀,\n"
      "  spaced  ,00225 27 22 44 55 66,=1+2,-0\n");
  Copy(csv, dir.File("mid.xlsx"));
  Copy(dir.File("mid.xlsx"), dir.File("back.csv"));
  std::vector<std::string> h1, h2;
  ReadAll a = ReadPath(csv, &h1);
  ReadAll b = ReadPath(dir.File("back.csv"), &h2);
  EXPECT_EQ(h1, h2);
  ASSERT_EQ(a.rows.size(), b.rows.size());
  for (size_t i = 0; i < a.rows.size(); ++i) {
    EXPECT_EQ(a.rows[i].values, b.rows[i].values) << "row " << i;
  }
}

TEST(RoundTrip, XlsxToJsonlToXlsxKeepsEveryCell) {
  TempDir dir;
  const std::string command = std::string(ORACLE_TEST_PYTHON) + " " +
                              ORACLE_CONTACTS_FIXTURES_SCRIPT + " make " +
                              dir.path();
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const std::string xlsx = dir.File("contacts.xlsx");
  Copy(xlsx, dir.File("mid.jsonl"));
  Copy(dir.File("mid.jsonl"), dir.File("back.xlsx"));
  std::vector<std::string> h1, h2;
  ReadAll a = ReadPath(xlsx, &h1);
  ReadAll b = ReadPath(dir.File("back.xlsx"), &h2);
  ASSERT_OK(a.status);
  ASSERT_OK(b.status);
  EXPECT_EQ(h1, (std::vector<std::string>{"Nom", "Mobile", "Ville", "Actif",
                                          "Score"}));
  EXPECT_EQ(h1, h2);
  ASSERT_EQ(a.rows.size(), 6u);
  ASSERT_EQ(a.rows.size(), b.rows.size());
  for (size_t i = 0; i < a.rows.size(); ++i) {
    SCOPED_TRACE("row " + std::to_string(i));
    ASSERT_EQ(a.rows[i].values.size(), b.rows[i].values.size());
    for (size_t c = 0; c < a.rows[i].values.size(); ++c) {
      // Numbers may be written differently ("12.5" / "12.5") but must be
      // the same number; everything else is identical.
      EXPECT_EQ(a.rows[i].types[c], b.rows[i].types[c]) << "col " << c;
      if (a.rows[i].types[c] == CellType::kNumber) {
        EXPECT_EQ(std::stod(a.rows[i].values[c]), std::stod(b.rows[i].values[c]));
      } else {
        EXPECT_EQ(a.rows[i].values[c], b.rows[i].values[c]) << "col " << c;
      }
    }
  }
  // Segmenting the workbook: the numeric cell lost its zero and gets it
  // back, reported; the second sheet is reachable by name.
  SegmentTableOptions o;
  o.default_region = "CI";
  o.fields = {"e164", "note"};
  Outcome run = Segment(dir, xlsx, o, "xlsx");
  ASSERT_OK(run.status);
  EXPECT_EQ(run.summary.phone_column, "Mobile");
  EXPECT_EQ(AsMap(run.header, run.rows[1])["e164"], "+2250707123457");
  EXPECT_NE(AsMap(run.header, run.rows[1])["note"].find("restored"),
            std::string::npos);
  EXPECT_EQ(AsMap(run.header, run.rows[2])["e164"], "+2250505050505");
  EXPECT_EQ(run.summary.leading_zeros_restored, 1);
  ReadOptions ro;
  ro.xlsx.sheet_name = "Autre";
  ASSERT_OK_AND_ASSIGN(auto other, OpenRowReader(xlsx, ro));
  EXPECT_EQ(other->header(), std::vector<std::string>{"numéro"});
}

}  // namespace
}  // namespace oracle
