// UTF-16 <-> UTF-8 conversion for the JNI layer.
//
// Java strings are UTF-16 and may hold unpaired surrogates; the engine reads
// UTF-8 and rejects ill-formed input (NOT_A_NUMBER). JNI's own
// GetStringUTFChars produces *modified* UTF-8 (NUL as 0xC0 0x80, supplementary
// characters as two 3-byte surrogate encodings), which is not what the engine
// must see, so text is copied with GetStringRegion and converted here.
//
// Example:
//
//   std::string utf8;
//   AppendUtf16AsUtf8(chars, length, &utf8);   // Java -> engine
//   std::u16string utf16;
//   AppendUtf8AsUtf16(engine_output, &utf16);  // engine -> Java
//
// Thread safety: stateless free functions.
#ifndef ORACLE_BINDINGS_JAVA_JNI_UTF16_H_
#define ORACLE_BINDINGS_JAVA_JNI_UTF16_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace oracle::jni {

// Appends the UTF-8 form of the UTF-16 code units `s[0, n)` to `*out`.
// A well-formed surrogate pair becomes one 4-byte sequence. An unpaired
// surrogate becomes its 3-byte encoding (0xED 0xA0..0xBF 0x80..0xBF), which
// is ill-formed UTF-8: the engine then rejects the text as it rejects any
// invalid UTF-8, instead of reading a silently substituted character.
void AppendUtf16AsUtf8(const uint16_t* s, size_t n, std::string* out);

// Appends the UTF-16 form of the UTF-8 text `s` to `*out`. Each maximal
// ill-formed subsequence becomes U+FFFD (the W3C/WHATWG practice, also what
// java.nio's decoder does), so any byte string converts.
void AppendUtf8AsUtf16(std::string_view s, std::u16string* out);

}  // namespace oracle::jni

#endif  // ORACLE_BINDINGS_JAVA_JNI_UTF16_H_
