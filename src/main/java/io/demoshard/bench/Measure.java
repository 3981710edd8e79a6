package io.demoshard.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * Runs one demoshard command in this JVM and then prints the peak heap it used, so scripts/bench
 * measures {@code nightly} exactly as {@code scripts/demoshard nightly} runs it, plus a number
 * /usr/bin/time cannot see: {@code bench-heap peak_heap_mb=... rc=...}. The peak is the sum of the
 * heap pools' own peaks (an upper bound: pools peak at different moments).
 */
public final class Measure {
  private Measure() {}

  /** Runs {@code command} through {@code execute} (the CLI's entry point) and returns its exit code. */
  public static int run(String[] command, ToIntFunction<String[]> execute) {
    long start = System.nanoTime();
    int rc = execute.applyAsInt(command);
    long wallMs = (System.nanoTime() - start) / 1_000_000L;
    System.out.println(String.format(Locale.ROOT, "bench-heap peak_heap_mb=%d rc=%d command_wall_ms=%d",
        peakHeapBytes() >> 20, rc, wallMs));
    return rc;
  }

  static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
