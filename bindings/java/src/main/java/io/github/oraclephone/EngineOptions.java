package io.github.oraclephone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an {@link Engine} reads numbers: the C++ {@code oracle::EngineOptions}. Every option
 * beyond libphonenumber is off by default, except the Côte d'Ivoire portability flag.
 *
 * <pre>{@code
 * EngineOptions options = EngineOptions.builder()
 *     .migrateCiLegacy(true)
 *     .addOperatorRule("2250747", "Orange CI")
 *     .build();
 * try (Engine engine = Engine.create(options)) { ... }
 * }</pre>
 *
 * <p>The values are checked when the engine is created ({@link Engine#create(EngineOptions)}
 * throws {@link OracleException} with {@link ErrorCode#INVALID_ARGUMENT} naming the bad
 * field).
 *
 * <p>Thread safety: immutable; a {@link Builder} is not synchronised.
 */
public final class EngineOptions {
  private static final EngineOptions DEFAULTS = builder().build();

  private final Path metadataPath;
  private final boolean lenientDoubleZero;
  private final boolean migrateCiLegacy;
  private final boolean ciFixedLineOperators;
  private final List<OperatorRule> operatorRules;
  private final List<PortabilityOverride> portability;

  private EngineOptions(Builder b) {
    metadataPath = b.metadataPath;
    lenientDoubleZero = b.lenientDoubleZero;
    migrateCiLegacy = b.migrateCiLegacy;
    ciFixedLineOperators = b.ciFixedLineOperators;
    operatorRules = Collections.unmodifiableList(new ArrayList<>(b.operatorRules));
    portability = Collections.unmodifiableList(new ArrayList<>(b.portability));
  }

  /** The defaults: embedded metadata, libphonenumber's behaviour, Côte d'Ivoire portable. */
  public static EngineOptions defaults() {
    return DEFAULTS;
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.metadataPath = metadataPath;
    b.lenientDoubleZero = lenientDoubleZero;
    b.migrateCiLegacy = migrateCiLegacy;
    b.ciFixedLineOperators = ciFixedLineOperators;
    b.operatorRules.addAll(operatorRules);
    b.portability.clear();
    b.portability.addAll(portability);
    return b;
  }

  /** The metadata blob loaded instead of the embedded one; empty for the embedded one. */
  public Optional<Path> metadataPath() {
    return Optional.ofNullable(metadataPath);
  }

  /** Whether a leading "00" is read as an international prefix with no default region. */
  public boolean lenientDoubleZero() {
    return lenientDoubleZero;
  }

  /** Whether 8-digit Côte d'Ivoire numbers of the pre-2021 plan are migrated to 10 digits. */
  public boolean migrateCiLegacy() {
    return migrateCiLegacy;
  }

  /** Whether Côte d'Ivoire fixed lines get their original operator. */
  public boolean ciFixedLineOperators() {
    return ciFixedLineOperators;
  }

  /** The user operator rules; unmodifiable. */
  public List<OperatorRule> operatorRules() {
    return operatorRules;
  }

  /** The per-region portability overrides; unmodifiable. */
  public List<PortabilityOverride> portability() {
    return portability;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof EngineOptions)) {
      return false;
    }
    EngineOptions other = (EngineOptions) o;
    return Objects.equals(metadataPath, other.metadataPath)
        && lenientDoubleZero == other.lenientDoubleZero
        && migrateCiLegacy == other.migrateCiLegacy
        && ciFixedLineOperators == other.ciFixedLineOperators
        && operatorRules.equals(other.operatorRules)
        && portability.equals(other.portability);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        metadataPath,
        lenientDoubleZero,
        migrateCiLegacy,
        ciFixedLineOperators,
        operatorRules,
        portability);
  }

  @Override
  public String toString() {
    return "EngineOptions{metadataPath="
        + (metadataPath == null ? "(embedded)" : metadataPath)
        + ", lenientDoubleZero="
        + lenientDoubleZero
        + ", migrateCiLegacy="
        + migrateCiLegacy
        + ", ciFixedLineOperators="
        + ciFixedLineOperators
        + ", operatorRules="
        + operatorRules.size()
        + ", portability="
        + portability
        + "}";
  }

  /** Builds {@link EngineOptions}; starts from the defaults. Not thread-safe. */
  public static final class Builder {
    private Path metadataPath;
    private boolean lenientDoubleZero;
    private boolean migrateCiLegacy;
    private boolean ciFixedLineOperators;
    private final List<OperatorRule> operatorRules = new ArrayList<>();
    private final List<PortabilityOverride> portability = new ArrayList<>();

    private Builder() {
      portability.add(new PortabilityOverride("CI", true));
    }

    /**
     * Loads this metadata blob (written by {@code tools/metadata/compile.py}, possibly for a
     * newer libphonenumber) instead of the embedded one; {@code null} for the embedded one.
     */
    public Builder metadataPath(Path path) {
      metadataPath = path;
      return this;
    }

    /**
     * With no default region, reads a leading "00" as the international prefix; such results
     * carry {@link SegmentationFlag#LENIENT_DOUBLE_ZERO}.
     */
    public Builder lenientDoubleZero(boolean enabled) {
      lenientDoubleZero = enabled;
      return this;
    }

    /**
     * Reads an 8-digit Côte d'Ivoire number of the plan in force before 31 January 2021 as
     * its 10-digit successor; such results carry {@link SegmentationFlag#CI_LEGACY_MIGRATED}.
     */
    public Builder migrateCiLegacy(boolean enabled) {
      migrateCiLegacy = enabled;
      return this;
    }

    /**
     * Gives Côte d'Ivoire fixed lines their original operator (27 Orange, 25 MTN, 21 Moov);
     * such results carry {@link SegmentationFlag#CI_FIXED_LINE_OPERATOR}.
     */
    public Builder ciFixedLineOperators(boolean enabled) {
      ciFixedLineOperators = enabled;
      return this;
    }

    /** Replaces the operator rules (see {@link OperatorRule#parseCsv(String)}). */
    public Builder operatorRules(List<OperatorRule> rules) {
      Objects.requireNonNull(rules, "rules");
      List<OperatorRule> copy = new ArrayList<>(rules.size());
      for (OperatorRule r : rules) {
        copy.add(Objects.requireNonNull(r, "operator rule"));
      }
      operatorRules.clear();
      operatorRules.addAll(copy);
      return this;
    }

    /** Adds an operator rule. */
    public Builder addOperatorRule(String prefix, String operatorName) {
      operatorRules.add(new OperatorRule(prefix, operatorName));
      return this;
    }

    /** Replaces the portability overrides (the default is {@code [CI: true]}). */
    public Builder portability(List<PortabilityOverride> overrides) {
      Objects.requireNonNull(overrides, "overrides");
      List<PortabilityOverride> copy = new ArrayList<>(overrides.size());
      for (PortabilityOverride p : overrides) {
        copy.add(Objects.requireNonNull(p, "portability override"));
      }
      portability.clear();
      portability.addAll(copy);
      return this;
    }

    /** Sets the portability of one region, replacing an override of the same region. */
    public Builder portable(String region, boolean portable) {
      Objects.requireNonNull(region, "region");
      portability.removeIf(p -> p.region().equals(region));
      portability.add(new PortabilityOverride(region, portable));
      return this;
    }

    /** The options. */
    public EngineOptions build() {
      return new EngineOptions(this);
    }
  }
}
