package io.github.oraclephone;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A read-only column of a {@link BatchResult} holding objects (enums).
 *
 * <p>Thread safety: immutable.
 *
 * @param <T> the element type
 */
public final class Column<T> {
  /** Reads the value of a row (already checked to be in range). */
  interface Cell<T> {
    T get(int row);
  }

  private final int size;
  private final T[] prototype;
  private final Cell<T> cell;

  Column(int size, T[] prototype, Cell<T> cell) {
    this.size = size;
    this.prototype = prototype;
    this.cell = cell;
  }

  /** The number of rows. */
  public int size() {
    return size;
  }

  /** The value of row {@code row}. */
  public T get(int row) {
    Objects.checkIndex(row, size);
    return cell.get(row);
  }

  /** The column as a new array. */
  public T[] toArray() {
    T[] out = Arrays.copyOf(prototype, size);
    for (int row = 0; row < size; row++) {
      out[row] = cell.get(row);
    }
    return out;
  }

  /** The column as an unmodifiable list view. */
  public List<T> asList() {
    return new AbstractList<T>() {
      @Override
      public T get(int index) {
        return Column.this.get(index);
      }

      @Override
      public int size() {
        return size;
      }
    };
  }
}
