package io.demoshard.privacy;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

import java.util.Map;

/** Test helper: a row of a schema from a name-to-value map, other fields null. */
final class Rows {
  private Rows() {}

  static Row of(StructType schema, Map<String, Object> values) {
    Object[] v = new Object[schema.size()];
    values.forEach((k, x) -> v[schema.fieldIndex(k)] = x);
    return RowFactory.create(v);
  }
}
