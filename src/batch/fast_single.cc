// FastSingle: the batch fast path for Engine::SegmentInto.
#include "batch/fast_single_internal.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <utility>

#include "batch/text_forms_internal.h"
#include "engine/engine_internal.h"

namespace oracle::internal {
namespace {

std::atomic<uint64_t> next_serial{1};

thread_local bool reference_only = false;

// This thread's working space for the FastSingle numbered `serial`.
FastScratch* ThreadScratch(uint64_t serial) {
  struct Slot {
    uint64_t serial = 0;
    std::unique_ptr<FastScratch> scratch;
  };
  thread_local std::array<Slot, 4> slots;
  thread_local unsigned next = 0;
  for (Slot& slot : slots) {
    if (slot.serial == serial) return slot.scratch.get();
  }
  Slot& slot = slots[next++ % slots.size()];
  if (slot.scratch == nullptr) {
    slot.scratch = std::make_unique<FastScratch>();
  } else {
    // Another FastSingle's: its format cache speaks of other tables.
    std::fill(std::begin(slot.scratch->format_cache),
              std::end(slot.scratch->format_cache), ~uint64_t{0});
  }
  slot.serial = serial;
  return slot.scratch.get();
}

bool IsOverride(uint32_t flags) {
  return (flags & (kFlagUserOperatorRule | kFlagCiFixedLineOperator)) != 0;
}

}  // namespace

FastSingle::FastSingle(std::shared_ptr<const Metadata> md,
                       const EngineOptions& options)
    : fast_(std::move(md), options),
      scan_(ScanFunction(SimdPath::kAuto)),
      lenient_double_zero_(options.lenient_double_zero),
      serial_(next_serial.fetch_add(1, std::memory_order_relaxed)) {}

bool FastSingle::Segment(std::string_view text,
                         std::string_view default_region, uint32_t fields,
                         Segmentation* out, Status* status) const {
  // The text reduced to the kernels' form as the batch reduces it
  // (BatchSegmenter: SegmentBlock, SegmentOne): a label before the number
  // is skipped, a number with an extension is read without it, digits of
  // other scripts are read as ASCII digits.
  alignas(64) char canonical[kScanBufferSize];
  size_t length = 0;
  RowScan scan = scan_(text, canonical, &length);
  std::string_view extension;
  if (!scan.simple) {
    if (const size_t label = SimpleLabelLength(text); label > 0) {
      scan = scan_(text.substr(label), canonical, &length);
    }
  }
  if (!scan.simple) {
    std::string_view rest;
    switch (ReadUnsimple(text, &rest, &extension)) {
      case Unsimple::kNotViable:
        *status = ParseError(StatusCode::kNotANumber,
                             ParseMessage::kNotViable);
        return true;
      case Unsimple::kExtension:
        if (lenient_double_zero_) return false;
        scan = scan_(rest, canonical, &length);
        if (!scan.simple) return false;
        break;
      case Unsimple::kEngine: {
        extension = {};
        char ascii[kScanBufferSize];
        size_t ascii_length = 0;
        if (!AsciiDigitsOf(text, ascii, &ascii_length)) return false;
        const std::string_view rewritten(ascii, ascii_length);
        scan = scan_(rewritten, canonical, &length);
        if (!scan.simple) {
          const size_t label = SimpleLabelLength(rewritten);
          if (label == 0) return false;
          scan = scan_(rewritten.substr(label), canonical, &length);
          if (!scan.simple) return false;
        }
        break;
      }
    }
  }
  FastScratch* scratch = ThreadScratch(serial_);
  FastRow row;
  const std::string_view digits(canonical + 1,
                                static_cast<size_t>(scan.digits));
  if (!fast_.Segment(scan.plus, digits, fast_.DefaultRegion(default_region),
                     /*ndc=*/true, scratch, &row)) {
    return false;
  }
  if (row.error != 0) {
    *status = ParseError(static_cast<StatusCode>(row.error),
                         static_cast<ParseMessage>(row.error_detail));
    return true;
  }
  // row.e164 and row.nsn lie in the scratch: copied before anything else
  // uses it.
  const std::string_view nsn = row.nsn;
  out->e164.assign(row.e164);
  out->country_code = row.country_code;
  out->region.assign(row.region != nullptr ? row.region->id
                                           : std::string_view());
  out->national_number.assign(nsn);
  const size_t ndc = std::min<size_t>(row.ndc_length, nsn.size());
  out->ndc.assign(nsn.substr(0, ndc));
  out->subscriber_number.assign(nsn.substr(ndc));
  out->type = static_cast<NumberType>(row.type);
  out->valid = row.valid != 0;
  out->possibility = static_cast<Possibility>(row.possibility);
  out->possible = out->possibility == Possibility::kIsPossible ||
                  out->possibility == Possibility::kIsPossibleLocalOnly;
  out->operator_name.assign(IsOverride(row.flags)
                                ? row.operator_override
                                : fast_.metadata().carriers().name(
                                      row.carrier_id));
  out->extension.assign(extension);
  out->country_code_source = static_cast<CountryCodeSource>(row.source);
  out->portable = row.portable != 0;
  out->flags = row.flags;
  out->carrier_code.assign(row.carrier_code);
  // The formats, from the copy of the national number.
  FormatAll(row.country_code, out->national_number, out->extension,
            *fast_.MainRegion(row.country_code), fast_.national_templates(),
            fields, &out->international, &out->national, &out->rfc3966);
  *status = Status::OK();
  return true;
}

ReferenceSegmentation::ReferenceSegmentation() : previous_(reference_only) {
  reference_only = true;
}

ReferenceSegmentation::~ReferenceSegmentation() {
  reference_only = previous_;
}

bool ReferenceSegmentation::Active() { return reference_only; }

}  // namespace oracle::internal
