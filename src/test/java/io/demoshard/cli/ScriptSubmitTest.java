package io.demoshard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/demoshard on the spark-submit path (issue 11 item 5): driver memory and extra JVM options
 * must reach spark-submit. Runs the real script against a stand-in spark-submit that prints its
 * arguments, in a copy of the repo layout whose job jar is already built.
 */
class ScriptSubmitTest {
  @TempDir
  Path tmp;

  @Test
  void driverMemoryAndJavaOptionsReachSparkSubmit() throws Exception {
    Path root = tmp.resolve("repo");
    Files.createDirectories(root.resolve("scripts"));
    Files.copy(Path.of("scripts/demoshard"), root.resolve("scripts/demoshard"));
    for (String d : List.of("src/main", "conf", "jobs")) {
      Files.createDirectories(root.resolve(d));
    }
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    Path target = Files.createDirectories(root.resolve("target"));
    Files.writeString(target.resolve("classpath.txt"), "/nowhere.jar");
    Files.writeString(target.resolve("jvm-flags.txt"), "--add-opens=java.base/java.lang=ALL-UNNAMED");
    Path jar = Files.writeString(target.resolve("demoshard-0.1.0-SNAPSHOT.jar"), "jar");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(3600)));  // newer than the sources
    Path bin = Files.createDirectories(tmp.resolve("spark/bin"));
    Path submit = Files.writeString(bin.resolve("spark-submit"), "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n");
    Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));

    ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("scripts/demoshard").toString(), "nightly",
        "--master", "spark://127.0.0.1:7077", "--raw", "hdfs:///raw", "--out", "hdfs:///out", "--date", "2026-11-20")
        .redirectErrorStream(true);
    pb.environment().put("SPARK_HOME", tmp.resolve("spark").toString());
    pb.environment().put("DEMOSHARD_DRIVER_MEMORY", "6g");
    pb.environment().put("DEMOSHARD_JAVA_OPTS", "-Dx.y=1 -XX:+UseG1GC");
    pb.environment().put("DEMOSHARD_EXECUTOR_MEMORY", "3g");
    pb.environment().put("DEMOSHARD_SUBMIT_ARGS", "--num-executors 3");
    Process p = pb.start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    List<String> args = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertEquals(0, p.exitValue(), String.join("\n", args));
    String joined = String.join(" ", args);
    assertTrue(joined.contains("--driver-memory 6g"), joined);
    assertTrue(joined.contains("--executor-memory 3g"), joined);
    assertTrue(joined.contains("--num-executors 3"), joined);
    int o = args.indexOf("--driver-java-options");
    assertTrue(o > 0, joined);
    assertEquals("--add-opens=java.base/java.lang=ALL-UNNAMED -Dx.y=1 -XX:+UseG1GC", args.get(o + 1), joined);
    assertTrue(args.contains("spark.executor.extraJavaOptions=--add-opens=java.base/java.lang=ALL-UNNAMED"), joined);
    // the jar, then the command's own arguments, then the cluster overlay
    int j = args.indexOf(jar.toString());
    assertTrue(j > 0, joined);
    assertEquals(List.of("nightly", "--master", "spark://127.0.0.1:7077", "--raw", "hdfs:///raw", "--out",
        "hdfs:///out", "--date", "2026-11-20", "--env", "cluster"), args.subList(j + 1, args.size()));

    // an explicit --env is passed as it is, and nothing else is appended
    pb.command("bash", root.resolve("scripts/demoshard").toString(), "rollback", "--master", "yarn", "--out", "o",
        "--date", "2026-11-20", "--env", "prod");
    Process q = pb.start();
    assertTrue(q.waitFor(30, TimeUnit.SECONDS));
    List<String> qa = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertEquals(List.of("rollback", "--master", "yarn", "--out", "o", "--date", "2026-11-20", "--env", "prod"),
        qa.subList(qa.indexOf(jar.toString()) + 1, qa.size()));
  }
}
