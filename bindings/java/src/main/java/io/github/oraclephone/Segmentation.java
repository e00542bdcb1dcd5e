package io.github.oraclephone;

import java.util.Objects;
import java.util.Set;

/**
 * The parts of one phone number: what {@link Engine#segment(String, String)} returns for text
 * that could be read as a number (the C++ {@code oracle::Segmentation}).
 *
 * <p>Every field that libphonenumber defines has exactly libphonenumber's value for the same
 * metadata version ({@link Engine#metadataVersion()}); {@link #portable()} and {@link
 * #flags()} are Oracle's. For {@code "+225 07 07 12 34 56"}:
 *
 * <pre>
 *   e164 "+2250707123456"   countryCode 225   region "CI"
 *   nationalNumber "0707123456"   ndc "07"   subscriberNumber "07123456"
 *   type MOBILE   valid true   possible true   possibility IS_POSSIBLE
 *   operatorName "Orange"   international "+225 07 07 12 3456"
 *   national "07 07 12 3456"   rfc3966 "tel:+225-07-07-12-3456"
 * </pre>
 *
 * <p>Strings are never null: a field with no value is {@code ""}.
 *
 * <p>Thread safety: immutable.
 *
 * @param e164 {@code "+2250707123456"}, without the extension
 * @param countryCode the country calling code, e.g. 225
 * @param region ISO 3166-1 alpha-2 code, {@code "001"} for non-geographic entities, {@code ""}
 *     when libphonenumber cannot tell (an invalid number of a shared country code)
 * @param nationalNumber the national significant number, leading zeros kept
 * @param ndc the national destination code ({@code ""} when none)
 * @param subscriberNumber the national number without the NDC
 * @param type the number type
 * @param valid libphonenumber's {@code isValidNumber}
 * @param possible libphonenumber's {@code isPossibleNumber}
 * @param possibility libphonenumber's {@code isPossibleNumberWithReason}
 * @param operatorName the original-allocation operator, in English; {@code ""} when unknown
 * @param extension the extension; {@code ""} when none
 * @param international the INTERNATIONAL format (with " ext. N")
 * @param national the NATIONAL format
 * @param rfc3966 the RFC 3966 format, {@code "tel:+225-07-07-12-3456"}
 * @param countryCodeSource where the country code came from
 * @param portable Oracle: numbers may have been ported away from the operator in this region
 * @param flagBits Oracle: {@link SegmentationFlag} bits
 * @param carrierCode the preferred domestic carrier code found while parsing (e.g. Brazil
 *     "15"); {@code ""} when none
 */
public record Segmentation(
    String e164,
    int countryCode,
    String region,
    String nationalNumber,
    String ndc,
    String subscriberNumber,
    NumberType type,
    boolean valid,
    boolean possible,
    Possibility possibility,
    String operatorName,
    String extension,
    String international,
    String national,
    String rfc3966,
    CountryCodeSource countryCodeSource,
    boolean portable,
    int flagBits,
    String carrierCode) {

  /** Checks that no component is null. */
  public Segmentation {
    Objects.requireNonNull(e164, "e164");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(nationalNumber, "nationalNumber");
    Objects.requireNonNull(ndc, "ndc");
    Objects.requireNonNull(subscriberNumber, "subscriberNumber");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(possibility, "possibility");
    Objects.requireNonNull(operatorName, "operatorName");
    Objects.requireNonNull(extension, "extension");
    Objects.requireNonNull(international, "international");
    Objects.requireNonNull(national, "national");
    Objects.requireNonNull(rfc3966, "rfc3966");
    Objects.requireNonNull(countryCodeSource, "countryCodeSource");
    Objects.requireNonNull(carrierCode, "carrierCode");
  }

  /** The Oracle behaviours that applied ({@link #flagBits()} as a set); unmodifiable. */
  public Set<SegmentationFlag> flags() {
    return SegmentationFlag.fromBits(flagBits);
  }
}
