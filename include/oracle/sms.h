// SMS text: how a message will be encoded and billed, and templates rendered
// per recipient. Also pulls in the transport interface (sms_transport.h).
//
// Encoding. An SMS body travels either in the GSM 03.38 7-bit alphabet
// ("GSM-7") or, as soon as one character is outside it, in UCS-2 (UTF-16 in
// practice). AnalyzeSms() decides which, exactly as a handset or an SMSC
// would, and says what it costs:
//   - GSM-7: the basic table costs one septet per character; the extension
//     table (form feed ^ { } \ [ ~ ] | €) costs two (an escape, then the
//     character). One message holds 160 septets; a longer text is sent in
//     parts of 153 septets (the rest of each part is the concatenation
//     header), and an escape pair is never split between two parts.
//   - UCS-2: one code unit per character of the Basic Multilingual Plane,
//     two (a surrogate pair) for the others (most emoji). One message holds
//     70 code units; parts hold 67, and a surrogate pair is never split.
// CR LF is normalised to LF before counting (handsets show a line break
// either way; the CR would cost a septet). The result says how many pairs
// were normalised.
//
// French text is the classic trap: é è à ù ì ò É Ç are GSM-7, but ê â î ô û
// ë ï œ « » ’ … and no-break spaces are not, and one of them switches the
// whole message to UCS-2 - 70 characters per SMS instead of 160. The result
// lists every character that forced UCS-2, with its position, so that the
// text can be fixed. Lowercase ç is not GSM-7 (the table's 0x09 is capital
// Ç) and is reported too.
//
// With `smart` on, typographic characters that have a plain GSM-7
// equivalent are replaced first - curly quotes and guillemets by " or ',
// dashes by -, the ellipsis by ..., no-break and other special spaces by a
// space, zero-width characters removed - and every replacement is reported.
// Letters are never changed (ê stays ê).
//
// Example:
//
//   #include "oracle/sms.h"
//
//   oracle::SmsEncodingOptions opts;
//   opts.smart = true;
//   oracle::Result<oracle::SmsAnalysis> a =
//       oracle::AnalyzeSms("Votre code : 1234 \xE2\x80\x94 merci\xE2\x80\xA6", opts);
//   if (!a.ok()) { /* invalid UTF-8: a.status() names the byte offset */ }
//   // a->encoding == SmsEncoding::kGsm7, a->segments == 1,
//   // a->substitutions: U+2014 -> "-", U+2026 -> "..."
//
// Templates. SmsTemplate::Make("Bonjour {prenom}, votre code est {code}.")
// compiles a text with `{field}` placeholders ("{{" and "}}" are literal
// braces); Render() fills them per recipient. A field without a value is an
// error naming it - a message never goes out with a hole in it.
//
//   oracle::Result<oracle::SmsTemplate> t =
//       oracle::SmsTemplate::Make("Bonjour {prenom}, code {code}");
//   oracle::Result<std::string> text =
//       t->Render({{"prenom", "Awa"}, {"code", "1234"}});
//   // *text == "Bonjour Awa, code 1234"
//
// Thread safety: AnalyzeSms() is a pure function. An SmsTemplate is
// immutable once made; its const methods may be called from many threads.
#ifndef ORACLE_SMS_H_
#define ORACLE_SMS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "oracle/export.h"
#include "oracle/result.h"
#include "oracle/sms_transport.h"
#include "oracle/status.h"

