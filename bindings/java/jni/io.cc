// Contact files from Java: Engine.segmentFile over oracle::SegmentTable
// (contacts.h) with the readers and writers of io.h.
//
// One call opens the input, the output and the optional rejects table,
// segments every row on the engine's batch path and closes the writers;
// the summary comes back as plain Java arrays (Summary layout below,
// shared with NativeMethods.java, constants SUMMARY_*), from which the Java
// side builds an immutable FileSummary. Failures (a missing file, a corrupt
// workbook, a phone column that cannot be found, an invalid option) throw
// an OracleException with the library's code and message.
#include <jni.h>

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "jni_common.h"
#include "native_tables.h"
#include "oracle/contacts.h"
#include "oracle/engine.h"
#include "oracle/io.h"
#include "oracle/status.h"

namespace oracle::jni {
namespace {

// The long[] of counts in the summary, in this order.
enum Count : int {
  kCountPhoneColumnIndex = 0,
  kCountRowsRead,
  kCountRowsWritten,
  kCountUnreadable,
  kCountValid,
  kCountInvalid,
  kCountNotANumber,
  kCountDuplicates,
  kCountLeadingZeros,
  kCountRejects,
  kCountSize
};

// The Object[] summary: String phone column, long[] counts, double[]
// {seconds}, then (String[] keys, long[] values) for the counts by
// country, operator, type, validity and rejects by reason.
enum Summary : int {
  kSummaryPhoneColumn = 0,
  kSummaryCounts,
  kSummarySeconds,
  kSummaryByCountry,  // keys; values at + 1
  kSummaryByOperator = kSummaryByCountry + 2,
  kSummaryByType = kSummaryByOperator + 2,
  kSummaryByValidity = kSummaryByType + 2,
  kSummaryRejectsByReason = kSummaryByValidity + 2,
  kSummarySize = kSummaryRejectsByReason + 2
};

void SetCounts(JNIEnv* env, jobjectArray out, int slot,
               const std::map<std::string, int64_t>& counts) {
  std::vector<std::string> keys;
  std::vector<int64_t> values;
  for (const auto& [key, value] : counts) {
    keys.push_back(key);
    values.push_back(value);
  }
  SetSlot(env, out, slot, NewStringArray(env, keys));
  SetSlot(env, out, slot + 1, NewLongArray(env, values));
}

FileFormat FormatOf(jint value, const char* what) {
  if (value < static_cast<jint>(FileFormat::kAuto) ||
      value > static_cast<jint>(FileFormat::kJson)) {
    ThrowIllegalArgument(what);
  }
  return static_cast<FileFormat>(value);
}

// Segments the contact file `input` into `output` (Engine.segmentFile; the
// Java side has checked the arguments that it can). `fields` is a
// comma-separated list (null: the default fields); `delimiter` and
// `output_delimiter` are 0 for "detect" / "the input's"; `header` is
// oracle::HeaderMode; `leading_zero` oracle::LeadingZeroRule.
jobjectArray SegmentFile(JNIEnv* env, jclass, jlong handle, jstring input,
                         jstring output, jstring rejects, jstring column,
                         jstring region, jstring fields, jboolean dedupe,
                         jint threads, jint leading_zero, jint input_format,
                         jint output_format, jstring sheet_name,
                         jint sheet_index, jstring encoding, jchar delimiter,
                         jint header, jchar output_delimiter,
                         jint chunk_rows) {
  return Guarded<Api::kEngine>(env, jobjectArray{nullptr}, [&] {
    const Engine& engine = EngineFromHandle(handle);
    if (input == nullptr || output == nullptr) {
      throw JavaThrow{g_classes.null_pointer_exception,
                      "input or output is null"};
    }
    if (delimiter > 0x7f || output_delimiter > 0x7f) {
      throw StatusThrow{
          Status::InvalidArgument("delimiter: must be an ASCII character")};
    }
    if (header < 0 || header > 2 || leading_zero < 0 || leading_zero > 2 ||
        threads < 0 || chunk_rows <= 0 || sheet_index < 0) {
      throw JavaThrow{g_classes.illegal_argument_exception,
                      "file option out of range"};
    }
    const std::string in_path = ReadString(env, input, "input");
    const std::string out_path = ReadString(env, output, "output");
    const std::string rejects_path = ReadOptionalString(env, rejects);

    SegmentTableOptions table;
    table.column = ReadOptionalString(env, column);
    table.default_region = ReadOptionalString(env, region);
    if (fields != nullptr) {
      table.fields =
          ValueOrThrow(ParseFieldList(ReadString(env, fields, "fields")));
    }
    table.dedupe = dedupe == JNI_TRUE;
    table.num_threads = threads;
    table.leading_zero = static_cast<LeadingZeroRule>(leading_zero);
    table.chunk_rows = static_cast<size_t>(chunk_rows);
    if (Status s = table.Validate(); !s.ok()) throw StatusThrow{s};
    if (!table.default_region.empty() &&
        engine.CountryCodeForRegion(table.default_region) == 0 &&
        table.default_region != "ZZ" && table.default_region != "zz") {
      throw StatusThrow{Status::InvalidArgument(
          "region: unknown region '" + table.default_region +
          "' (use an ISO 3166 code such as CI)")};
    }

    ReadOptions in_options;
    in_options.format = FormatOf(input_format, "bad input format");
    if (in_options.format == FileFormat::kAuto) {
      in_options.format = ValueOrThrow(FileFormatFromPath(in_path));
    }
    in_options.csv.encoding = ReadOptionalString(env, encoding);
    in_options.csv.delimiter = static_cast<char>(delimiter);
    in_options.csv.header = static_cast<HeaderMode>(header);
    in_options.xlsx.header = header == 1   ? XlsxHeader::kPresent
                             : header == 2 ? XlsxHeader::kAbsent
                                           : XlsxHeader::kDetect;
    in_options.xlsx.sheet_name = ReadOptionalString(env, sheet_name);
    in_options.xlsx.sheet_index = sheet_index;
    if (Status s = in_options.Validate(); !s.ok()) throw StatusThrow{s};

    WriteOptions out_options;
    out_options.format = FormatOf(output_format, "bad output format");
    if (out_options.format == FileFormat::kAuto) {
      out_options.format = ValueOrThrow(FileFormatFromPath(out_path));
    }
    if (!rejects_path.empty()) ValueOrThrow(FileFormatFromPath(rejects_path));

    std::unique_ptr<RowReader> reader =
        ValueOrThrow(OpenRowReader(in_path, in_options));
    if (output_delimiter != 0) {
      out_options.csv.delimiter = static_cast<char>(output_delimiter);
    } else if (const CsvDialect* dialect = GetCsvDialect(*reader);
               dialect != nullptr &&
               out_options.format == FileFormat::kCsv) {
      out_options.csv.delimiter = dialect->delimiter;  // CSV keeps its own
    }
    if (Status s = out_options.Validate(); !s.ok()) throw StatusThrow{s};
    std::unique_ptr<RowWriter> writer =
        ValueOrThrow(OpenRowWriter(out_path, out_options));
    std::unique_ptr<RowWriter> rejects_writer;
    if (!rejects_path.empty()) {
      rejects_writer = ValueOrThrow(OpenRowWriter(rejects_path));
    }

    Result<TableSummary> summary = SegmentTable(
        engine, reader.get(), writer.get(), rejects_writer.get(), table);
    // Close both writers whatever happened: what was written stays.
    const Status closed = writer->Close();
    const Status rejects_closed =
        rejects_writer != nullptr ? rejects_writer->Close() : Status::OK();
    if (!summary.ok()) throw StatusThrow{summary.status()};
    if (!closed.ok()) throw StatusThrow{closed};
    if (!rejects_closed.ok()) throw StatusThrow{rejects_closed};

    const TableSummary& t = *summary;
    std::vector<int64_t> counts(kCountSize);
    counts[kCountPhoneColumnIndex] = t.phone_column_index;
    counts[kCountRowsRead] = t.rows_read;
    counts[kCountRowsWritten] = t.rows_written;
    counts[kCountUnreadable] = t.unreadable_rows;
    counts[kCountValid] = t.valid;
    counts[kCountInvalid] = t.invalid;
    counts[kCountNotANumber] = t.not_a_number;
    counts[kCountDuplicates] = t.duplicates;
    counts[kCountLeadingZeros] = t.leading_zeros_restored;
    counts[kCountRejects] = t.rejects;

    jobjectArray out = env->NewObjectArray(kSummarySize, g_classes.object,
                                           nullptr);
    if (out == nullptr) throw JavaExceptionPending{};
    SetSlot(env, out, kSummaryPhoneColumn, NewJavaString(env, t.phone_column));
    SetSlot(env, out, kSummaryCounts, NewLongArray(env, counts));
    jdoubleArray seconds = env->NewDoubleArray(1);
    if (seconds == nullptr) throw JavaExceptionPending{};
    const jdouble s = t.seconds;
    env->SetDoubleArrayRegion(seconds, 0, 1, &s);
    CheckJava(env);
    SetSlot(env, out, kSummarySeconds, seconds);
    SetCounts(env, out, kSummaryByCountry, t.by_country);
    SetCounts(env, out, kSummaryByOperator, t.by_operator);
    SetCounts(env, out, kSummaryByType, t.by_type);
    SetCounts(env, out, kSummaryByValidity, t.by_validity);
    SetCounts(env, out, kSummaryRejectsByReason, t.rejects_by_reason);
    return out;
  });
}

// The names SegmentFileOptions.fields accepts, in the library's order.
jobjectArray FileFieldNames(JNIEnv* env, jclass) {
  return Guarded<Api::kEngine>(env, jobjectArray{nullptr}, [&] {
    return NewStringArray(env, SegmentTableFieldNames());
  });
}

#define ORACLE_JNI_METHOD(name, signature, fn) \
  {const_cast<char*>(name), const_cast<char*>(signature), \
   reinterpret_cast<void*>(fn)}

const JNINativeMethod kFileMethods[] = {
    ORACLE_JNI_METHOD("segmentFile",
                      "(JLjava/lang/String;Ljava/lang/String;Ljava/lang/String;"
                      "Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;"
                      "ZIIIILjava/lang/String;ILjava/lang/String;CICI)"
                      "[Ljava/lang/Object;",
                      SegmentFile),
    ORACLE_JNI_METHOD("fileFieldNames", "()[Ljava/lang/String;",
                      FileFieldNames),
};

#undef ORACLE_JNI_METHOD

}  // namespace

std::span<const JNINativeMethod> FileMethods() { return kFileMethods; }

}  // namespace oracle::jni
