// Text handling of the segmentation front end: the metadata-independent
// steps of libphonenumber's parse(), ported from the `phonenumbers` Python
// package (phonenumberutil.py) with identical results.
//
// All functions take and return UTF-8. Inputs must be valid UTF-8 (the
// engine checks with IsValidUtf8 first). Outputs that are substrings of the
// input are returned as views into it. Plain ASCII input takes fast paths;
// other text goes through ICU (Unicode digits, letters, categories).
//
// Thread safety: stateless free functions; safe from any thread.
#ifndef ORACLE_SRC_ENGINE_TEXT_INTERNAL_H_
#define ORACLE_SRC_ENGINE_TEXT_INTERNAL_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace oracle::internal {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing
// above U+10FFFF). `*code_points` receives the number of code points (the
// length Python's len() would give).
bool IsValidUtf8(std::string_view s, size_t* code_points);

// phonenumbers._build_national_number_for_parsing: handles RFC 3966
// ("tel:...;phone-context=...;isub=...") or extracts a possible number
// (_extract_possible_number). Returns false when the phone-context value is
// invalid (libphonenumber raises NOT_A_NUMBER "The phone-context value is
// invalid"). `*out` receives the text to parse.
bool BuildNationalNumberForParsing(std::string_view number, std::string* out);

// phonenumbers._extract_possible_number.
std::string_view ExtractPossibleNumber(std::string_view number);

// phonenumbers._is_viable_phone_number (length >= 2 code points and a full
// match of _VALID_PHONE_NUMBER_PATTERN, extension included).
bool IsViablePhoneNumber(std::string_view number);

// phonenumbers._maybe_strip_extension. When an extension is found (and the
// text before it is viable), returns true, sets `*rest` to the text before
// it and `*extension` to the captured extension exactly as libphonenumber
// keeps it (not normalised). Otherwise returns false and leaves `*rest` =
// number, `*extension` empty.
bool MaybeStripExtension(std::string_view number, std::string_view* rest,
                         std::string_view* extension);

// Byte length of the leading run of plus signs ('+' and U+FF0B) of `number`
// (phonenumbers._PLUS_CHARS_PATTERN.match); 0 when it does not start with
// one.
size_t LeadingPlusLength(std::string_view number);

// phonenumbers._normalize: vanity numbers (a full match of
// _VALID_ALPHA_PHONE_PATTERN) are mapped through the E.161 keypad, otherwise
// only digits (any Unicode decimal digit) are kept. Appends ASCII digits to
// `*out`.
void NormalizeAppend(std::string_view number, std::string* out);

// phonenumbers.normalize_digits_only: every Unicode decimal digit as ASCII,
// everything else dropped. Appends to `*out`.
void NormalizeDigitsOnlyAppend(std::string_view number, std::string* out);

}  // namespace oracle::internal

#endif  // ORACLE_SRC_ENGINE_TEXT_INTERNAL_H_
