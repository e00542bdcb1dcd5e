// Segments one number through an installed Oracle and prints its E.164
// form, type and operator; exits non-zero when anything is off.
#include <iostream>

#include "oracle/oracle.h"

int main(int argc, char** argv) {
  const char* text = argc > 1 ? argv[1] : "+225 07 07 12 34 56";
  oracle::Result<oracle::Engine> engine = oracle::Engine::Make();
  if (!engine.ok()) {
    std::cerr << engine.status().ToString() << "\n";
    return 1;
  }
  oracle::Result<oracle::Segmentation> seg = engine->Segment(text);
  if (!seg.ok()) {
    std::cerr << seg.status().ToString() << "\n";
    return 1;
  }
  std::cout << seg->e164 << " " << oracle::NumberTypeName(seg->type) << " "
            << seg->operator_name << " (" << engine->metadata_version()
            << ")\n";
  return seg->valid ? 0 : 1;
}
