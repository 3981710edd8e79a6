package io.demoshard.ingest;

import io.demoshard.SparkTestBase;
import io.demoshard.model.Schemas;
import io.demoshard.privacy.People;
import io.demoshard.privacy.scrub.TextScrubber;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optional people directory: lenient like the registries, a row without user quarantined, never its text. */
class DirectoryReaderTest extends SparkTestBase {
  @TempDir
  Path root;

  @Test
  void rowsAreReadLenientlyAndBecomePeople() {
    Fixtures.lines(root, "directory/a.csv",
        "user_id,display_name,email,aliases",
        "u001, Jane Doe ,jane.doe@acme-corp.com,Janie|jdoe42",
        "U002,Omar Haddad,,",
        ",Ghost Person,ghost@acme-corp.com,");                 // no user: quarantined
    Fixtures.lines(root, "directory/b.csv",                     // semicolons, no header
        "u003;Sofía Núñez;sofia.nunez@acme-corp.com;Sofi");
    Result r = new DirectoryReader(spark()).read(root.toUri().toString());
    assertEquals(Map.of("directory.files", 2L, "directory.rows", 4L, "directory.valid", 3L,
        "directory.quarantined.bad_csv_row", 1L), r.counts().asMap());
    List<Row> rows = r.valid().orderBy("user_id").collectAsList();
    assertEquals(List.of("u001", "u002", "u003"), rows.stream().map(x -> x.getString(0)).toList());
    assertEquals("Jane Doe", rows.get(0).getString(1));
    assertEquals("Janie|jdoe42", rows.get(0).getString(3));
    assertNull(rows.get(1).get(2));
    assertEquals(Set.of("u001", "u002", "u003"), DirectoryReader.userIds(rows));

    Row q = r.quarantine().first();
    assertEquals("bad_csv_row", q.getAs("reason"));
    assertNull(q.getAs("raw"), "directory rows name people: no raw text in quarantine");
    String detail = q.getAs("detail");
    assertTrue(detail.startsWith("missing user_id"), detail);
    assertFalse(q.toString().contains("Ghost"));

    People people = DirectoryReader.people(rows);
    TextScrubber s = new TextScrubber(20, 3.5, List.of("US")).withPeople(people);
    assertEquals("<PERSON> asked <PERSON> and <PERSON> (<PERSON>)",
        s.scrubText("Omar Haddad asked sofia nunez and JANIE (jdoe42)"));
  }

  @Test
  void aMissingDirectoryIsNoError() {
    Result r = new DirectoryReader(spark()).read(root.toUri().toString());
    assertEquals(0, r.valid().count());
    assertEquals(0, r.quarantine().count());
    assertEquals(0L, r.counts().get("directory.files"));
    assertTrue(DirectoryReader.people(r.valid().collectAsList()).isEmpty());
    assertEquals(Schemas.QUARANTINE, r.quarantine().schema());
  }
}
