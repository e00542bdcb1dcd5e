// Engine: compiled phone-number metadata and the segmentation of numbers.
//
// An Engine turns text as people type it ("07 07 12 34 56", "+225 0707123456",
// "00225-07.07.12.34.56 ext. 12", "tel:+225-07-07-12-34-56", full-width or
// Arabic-Indic digits, vanity letters) into a Segmentation. Its answers are
// those of Google's libphonenumber for the same metadata version (see
// Engine::metadata_version()); the metadata is compiled ahead of time into
// automata, so no regular expression is evaluated while segmenting.
//
// Example:
//
//   #include "oracle/oracle.h"
//
//   oracle::Result<oracle::Engine> engine = oracle::Engine::Make();
//   if (!engine.ok()) { /* engine.status() says why */ }
//   oracle::Result<oracle::Segmentation> seg =
//       engine->Segment("07 07 12 34 56", "CI");
//   if (seg.ok()) {
//     std::cout << seg->e164 << " " << seg->operator_name << "\n";
//     // +2250707123456 Orange
//   } else {
//     // seg.status().code() is e.g. StatusCode::kNotANumber
//   }
//
// Text that cannot be read as a number (libphonenumber's parse() raising)
// gives a failed Result whose code is one of kNotANumber,
// kInvalidCountryCode, kTooShortAfterIdd, kTooShortNsn, kTooLong. A number
// that parses but is invalid is a successful Result with valid == false.
//
// Speed: after its first few dozen calls, an engine segments the common
// forms of a number (digits and the usual punctuation, possibly after a
// label or before an extension) on precomputed per-region tables, the ones
// BatchSegmenter uses, built once (about 10 ms) and shared by its copies;
// other text takes libphonenumber's steps one by one. Both give the same
// answers, field by field (tested on a million mixed inputs).
//
// Thread safety: an Engine is immutable once made. All const methods may be
// called concurrently from any number of threads. Copying an Engine is cheap
// (it shares the compiled metadata) and the copies stay valid independently.
// Each thread that segments keeps about 66 KB of working space for each of
// the last four engines it used (thread-local, freed when the thread ends).
#ifndef ORACLE_ENGINE_H_
#define ORACLE_ENGINE_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "oracle/export.h"
#include "oracle/result.h"
#include "oracle/segmentation.h"
#include "oracle/status.h"

namespace oracle {

// A user operator rule: numbers whose E.164 digits (without '+') start with
// `prefix` get `operator_name`. The longest matching rule wins and overrides
// the built-in data (flag kFlagUserOperatorRule).
struct OperatorRule {
  std::string prefix;         // e.g. "2250747"
  std::string operator_name;  // e.g. "Orange CI"
};

// Per-region override of the "portable" flag.
struct PortabilityOverride {
  std::string region;  // ISO code, e.g. "CI"
  bool portable = true;
};

struct EngineOptions {
  // Metadata blob to load instead of the embedded one (a file written by
  // tools/metadata/compile.py, possibly for a newer libphonenumber). Empty:
  // the embedded blob.
  std::string metadata_path;

  // With no default region, read a leading "00" as the international prefix
  // ("00225..." as "+225..."). libphonenumber refuses such input; results
  // that used it carry kFlagLenientDoubleZero.
  bool lenient_double_zero = false;

  // Read an 8-digit Côte d'Ivoire number of the plan in force before
  // 31 January 2021 as its 10-digit successor (mobile 0x -> 07/05/01 by
  // operator, fixed 2x -> 27/25/21); such results carry
  // kFlagCiLegacyMigrated. See docs/beyond-libphonenumber.md.
  bool migrate_ci_legacy = false;

  // Give Côte d'Ivoire fixed lines their original operator (27 Orange,
  // 25 MTN, 21 Moov); libphonenumber has no carrier data for them. Results
  // carry kFlagCiFixedLineOperator.
  bool ci_fixed_line_operators = false;

  // Operator rules that override the built-in data (see also
  // LoadOperatorRulesCsv()).
  std::vector<OperatorRule> operator_rules;

  // Portability per region: applied on top of libphonenumber's
  // mobile_number_portable_region flags. The default marks Côte d'Ivoire
  // portable (number portability since 2018).
  std::vector<PortabilityOverride> portability = {{"CI", true}};

  // Returns OK or INVALID_ARGUMENT naming the bad field.
  Status Validate() const;
  static EngineOptions Defaults() { return EngineOptions(); }
};

// Reads operator rules from CSV text: one rule per line, "prefix,operator",
// an optional header line "prefix,operator", '#' comments, blank lines
// ignored; the prefix may start with '+' and may contain spaces, dashes and
// dots. Fails with INVALID_ARGUMENT naming the line for a bad line.
ORACLE_EXPORT Result<std::vector<OperatorRule>> ParseOperatorRulesCsv(
    std::string_view csv_text);
// As ParseOperatorRulesCsv, from a file (IO_ERROR when unreadable).
ORACLE_EXPORT Result<std::vector<OperatorRule>> LoadOperatorRulesCsv(
    const std::string& path);

class BatchSegmenter;

class ORACLE_EXPORT Engine {
 public:
  // Compiles the engine. Fails when the options are invalid or the metadata
  // file cannot be read or is corrupt.
  static Result<Engine> Make(const EngineOptions& options = EngineOptions());

  // Segments one number. `default_region` (ISO 3166 alpha-2, any case; "" or
  // "ZZ" for none) is used when the text is not in international format.
  // `fields` selects the optional string fields (SegmentField bits).
  Result<Segmentation> Segment(std::string_view text,
                               std::string_view default_region = {},
                               uint32_t fields = kFieldAll) const;

  // As Segment(), filling `*out` (whose string buffers are reused: no
  // allocation in a loop once they have grown). On failure `*out` is
  // unspecified.
  Status SegmentInto(std::string_view text, std::string_view default_region,
                     uint32_t fields, Segmentation* out) const;

  // "phonenumbers 9.0.43": the libphonenumber metadata version compiled in.
  std::string metadata_version() const;
  // The ISO codes of all supported regions, sorted.
  std::vector<std::string> SupportedRegions() const;
  // The country calling code of a region, or 0 when unknown.
  int CountryCodeForRegion(std::string_view region) const;

  const EngineOptions& options() const;

  Engine(const Engine&) = default;
  Engine& operator=(const Engine&) = default;
  Engine(Engine&&) noexcept = default;
  Engine& operator=(Engine&&) noexcept = default;
  ~Engine();

  struct Impl;  // private

 private:
  friend class BatchSegmenter;  // shares the engine's precomputed tables

  explicit Engine(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace oracle

#endif  // ORACLE_ENGINE_H_
