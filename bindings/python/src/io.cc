#include "io.h"

#include <pybind11/stl.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine_object.h"
#include "errors.h"
#include "oracle/contacts.h"
#include "oracle/io.h"
#include "oracle/status.h"
#include "oracle/table.h"

namespace oracle::python {
namespace {

// A writer that drops every row: segment_file() without an output file.
class DiscardWriter : public RowWriter {
 public:
  Status WriteHeader(const std::vector<std::string>&) override {
    return Status::OK();
  }
  Status WriteRow(const Row&) override { return Status::OK(); }
  Status Close() override { return Status::OK(); }
};

void Check(const Status& status) {
  if (!status.ok()) ThrowStatus(status);
}

template <typename T>
T Value(Result<T>&& result) {
  if (!result.ok()) ThrowStatus(result.status());
  return std::move(result).value();
}

FileFormat Format(const std::string& name) {
  if (name.empty()) return FileFormat::kAuto;
  return Value(ParseFileFormat(name));
}

// Reading options shared by segment_file() and read_table(). `header`:
// -1 detect, 0 absent, 1 present. `delimiter`: "" to detect.
ReadOptions MakeReadOptions(const std::string& format,
                            const std::string& sheet_name, int sheet_index,
                            const std::string& encoding,
                            const std::string& delimiter, int header) {
  ReadOptions options;
  options.format = Format(format);
  options.xlsx.sheet_name = sheet_name;
  options.xlsx.sheet_index = sheet_index;
  options.csv.encoding = encoding;
  if (delimiter.size() > 1) {
    ThrowInvalidArgument("delimiter must be one character, not '" +
                         delimiter + "'");
  }
  options.csv.delimiter = delimiter.empty() ? 0 : delimiter[0];
  switch (header) {
    case 0:
      options.csv.header = HeaderMode::kAbsent;
      options.xlsx.header = XlsxHeader::kAbsent;
      break;
    case 1:
      options.csv.header = HeaderMode::kPresent;
      options.xlsx.header = XlsxHeader::kPresent;
      break;
    default:
      options.csv.header = HeaderMode::kDetect;
      options.xlsx.header = XlsxHeader::kDetect;
  }
  Check(options.Validate());
  return options;
}

WriteOptions MakeWriteOptions(const std::string& format,
                              const std::string& delimiter,
                              const std::string& sheet_name, bool bom) {
  WriteOptions options;
  options.format = Format(format);
  if (delimiter.size() > 1) {
    ThrowInvalidArgument("delimiter must be one character, not '" +
                         delimiter + "'");
  }
  if (!delimiter.empty()) {
    options.csv.delimiter = delimiter[0];
  } else if (options.format == FileFormat::kTsv) {
    options.csv.delimiter = '\t';
  }
  if (!sheet_name.empty()) options.xlsx.sheet_name = sheet_name;
  options.csv.write_bom = bom;
  Check(options.Validate());
  return options;
}

py::dict Counts(const std::map<std::string, int64_t>& counts) {
  py::dict d;
  for (const auto& [key, value] : counts) d[py::str(key)] = value;
  return d;
}

py::dict SummaryDict(const TableSummary& s) {
  py::dict d;
  d["phone_column"] = s.phone_column;
  d["phone_column_index"] = s.phone_column_index;
  d["rows_read"] = s.rows_read;
  d["rows_written"] = s.rows_written;
  d["unreadable_rows"] = s.unreadable_rows;
  d["valid"] = s.valid;
  d["invalid"] = s.invalid;
  d["not_a_number"] = s.not_a_number;
  d["duplicates"] = s.duplicates;
  d["leading_zeros_restored"] = s.leading_zeros_restored;
  d["rejects"] = s.rejects;
  d["by_country"] = Counts(s.by_country);
  d["by_operator"] = Counts(s.by_operator);
  d["by_type"] = Counts(s.by_type);
  d["by_validity"] = Counts(s.by_validity);
  d["rejects_by_reason"] = Counts(s.rejects_by_reason);
  d["seconds"] = s.seconds;
  d["text"] = s.ToText();
  return d;
}

py::dict SegmentFile(const EngineObject& engine, const std::string& input,
                     const std::optional<std::string>& output,
                     const std::optional<std::string>& rejects,
                     const std::string& column, const std::string& region,
                     const std::optional<std::string>& fields, bool dedupe,
                     const std::string& leading_zero, int threads,
                     size_t chunk_rows, const std::string& format,
                     const std::string& sheet_name, int sheet_index,
                     const std::string& encoding, const std::string& delimiter,
                     int header, const std::string& output_format,
                     const std::string& output_delimiter,
                     const std::string& output_sheet, bool bom) {
  SegmentTableOptions options;
  options.column = column;
  if (!engine.AcceptsRegion(region)) {
    ThrowInvalidArgument("unsupported region '" + region +
                         "': expected an ISO 3166 code of the metadata such "
                         "as 'CI', 'FR' or 'US' (any case), or None");
  }
  options.default_region = region;
  if (fields.has_value()) options.fields = Value(ParseFieldList(*fields));
  options.dedupe = dedupe;
  if (leading_zero == "numeric") {
    options.leading_zero = LeadingZeroRule::kNumericCells;
  } else if (leading_zero == "all") {
    options.leading_zero = LeadingZeroRule::kAllCells;
  } else if (leading_zero == "never") {
    options.leading_zero = LeadingZeroRule::kNever;
  } else {
    ThrowInvalidArgument("leading_zero must be 'numeric', 'all' or 'never', "
                         "not '" + leading_zero + "'");
  }
  options.num_threads = threads;
  options.chunk_rows = chunk_rows;
  Check(options.Validate());
  const ReadOptions read = MakeReadOptions(format, sheet_name, sheet_index,
                                           encoding, delimiter, header);
  const WriteOptions write =
      MakeWriteOptions(output_format, output_delimiter, output_sheet, bom);
  WriteOptions rejects_write = write;
  rejects_write.format = FileFormat::kAuto;  // from the rejects file's name

  Result<TableSummary> summary = Status::Internal("not run");
  {
    py::gil_scoped_release release;
    summary = [&]() -> Result<TableSummary> {
      ORACLE_ASSIGN_OR_RAISE(std::unique_ptr<RowReader> in,
                             OpenRowReader(input, read));
      std::unique_ptr<RowWriter> out;
      if (output.has_value()) {
        ORACLE_ASSIGN_OR_RAISE(out, OpenRowWriter(*output, write));
      } else {
        out = std::make_unique<DiscardWriter>();
      }
      std::unique_ptr<RowWriter> rejects_out;
      if (rejects.has_value()) {
        ORACLE_ASSIGN_OR_RAISE(rejects_out,
                               OpenRowWriter(*rejects, rejects_write));
      }
      ORACLE_ASSIGN_OR_RAISE(
          TableSummary s, SegmentTable(engine.engine(), in.get(), out.get(),
                                       rejects_out.get(), options));
      ORACLE_RETURN_NOT_OK(out->Close());
      if (rejects_out) ORACLE_RETURN_NOT_OK(rejects_out->Close());
      return s;
    }();
  }
  return SummaryDict(Value(std::move(summary)));
}

// ---------------------------------------------------------------------------
// read_table()

// An Arrow utf8 column under construction.
struct TextBuilder {
  std::string data;
  std::vector<int32_t> offsets{0};
  std::vector<uint8_t> validity;
  size_t length = 0;
  size_t nulls = 0;

