package io.github.oraclephone;

/** What a job of the history store was. */
public enum JobKind {
  SEGMENTATION,
  IMPORT,
  EXPORT
}
