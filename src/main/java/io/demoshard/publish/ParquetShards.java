package io.demoshard.publish;

import io.demoshard.model.Sha256;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demoshard.config.DemoshardConfig.PublishConfig;
import io.demoshard.model.Schemas;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes rows of a Spark schema to Parquet with parquet-hadoop directly (not Spark's
 * DataFrameWriter), so the job controls file names, the exact writer settings and the footer
 * key-value metadata. Every setting that influences the bytes is fixed here, so the same rows
 * in the same order give byte-identical files.
 *
 * <p>Lists use the standard three-level layout ({@code <name> (LIST) / repeated group list /
 * element}), which Spark, pyarrow, DuckDB and Hugging Face {@code datasets} all read. The footer
 * carries {@code org.apache.spark.sql.parquet.row.metadata} (the exact Spark schema) and, for
 * shards, {@code huggingface} (the {@code datasets} features, with frame images as {@code Image}).
 */
public final class ParquetShards {
  public static final String SPARK_ROW_METADATA = "org.apache.spark.sql.parquet.row.metadata";
  public static final String HF_METADATA = "huggingface";
  /** The image bytes column: already-compressed data, so no dictionary and no min/max statistics. */
  public static final String IMAGE_BYTES_COLUMN = "frames.list.element.image.bytes";
  public static final int PAGE_BYTES = 1 << 20;
  public static final int ZSTD_LEVEL = 3;

  private ParquetShards() {}

  // ---------------------------------------------------------------- schema

  /** The Parquet schema of a Spark struct: nullable fields optional, others required. */
  public static MessageType messageType(StructType schema, String name) {
    return messageType(schema, name, false);
  }

  /**
   * The Parquet schema of a published shard: every field and list element optional. Arrow (so
   * pyarrow and {@code datasets}) has no non-null feature: {@code datasets.Features.from_arrow_schema}
   * uses the footer's {@code huggingface} features only for a column whose Arrow field equals the
   * features' own, all-nullable, field; one required leaf and {@code frames[].image} reads as a
   * plain struct instead of an image. Non-null columns are still enforced on write (see
   * {@link #toGroup}) and documented by the Spark schema in the footer.
   */
  public static MessageType shardMessageType(StructType shard) {
    return messageType(shard, "shard", true);
  }

  /**
   * The shard layouts this job can read and rewrite (erase keeps a version's own layout so its
   * shards stay alike): the current one first, then those of versions published earlier.
   */
  public static List<ShardLayout> shardLayouts() {
    return List.of(
        new ShardLayout(shardMessageType(Schemas.SHARD), shardMetadata(Schemas.SHARD)),
        // before frames carried `redactions` and before shards were all-optional for Arrow
        new ShardLayout(messageType(Schemas.SHARD, "shard", false), shardMetadata(Schemas.SHARD)),
        new ShardLayout(messageType(Schemas.SHARD_BEFORE_REDACTIONS, "shard", false),
            shardMetadata(Schemas.SHARD_BEFORE_REDACTIONS)));
  }

  /** A shard's Parquet schema with the footer metadata that goes with it. */
  public record ShardLayout(MessageType type, Map<String, String> metadata) {}

