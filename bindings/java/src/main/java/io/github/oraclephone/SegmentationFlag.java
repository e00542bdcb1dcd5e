package io.github.oraclephone;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Oracle behaviour beyond libphonenumber that applied to a number (see {@link
 * EngineOptions}); the C++ {@code oracle::SegmentationFlag} bits. A result with no flag is
 * exactly libphonenumber's.
 */
public enum SegmentationFlag {
  /** A leading "00" was read as an international prefix with no default region. */
  LENIENT_DOUBLE_ZERO(1),
  /** A Côte d'Ivoire 8-digit number of the pre-2021 plan was migrated to 10 digits. */
  CI_LEGACY_MIGRATED(1 << 1),
  /** The operator comes from a user operator rule. */
  USER_OPERATOR_RULE(1 << 2),
  /** The operator comes from Oracle's Côte d'Ivoire fixed-line table. */
  CI_FIXED_LINE_OPERATOR(1 << 3);

  private static final SegmentationFlag[] VALUES = values();

  private final int bit;

  SegmentationFlag(int bit) {
    this.bit = bit;
  }

  /** The flag's bit in {@link Segmentation#flagBits()}. */
  public int bit() {
    return bit;
  }

  /** The flags whose bits are set in {@code bits} (unknown bits are ignored); unmodifiable. */
  public static Set<SegmentationFlag> fromBits(int bits) {
    if (bits == 0) {
      return Collections.emptySet();
    }
    EnumSet<SegmentationFlag> set = EnumSet.noneOf(SegmentationFlag.class);
    for (SegmentationFlag f : VALUES) {
      if ((bits & f.bit) != 0) {
        set.add(f);
      }
    }
    return Collections.unmodifiableSet(set);
  }
}
