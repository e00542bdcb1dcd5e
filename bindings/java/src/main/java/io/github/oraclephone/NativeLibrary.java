package io.github.oraclephone;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Finds and loads the native library {@code oracle_jni}, once per class loader.
 *
 * <p>In order:
 *
 * <ol>
 *   <li>the file named by the system property {@value #PATH_PROPERTY}, when set;
 *   <li>{@code System.loadLibrary("oracle_jni")}, i.e. a library installed on {@code
 *       java.library.path};
 *   <li>the copy inside the jar, at {@code io/github/oraclephone/native/<os>-<arch>/}, unpacked
 *       to a fresh private directory under {@value #TMPDIR_PROPERTY} (default {@code
 *       java.io.tmpdir}) and loaded from there. The file is deleted right after loading where
 *       the platform allows it (the mapping stays valid), otherwise when the JVM exits.
 * </ol>
 */
final class NativeLibrary {
  /** System property: an explicit path of the library file. */
  static final String PATH_PROPERTY = "io.github.oraclephone.library.path";

  /** System property: where to unpack the library (for hosts whose /tmp is noexec). */
  static final String TMPDIR_PROPERTY = "io.github.oraclephone.tmpdir";

  static final String NAME = "oracle_jni";

  private static String loadedFrom;

  private NativeLibrary() {}

  /** Loads the library unless already loaded; throws UnsatisfiedLinkError when impossible. */
  static synchronized void load() {
    if (loadedFrom != null) {
      return;
    }
    String explicit = System.getProperty(PATH_PROPERTY);
    if (explicit != null && !explicit.isEmpty()) {
      System.load(Paths.get(explicit).toAbsolutePath().toString());
      loadedFrom = explicit;
      return;
    }
    UnsatisfiedLinkError fromPath;
    try {
      System.loadLibrary(NAME);
      loadedFrom = "java.library.path";
      return;
    } catch (UnsatisfiedLinkError e) {
      fromPath = e;
    }
    try {
      loadedFrom = loadFromJar();
    } catch (UnsatisfiedLinkError | IOException | RuntimeException e) {
      UnsatisfiedLinkError error =
          new UnsatisfiedLinkError(
              "cannot load the Oracle native library for "
                  + platform()
                  + ": "
                  + e.getMessage());
      error.initCause(e);
      error.addSuppressed(fromPath);
      throw error;
    }
  }

  /** Where the library was loaded from ("java.library.path", a path, or a jar resource). */
  static synchronized String loadedFrom() {
    return loadedFrom;
  }

  /** The {@code <os>-<arch>} directory name of this platform, e.g. {@code linux-x86_64}. */
  static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (os.startsWith("linux")) {
      os = "linux";
    } else if (os.startsWith("mac") || os.startsWith("darwin")) {
      os = "osx";
    } else if (os.startsWith("windows")) {
      os = "windows";
    }
    if (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x64")) {
      arch = "x86_64";
    } else if (arch.equals("aarch64") || arch.equals("arm64")) {
      arch = "aarch64";
    }
    return os.replace(' ', '_') + "-" + arch;
  }

  /** The jar resource holding this platform's library. */
  static String resourceName() {
    return "native/" + platform() + "/" + System.mapLibraryName(NAME);
  }

  private static String loadFromJar() throws IOException {
    String resource = resourceName();
    try (InputStream in = NativeLibrary.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new UnsatisfiedLinkError(
            "the jar has no native library for this platform (resource "
                + "io/github/oraclephone/"
                + resource
                + "); build the jar on this platform (docs/java.md)");
      }
      String tmp = System.getProperty(TMPDIR_PROPERTY);
      Path dir =
          tmp == null || tmp.isEmpty()
              ? Files.createTempDirectory("oracle-jni-")
              : Files.createTempDirectory(Paths.get(tmp), "oracle-jni-");
      Path file = dir.resolve(System.mapLibraryName(NAME));
      try {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        System.load(file.toAbsolutePath().toString());
      } finally {
        try {
          Files.deleteIfExists(file);
          Files.deleteIfExists(dir);
        } catch (IOException e) {
          // Windows keeps a loaded library locked: delete it when the JVM exits.
          dir.toFile().deleteOnExit();
          file.toFile().deleteOnExit();
        }
      }
    }
    return "jar:io/github/oraclephone/" + resource;
  }
}
