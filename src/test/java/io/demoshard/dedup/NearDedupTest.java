package io.demoshard.dedup;

import io.demoshard.SparkTestBase;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Candidate pairs with the bucket window (skew cap) and connected components. */
class NearDedupTest extends SparkTestBase {

  @Test
  void oversizedBucketYieldsAtMostWindowPairsPerMember() {
    StructType schema = new StructType().add("id", DataTypes.StringType).add("band", DataTypes.IntegerType)
        .add("bhash", DataTypes.LongType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(RowFactory.create("e" + i, 0, 42L)); // one bucket of 10
    }
    rows.add(RowFactory.create("x1", 1, 7L));
    rows.add(RowFactory.create("x2", 1, 7L)); // a bucket of 2
    rows.add(RowFactory.create("x3", 1, 8L)); // alone
    Dataset<Row> in = spark().createDataFrame(rows, schema);

    List<Row> w3 = NearDedup.candidatePairs(in, 3).collectAsList();
    // bucket of 10, window 3: 3*7 + 2 + 1 = 24 pairs, each of rank distance <= 3; plus (x1, x2)
    assertEquals(25, w3.size());
    for (Row r : w3) {
      String a = r.getString(0);
      String b = r.getString(1);
      assertTrue(a.compareTo(b) < 0, a + " " + b);
      if (a.startsWith("e")) {
        int d = Integer.parseInt(b.substring(1)) - Integer.parseInt(a.substring(1));
        assertTrue(d >= 1 && d <= 3, a + " " + b);
      }
    }
    // a window at least the bucket size gives all pairs: 45 + 1
    assertEquals(46, NearDedup.candidatePairs(in, 100).count());
  }

  @Test
  void componentsLabelEveryVertexWithItsSmallestMember() {
    StructType schema = new StructType().add("a", DataTypes.StringType).add("b", DataTypes.StringType);
    // a long chain given in an unfavourable order, plus a separate pair
    List<Row> edges = new ArrayList<>();
    for (int i = 9; i >= 1; i--) {
      edges.add(RowFactory.create("c" + i, "c" + (i - 1)));
    }
    edges.add(RowFactory.create("z2", "z1"));
    Map<String, String> labels = new TreeMap<>();
    for (Row r : NearDedup.components(spark().createDataFrame(edges, schema), 50).collectAsList()) {
      labels.put(r.getString(0), r.getString(1));
    }
    assertEquals(12, labels.size());
    for (int i = 0; i <= 9; i++) {
      assertEquals("c0", labels.get("c" + i));
    }
    assertEquals("z1", labels.get("z1"));
    assertEquals("z1", labels.get("z2"));
  }
}
