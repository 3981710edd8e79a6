package io.demoshard.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One writer at a time on an output root: the lease file {@code OUT/_lock} (JSON: run id, host,
 * pid, command, started, heartbeat), taken by nightly, erase and rollback.
 *
 * <p>Taking it is {@code FileSystem.create(lock, overwrite=false)}, which is atomic on HDFS (the
 * NameNode creates the file or fails). Hadoop's local file system checks for the file and then
 * opens it (a race), so on {@code file:} the lease is created with {@code CREATE_NEW} (O_EXCL),
 * and read and rewritten through the raw local file system (no {@code .crc} side files). On s3a the
 * create is a check-then-write: it is atomic only with S3 conditional writes ({@code If-None-Match: *}
 * on the final PUT, S3A support from HADOOP-19256, enabled in the Hadoop configuration) or with an
 * external lock around the job; otherwise two writers can both "create" the lease there.
 *
 * <p>A daemon thread rewrites the lease every {@code staleAfter / 6} (at most every minute) after
 * checking that it still holds it; a lease whose heartbeat (the newer of its {@code heartbeat}
 * field and the file's modification time) is older than {@code staleAfter} is stale and may be
 * broken with {@code --break-lock}, never automatically. {@link #close} deletes the lease if it
 * is still ours.
 */
public final class Lease implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Lease.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String NAME = "_lock";

  /** The lease is held by someone else; the message names the holder. */
  public static final class HeldException extends RuntimeException {
    private final Holder holder;

    HeldException(String message, Holder holder) {
      super(message);
      this.holder = holder;
    }

    public Holder holder() {
      return holder;
    }
  }

  /** What a lease file says, plus its modification time. */
  public record Holder(String runId, String host, long pid, String command, Instant started, Instant heartbeat,
                       Instant modified) {
    /** The newer of the written heartbeat and the file's modification time. */
    public Instant lastSign() {
      if (heartbeat == null) {
        return modified;
      }
      return modified == null || heartbeat.isAfter(modified) ? heartbeat : modified;
    }

    public String describe(Instant now) {
      Instant last = lastSign();
      String age = last == null ? "unknown" : Duration.between(last, now).toSeconds() + " s ago";
      return (command == null ? "?" : command) + " run " + runId + " on " + host + " pid " + pid
          + " since " + started + ", last heartbeat " + age;
    }
  }

  /** The lease this JVM's command holds, checked by the committer before every commit point. */
  private static volatile Lease active;

  private final FileSystem fs;
  private final Path lock;
  private final Holder mine;
  private final ScheduledExecutorService beat;
  private volatile boolean lost;
  private volatile boolean closed;

  private Lease(FileSystem fs, Path lock, Holder mine, long periodMs) {
    this.fs = fs;
    this.lock = lock;
    this.mine = mine;
    this.beat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "demoshard-lease-heartbeat");
      t.setDaemon(true);
      return t;
    });
    beat.scheduleWithFixedDelay(this::heartbeat, periodMs, periodMs, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the lease of {@code outRoot} for {@code command}.
   *
   * @param breakLock take over a stale lease (heartbeat older than {@code staleAfter}); a live
   *     one is never broken
   * @throws HeldException when another writer holds it (naming the holder)
   */
  public static Lease acquire(FileSystem fileSystem, Path outRoot, String command, Duration staleAfter,
                              boolean breakLock) throws IOException {
    FileSystem fs = direct(fileSystem);
    Path lock = new Path(outRoot, NAME);
    fs.mkdirs(outRoot);
    Instant now = Instant.now();
    Holder mine = new Holder(command + "-" + UUID.randomUUID().toString().substring(0, 8), host(),
        ProcessHandle.current().pid(), command, now, now, null);
    if (!tryCreate(fs, lock, mine)) {
      Holder other = read(fs, lock);
      if (other == null) {  // released between our create and our read: one more try
        if (!tryCreate(fs, lock, mine)) {
          throw new HeldException("OUT is locked (" + lock + ") by another writer that just took it", null);
        }
      } else {
        Instant seen = Instant.now();
        boolean stale = other.lastSign() != null
            && Duration.between(other.lastSign(), seen).compareTo(staleAfter) > 0;
        if (!stale) {
          throw new HeldException("another writer holds " + lock + ": " + other.describe(seen)
              + "; wait for it (a lease is stale after " + staleAfter.toMinutes() + " min without heartbeat)",
              other);
        }
        if (!breakLock) {
          throw new HeldException("a stale lease " + lock + " is left by " + other.describe(seen)
              + ": if that run is dead, rerun with --break-lock", other);
        }
        // Delete only the lease we judged stale (re-read: another breaker may have replaced it).
        Holder again = read(fs, lock);
        if (again != null && !again.runId().equals(other.runId())) {
          throw new HeldException("another writer took over " + lock + ": " + again.describe(Instant.now()), again);
        }
        fs.delete(lock, false);
        LOG.warn("broke the stale lease {} of {}", lock, other.describe(seen));
        if (!tryCreate(fs, lock, mine)) {
          Holder winner = read(fs, lock);
          throw new HeldException("another writer took over " + lock + " while breaking it"
              + (winner == null ? "" : ": " + winner.describe(Instant.now())), winner);
        }
      }
    }
    long period = Math.max(50, Math.min(60_000, staleAfter.toMillis() / 6));
    Lease lease = new Lease(fs, lock, mine, period);
    active = lease;
    return lease;
  }

  /**
   * Called before a version is swapped in: throws when this JVM's command took a lease that a
   * heartbeat has since found broken or taken over (another writer may be publishing). No-op
   * when no lease is held here (library use, tests).
   */
  public static void checkActive() {
    Lease l = active;
    if (l != null && !l.closed) {
      l.ensureHeld();
    }
  }

  /** The current holder of {@code OUT/_lock}, or null when there is none. */
  public static Holder holder(FileSystem fs, Path outRoot) throws IOException {
    return read(direct(fs), new Path(outRoot, NAME));
  }

  public String runId() {
    return mine.runId();
  }

  /** True once a heartbeat found the lease gone or taken over by another writer. */
  public boolean lost() {
    return lost;
  }

  /** Throws when the lease was lost: call before a commit point. */
  public void ensureHeld() {
    if (lost) {
      throw new IllegalStateException("lost the lease " + lock + " (broken by another writer?): stopping");
    }
  }

  private void heartbeat() {
    if (closed || lost) {
      return;
    }
    try {
      Holder now = read(fs, lock);
      if (now == null || !mine.runId().equals(now.runId())) {
        lost = true;
        LOG.error("the lease {} is no longer ours (now: {})", lock, now == null ? "none" : now.describe(Instant.now()));
        return;
      }
      write(fs, lock, mine, Instant.now(), true);
    } catch (IOException | RuntimeException e) {
      LOG.warn("lease heartbeat failed (will retry): {}", e.toString());
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (active == this) {
      active = null;
    }
    beat.shutdownNow();
    try {
      beat.awaitTermination(5, TimeUnit.SECONDS);
      Holder now = read(fs, lock);
      if (now != null && mine.runId().equals(now.runId())) {
        fs.delete(lock, false);
      }
    } catch (IOException e) {
      LOG.warn("could not release the lease {}: {}", lock, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean tryCreate(FileSystem fs, Path lock, Holder h) throws IOException {
    try {
      write(fs, lock, h, h.heartbeat(), false);
      return true;
    } catch (FileAlreadyExistsException | java.nio.file.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      // Some file systems report an existing file with a plain IOException.
      if (fs.exists(lock)) {
        return false;
      }
      throw e;
    }
  }

  private static void write(FileSystem fs, Path lock, Holder h, Instant heartbeat, boolean overwrite)
      throws IOException {
    ObjectNode o = JSON.createObjectNode();
    o.put("run_id", h.runId());
    o.put("host", h.host());
    o.put("pid", h.pid());
    o.put("command", h.command());
    o.put("started", h.started().toString());
    o.put("heartbeat", heartbeat.toString());
    byte[] b = (JSON.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8);
    if (fs instanceof RawLocalFileSystem raw && !overwrite) {
      java.nio.file.Files.write(raw.pathToFile(lock).toPath(), b, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      return;
    }
    try (FSDataOutputStream os = fs.create(lock, overwrite)) {
      os.write(b);
    }
  }

  /** The local file system without its checksum layer; other file systems as they are. */
  static FileSystem direct(FileSystem fs) {
    return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
  }

  /** Reads a lease; a file caught mid-rewrite (empty or partial JSON) is re-read a few times. */
  private static Holder read(FileSystem fs, Path lock) throws IOException {
    for (int attempt = 0; ; attempt++) {
      FileStatus st;
      byte[] b;
      try {
        st = fs.getFileStatus(lock);
        try (FSDataInputStream in = fs.open(lock)) {
          b = in.readAllBytes();
        }
      } catch (FileNotFoundException e) {
        return null;
      }
      Instant modified = Instant.ofEpochMilli(st.getModificationTime());
      try {
        JsonNode n = JSON.readTree(b);
        if (n != null && n.hasNonNull("run_id")) {
          return new Holder(n.get("run_id").asText(), n.path("host").asText("?"), n.path("pid").asLong(-1),
              n.path("command").asText(null), instant(n.path("started").asText(null)),
              instant(n.path("heartbeat").asText(null)), modified);
        }
      } catch (IOException e) {
        // partial JSON: fall through and retry
      }
      if (attempt >= 4) {
        return new Holder("unreadable", "?", -1, null, null, null, modified);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while reading " + lock);
      }
    }
  }

  private static Instant instant(String s) {
    try {
      return s == null ? null : Instant.parse(s);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }
}
