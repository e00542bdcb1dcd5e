package io.github.oraclephone;

import java.util.List;

/**
 * A named list of numbers, or a filter over a segmented file (C++ {@code
 * oracle::SavedSegment}): {@code numbers} when not empty, otherwise the filter.
 *
 * @param sourcePath the segmented file (CSV) of a filter, "" for a list
 * @param createdAtUnixMs when it was saved
 */
public record SavedSegment(
    String name,
    List<String> numbers,
    String sourcePath,
    List<String> regions,
    List<String> operators,
    List<String> numberTypes,
    long createdAtUnixMs) {

  public SavedSegment {
    numbers = List.copyOf(numbers);
    regions = List.copyOf(regions);
    operators = List.copyOf(operators);
    numberTypes = List.copyOf(numberTypes);
  }
}
