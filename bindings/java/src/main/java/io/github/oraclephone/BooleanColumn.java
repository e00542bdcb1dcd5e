package io.github.oraclephone;

import java.util.Objects;

/**
 * A read-only {@code boolean} column of a {@link BatchResult}.
 *
 * <p>Thread safety: immutable.
 */
public final class BooleanColumn {
  /** Reads the value of row {@code index} of chunk {@code chunk}. */
  interface Cell {
    boolean get(int chunk, int index);
  }

  private final int size;
  private final Cell cell;

  BooleanColumn(int size, Cell cell) {
    this.size = size;
    this.cell = cell;
  }

  /** The number of rows. */
  public int size() {
    return size;
  }

  /** The value of row {@code row}. */
  public boolean get(int row) {
    Objects.checkIndex(row, size);
    return cell.get(row >>> BatchResult.CHUNK_SHIFT, row & (BatchResult.CHUNK_ROWS - 1));
  }

  /** The number of rows whose value is true. */
  public int countTrue() {
    int n = 0;
    for (int row = 0; row < size; row++) {
      if (cell.get(row >>> BatchResult.CHUNK_SHIFT, row & (BatchResult.CHUNK_ROWS - 1))) {
        n++;
      }
    }
    return n;
  }

  /** The column as a new array. */
  public boolean[] toArray() {
    boolean[] out = new boolean[size];
    for (int row = 0; row < size; row++) {
      out[row] = cell.get(row >>> BatchResult.CHUNK_SHIFT, row & (BatchResult.CHUNK_ROWS - 1));
    }
    return out;
  }
}