  void Append(std::string_view value) {
    if ((length & 7) == 0) validity.push_back(0);
    validity[length >> 3] |= static_cast<uint8_t>(1u << (length & 7));
    data.append(value);
    offsets.push_back(static_cast<int32_t>(data.size()));
    ++length;
  }
  void AppendNull() {
    if ((length & 7) == 0) validity.push_back(0);
    offsets.push_back(static_cast<int32_t>(data.size()));
    ++length;
    ++nulls;
  }
};

struct TableChunk {
  size_t rows = 0;
  std::vector<int64_t> row_numbers;
  TextBuilder errors;
  std::vector<TextBuilder> columns;
};

// Rows per chunk, and bytes of one column's text per chunk (Arrow's utf8
// has 32-bit offsets).
constexpr size_t kReadChunkRows = size_t{1} << 20;
constexpr size_t kReadChunkBytes = size_t{1} << 30;

py::bytes Bytes(const void* data, size_t size) {
  return py::bytes(static_cast<const char*>(data), size);
}

py::tuple TextToPython(const TextBuilder& b) {
  return py::make_tuple(
      b.nulls,
      b.nulls > 0 ? py::object(Bytes(b.validity.data(), b.validity.size()))
                  : py::object(py::none()),
      Bytes(b.offsets.data(), b.offsets.size() * sizeof(int32_t)),
      Bytes(b.data.data(), b.data.size()));
}

py::tuple ReadTable(const std::string& path, const std::string& format,
                    const std::string& sheet_name, int sheet_index,
                    const std::string& encoding, const std::string& delimiter,
                    int header) {
  const ReadOptions options = MakeReadOptions(format, sheet_name, sheet_index,
                                              encoding, delimiter, header);
  std::vector<std::string> names;
  std::vector<TableChunk> chunks;
  Status failed;
  {
    py::gil_scoped_release release;
    failed = [&]() -> Status {
      ORACLE_ASSIGN_OR_RAISE(std::unique_ptr<RowReader> in,
                             OpenRowReader(path, options));
      names = in->header();
      const size_t named = names.size();
      Row row;
      chunks.emplace_back();
      while (true) {
        ORACLE_ASSIGN_OR_RAISE(bool more, in->Next(&row));
        if (!more) break;
        TableChunk* chunk = &chunks.back();
        bool full = chunk->rows >= kReadChunkRows;
        for (const TextBuilder& c : chunk->columns) {
          if (c.data.size() > kReadChunkBytes) full = true;
        }
        if (full) {
          chunks.emplace_back();
          chunk = &chunks.back();
        }
        // Columns past the header (or without one) get a name when first
        // seen; earlier rows of the chunk are null there.
        while (names.size() < row.values.size()) {
          names.push_back("column_" + std::to_string(names.size() + 1));
        }
        (void)named;
        while (chunk->columns.size() < names.size()) {
          TextBuilder& added = chunk->columns.emplace_back();
          for (size_t i = 0; i < chunk->rows; ++i) added.AppendNull();
        }
        for (size_t c = 0; c < chunk->columns.size(); ++c) {
          if (c < row.values.size() && row.types[c] != CellType::kEmpty) {
            chunk->columns[c].Append(row.values[c]);
          } else {
            chunk->columns[c].AppendNull();
          }
        }
        chunk->row_numbers.push_back(row.number);
        if (row.error.ok()) {
          chunk->errors.AppendNull();
        } else {
          std::string message(StatusCodeName(row.error.code()));
          if (!row.error.message().empty()) {
            message += ": ";
            message += row.error.message();
          }
          chunk->errors.Append(message);
        }
        ++chunk->rows;
      }
      return Status::OK();
    }();
  }
  Check(failed);
  py::list out_chunks;
  for (const TableChunk& chunk : chunks) {
    py::list columns;
    for (const TextBuilder& c : chunk.columns) columns.append(TextToPython(c));
    out_chunks.append(py::make_tuple(
        chunk.rows,
        Bytes(chunk.row_numbers.data(),
              chunk.row_numbers.size() * sizeof(int64_t)),
        TextToPython(chunk.errors), columns));
  }
  py::list out_names;
  for (const std::string& name : names) out_names.append(py::str(name));
  return py::make_tuple(out_names, out_chunks);
}

// ---------------------------------------------------------------------------
// write_table()

// One Arrow string column to write: (offset, validity or None, offsets,
// data), int32 offsets.
struct ColumnSource {
  py::buffer_info validity;
  bool has_validity = false;
  py::buffer_info offsets;
  py::buffer_info data;
  size_t offset = 0;
  CellType type = CellType::kText;

