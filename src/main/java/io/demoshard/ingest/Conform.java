package io.demoshard.ingest;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Gives a dataset exactly a declared schema (nullability included) once its columns match. */
final class Conform {
  private Conform() {}

  static Dataset<Row> to(SparkSession spark, Dataset<Row> df, StructType schema) {
    return spark.createDataFrame(df.javaRDD(), schema);
  }
}
