package io.demoshard.bench;

import io.demoshard.image.ImageDecoder;
import io.demoshard.spark.LazyMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.Iterator;

import static org.apache.spark.sql.functions.col;

/**
 * Decode floor: the I/O floor plus one {@link ImageDecoder#decode} of every screenshot (the image
 * check's decode: format sniff, completeness check, subsampled decode, pHash), its result written
 * beside the bytes. The least a job that checks every image can cost.
 */
public final class DecodeFloor {
  static final StructType DECODED = new StructType()
      .add("path", DataTypes.StringType).add("length", DataTypes.LongType).add("content", DataTypes.BinaryType)
      .add("width", DataTypes.IntegerType).add("height", DataTypes.IntegerType)
      .add("format", DataTypes.StringType).add("phash", DataTypes.LongType).add("error", DataTypes.StringType);

  private final SparkSession spark;

  public DecodeFloor(SparkSession spark) {
    this.spark = spark;
  }

  public FloorResult run(RawDay day, String out) {
    var conf = spark.sparkContext().hadoopConfiguration();
    long start = System.nanoTime();
    IoFloor.copyLines(spark, day, out);
    FloorInput.files(spark, day.dirs(conf, RawDay.SCREENSHOTS)).select("path", "length", "content")
        .mapPartitions(new Decode(), Encoders.row(DECODED))
        .write().mode(SaveMode.Overwrite).parquet(out + "/images");
    long wallMs = (System.nanoTime() - start) / 1_000_000L;
    long[] images = IoFloor.images(spark, out + "/images");
    long decoded = spark.read().parquet(out + "/images").where(col("error").isNull()).count();
    return new FloorResult("decode", FloorInput.rows(spark, out + "/events"), FloorInput.rows(spark, out + "/frames"),
        images[0], images[1], decoded, wallMs);
  }

  /** One decoder per partition (it holds the pHash's buffers). */
  static final class Decode implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Row> call(Iterator<Row> in) {
      ImageDecoder decoder = new ImageDecoder();
      return LazyMap.of(in, r -> {
        byte[] bytes = r.getAs("content");
        try {
          ImageDecoder.Decoded d = decoder.decode(bytes);
          return RowFactory.create(r.getString(0), r.getLong(1), bytes, d.width(), d.height(), d.format(),
              d.phash(), null);
        } catch (ImageDecoder.Undecodable e) {
          return RowFactory.create(r.getString(0), r.getLong(1), bytes, null, null, null, null, e.getMessage());
        }
      });
    }
  }
}