  bool IsNull(size_t row) const {
    if (!has_validity) return false;
    const size_t k = offset + row;
    const auto* bits = static_cast<const uint8_t*>(validity.ptr);
    return !((bits[k >> 3] >> (k & 7)) & 1);
  }
  std::string_view Value(size_t row) const {
    const auto* o = static_cast<const int32_t*>(offsets.ptr) + offset + row;
    return std::string_view(static_cast<const char*>(data.ptr) + o[0],
                            static_cast<size_t>(o[1] - o[0]));
  }
};

size_t ByteSize(const py::buffer_info& b) {
  return static_cast<size_t>(b.size) * static_cast<size_t>(b.itemsize);
}

int64_t WriteTable(const std::string& path,
                   const std::vector<std::string>& names,
                   const py::list& columns, const std::vector<int>& types,
                   size_t rows, bool write_header, const std::string& format,
                   const std::string& delimiter, const std::string& sheet_name,
                   bool bom) {
  const WriteOptions options =
      MakeWriteOptions(format, delimiter, sheet_name, bom);
  if (columns.size() != names.size() || types.size() != names.size()) {
    ThrowInvalidArgument("names, columns and types differ in length");
  }
  std::vector<ColumnSource> sources(names.size());
  for (size_t c = 0; c < names.size(); ++c) {
    const py::tuple column = columns[c].cast<py::tuple>();
    ColumnSource& s = sources[c];
    s.offset = column[0].cast<size_t>();
    if (!column[1].is_none()) {
      s.validity = py::reinterpret_borrow<py::buffer>(column[1]).request();
      s.has_validity = true;
    }
    s.offsets = py::reinterpret_borrow<py::buffer>(column[2]).request();
    s.data = py::reinterpret_borrow<py::buffer>(column[3]).request();
    if (types[c] < 0 || types[c] > static_cast<int>(CellType::kError)) {
      ThrowInvalidArgument("bad cell type");
    }
    s.type = static_cast<CellType>(types[c]);
    // Buffers consistent with the rows: every offset within the data.
    if (ByteSize(s.offsets) < (s.offset + rows + 1) * sizeof(int32_t) ||
        (s.has_validity && ByteSize(s.validity) * 8 < s.offset + rows)) {
      ThrowInvalidArgument("column buffers too small for the table");
    }
    const auto* o = static_cast<const int32_t*>(s.offsets.ptr) + s.offset;
    for (size_t r = 0; r < rows; ++r) {
      if (o[r] < 0 || o[r + 1] < o[r] ||
          static_cast<size_t>(o[r + 1]) > ByteSize(s.data)) {
        ThrowInvalidArgument("column offsets out of bounds");
      }
    }
  }
  int64_t written = 0;
  Status failed;
  {
    py::gil_scoped_release release;
    failed = [&]() -> Status {
      ORACLE_ASSIGN_OR_RAISE(std::unique_ptr<RowWriter> out,
                             OpenRowWriter(path, options));
      if (write_header) ORACLE_RETURN_NOT_OK(out->WriteHeader(names));
      Row row;
      row.values.resize(names.size());
      row.types.resize(names.size());
      for (size_t r = 0; r < rows; ++r) {
        for (size_t c = 0; c < sources.size(); ++c) {
          const ColumnSource& s = sources[c];
          if (s.IsNull(r)) {
            row.values[c].clear();
            row.types[c] = CellType::kEmpty;
          } else {
            row.values[c].assign(s.Value(r));
            row.types[c] = s.type;
          }
        }
        row.number = static_cast<int64_t>(r) + 1;
        Status s = out->WriteRow(row);
        if (!s.ok()) {
          return Status(s.code(), "row " + std::to_string(r) + ": " +
                                      std::string(s.message()));
        }
        ++written;
      }
      return out->Close();
    }();
  }
  Check(failed);
  return written;
}

std::vector<std::string> ListSheets(const std::string& path) {
  Result<std::vector<std::string>> sheets = Status::Internal("not run");
  {
    py::gil_scoped_release release;
    sheets = ListXlsxSheets(path);
  }
  return Value(std::move(sheets));
}

}  // namespace

void RegisterIo(py::module_& m) {
  m.def("_segment_file", &SegmentFile, py::arg("engine"), py::arg("input"),
        py::arg("output"), py::arg("rejects"), py::kw_only(),
        py::arg("column"), py::arg("region"), py::arg("fields"),
        py::arg("dedupe"), py::arg("leading_zero"), py::arg("threads"),
        py::arg("chunk_rows"), py::arg("format"), py::arg("sheet_name"),
        py::arg("sheet_index"), py::arg("encoding"), py::arg("delimiter"),
        py::arg("header"), py::arg("output_format"),
        py::arg("output_delimiter"), py::arg("output_sheet"), py::arg("bom"),
        "Segments a contact file (use oracle.segment_file).");
  m.def("_read_table", &ReadTable, py::arg("path"), py::kw_only(),
        py::arg("format"), py::arg("sheet_name"), py::arg("sheet_index"),
        py::arg("encoding"), py::arg("delimiter"), py::arg("header"),
        "Reads a table file (use oracle.read_table).");
  m.def("_write_table", &WriteTable, py::arg("path"), py::arg("names"),
        py::arg("columns"), py::arg("types"), py::arg("rows"), py::kw_only(),
        py::arg("write_header"), py::arg("format"), py::arg("delimiter"),
        py::arg("sheet_name"), py::arg("bom"),
        "Writes a table file (use oracle.write_table).");
  m.def("_list_sheets", &ListSheets, py::arg("path"),
        "The sheet names of an XLSX workbook (use oracle.list_sheets).");
}

}  // namespace oracle::python
