package io.github.oraclephone;

/**
 * A segmentation, import or export run recorded in the history store. Times in ms since the
 * Unix epoch.
 *
 * @param status "running", "ok", "failed" or "cancelled"
 * @param finishedAtUnixMs 0 while running
 */
public record JobRecord(
    long id,
    JobKind kind,
    String description,
    String status,
    long rowsTotal,
    long rowsOk,
    long rowsFailed,
    String errorMessage,
    long startedAtUnixMs,
    long finishedAtUnixMs) {

  static JobRecord fromFlat(String[] v, int i) {
    return new JobRecord(
        Long.parseLong(v[i]),
        JobKind.values()[Integer.parseInt(v[i + 1])],
        v[i + 2],
        v[i + 3],
        Long.parseLong(v[i + 4]),
        Long.parseLong(v[i + 5]),
        Long.parseLong(v[i + 6]),
        v[i + 7],
        Long.parseLong(v[i + 8]),
        Long.parseLong(v[i + 9]));
  }
}
