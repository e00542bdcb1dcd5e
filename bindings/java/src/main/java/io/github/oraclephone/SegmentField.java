package io.github.oraclephone;

import java.util.Set;

/**
 * The optional string fields of a {@link Segmentation}: the three formats (C++ {@code
 * oracle::SegmentField}), the extension and the carrier code. Leaving them out saves time in
 * bulk work (a batch makes none of them unless asked: {@link BatchOptions}); the other fields
 * are always filled. A field left out is the empty string.
 */
public enum SegmentField {
  /** {@link Segmentation#international()}. */
  INTERNATIONAL(1),
  /** {@link Segmentation#national()}. */
  NATIONAL(1 << 1),
  /** {@link Segmentation#rfc3966()}. */
  RFC3966(1 << 2),
  /** {@link Segmentation#extension()} (the engine always reads it; this says whether to return it). */
  EXTENSION(1 << 16),
  /** {@link Segmentation#carrierCode()} (as {@link #EXTENSION}). */
  CARRIER_CODE(1 << 17);

  /** Every field (the C++ {@code kFieldAll}). */
  static final int ALL_BITS = 0xffffffff;

  private final int bit;

  SegmentField(int bit) {
    this.bit = bit;
  }

  /** Whether {@code bits} (from {@link #toBits}) has {@code field}. */
  static boolean has(int bits, SegmentField field) {
    return (bits & field.bit) != 0;
  }

  static int toBits(Set<SegmentField> fields) {
    if (fields.size() == values().length) {
      return ALL_BITS;
    }
    int bits = 0;
    for (SegmentField f : fields) {
      bits |= f.bit;
    }
    return bits;
  }
}
