package io.demoshard.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Spark standalone Master and one Worker on 127.0.0.1, each a child JVM started from the Maven
 * jars the way {@code bin/spark-class} starts them: {@code org.apache.spark.launcher.Main} prints
 * the command (with Spark's Java 17 {@code --add-opens} flags) and this class runs it.
 *
 * <p>{@code SPARK_HOME} is a folder of its own whose {@code jars/} links the provided-scope jars
 * (Spark and its dependencies: what a cluster's installation holds, listed by Maven in
 * {@code target/cluster-test/spark-jars.txt}); the Worker launches executors from it, and they also
 * need {@code SPARK_SCALA_VERSION}. Ports are ephemeral (0) and read back from the Master's log;
 * the REST submission server (fixed port 6066) is off. Every child JVM and its descendants (the
 * executors) are killed on {@link #close()} and, should the test JVM die first, by a shutdown hook.
 */
final class StandaloneCluster implements AutoCloseable {
  private static final Pattern MASTER_URL = Pattern.compile("Starting Spark master at (spark://\\S+)");
  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);  // generous: CI machines can be loaded

  /**
   * JVM options for the cluster's JVMs, which live a few minutes: the client compiler only and the
   * serial collector leave more of a 2-core CI machine's CPU to the job itself.
   */
  static final String SHORT_LIVED_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

  private final Path dir;
  private final Path sparkHome;
  private final List<Process> children = new ArrayList<>();
  private final Thread killer = new Thread(this::killAll, "standalone-cluster-killer");
  private String masterUrl;

  private StandaloneCluster(Path dir) {
    this.dir = dir;
    this.sparkHome = dir.resolve("spark-home");
    Runtime.getRuntime().addShutdownHook(killer);
  }

  /**
   * Starts a Master and one Worker with {@code cores} cores and {@code memory} (e.g. "1g") for
   * executors, and returns once the Worker has registered.
   */
  static StandaloneCluster start(Path dir, int cores, String memory) throws IOException, InterruptedException {
    deleteRecursively(dir);
    Files.createDirectories(dir);
    StandaloneCluster c = new StandaloneCluster(dir);
    try {
      c.linkSparkJars();
      Path masterLog = dir.resolve("master.log");
      Process master = c.launch("org.apache.spark.deploy.master.Master",
          List.of("--host", "127.0.0.1", "--port", "0", "--webui-port", "0"), masterLog);
      c.masterUrl = c.await(master, masterLog, MASTER_URL).group(1);
      Path workerLog = dir.resolve("worker.log");
      Process worker = c.launch("org.apache.spark.deploy.worker.Worker",
          List.of("--host", "127.0.0.1", "--port", "0", "--webui-port", "0", "--cores", Integer.toString(cores),
              "--memory", memory, "--work-dir", Files.createDirectories(dir.resolve("work")).toString(),
              c.masterUrl), workerLog);
      c.await(worker, workerLog, Pattern.compile("Successfully registered with master"));
      return c;
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      c.close();
      throw e;
    }
  }

  String masterUrl() {
    return masterUrl;
  }

  /** The folder holding master.log, worker.log, the executors' logs (work/) and the drivers' logs. */
  Path dir() {
    return dir;
  }

  /** The build's output folder (target/ or what {@code demoshard.build.dir} says): where Maven put the lists. */
  static Path buildDir() {
    try {
      return Path.of(io.demoshard.cli.Main.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .getParent();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The jars Maven listed in {@code <build>/cluster-test/<name>} (written in generate-test-resources). */
  static List<Path> listed(String name) throws IOException {
    Path list = buildDir().resolve("cluster-test").resolve(name);
    if (!Files.isRegularFile(list)) {
      throw new IllegalStateException(list + " is missing: run the test through Maven (mvn test), whose "
          + "generate-test-resources phase writes it");
    }
    String s = Files.readString(list).strip();
    return s.isEmpty() ? List.of()
        : Arrays.stream(s.split(java.io.File.pathSeparator)).map(Path::of).toList();
  }

  /**
   * Packs a folder of classes and resources into a jar at {@code jar} (what the shaded job jar holds
   * of this project; its dependencies travel separately).
   */
  static Path jar(Path classes, Path jar) throws IOException {
    try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os);
         Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(java.io.File.separatorChar, '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  /**
   * Runs {@code spark-submit <args>} (client deploy mode: the driver is this child JVM) and waits
   * for it; its output goes to {@code log}. Returns the exit code, or fails after {@code timeout}.
   */
  int submit(List<String> args, Path log, Duration timeout) throws IOException, InterruptedException {
    Process p = launch("org.apache.spark.deploy.SparkSubmit", args, log);
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      kill(p);
      throw new IllegalStateException("spark-submit did not finish within " + timeout + "; log " + log + ":\n"
          + tail(log));
    }
    return p.exitValue();
  }

  private void linkSparkJars() throws IOException {
    Path jars = Files.createDirectories(sparkHome.resolve("jars"));
    Files.createDirectories(sparkHome.resolve("conf"));
    for (Path j : listed("spark-jars.txt")) {
      Files.createSymbolicLink(jars.resolve(j.getFileName()), j);
    }
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("SPARK_HOME", sparkHome.toString());
    // without it the launcher looks for a source build's assembly/ and executors die with
    // "Cannot find any build directories"
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_CONF_DIR", sparkHome.resolve("conf").toString());
    // Master and Worker only route messages: small heaps leave memory to the other JVMs
    env.put("SPARK_DAEMON_MEMORY", "256m");
    env.put("SPARK_DAEMON_JAVA_OPTS", SHORT_LIVED_JVM);
    // the REST submission server would take the fixed port 6066 (clashes between concurrent builds)
    env.put("SPARK_MASTER_OPTS", "-Dspark.master.rest.enabled=false");
    return env;
  }

  /** Asks Spark's launcher for the command of {@code mainClass}, then starts it with output to {@code log}. */
  private Process launch(String mainClass, List<String> args, Path log) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> ask = new ArrayList<>(List.of(java, "-Xmx128m", "-cp", sparkHome.resolve("jars") + "/*",
        "org.apache.spark.launcher.Main", mainClass));
    ask.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(ask).redirectError(ProcessBuilder.Redirect.INHERIT);
    clean(pb.environment()).putAll(env());
    Process launcher = pb.start();
    byte[] out;
    try (InputStream in = launcher.getInputStream()) {
      out = in.readAllBytes();
    }
    if (launcher.waitFor() != 0) {
      throw new IllegalStateException("org.apache.spark.launcher.Main failed for " + mainClass + ": "
          + new String(out, StandardCharsets.UTF_8));
    }
    // Output: anything the launcher had to say, a NUL line, then the command's arguments, each NUL-terminated.
    String s = new String(out, StandardCharsets.UTF_8);
    int start = s.indexOf("\0\n");
    if (start < 0) {
      throw new IllegalStateException("unexpected launcher output for " + mainClass + ": " + s);
    }
    List<String> cmd = Arrays.stream(s.substring(start + 2).split("\0")).filter(a -> !a.isEmpty()).toList();
    ProcessBuilder run = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
        .directory(dir.toFile());
    clean(run.environment()).putAll(env());
    synchronized (children) {
      Process p = run.start();
      children.add(p);
      return p;
    }
  }

  /** Drops inherited Spark/Hadoop settings so the children see only this cluster's. */
  private static Map<String, String> clean(Map<String, String> env) {
    env.keySet().removeIf(k -> k.startsWith("SPARK_") || k.startsWith("HADOOP_") || k.startsWith("PYSPARK_")
        || k.equals("JAVA_TOOL_OPTIONS") || k.equals("_JAVA_OPTIONS"));
    return env;
  }

  /** Waits until {@code log} has a line matching {@code p}; fails with the log when the process dies or time runs out. */
  private Matcher await(Process proc, Path log, Pattern p) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        Matcher m = p.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
        if (m.find()) {
          return m;
        }
      }
      if (!proc.isAlive()) {
        throw new IllegalStateException("process exited (" + proc.exitValue() + ") before '" + p + "'; log "
            + log + ":\n" + tail(log));
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("no '" + p + "' within " + START_TIMEOUT + "; log " + log + ":\n" + tail(log));
  }

  private static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> all = Files.walk(p)) {
      for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  /** The last 40 lines of a log, for failure messages. */
  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGTERM first (the Worker's own hook then stops its executors), SIGKILL to whatever is left. */
  private static void kill(Process p) {
    List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
    tree.add(p.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (ProcessHandle h : tree) {
      try {
        h.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
  }

  private void killAll() {
    List<Process> all;
    synchronized (children) {
      all = new ArrayList<>(children);
      children.clear();
    }
    // newest first: drivers and the Worker before the Master
    for (int i = all.size() - 1; i >= 0; i--) {
      kill(all.get(i));
    }
  }

  @Override
  public void close() {
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: it finds nothing left to kill
    }
  }
}
