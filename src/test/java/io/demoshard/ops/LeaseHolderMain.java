package io.demoshard.ops;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.time.Duration;

/**
 * A second JVM for {@link LeaseTest}: {@code LeaseHolderMain OUT COMMAND HOLD_MS [break]} takes the
 * lease of OUT, prints {@code ACQUIRED <run id>}, holds it HOLD_MS, releases it and exits 0; when
 * the lease is held it prints {@code HELD <message>} and exits 3.
 */
public final class LeaseHolderMain {
  private LeaseHolderMain() {}

  public static void main(String[] args) throws Exception {
    Path out = new Path(args[0]);
    FileSystem fs = out.getFileSystem(new Configuration());
    long holdMs = Long.parseLong(args[2]);
    boolean breakLock = args.length > 3 && args[3].equals("break");
    Lease lease;
    try {
      lease = Lease.acquire(fs, out, args[1], Duration.ofSeconds(2), breakLock);
    } catch (Lease.HeldException e) {
      System.out.println("HELD " + e.getMessage());
      System.out.flush();
      System.exit(3);
      return;
    }
    System.out.println("ACQUIRED " + lease.runId() + " pid " + ProcessHandle.current().pid());
    System.out.flush();
    Thread.sleep(holdMs);
    lease.close();
    System.out.println("RELEASED");
    System.out.flush();
    System.exit(0);
  }
}
