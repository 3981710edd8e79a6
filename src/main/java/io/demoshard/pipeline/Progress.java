package io.demoshard.pipeline;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress line on stderr at most every {@code everyMs} inside a long stage: the finished Spark
 * tasks of the stage's jobs (the job description is the stage name {@link StageClock} sets) and the
 * time since the stage started. Only installed on a terminal (see {@link #wanted()}); logs stay
 * one line per stage. Runs on Spark's listener thread; prints nothing while no task finishes.
 */
public final class Progress extends SparkListener {
  static final String DESCRIPTION = "spark.job.description";

  private final PrintStream out;
  private final LongSupplier nowMs;
  private final long everyMs;
  private String stage;
  private long stageStart;
  private long lastPrint;
  private long tasks;
  private long done;

  public Progress(PrintStream out, LongSupplier nowMs, long everyMs) {
    this.out = out;
    this.nowMs = nowMs;
    this.everyMs = everyMs;
  }

  /** On when stdin/stdout are a terminal (Java 17 cannot ask about stderr alone); DEMOSHARD_PROGRESS=1/0 forces it. */
  public static boolean wanted() {
    String env = System.getenv("DEMOSHARD_PROGRESS");
    if (env != null && !env.isBlank()) {
      return env.strip().equals("1") || env.strip().equalsIgnoreCase("true");
    }
    return System.console() != null;
  }

  @Override
  public synchronized void onJobStart(SparkListenerJobStart job) {
    String name = job.properties() == null ? null : job.properties().getProperty(DESCRIPTION);
    String s = name == null ? "spark" : name;
    if (!s.equals(stage)) {
      stage = s;
      stageStart = nowMs.getAsLong();
      lastPrint = stageStart;
      tasks = 0;
      done = 0;
    }
    for (StageInfo st : scala.jdk.javaapi.CollectionConverters.asJava(job.stageInfos())) {
      tasks += st.numTasks();
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd task) {
    done++;
    long now = nowMs.getAsLong();
    if (stage != null && now - lastPrint >= everyMs) {
      lastPrint = now;
      // stages whose output is cached are skipped: their tasks never finish, so done can stay below tasks
      out.println(String.format(Locale.ROOT, "demoshard: %s: %,d of up to %,d tasks done, %d s", stage, done, tasks,
          (now - stageStart) / 1000));
    }
  }

  synchronized long done() {
    return done;
  }
}
