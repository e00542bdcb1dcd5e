package io.github.oraclephone;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;

/**
 * A read-only string column of a {@link BatchResult}. The strings are kept as UTF-8 and
 * decoded by {@link #get(int)}, so each call returns a new {@link String}.
 *
 * <p>Thread safety: immutable.
 */
public final class StringColumn {
  /** Reads the value of a row (already checked to be in range). */
  interface Cell {
    String get(int row);
  }

  private final int size;
  private final Cell cell;

  StringColumn(int size, Cell cell) {
    this.size = size;
    this.cell = cell;
  }

  /** The number of rows. */
  public int size() {
    return size;
  }

  /** The value of row {@code row}; never null ({@code ""} when the field has no value). */
  public String get(int row) {
    Objects.checkIndex(row, size);
    return cell.get(row);
  }

  /** The column as a new array. */
  public String[] toArray() {
    String[] out = new String[size];
    for (int row = 0; row < size; row++) {
      out[row] = cell.get(row);
    }
    return out;
  }

  /** The column as an unmodifiable list view. */
  public List<String> asList() {
    return new AbstractList<String>() {
      @Override
      public String get(int index) {
        return StringColumn.this.get(index);
      }

      @Override
      public int size() {
        return size;
      }
    };
  }
}
