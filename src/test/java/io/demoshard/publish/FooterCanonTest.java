package io.demoshard.publish;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** parquet-hadoop's encoding order varies between JVMs; the canonical footer does not. */
class FooterCanonTest {
  @TempDir java.nio.file.Path dir;

  @Test
  void encodingOrderNoLongerMatters() throws Exception {
    MessageType schema = MessageTypeParser.parseMessageType(
        "message m { required binary s (UTF8); optional int64 n; }");
    java.nio.file.Path file = dir.resolve("a.parquet");
    ParquetShards.DigestingFile out = new ParquetShards.DigestingFile(
        FileSystem.getLocal(new Configuration()), new Path(file.toUri()));
    try (ParquetWriter<org.apache.parquet.example.data.Group> w = ExampleParquetWriter.builder(out)
        .withType(schema).withDictionaryEncoding(true).build()) {
      SimpleGroupFactory g = new SimpleGroupFactory(schema);
      for (int i = 0; i < 200; i++) {
        w.write(g.newGroup().append("s", "v" + (i % 7)).append("n", (long) i));
      }
    }
    byte[] bytes = Files.readAllBytes(file);
    int footerLen = (bytes[bytes.length - 8] & 0xff) | (bytes[bytes.length - 7] & 0xff) << 8
        | (bytes[bytes.length - 6] & 0xff) << 16 | (bytes[bytes.length - 5] & 0xff) << 24;
    int start = bytes.length - 8 - footerLen;
    FileMetaData md = Util.readFileMetaData(new ByteArrayInputStream(bytes, start, footerLen));
    boolean several = false;
    for (ColumnChunk cc : md.getRow_groups().get(0).getColumns()) {
      List<org.apache.parquet.format.Encoding> e = new ArrayList<>(cc.getMeta_data().getEncodings());
      several |= e.size() > 1;
      Collections.reverse(e); // what another JVM's HashSet order may give
      cc.getMeta_data().setEncodings(e);
    }
    assertTrue(several, "the fixture needs columns with several encodings");
    ByteArrayOutputStream permuted = new ByteArrayOutputStream();
    Util.writeFileMetaData(md, permuted);
    byte[] other = bytes.clone();
    System.arraycopy(permuted.toByteArray(), 0, other, start, footerLen);
    assertFalse(java.util.Arrays.equals(bytes, other), "the permutation changed the bytes");

    FooterCanon.canonicalise(bytes, bytes.length);
    FooterCanon.canonicalise(other, other.length);
    assertArrayEquals(bytes, other);
    // The file as written is already canonical, and still a valid footer.
    assertArrayEquals(Files.readAllBytes(file), bytes);
    Util.readFileMetaData(new ByteArrayInputStream(bytes, start, footerLen));
  }
}
