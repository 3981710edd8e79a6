package io.demoshard.ingest;

import io.demoshard.model.Counts;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What an ingest stage hands on: the rows that passed ({@code valid}, in the stage's output
 * schema), the rows it rejected ({@code quarantine}, {@code Schemas.QUARANTINE}) and its
 * exact counts. The datasets are backed by a persisted intermediate; call
 * {@link #unpersist()} when both have been consumed.
 */
public record Result(Dataset<Row> valid, Dataset<Row> quarantine, Counts counts, Runnable release) {
  public Result(Dataset<Row> valid, Dataset<Row> quarantine, Counts counts) {
    this(valid, quarantine, counts, () -> { });
  }

  public void unpersist() {
    release.run();
  }
}
