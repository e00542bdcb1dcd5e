// Engine: options, construction, and Segment(): parse, classify, format,
// then Oracle's optional extras.
#include "oracle/engine.h"

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "batch/fast_single_internal.h"
#include "engine/engine_internal.h"
#include "engine/metadata_internal.h"

namespace oracle {
namespace {

using internal::Metadata;
using internal::RegionView;

constexpr int kCiCountryCode = 225;

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool IsOperatorType(NumberType t) {
  return t == NumberType::kMobile || t == NumberType::kFixedLineOrMobile ||
         t == NumberType::kPager;
}

}  // namespace

namespace internal {

// Côte d'Ivoire's 2021 migration of an 8-digit national number: the new
// 10-digit number, or "" when the operator cannot be told from the number.
// Mobile numbers (second digit decides: 0-3 Moov, 4-6 MTN, 7-9 Orange, the
// allocation published by the regulator) get 01/05/07. Fixed numbers (first
// digit 2 or 3) get 27 (Orange) only when the result is in one of Orange's
// fixed blocks; the MTN (25) and Moov (21) fixed ranges cannot be told
// apart from the old number alone, so those stay unmigrated.
std::string MigrateCiLegacy(std::string_view nsn, const RegionView& ci) {
  if (nsn.size() != 8) return "";
  const char first = nsn[0];
  const char second = nsn[1];
  std::string migrated;
  if (first == '2' || first == '3') {
    migrated = "27";
    migrated.append(nsn);
    if (NumberTypeOf(migrated, ci) != NumberType::kFixedLine) {
      return "";
    }
    return migrated;
  }
  if (second < '0' || second > '9') return "";
  if (second <= '3') {
    migrated = "01";
  } else if (second <= '6') {
    migrated = "05";
  } else {
    migrated = "07";
  }
  migrated.append(nsn);
  if (NumberTypeOf(migrated, ci) == NumberType::kUnknown) return "";
  return migrated;
}

// Oracle's Côte d'Ivoire fixed-line operators (libphonenumber has carrier
// data for mobile ranges only).
std::string_view CiFixedLineOperator(std::string_view nsn) {
  if (nsn.size() < 2) return "";
  if (nsn[0] != '2') return "";
  switch (nsn[1]) {
    case '1': return "Moov";
    case '5': return "MTN";
    case '7': return "Orange";
    default: return "";
  }
}

}  // namespace internal

Status EngineOptions::Validate() const {
  for (const OperatorRule& r : operator_rules) {
    if (r.prefix.empty()) {
      return Status::InvalidArgument("operator_rules: empty prefix");
    }
    for (char c : r.prefix) {
      if (c < '0' || c > '9') {
        return Status::InvalidArgument("operator_rules: prefix '" + r.prefix +
                                       "' must be digits only");
      }
    }
    if (r.operator_name.empty()) {
      return Status::InvalidArgument("operator_rules: empty operator name for "
                                     "prefix '" + r.prefix + "'");
    }
  }
  for (const PortabilityOverride& p : portability) {
    if (p.region.size() != 2 && p.region != "001") {
      return Status::InvalidArgument("portability: '" + p.region +
                                     "' is not a region code");
    }
  }
  return Status::OK();
}

Engine::Impl::Impl() = default;
Engine::Impl::~Impl() = default;

const internal::FastSingle* Engine::Impl::Fast() const {
  const internal::FastSingle* built = fast.load(std::memory_order_acquire);
  if (built != nullptr) return built;
  if (calls.fetch_add(1, std::memory_order_relaxed) + 1 < kFastAfterCalls) {
    return nullptr;
  }
  return BuildFast();
}

const internal::FastSingle* Engine::Impl::BuildFast() const {
  try {
    std::call_once(fast_once, [this] {
      fast_owner = std::make_unique<const internal::FastSingle>(md, options);
      fast.store(fast_owner.get(), std::memory_order_release);
    });
  } catch (const std::bad_alloc&) {
    return nullptr;  // the reference steps still work; tried again later
  }
  return fast.load(std::memory_order_acquire);
}

Engine::~Engine() = default;

Result<Engine> Engine::Make(const EngineOptions& options) {
  ORACLE_RETURN_NOT_OK(options.Validate());
  auto impl = std::make_shared<Impl>();
  impl->options = options;
  if (options.metadata_path.empty()) {
    ORACLE_ASSIGN_OR_RAISE(impl->md,
                           Metadata::Load(Metadata::Embedded(), /*copy=*/false));
  } else {
    std::ifstream in(options.metadata_path, std::ios::binary);
    if (!in) {
      return Status::IoError("cannot open metadata file '" +
                             options.metadata_path + "'");
    }
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    if (in.bad()) {
      return Status::IoError("cannot read metadata file '" +
                             options.metadata_path + "'");
    }
    auto md = Metadata::Load(bytes, /*copy=*/true);
    if (!md.ok()) {
      return Status(md.status().code(), "metadata file '" +
                                            options.metadata_path +
                                            "': " + md.status().message());
    }
    impl->md = std::move(md).value();
  }
  impl->portability.assign(impl->md->regions().size(), -1);
  for (const PortabilityOverride& p : options.portability) {
    const RegionView* r = impl->md->ForRegion(Upper(p.region));
    if (r == nullptr) {
      return Status::InvalidArgument("portability: unknown region '" +
                                     p.region + "'");
    }
    impl->portability[r - impl->md->regions().data()] = p.portable ? 1 : 0;
  }
  impl->operator_rules = internal::OperatorRuleTable(options.operator_rules);
  impl->national_templates = internal::NationalTemplates(*impl->md);
  return Engine(std::move(impl));
}

const EngineOptions& Engine::options() const { return impl_->options; }

std::string Engine::metadata_version() const {
  return std::string(impl_->md->source_version());
}

std::vector<std::string> Engine::SupportedRegions() const {
  std::vector<std::string> out;
  for (const RegionView& r : impl_->md->regions()) {
    if (r.id != "001") out.emplace_back(r.id);
  }
  return out;
}

int Engine::CountryCodeForRegion(std::string_view region) const {
  const RegionView* r = impl_->md->ForRegion(Upper(region));
  return r == nullptr ? 0 : r->country_code;
}

Result<Segmentation> Engine::Segment(std::string_view text,
                                     std::string_view default_region,
                                     uint32_t fields) const {
  Segmentation out;
  ORACLE_RETURN_NOT_OK(SegmentInto(text, default_region, fields, &out));
  return out;
}

Status Engine::SegmentInto(std::string_view text,
                           std::string_view default_region, uint32_t fields,
                           Segmentation* out) const {
  if (!internal::ReferenceSegmentation::Active()) {
    if (const internal::FastSingle* fast = impl_->Fast()) {
      Status status;
      if (fast->Segment(text, default_region, fields, out, &status)) {
        return status;
      }
    }
  }
  const Metadata& md = *impl_->md;
  const EngineOptions& options = impl_->options;

  // The default region: "" and "ZZ" mean none; an unsupported code behaves
  // like none (libphonenumber: "Missing or invalid default region").
  const RegionView* region = nullptr;
  if (!default_region.empty()) {
    char buf[4] = {0, 0, 0, 0};
    if (default_region.size() == 2) {
      for (int i = 0; i < 2; ++i) {
        char c = default_region[i];
        buf[i] = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
      }
      region = md.ForRegion(std::string_view(buf, 2));
    }
  }

  internal::ParsedNumber parsed;
  internal::ParseOptions parse_options;
  parse_options.lenient_double_zero = options.lenient_double_zero;
  // The RFC 3966 field is rewritten below, so its buffer serves as the
  // parser's working space.
  ORACLE_RETURN_NOT_OK(internal::ParseNumber(md, text, region, parse_options,
                                             &parsed, &out->rfc3966));

  out->flags = parsed.flags;
  out->country_code = parsed.country_code;
  out->country_code_source = parsed.source;
  out->extension = std::move(parsed.extension);
  out->carrier_code = std::move(parsed.carrier_code);
  out->national_number = std::move(parsed.national_number);

  const int cc = out->country_code;
  auto regions = md.RegionsForCountryCode(cc);
  if (regions.empty()) {
    return Status::Internal("parsed a number with an unknown country code");
  }
  const RegionView& main_region = *regions[0];

  if (options.migrate_ci_legacy && cc == kCiCountryCode &&
      out->national_number.size() == 8) {
    std::string migrated = internal::MigrateCiLegacy(out->national_number, main_region);
    if (!migrated.empty()) {
      out->national_number = std::move(migrated);
      out->flags |= kFlagCiLegacyMigrated;
    }
  }
  const std::string& nsn = out->national_number;

  // Classification.
  const RegionView* number_region = internal::RegionForNumber(md, cc, nsn);
  out->region.assign(number_region != nullptr ? number_region->id : "");
  out->type = number_region != nullptr
                  ? internal::NumberTypeOf(nsn, *number_region)
                  : NumberType::kUnknown;
  out->valid = out->type != NumberType::kUnknown;
  out->possibility = internal::TestNumberLength(nsn, main_region);
  out->possible = out->possibility == Possibility::kIsPossible ||
                  out->possibility == Possibility::kIsPossibleLocalOnly;

  // E.164.
  out->e164.clear();
  internal::FormatNumber(cc, nsn, "", main_region, impl_->national_templates,
                         internal::NumberFormat::kE164,
                         &out->e164);

  // National destination code.
  int ndc_length = internal::NdcLength(cc, nsn, main_region, out->type,
                                       md.MobileToken(cc));
  if (ndc_length > static_cast<int>(nsn.size())) ndc_length = nsn.size();
  out->ndc.assign(nsn, 0, ndc_length);
  out->subscriber_number.assign(nsn, ndc_length, std::string::npos);

  // Formats.
  out->international.clear();
  if (fields & kFieldInternational) {
    internal::FormatNumber(cc, nsn, out->extension, main_region,
                           impl_->national_templates, internal::NumberFormat::kInternational,
                           &out->international);
  }
  out->national.clear();
  if (fields & kFieldNational) {
    internal::FormatNumber(cc, nsn, out->extension, main_region,
                           impl_->national_templates, internal::NumberFormat::kNational, &out->national);
  }
  out->rfc3966.clear();
  if (fields & kFieldRfc3966) {
    internal::FormatNumber(cc, nsn, out->extension, main_region,
                           impl_->national_templates, internal::NumberFormat::kRfc3966, &out->rfc3966);
  }

  // Operator.
  out->operator_name.clear();
  std::string_view e164_digits = std::string_view(out->e164).substr(1);
  if (IsOperatorType(out->type)) {
    out->operator_name.assign(md.carriers().Lookup(e164_digits));
  }
  if (options.ci_fixed_line_operators && cc == kCiCountryCode &&
      out->type == NumberType::kFixedLine && out->operator_name.empty()) {
    std::string_view name = internal::CiFixedLineOperator(nsn);
    if (!name.empty()) {
      out->operator_name.assign(name);
      out->flags |= kFlagCiFixedLineOperator;
    }
  }
  if (!impl_->operator_rules.empty()) {
    if (const std::string* name = impl_->operator_rules.Lookup(e164_digits)) {
      out->operator_name = *name;
      out->flags |= kFlagUserOperatorRule;
    }
  }

  // Portability.
  out->portable = false;
  if (number_region != nullptr) {
    const int8_t override_flag =
        impl_->portability[number_region - md.regions().data()];
    out->portable = override_flag >= 0
                        ? override_flag == 1
                        : number_region->mobile_number_portable_region;
  }
  return Status::OK();
}

}  // namespace oracle
