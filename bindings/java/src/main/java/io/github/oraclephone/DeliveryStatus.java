package io.github.oraclephone;

/** Delivery states reported by providers (C++ {@code oracle::DeliveryStatus}). */
public enum DeliveryStatus {
  DELIVERED_TO_TERMINAL("DeliveredToTerminal"),
  DELIVERED_TO_NETWORK("DeliveredToNetwork"),
  MESSAGE_WAITING("MessageWaiting"),
  DELIVERY_UNCERTAIN("DeliveryUncertain"),
  DELIVERY_IMPOSSIBLE("DeliveryImpossible"),
  NOT_SUPPORTED("DeliveryNotificationNotSupported");

  private final String providerName;

  DeliveryStatus(String providerName) {
    this.providerName = providerName;
  }

  /** The provider's spelling, e.g. "DeliveredToTerminal". */
  public String providerName() {
    return providerName;
  }
}
