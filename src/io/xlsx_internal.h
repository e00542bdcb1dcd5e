// Pieces of the XLSX reader and writer that are pure text functions, shared
// by both and tested on their own.
//
// Thread safety: pure functions.
#ifndef ORACLE_SRC_IO_XLSX_INTERNAL_H_
#define ORACLE_SRC_IO_XLSX_INTERNAL_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace oracle::internal {

// The 0-based column of a cell reference ("A1" -> 0, "AB12" -> 27, "XFD9"
// -> 16383; lower case accepted), or -1 when `ref` does not start with 1 to
// 3 letters. Digits after the letters are not checked.
int XlsxColumnOfRef(std::string_view ref);

// The 1-based row of a row or cell reference ("12", "AB12" -> 12), or -1
// when there is no positive number of at most 9 digits after the letters.
int64_t XlsxRowOfRef(std::string_view ref);

// "A", "B", ... "AB": the letters of a 0-based column.
std::string XlsxColumnName(int column);

// Decodes the _xHHHH_ escapes OOXML uses for characters XML cannot hold
// ("_x000D_" is a carriage return, "_x005F_" a literal underscore), in
// place. A sequence that does not decode (not hex, a lone surrogate, zero)
// is left as written.
void DecodeXlsxEscapes(std::string* s);

// True when `s` is a decimal number ("-12", "2250707123456", "1.5E+12",
// ".5") whose digits, without leading and trailing zeros, number at most
// 15: a spreadsheet's double stores it exactly. Sets *value.
bool ParseExactXlsxNumber(std::string_view s, double* value);

// True when `s` reads as a number to a person: at least 5 digits, and
// digits make at least half of the characters that are not spaces ("e164"
// and "phone 2" do not).
bool LooksNumeric(std::string_view s);

}  // namespace oracle::internal

#endif  // ORACLE_SRC_IO_XLSX_INTERNAL_H_
