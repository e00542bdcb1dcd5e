package io.github.oraclephone;

/**
 * One {@code send} as the sandbox saw it (C++ {@code oracle::SandboxRecord}).
 *
 * @param sequence 0, 1, 2... in arrival order
 * @param message the message
 * @param result what the sandbox answered
 * @param sent it was sent (accepted, or the simulated unknown outcome)
 * @param messageId the provider id, also for a simulated unknown
 * @param encoding how it was encoded
 * @param segments parts billed
 * @param unixMs when it arrived
 */
public record SandboxRecord(
    long sequence,
    SmsMessage message,
    SendResult result,
    boolean sent,
    String messageId,
    SmsEncoding encoding,
    int segments,
    long unixMs) {}
