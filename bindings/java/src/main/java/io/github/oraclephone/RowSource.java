package io.github.oraclephone;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The texts, or the regions, of a batch: an array, read in place, or a list, read a chunk at a
 * time into a buffer of the reading thread.
 *
 * <p>A list is never copied whole. A copy of a large list would be one array of references of
 * several megabytes, which G1 allocates as a humongous object and (unlike an array of
 * primitives) frees only after a concurrent cycle: until then every young collection scans it,
 * and batches of a few hundred thousand rows made young pauses last hundreds of milliseconds.
 * The chunk buffers hold at most {@link TextPacker#CHUNK_ROWS} references.
 *
 * <p>A list that is not {@link RandomAccess} (a {@code LinkedList}) is copied into an {@code
 * ArrayList} first, as reading its chunks in place would walk it from the start each time.
 *
 * <p>Thread safety: immutable; {@link #window} may be called from several threads, each with
 * its own packer. The array or list must not change during the batch.
 */
final class RowSource {
  private final String[] array;
  private final List<String> list;

  private RowSource(String[] array, List<String> list) {
    this.array = array;
    this.list = list;
  }

  static RowSource of(String[] array, String what) {
    return new RowSource(Objects.requireNonNull(array, what), null);
  }

  static RowSource of(List<String> list, String what) {
    Objects.requireNonNull(list, what);
    return new RowSource(null, list instanceof RandomAccess ? list : new ArrayList<>(list));
  }

  int size() {
    return array != null ? array.length : list.size();
  }

  /**
   * The rows {@code [from, to)} ({@code to - from <= TextPacker.CHUNK_ROWS}) in an array: the
   * source array itself, or a buffer of {@code packer} ({@link TextPacker#textWindow} or, for
   * {@code regions}, {@link TextPacker#regionWindow}) filled from index 0. Row {@code r} is at
   * index {@code r - offset(from)} of the array returned.
   */
  String[] window(int from, int to, TextPacker packer, boolean regions) {
    if (array != null) {
      return array;
    }
    final String[] buffer =
        regions ? packer.regionWindow(to - from) : packer.textWindow(to - from);
    // get() of a RandomAccess list is a read of its array (subList().toArray() would go
    // through an iterator for most lists).
    final List<String> rows = list;
    for (int i = from; i < to; i++) {
      buffer[i - from] = rows.get(i);
    }
    return buffer;
  }

  /** See {@link #window}: 0 for an array, {@code from} for a list. */
  int offset(int from) {
    return array != null ? 0 : from;
  }
}
