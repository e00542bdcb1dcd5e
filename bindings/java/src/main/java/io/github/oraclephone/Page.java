package io.github.oraclephone;

import java.util.List;

/**
 * One page of a history query, newest first.
 *
 * @param items the records
 * @param nextCursor pass it to the next query ({@link HistoryQuery.Builder#cursor}); "" when
 *     there are no more pages
 */
public record Page<T>(List<T> items, String nextCursor) {
  public Page {
    items = List.copyOf(items);
  }

  public boolean hasMore() {
    return !nextCursor.isEmpty();
  }
}
