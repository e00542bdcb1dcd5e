package io.github.oraclephone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NativeLibraryTest {
  @Test
  void loadedFromTheJarResource() {
    try (Engine engine = Engine.create()) {
      assertNotNull(engine.metadataVersion());
    }
    // The tests do not put the library on java.library.path: it must come from the resources,
    // unpacked to a temporary directory.
    assertEquals(
        "jar:io/github/oraclephone/" + NativeLibrary.resourceName(), NativeLibrary.loadedFrom());
    assertNotNull(NativeLibrary.class.getResource(NativeLibrary.resourceName()));
  }

  @Test
  void platformNames() {
    String p = NativeLibrary.platform();
    assertTrue(p.matches("[a-z0-9_]+-[a-z0-9_]+"), p);
    assertTrue(NativeLibrary.resourceName().startsWith("native/" + p + "/"));
  }
}
