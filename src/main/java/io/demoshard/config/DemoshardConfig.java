package io.demoshard.config;

import io.demoshard.model.Sha256;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole configuration, parsed once into typed, validated sections. Each record is
 * {@link Serializable} so stages can ship their section to executors.
 */
public record DemoshardConfig(
    SparkConf spark,
    IngestConfig ingest,
    JoinConfig join,
    ReduceConfig reduce,
    SegmentConfig segment,
    PrivacyConfig privacy,
    DedupConfig dedup,
    SimulateConfig simulate,
    PublishConfig publish,
    RedactConfig redact,
    LockConfig lock,
    String renderedJson,
    String digest) implements Serializable {

  public static DemoshardConfig from(Config root) {
    Config c = root.getConfig(ConfigLoader.ROOT);
    String json = c.root().render(ConfigRenderOptions.concise().setJson(true));
    return new DemoshardConfig(
        SparkConf.from(c.getConfig("spark")),
        IngestConfig.from(c.getConfig("ingest")),
        JoinConfig.from(c.getConfig("join")),
        ReduceConfig.from(c.getConfig("reduce")),
        SegmentConfig.from(c.getConfig("segment")),
        PrivacyConfig.from(c.getConfig("privacy")),
        DedupConfig.from(c.getConfig("dedup")),
        SimulateConfig.from(c.getConfig("simulate")),
        PublishConfig.from(c.getConfig("publish")),
        RedactConfig.from(c.getConfig("redact")),
        LockConfig.from(c.getConfig("lock")),
        json,
        Sha256.hex(json));
  }

  /** The defaults alone: handy for tests and tools. */
  public static DemoshardConfig defaults() {
    return from(ConfigLoader.load("local", null, null, Map.of()));
  }


  static long millis(Config c, String path) {
    return c.getDuration(path, TimeUnit.MILLISECONDS);
  }

  static int positive(Config c, String path) {
    int v = c.getInt(path);
    require(v > 0, path + " must be > 0, got " + v);
    return v;
  }

  static int nonNegative(Config c, String path) {
    int v = c.getInt(path);
    require(v >= 0, path + " must be >= 0, got " + v);
    return v;
  }

  static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("invalid configuration: " + message);
    }
  }

  public record SparkConf(String master, String appName, int shufflePartitions, Map<String, String> settings)
      implements Serializable {
    static SparkConf from(Config c) {
      Map<String, String> settings = new LinkedHashMap<>();
      c.getConfig("settings").entrySet().forEach(e ->
          settings.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped())));
      return new SparkConf(c.getString("master"), c.getString("app-name"), positive(c, "shuffle-partitions"), settings);
    }
  }

  public record IngestConfig(int lookbehindDays, int lookaheadDays, long clockFutureToleranceMs,
                             long clockMaxUploadDelayMs, double clockDeviceBadFraction) implements Serializable {
    static IngestConfig from(Config c) {
      double f = c.getDouble("clock-device-bad-fraction");
      require(f > 0 && f <= 1, "ingest.clock-device-bad-fraction must be in (0, 1]");
      return new IngestConfig(nonNegative(c, "lookbehind-days"), nonNegative(c, "lookahead-days"),
          millis(c, "clock-future-tolerance"), millis(c, "clock-max-upload-delay"), f);
    }
  }

  public record JoinConfig(long maxFrameAgeMs) implements Serializable {
    static JoinConfig from(Config c) {
      long v = millis(c, "max-frame-age");
      require(v >= 0, "join.max-frame-age must be >= 0");
      return new JoinConfig(v);
    }
  }

  public record ReduceConfig(int dragThresholdPx, long multiClickIntervalMs, int multiClickDistancePx,
                             long scrollMergeGapMs, int scrollMergeDistancePx, long typePauseMs,
                             long keyRepeatGapMs) implements Serializable {
    static ReduceConfig from(Config c) {
      return new ReduceConfig(nonNegative(c, "drag-threshold-px"), millis(c, "multi-click-interval"),
          nonNegative(c, "multi-click-distance-px"), millis(c, "scroll-merge-gap"),
          nonNegative(c, "scroll-merge-distance-px"), millis(c, "type-pause"), millis(c, "key-repeat-gap"));
    }
  }

  public record SegmentConfig(long idleGapMs, long appSwitchMinMs, int maxSteps, long maxDurationMs, int minSteps)
      implements Serializable {
    static SegmentConfig from(Config c) {
      int maxSteps = positive(c, "max-steps");
      int minSteps = positive(c, "min-steps");
      require(minSteps <= maxSteps, "segment.min-steps must be <= segment.max-steps");
      return new SegmentConfig(millis(c, "idle-gap"), millis(c, "app-switch-min"), maxSteps,
          millis(c, "max-duration"), minSteps);
    }
  }

  public record PrivacyConfig(String keyFile, String keyEnv, boolean keyPerVersion, List<String> excludedRegions,
                              long timeQuantumMs, int kAnonymity, List<String> denylistApps,
                              List<String> denylistTitles, int secretMinLength, double secretEntropyBits,
                              List<String> phoneRegions, double gateMaxWithheld) implements Serializable {
    static PrivacyConfig from(Config c) {
      double maxWithheld = c.getDouble("gate-max-withheld");
      require(maxWithheld >= 0 && maxWithheld <= 1, "privacy.gate-max-withheld must be in [0, 1]");
      long q = c.getLong("time-quantum-ms");
      require(q >= 1, "privacy.time-quantum-ms must be >= 1");
      return new PrivacyConfig(c.getString("key-file"), c.getString("key-env"), c.getBoolean("key-per-version"),
          c.getStringList("excluded-regions").stream().map(String::toUpperCase).toList(), q,
          positive(c, "k-anonymity"), List.copyOf(c.getStringList("denylist.apps")),
          List.copyOf(c.getStringList("denylist.titles")), positive(c, "scrub.secret-min-length"),
          c.getDouble("scrub.secret-entropy-bits"), List.copyOf(c.getStringList("scrub.phone-regions")), maxWithheld);
    }
  }

  public record DedupConfig(int frameHamming, int shingleSize, int bands, int rows, double jaccardThreshold,
                            int maxPerCluster, int positionBuckets, int bucketWindow) implements Serializable {
    /** The original six settings; the others take their defaults (conf/defaults.conf). */
    public DedupConfig(int frameHamming, int shingleSize, int bands, int rows, double jaccardThreshold,
                       int maxPerCluster) {
      this(frameHamming, shingleSize, bands, rows, jaccardThreshold, maxPerCluster, 40, 100);
    }

    static DedupConfig from(Config c) {
      double j = c.getDouble("minhash.jaccard-threshold");
      require(j > 0 && j <= 1, "dedup.minhash.jaccard-threshold must be in (0, 1]");
      int fh = c.getInt("frame-hamming");
      require(fh >= -1 && fh <= 64, "dedup.frame-hamming must be in [-1, 64] (-1: identical content only)");
      return new DedupConfig(fh, positive(c, "minhash.shingle-size"),
          positive(c, "minhash.bands"), positive(c, "minhash.rows"), j, positive(c, "max-per-cluster"),
          positive(c, "minhash.position-buckets"), positive(c, "minhash.bucket-window"));
    }
  }

  /**
   * @param mixedConsentUsers the first this many users cycle through every consent history (granted,
   *     excluded region, revoked, missing, erased, ...); the users after them have granted consent in an
   *     open region
   */
  public record SimulateConfig(int users, long seed, int screenWidth, int screenHeight, long timerFrameIntervalMs,
                               int mixedConsentUsers) implements Serializable {
    /** Every user cycles through the consent histories (the simulator's default mix). */
    public SimulateConfig(int users, long seed, int screenWidth, int screenHeight, long timerFrameIntervalMs) {
      this(users, seed, screenWidth, screenHeight, timerFrameIntervalMs, Integer.MAX_VALUE);
    }

    static SimulateConfig from(Config c) {
      return new SimulateConfig(positive(c, "users"), c.getLong("seed"), positive(c, "screen-width"),
          positive(c, "screen-height"), millis(c, "timer-frame-interval"), nonNegative(c, "mixed-consent-users"));
    }
  }

  public record PublishConfig(double trainRatio, double valRatio, double testRatio, long targetShardBytes,
                              long rowGroupBytes, String compression, double maxShrink, int keepReplaced)
      implements Serializable {
    /** The shard settings alone; max-shrink and keep-replaced take their defaults (0.5, 2). */
    public PublishConfig(double trainRatio, double valRatio, double testRatio, long targetShardBytes,
                         long rowGroupBytes, String compression) {
      this(trainRatio, valRatio, testRatio, targetShardBytes, rowGroupBytes, compression, 0.5, 2);
    }

    static PublishConfig from(Config c) {
      double tr = c.getDouble("splits.train");
      double va = c.getDouble("splits.val");
      double te = c.getDouble("splits.test");
      require(tr >= 0 && va >= 0 && te >= 0 && Math.abs(tr + va + te - 1.0) < 1e-9,
          "publish.splits must be non-negative and sum to 1");
      long target = c.getBytes("target-shard-bytes");
      require(target > 0, "publish.target-shard-bytes must be > 0");
      double shrink = c.getDouble("max-shrink");
      require(shrink >= 0 && shrink <= 1, "publish.max-shrink must be in [0, 1], got " + shrink);
      return new PublishConfig(tr, va, te, target, c.getBytes("row-group-bytes"), c.getString("compression"),
          shrink, nonNegative(c, "keep-replaced"));
    }
  }

  /** The writer lease OUT/_lock (io.demoshard.ops.Lease). */
  public record LockConfig(long staleAfterMs) implements Serializable {
    static LockConfig from(Config c) {
      long stale = millis(c, "stale-after");
      require(stale > 0, "lock.stale-after must be > 0");
      return new LockConfig(stale);
    }
  }

  /** Screenshot redaction (io.demoshard.redact): OCR settings and the fail-closed policy. */
  public record RedactConfig(double upscale, int pageSegMode, int paddingPx, float minConfidence, String onFailure,
                             long ocrTimeoutMs, boolean incremental, double gateSample, int gateMinFrames,
                             double gateMaxShare)
      implements Serializable {
    public static final String DROP = "drop";
    public static final String MASK = "mask";

    static RedactConfig from(Config c) {
      double upscale = c.getDouble("upscale");
      require(upscale >= 1.0 && upscale <= 4.0, "redact.upscale must be in [1, 4], got " + upscale);
      int psm = c.getInt("page-seg-mode");
      require(psm >= 0 && psm <= 13, "redact.page-seg-mode must be a Tesseract PSM 0..13, got " + psm);
      String onFailure = c.getString("on-failure");
      require(onFailure.equals(DROP) || onFailure.equals(MASK), "redact.on-failure must be drop or mask");
      double sample = c.getDouble("gate-sample");
      require(sample >= 0 && sample <= 1, "redact.gate-sample must be in [0, 1]");
      double share = c.getDouble("gate-max-share");
      require(share >= 0 && share <= 1, "redact.gate-max-share must be in [0, 1]");
      double conf = c.getDouble("min-confidence");
      require(conf >= 0 && conf <= 100, "redact.min-confidence must be in [0, 100]");
      return new RedactConfig(upscale, psm, nonNegative(c, "padding-px"), (float) conf, onFailure,
          millis(c, "ocr-timeout"), c.getBoolean("incremental"), sample, nonNegative(c, "gate-min-frames"),
          share);
    }
  }
}