  private static MessageType messageType(StructType schema, String name, boolean allOptional) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (StructField f : schema.fields()) {
      b.addField(type(f.name(), f.dataType(), allOptional || f.nullable(), allOptional));
    }
    return b.named(name);
  }

  private static Type type(String name, DataType dt, boolean nullable, boolean allOptional) {
    Type.Repetition rep = nullable ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
    if (dt instanceof StringType) {
      return Types.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType()).named(name);
    }
    if (dt instanceof IntegerType) {
      return Types.primitive(PrimitiveTypeName.INT32, rep).named(name);
    }
    if (dt instanceof LongType) {
      return Types.primitive(PrimitiveTypeName.INT64, rep).named(name);
    }
    if (dt instanceof DoubleType) {
      return Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(name);
    }
    if (dt instanceof BooleanType) {
      return Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(name);
    }
    if (dt instanceof BinaryType) {
      return Types.primitive(PrimitiveTypeName.BINARY, rep).named(name);
    }
    if (dt instanceof ArrayType at) {
      Type element = type("element", at.elementType(), allOptional || at.containsNull(), allOptional);
      return Types.buildGroup(rep).as(LogicalTypeAnnotation.listType())
          .addField(Types.repeatedGroup().addField(element).named("list")).named(name);
    }
    if (dt instanceof StructType st) {
      Types.GroupBuilder<org.apache.parquet.schema.GroupType> g = Types.buildGroup(rep);
      for (StructField f : st.fields()) {
        g.addField(type(f.name(), f.dataType(), allOptional || f.nullable(), allOptional));
      }
      return g.named(name);
    }
    throw new IllegalArgumentException("unsupported type for " + name + ": " + dt);
  }

  // ---------------------------------------------------------------- Hugging Face features

  /** {@code {"info":{"features":{...}}}} for {@code datasets}; a struct equal to {@link Schemas#IMAGE} is an Image. */
  public static String huggingFaceMetadata(StructType schema) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.putObject("info").set("features", features(schema));
    try {
      return new ObjectMapper().writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode features(StructType st) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    for (StructField f : st.fields()) {
      o.set(f.name(), feature(f.dataType()));
    }
    return o;
  }

  private static com.fasterxml.jackson.databind.JsonNode feature(DataType dt) {
    JsonNodeFactory nf = JsonNodeFactory.instance;
    if (dt instanceof StructType st) {
      if (st.asNullable().equals(Schemas.IMAGE.asNullable())) {
        return nf.objectNode().put("_type", "Image");
      }
      return features(st);
    }
    if (dt instanceof ArrayType at) {
      ArrayNode a = nf.arrayNode();
      a.add(feature(at.elementType()));
      return a;
    }
    String dtype;
    if (dt instanceof StringType) {
      dtype = "string";
    } else if (dt instanceof IntegerType) {
      dtype = "int32";
    } else if (dt instanceof LongType) {
      dtype = "int64";
    } else if (dt instanceof DoubleType) {
      dtype = "float64";
    } else if (dt instanceof BooleanType) {
      dtype = "bool";
    } else if (dt instanceof BinaryType) {
      dtype = "binary";
    } else {
      throw new IllegalArgumentException("unsupported type " + dt);
    }
    return nf.objectNode().put("dtype", dtype).put("_type", "Value");
  }

  // ---------------------------------------------------------------- writing

  /** Footer key-value metadata of a shard. */
  public static Map<String, String> shardMetadata() {
    return shardMetadata(Schemas.SHARD);
  }

  /** The footer metadata of a shard of the given row schema (the current one, or an older one erase rewrites). */
  public static Map<String, String> shardMetadata(org.apache.spark.sql.types.StructType shard) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(SPARK_ROW_METADATA, shard.json());
    m.put(HF_METADATA, huggingFaceMetadata(shard));
    m.put("demoshard.schema_version", Integer.toString(Schemas.SCHEMA_VERSION));
    return m;
  }

  public static CompressionCodecName codec(String compression) {
    String c = compression == null || compression.isBlank() ? "zstd" : compression.trim().toUpperCase(Locale.ROOT);
    if (c.equals("NONE")) {
      c = "UNCOMPRESSED";
    }
    return CompressionCodecName.valueOf(c);
  }

  /** A writer with every byte-relevant setting fixed. */
  public static ParquetWriter<Group> open(OutputFile out, MessageType type, PublishConfig cfg,
                                          Map<String, String> metadata, Configuration base) throws IOException {
    Configuration conf = new Configuration(base);
    conf.setInt("parquet.compression.codec.zstd.level", ZSTD_LEVEL);
    conf.setInt("parquet.compression.codec.zstd.workers", 0);
    boolean hasImages = hasColumn(type, IMAGE_BYTES_COLUMN);
    ExampleParquetWriter.Builder b = ExampleParquetWriter.builder(out)
        .withConf(conf)
        .withType(type)
        .withWriteMode(ParquetFileWriter.Mode.CREATE)
        .withCompressionCodec(codec(cfg.compression()))
        .withRowGroupSize(cfg.rowGroupBytes())
        .withPageSize(PAGE_BYTES)
        .withDictionaryPageSize(PAGE_BYTES)
        .withDictionaryEncoding(true)
        .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
        .withValidation(false)
        .withPageWriteChecksumEnabled(true)
        .withBloomFilterEnabled(false)
        .withMaxPaddingSize(0)
        .withExtraMetaData(metadata);
    if (hasImages) {
      b = b.withDictionaryEncoding(IMAGE_BYTES_COLUMN, false).withStatisticsEnabled(IMAGE_BYTES_COLUMN, false);
    }
    return b.build();
  }

  private static boolean hasColumn(MessageType type, String dotted) {
    return type.containsPath(dotted.split("\\."));
  }

  /** Converts a row of {@code schema} (Spark {@link Row}; arrays as Java lists or Scala seqs) to a group. */
  public static Group toGroup(SimpleGroupFactory factory, StructType schema, Row row) {
    Group g = factory.newGroup();
    fill(g, schema, row);
    return g;
  }

  private static void fill(Group g, StructType schema, Row row) {
    StructField[] fields = schema.fields();
    for (int i = 0; i < fields.length; i++) {
      Object v = row.get(i);
      if (v == null) {
        if (!fields[i].nullable()) {
          throw new IllegalArgumentException("null in required column " + fields[i].name());
        }
        continue;
      }
      add(g, fields[i].name(), fields[i].dataType(), v);
    }
  }

  private static void add(Group g, String name, DataType dt, Object v) {
    if (dt instanceof StringType) {
      g.add(name, Binary.fromString(v.toString()));
    } else if (dt instanceof IntegerType) {
      g.add(name, ((Number) v).intValue());
    } else if (dt instanceof LongType) {
      g.add(name, ((Number) v).longValue());
    } else if (dt instanceof DoubleType) {
      g.add(name, ((Number) v).doubleValue());
    } else if (dt instanceof BooleanType) {
      g.add(name, (Boolean) v);
    } else if (dt instanceof BinaryType) {
      g.add(name, Binary.fromConstantByteArray((byte[]) v));
    } else if (dt instanceof ArrayType at) {
      Group list = g.addGroup(name);
      for (Object e : asList(v)) {
        Group item = list.addGroup("list");
        if (e == null) {
          if (!at.containsNull()) {
            throw new IllegalArgumentException("null element in " + name);
          }
          continue;
        }
        add(item, "element", at.elementType(), e);
      }
    } else if (dt instanceof StructType st) {
      fill(g.addGroup(name), st, (Row) v);
    } else {
      throw new IllegalArgumentException("unsupported type " + dt);
    }
  }

  @SuppressWarnings("unchecked")
  static List<Object> asList(Object v) {
    if (v instanceof List<?> l) {
      return (List<Object>) l;
    }
    if (v instanceof scala.collection.Seq<?> s) {
      return (List<Object>) scala.jdk.javaapi.CollectionConverters.asJava(s);
    }
    if (v instanceof Object[] a) {
      return java.util.Arrays.asList(a);
    }
    throw new IllegalArgumentException("not a list: " + v.getClass());
  }

  // ---------------------------------------------------------------- output files

  /** A file on a Hadoop FileSystem whose SHA-256 and size are taken while it is written. */
  public static final class DigestingFile implements OutputFile {
    private final FileSystem fs;
    private final Path path;
    private MessageDigest digest;
    private long written;

    public DigestingFile(FileSystem fs, Path path) {
      this.fs = fs;
      this.path = path;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
      return open(false);
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
      return open(true);
    }

    private PositionOutputStream open(boolean overwrite) throws IOException {
      digest = Sha256.newDigest();
      written = 0;
      FSDataOutputStream os = fs.create(path, overwrite);
      return new Counting(os);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    @Override
    public String getPath() {
      return path.toString();
    }

    public String sha256() {
      return HexFormat.of().formatHex(digest.digest());
    }

    public long bytes() {
      return written;
    }

    /**
     * Counts and digests what reaches storage, holding back the last bytes written so that the
     * footer can be made canonical before it is written (see {@link FooterCanon}).
     */
    private final class Counting extends PositionOutputStream {
      private static final int HOLD = 8 << 20;
      private final OutputStream out;
      private byte[] pending = new byte[64 << 10];
      private int pendingLen;

      Counting(OutputStream out) {
        this.out = out;
      }

      @Override
      public long getPos() {
        return written;
      }

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (pendingLen + len > pending.length) {
          if (pendingLen + len > HOLD) {
            // keep only the newest HOLD bytes (or nothing, for a huge write) in memory
            int keep = Math.max(0, Math.min(pendingLen, HOLD - len));
            emit(pending, 0, pendingLen - keep);
            System.arraycopy(pending, pendingLen - keep, pending, 0, keep);
            pendingLen = keep;
          }
          if (len > HOLD) {
            emit(b, off, len);
            written += len;
            return;
          }
          if (pendingLen + len > pending.length) {
            pending = java.util.Arrays.copyOf(pending, Math.max(pendingLen + len, pending.length * 2));
          }
        }
        System.arraycopy(b, off, pending, pendingLen, len);
        pendingLen += len;
        written += len;
      }

      private void emit(byte[] b, int off, int len) throws IOException {
        if (len > 0) {
          out.write(b, off, len);
          digest.update(b, off, len);
        }
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }

      @Override
      public void close() throws IOException {
        FooterCanon.canonicalise(pending, pendingLen);
        emit(pending, 0, pendingLen);
        pendingLen = 0;
        out.close();
      }
    }
  }

  /** An in-memory file (used to measure a shard's fixed overhead). */
  public static final class MemoryFile implements OutputFile {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      buf.reset();
      return new PositionOutputStream() {
        @Override
        public long getPos() {
          return buf.size();
        }

        @Override
        public void write(int b) {
          buf.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          buf.write(b, off, len);
        }
      };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    public byte[] bytes() {
      return buf.toByteArray();
    }
  }

  /**
   * The file system of a path, with Hadoop's client-side checksum layer removed on the local file
   * system, so a published folder holds no {@code .crc} side files (Parquet pages carry CRCs and
   * the manifest SHA-256s).
   */
  public static FileSystem fs(io.demoshard.spark.HadoopConf hadoop, Path p) throws IOException {
    FileSystem fs = hadoop.fs(p);
    return fs instanceof org.apache.hadoop.fs.LocalFileSystem l ? l.getRawFileSystem() : fs;
  }

}
