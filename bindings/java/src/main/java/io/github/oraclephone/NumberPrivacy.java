package io.github.oraclephone;

/** How a history store keeps recipients' numbers once a message is settled. */
public enum NumberPrivacy {
  /** E.164 as is. */
  PLAIN,
  /** All but the first 6 and last 2 digits masked: "+225070****56". */
  MASKED,
  /** "hmac:" + hex HMAC-SHA256(key, E.164); no digits kept. */
  HASHED
}
