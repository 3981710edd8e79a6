package io.demoshard.publish;

import io.demoshard.image.ImageMetadata;
import io.demoshard.image.MetadataImages;
import io.demoshard.config.ConfigLoader;
import io.demoshard.config.DemoshardConfig;
import io.demoshard.model.Schemas;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A small EPISODE dataset with tiny noisy PNG/JPEG screenshots (some with metadata) written under a raw root (also used by the erase tests). */
public final class PublishFixtures {
  public static final String DAY = "2025-03-01";

  private PublishFixtures() {}

  public static DemoshardConfig config(long targetShardBytes) {
    return DemoshardConfig.from(ConfigLoader.load("local", null, null, Map.of(
        "demoshard.publish.splits.train", "0.5",
        "demoshard.publish.splits.val", "0.25",
        "demoshard.publish.splits.test", "0.25",
        "demoshard.publish.target-shard-bytes", Long.toString(targetShardBytes),
        "demoshard.privacy.key-file", "/secret/place/key.txt")));
  }

  static String userKey(int u) {
    return HexFormat.of().formatHex(sha256(("user-" + u).getBytes())).substring(0, 32);
  }

  /**
   * {@code users} users with 3 episodes each, 2-4 frames per episode; images written under {@code raw}.
   * The frames of each user's second episode carry metadata ({@link MetadataImages#SECRETS}).
   */
  public static List<Row> episodes(Path raw, int users) throws IOException {
    Random rnd = new Random(42);
    List<Row> rows = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      String session = "sess-" + u;
      for (int e = 0; e < 3; e++) {
        String id = HexFormat.of().formatHex(sha256(("ep-" + u + "-" + e).getBytes())).substring(0, 24);
        int nFrames = 2 + rnd.nextInt(3);
        List<Row> frames = new ArrayList<>();
        for (int i = 0; i < nFrames; i++) {
          String format = (i % 2 == 0) ? "png" : "jpeg";
          byte[] img = noisyImage(rnd, 24, 20, format);
          if (e == 1) {  // the second episode of every user: screenshots with EXIF/XMP/text/comment metadata
            img = format.equals("png") ? MetadataImages.pngWithMetadata(img) : MetadataImages.jpegWithMetadata(img);
          }
          String rel = "screenshots/dt=" + DAY + "/device-" + u + "/" + session + "/frame-" + e + "-" + i + "."
              + (format.equals("jpeg") ? "jpg" : "png");
          Path p = raw.resolve(rel);
          Files.createDirectories(p.getParent());
          Files.write(p, img);
          frames.add(RowFactory.create(i, i * 1000L, "frame-" + u + "-" + e + "-" + i, rel, 24, 20, format,
              rnd.nextLong(), HexFormat.of().formatHex(sha256(img)), (long) img.length));
        }
        List<Row> steps = new ArrayList<>();
        int nSteps = 3;
        for (int s = 0; s < nSteps; s++) {
          if (s == 1) {
            steps.add(RowFactory.create(s, s * 900L, "type", null, null, null, null, null, null, null, null, null,
                null, null, "hello " + u, null, null, Math.min(s, nFrames - 1)));
          } else {
            steps.add(RowFactory.create(s, s * 900L, "click", 10 + s, 12, null, null, 0.4, 0.6, null, null, "left",
                null, null, null, null, null, Math.min(s, nFrames - 1)));
          }
        }
        long start = 1_740_787_200_000L + u * 3_600_000L + e * 60_000L;
        rows.add(RowFactory.create(id, userKey(u), session, start, start + 1800L, "Code", List.of("Code", "Terminal"),
            e == 0 ? "fix the build" : null, "linux", 1280, 800, 1800L, nSteps, nFrames, steps, frames,
            (long) nSteps * 2, java.util.stream.IntStream.range(0, nSteps).mapToObj(s -> id + "-ev" + s).toList()));
      }
    }
    return rows;
  }

  /**
   * The episodes as the redaction stage hands them to publish ({@link Schemas#REDACTED_EPISODE}), with
   * nothing painted: each frame's image is the raw file stripped of metadata, as for a frame in which
   * OCR found no personal data. Publishing is tested here; redaction has its own tests.
   */
  public static Dataset<Row> dataset(SparkSession spark, Path raw, List<Row> rows) {
    List<Row> out = new ArrayList<>(rows.size());
    int framesAt = Schemas.EPISODE.fieldIndex("frames");
    for (Row e : rows) {
      Object[] v = new Object[e.size()];
      for (int i = 0; i < e.size(); i++) {
        v[i] = e.get(i);
      }
      List<Row> frames = new ArrayList<>();
      for (Object o : ParquetShards.asList(e.get(framesAt))) {  // the fixture rows hold Java lists, not Scala seqs
        Row f = (Row) o;
        try {
          byte[] img = ImageMetadata.strip(Files.readAllBytes(raw.resolve(f.getString(3))), f.getString(6));
          frames.add(RowFactory.create(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5), f.get(6), f.get(7),
              HexFormat.of().formatHex(sha256(img)), (long) img.length, img, 0));
        } catch (IOException ex) {
          throw new java.io.UncheckedIOException(ex);
        }
      }
      v[framesAt] = frames;
      out.add(RowFactory.create(v));
    }
    return spark.createDataFrame(out, Schemas.REDACTED_EPISODE);
  }

  static byte[] noisyImage(Random rnd, int w, int h, String format) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rnd.nextInt(0x1000000));
      }
    }
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    if (!ImageIO.write(img, format, bo)) {
      throw new IOException("no writer for " + format);
    }
    return bo.toByteArray();
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
