package io.github.oraclephone;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code java -jar oracle-phone.jar [--region CC] NUMBER...}: segments the numbers and prints
 * one tab-separated line per number (input, E.164, type, operator, or the error), and {@code
 * --version} prints the versions and where the native library was loaded from. A smoke test
 * of the jar, not a replacement for the {@code oracle} command.
 */
public final class Main {
  private Main() {}

  /** Entry point; exits with 0, 1 when a number failed, 2 on a usage error. */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    String region = null;
    int first = 0;
    if (args.length > 0 && args[0].equals("--version")) {
      try (Engine engine = Engine.create()) {
        out.println("oracle " + Engine.libraryVersion());
        out.println("metadata " + engine.metadataVersion());
        out.println("native library " + NativeLibrary.loadedFrom());
      }
      return;
    }
    if (args.length > 1 && args[0].equals("--region")) {
      region = args[1];
      first = 2;
    }
    if (first >= args.length) {
      System.err.println("usage: java -jar oracle-phone.jar [--region CC] NUMBER... | --version");
      System.exit(2);
    }
    int status = 0;
    try (Engine engine = Engine.create()) {
      for (int i = first; i < args.length; i++) {
        try {
          Segmentation s = engine.segment(args[i], region);
          out.println(
              args[i] + "\t" + s.e164() + "\t" + s.type() + "\t" + s.operatorName()
                  + (s.valid() ? "" : "\t(invalid)"));
        } catch (OracleException e) {
          out.println(args[i] + "\t" + e.getMessage());
          status = 1;
        }
      }
    }
    if (status != 0) {
      System.exit(status);
    }
  }
}
