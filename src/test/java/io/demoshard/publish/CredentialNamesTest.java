package io.demoshard.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.demoshard.BuildInfo;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which settings the manifest redacts, and the version it names. */
class CredentialNamesTest {
  @Test
  void credentialsAndWhereTheyAreKeptAreRedacted() {
    for (String n : new String[] {"key-file", "key-env", "password", "token", "secret", "sas-token", "api_key",
        "fs.s3a.secret.key", "fs.s3a.session.token", "spark.ssl.keyPassword", "keyStorePassword", "credentials-path",
        "AUTH_TOKEN"}) {
      assertTrue(Publisher.isCredential(n), n);
    }
  }

  @Test
  void settingsAboutKeysAndSecretsAreNot() {
    for (String n : new String[] {"key-repeat-gap", "secret-min-length", "secret-entropy-bits", "key-per-version",
        "session-gap", "keyboard", "tokens-max", "monkey", "spark.ssl.keyStore", "users", ""}) {
      assertFalse(Publisher.isCredential(n), n);
    }
  }

  @Test
  void redactReplacesOnlyCredentialValuesAtAnyDepth() throws Exception {
    JsonNode n = Publisher.mapper().readTree("{\"privacy\":{\"key-file\":\"/k\",\"scrub\":{\"secret-min-length\":20}},"
        + "\"spark\":{\"settings\":{\"fs.s3a.secret.key\":\"abc\"}},\"list\":[{\"token\":\"t\"}]}");
    Publisher.redact(n);
    assertEquals(Publisher.REDACTED, n.at("/privacy/key-file").asText());
    assertEquals(20, n.at("/privacy/scrub/secret-min-length").asInt());
    assertEquals(Publisher.REDACTED, n.at("/spark/settings/fs.s3a.secret.key").asText());
    assertEquals(Publisher.REDACTED, n.at("/list/0/token").asText());
  }

  @Test
  void versionIsThePomsAndWhatMinusVPrints() throws Exception {
    String pom = Files.readString(Path.of(System.getProperty("basedir", "."), "pom.xml"));
    assertTrue(pom.contains("<artifactId>demoshard</artifactId>\n  <version>" + BuildInfo.VERSION + "<")
        || pom.contains("<artifactId>demoshard</artifactId>\n  <version>" + BuildInfo.VERSION + "-SNAPSHOT<"),
        "pom.xml version differs from BuildInfo.VERSION " + BuildInfo.VERSION);
    String[] v = io.demoshard.cli.Main.class.getAnnotation(picocli.CommandLine.Command.class).version();
    assertEquals("demoshard " + BuildInfo.VERSION, v[0]);
    assertEquals(BuildInfo.VERSION, Publisher.codeVersion());
  }
}
