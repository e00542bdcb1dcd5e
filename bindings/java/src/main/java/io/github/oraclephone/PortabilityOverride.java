package io.github.oraclephone;

import java.util.Objects;

/**
 * A per-region override of {@link Segmentation#portable()} (the C++ {@code
 * oracle::PortabilityOverride}).
 *
 * @param region ISO code, e.g. {@code "CI"}
 * @param portable whether numbers of the region may have moved to another operator
 */
public record PortabilityOverride(String region, boolean portable) {

  /** Checks that the region is not null (its content is checked by the engine). */
  public PortabilityOverride {
    Objects.requireNonNull(region, "region");
  }
}
