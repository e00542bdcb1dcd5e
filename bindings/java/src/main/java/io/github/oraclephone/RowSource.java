package io.github.oraclephone;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The texts, or the regions, of a batch: an array, read in place, or a list, read a chunk at a
 * time into a buffer of the reading thread.
 *
 * <p>A list is never copied into one array. Such a copy of a large list is an array of
 * references of several megabytes, which G1 allocates as a humongous object and (unlike an
 * array of primitives) frees only after a concurrent cycle: until then every young collection
 * scans it, and batches of a few hundred thousand rows made young pauses last hundreds of
 * milliseconds. The chunk buffers hold at most {@link TextPacker#CHUNK_ROWS} references.
 *
 * <p>A list that is not {@link RandomAccess} (a {@code LinkedList}) is copied first, in one
 * pass of its iterator, into arrays of {@link #BLOCK_ROWS} references (reading its chunks in
 * place would walk it from the start each time, and one array would be humongous).
 *
 * <p>Thread safety: immutable; {@link #window} may be called from several threads, each with
 * its own packer. The array or list must not change during the batch.
 */
final class RowSource {
  /** Rows per block of a copied list: 64 KB of references, far from humongous. */
  static final int BLOCK_ROWS = 1 << 14;

  private final String[] array; // read in place
  private final List<String> list; // a RandomAccess list, read with get()
  private final String[][] blocks; // another list, copied
  private final int size;

  private RowSource(String[] array, List<String> list, String[][] blocks, int size) {
    this.array = array;
    this.list = list;
    this.blocks = blocks;
    this.size = size;
  }

  static RowSource of(String[] array, String what) {
    Objects.requireNonNull(array, what);
    return new RowSource(array, null, null, array.length);
  }

  static RowSource of(List<String> list, String what) {
    Objects.requireNonNull(list, what);
    final int n = list.size();
    if (list instanceof RandomAccess) {
      return new RowSource(null, list, null, n);
    }
    final String[][] blocks = new String[(n + BLOCK_ROWS - 1) / BLOCK_ROWS][];
    final Iterator<String> it = list.iterator();
    for (int b = 0; b < blocks.length; b++) {
      final String[] block = new String[Math.min(BLOCK_ROWS, n - b * BLOCK_ROWS)];
      for (int i = 0; i < block.length; i++) {
        block[i] = it.next();
      }
      blocks[b] = block;
    }
    return new RowSource(null, null, blocks, n);
  }

  int size() {
    return size;
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
    if (blocks != null) {
      for (int i = from; i < to; i++) {
        buffer[i - from] = blocks[i / BLOCK_ROWS][i % BLOCK_ROWS];
      }
      return buffer;
    }
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
