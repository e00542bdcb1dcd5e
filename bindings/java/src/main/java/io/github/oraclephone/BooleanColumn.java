package io.github.oraclephone;

import java.util.Objects;

/**
 * A read-only {@code boolean} column of a {@link BatchResult}.
 *
 * <p>Thread safety: immutable.
 */
public final class BooleanColumn {
  /** Reads the value of a row (already checked to be in range). */
  interface Cell {
    boolean get(int row);
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
    return cell.get(row);
  }

  /** The number of rows whose value is true. */
  public int countTrue() {
    int n = 0;
    for (int row = 0; row < size; row++) {
      if (cell.get(row)) {
        n++;
      }
    }
    return n;
  }

  /** The column as a new array. */
  public boolean[] toArray() {
    boolean[] out = new boolean[size];
    for (int row = 0; row < size; row++) {
      out[row] = cell.get(row);
    }
    return out;
  }
}
