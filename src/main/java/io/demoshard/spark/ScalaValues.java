package io.demoshard.spark;

import scala.jdk.javaapi.CollectionConverters;

import java.util.List;
import java.util.Map;

/**
 * Rows produced under {@code Encoders.row(schema)} must hold Scala collections (Seq for arrays,
 * Map for maps); Java lists are accepted only by {@code createDataFrame}. One place converts.
 */
public final class ScalaValues {
  private ScalaValues() {}

  public static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
    return list == null ? null : CollectionConverters.asScala(list).toList();
  }

  public static <K, V> scala.collection.Map<K, V> map(Map<K, V> map) {
    return map == null ? null : CollectionConverters.asScala(map);
  }
}
