package io.github.oraclephone;

import java.util.Objects;

/**
 * A read-only {@code int} column of a {@link BatchResult}.
 *
 * <p>Thread safety: immutable.
 */
public final class IntColumn {
  /** Reads the value of a row (already checked to be in range). */
  interface Cell {
    int get(int row);
  }

  private final int size;
  private final Cell cell;

  IntColumn(int size, Cell cell) {
    this.size = size;
    this.cell = cell;
  }

  /** The number of rows. */
  public int size() {
    return size;
  }

  /** The value of row {@code row}. */
  public int get(int row) {
    Objects.checkIndex(row, size);
    return cell.get(row);
  }

  /** The column as a new array. */
  public int[] toArray() {
    int[] out = new int[size];
    for (int row = 0; row < size; row++) {
      out[row] = cell.get(row);
    }
    return out;
  }
}