namespace oracle {

// ---------------------------------------------------------------------------
// Encoding analysis.

enum class SmsEncoding : uint8_t {
  kGsm7 = 0,  // GSM 03.38 default alphabet (+ extension table)
  kUcs2 = 1,  // UCS-2 / UTF-16
};

// "GSM-7" or "UCS-2".
ORACLE_EXPORT std::string_view SmsEncodingName(SmsEncoding encoding);

// Capacities, in septets (GSM-7) or UTF-16 code units (UCS-2).
inline constexpr int kGsm7SingleCapacity = 160;
inline constexpr int kGsm7PartCapacity = 153;
inline constexpr int kUcs2SingleCapacity = 70;
inline constexpr int kUcs2PartCapacity = 67;

struct SmsEncodingOptions {
  // Replace typographic characters by GSM-7 equivalents before encoding
  // (reported in SmsAnalysis::substitutions).
  bool smart = false;
};

// A position in the text given to AnalyzeSms().
struct SmsTextPosition {
  size_t byte_offset = 0;  // offset of the character's first byte
  size_t char_index = 0;   // index of the character (code points, from 0)
};

// A character outside GSM-7 that made the message UCS-2.
struct SmsForcingChar {
  char32_t code_point = 0;
  std::string text;  // the character, UTF-8
  SmsTextPosition position;
};

// One replacement made by the smart mode.
struct SmsSubstitution {
  char32_t code_point = 0;  // the character replaced
  std::string from;         // it, UTF-8
  std::string to;           // its replacement (empty: removed)
  SmsTextPosition position;
};

// One part of a message as it goes on the air.
struct SmsPart {
  std::string text;  // UTF-8
  int units = 0;     // septets (GSM-7) or code units (UCS-2) in this part
};

struct SmsAnalysis {
  SmsEncoding encoding = SmsEncoding::kGsm7;
  // The text that is encoded: the input with CR LF normalised to LF and,
  // in smart mode, the substitutions applied.
  std::string text;
  int characters = 0;  // code points of `text`
  // Total septets (GSM-7, extension characters count two) or UTF-16 code
  // units (UCS-2) of `text`.
  int units = 0;
  // Number of SMS billed: 0 for an empty text, 1 when `units` fits in one
  // message (160 / 70), else the number of parts.
  int segments = 0;
  // The capacity of each part for this message: 160 or 153 (GSM-7), 70 or
  // 67 (UCS-2).
  int units_per_segment = 0;
  // Units still free in the last part before another one is needed.
  int units_left = 0;
  // The parts (one per segment; empty for an empty text). Their texts
  // concatenated give `text`.
  std::vector<SmsPart> parts;
  // Every character outside GSM-7, in order (empty when GSM-7). Positions
  // refer to the input text.
  std::vector<SmsForcingChar> ucs2_forced_by;
  // Smart mode: every replacement made, in order. Positions refer to the
  // input text.
  std::vector<SmsSubstitution> substitutions;
  // CR LF pairs normalised to LF.
  int crlf_normalized = 0;
};

// Analyses `utf8_text`. Fails with INVALID_ARGUMENT naming the byte offset
// when the text is not well-formed UTF-8.
ORACLE_EXPORT Result<SmsAnalysis> AnalyzeSms(
    std::string_view utf8_text,
    const SmsEncodingOptions& options = SmsEncodingOptions());

// Whether a code point is in the GSM 03.38 basic table, the extension
// table (two septets), or neither.
ORACLE_EXPORT bool IsGsm7Basic(char32_t code_point);
ORACLE_EXPORT bool IsGsm7Extension(char32_t code_point);

// ---------------------------------------------------------------------------
// Templates.

// Values of a template's fields, by name.
using SmsTemplateValues = std::map<std::string, std::string, std::less<>>;

// A message text with `{field}` placeholders, compiled once and rendered per
// recipient.
//
// Syntax: `{name}` is replaced by the value of field `name`; `{{` and `}}`
// stand for `{` and `}`. A name is one or more characters other than
// braces and control characters, without leading or trailing spaces
// (`{prenom}`, `{first name}`, `{client.code}`). Anything else - a lone or
// unclosed brace, an empty `{}`, `{ name}` - fails Make() with
// INVALID_ARGUMENT giving the byte offset. The template must be UTF-8.
//
// Thread safety: immutable after Make(); const methods may be called
// concurrently.
class ORACLE_EXPORT SmsTemplate {
 public:
  static Result<SmsTemplate> Make(std::string_view source);

  // Renders with `values`. Fails with INVALID_ARGUMENT naming every field
  // that has no value, or a field whose value is not UTF-8. Values that
  // are not used are ignored.
  Result<std::string> Render(const SmsTemplateValues& values) const;

  // As above, with values looked up by a function (e.g. from a row of a
  // table); std::nullopt means "no value".
  using Lookup =
      std::function<std::optional<std::string_view>(std::string_view name)>;
  Result<std::string> Render(const Lookup& lookup) const;

  // The distinct field names, in order of first use.
  const std::vector<std::string>& fields() const { return fields_; }
  const std::string& source() const { return source_; }

 private:
  // Literal text, then (when field >= 0) the field of that index.
  struct Piece {
    std::string literal;
    int field = -1;
  };
  SmsTemplate() = default;
  std::string source_;
  std::vector<Piece> pieces_;
  std::vector<std::string> fields_;
};

}  // namespace oracle

#endif  // ORACLE_SMS_H_
