package io.github.oraclephone;

import java.util.Set;

/**
 * The optional string fields of a {@link Segmentation}: the three formats (C++ {@code
 * oracle::SegmentField}). Leaving them out saves time in bulk work; the other fields are
 * always filled. A field left out is the empty string.
 */
public enum SegmentField {
  /** {@link Segmentation#international()}. */
  INTERNATIONAL(1),
  /** {@link Segmentation#national()}. */
  NATIONAL(1 << 1),
  /** {@link Segmentation#rfc3966()}. */
  RFC3966(1 << 2);

  /** Every field (the C++ {@code kFieldAll}). */
  static final int ALL_BITS = 0xffffffff;

  private final int bit;

  SegmentField(int bit) {
    this.bit = bit;
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
