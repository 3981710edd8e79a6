package io.demoshard.pipeline;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.dedup.DedupState;
import io.demoshard.dedup.EpisodeDedup;
import io.demoshard.ingest.ConsentReader;
import io.demoshard.ingest.DirectoryReader;
import io.demoshard.ingest.ErasureReader;
import io.demoshard.ingest.EventIngest;
import io.demoshard.ingest.FrameIngest;
import io.demoshard.ingest.ImageCheck;
import io.demoshard.ingest.QuarantineWriter;
import io.demoshard.ingest.Result;
import io.demoshard.model.Counts;
import io.demoshard.privacy.ConsentFilter;
import io.demoshard.privacy.EpisodeGate;
import io.demoshard.privacy.EpisodePrivacy;
import io.demoshard.privacy.People;
import io.demoshard.privacy.PrivacyGate;
import io.demoshard.privacy.PseudonymKey;
import io.demoshard.privacy.QuarantinePrivacy;
import io.demoshard.publish.PublishResult;
import io.demoshard.publish.Publisher;
import io.demoshard.privacy.scrub.TextScrubber;
import io.demoshard.redact.KnownValue;
import io.demoshard.redact.PixelGate;
import io.demoshard.redact.RedactStage;
import io.demoshard.redact.SessionValues;
import io.demoshard.spark.HadoopConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.get_json_object;

/**
 * The nightly build, a fixed pipeline that reads like the business:
 * ingest -> consent filter -> image check -> sessions (join, reduce, segment) -> episode
 * privacy -> dedup -> privacy gate on episodes (withholds) -> screenshot redaction -> privacy gate
 * on a re-OCR'd sample of frames (withholds) -> accounting check -> publish (with the privacy gate on
 * the staged version's text as the final fail-safe) -> dedup state.
 * The driver only lists files, plans and writes small metadata; every raw event and image
 * is read on executors through the Hadoop FileSystem API.
 */
public final class NightlyJob {
  private static final Logger LOG = LoggerFactory.getLogger(NightlyJob.class);

  private final SparkSession spark;
  private final DemoshardConfig cfg;
  private final PseudonymKey key;
  private StageClock clock;

  public NightlyJob(SparkSession spark, DemoshardConfig cfg, PseudonymKey key) {
    this.spark = spark;
    this.cfg = cfg;
    this.key = key;
  }

  public NightlyResult run(String raw, String out, LocalDate date) {
    Progress progress = Progress.wanted() ? new Progress(System.err, System::currentTimeMillis, 10_000L) : null;
    if (progress != null) {
      spark.sparkContext().addSparkListener(progress);
    }
    try {
      return build(raw, out, date);
    } finally {
      if (progress != null) {
        spark.sparkContext().removeSparkListener(progress);
      }
    }
  }

  private NightlyResult build(String raw, String out, LocalDate date) {
    HadoopConf hadoop = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    Counts counts = new Counts();
    clock = new StageClock(spark, counts);
    long endOfDay = date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    PseudonymKey versionKey = cfg.privacy().keyPerVersion() ? key.forVersion(date.toString()) : key;

    stage("ingest");
    EventIngest.Output eventOut = new EventIngest(spark, cfg.ingest()).run(raw, date);
    Result events = eventOut.result();
    Result frameIndex = new FrameIngest(spark, cfg.ingest()).run(raw, date, eventOut.clockBadDevices());
    Result consent = new ConsentReader(spark).read(raw);
    Result erasure = new ErasureReader(spark).read(raw);
    Result directory = new DirectoryReader(spark).read(raw);
    ImageCheck images = new ImageCheck(spark, cfg.ingest());
    counts.addAll(events.counts()).addAll(frameIndex.counts()).addAll(consent.counts()).addAll(erasure.counts())
        .addAll(directory.counts())
        .addAll(images.countOrphans(raw, indexedPaths(frameIndex), date));

    stage("privacy: consent and region");
    Set<String> erased = ErasureLedger.load(hadoop, out);
    ConsentFilter.Result included = ConsentFilter.from(cfg.privacy()).apply(events.valid(), frameIndex.valid(),
        consent.valid(), erasure.valid(), erased, endOfDay, key, versionKey);
    counts.addAll(included.counts());

    stage("ingest: images");
    Result checked = images.run(raw, included.frames(), date);
    counts.addAll(checked.counts());

    stage("join, reduce, segment");
    Dataset<Row> outcomes = new SessionStage(cfg, key.userKey("episode-id-salt/v1"))
        .apply(included.events(), checked.valid(), date)
        .persist(StorageLevel.MEMORY_AND_DISK());
    counts.addAll(SessionStage.counts(outcomes));
    Dataset<Row> episodes = outcomes.select(explode(col("episodes")).as("e")).select("e.*");

    stage("privacy: scrub and generalise");
    // Employee ids typed or written as text (a user name, an id in a label) become <USER>.
    // The people directory (one row per employee, small): their names, aliases and logins become <PERSON>.
    List<Row> directoryRows = directory.valid().collectAsList();
    People people = DirectoryReader.people(directoryRows);
    Set<String> knownIds = knownUserIds(events.valid(), consent.valid(), erasure.valid());
    knownIds.addAll(DirectoryReader.userIds(directoryRows));
    EpisodePrivacy.Result scrubbed = EpisodePrivacy.from(cfg.privacy(), knownIds, people).apply(episodes);
    counts.addAll(scrubbed.counts());
    // What the scrubber removed from each session's typed text, labels, titles and URLs: looked for on screen.
    TextScrubber scrubber = TextScrubber.from(cfg.privacy()).withKnownUserIds(knownIds).withPeople(people);
    Dataset<Row> sessionValues = SessionValues.of(episodes, included.events(), scrubber)
        .persist(StorageLevel.MEMORY_AND_DISK());

    stage("dedup");
    EpisodeDedup.Result deduped = new EpisodeDedup(spark, cfg.dedup(), hadoop).apply(scrubbed.episodes(), out, date);
    counts.addAll(deduped.counts());
    // Dedup can leave an app name with fewer than k users: generalise again on what is published.
    EpisodePrivacy.Generalised generalised = EpisodePrivacy.from(cfg.privacy()).generaliseApps(deduped.episodes());
    counts.add("privacy.generalised_apps_after_dedup", generalised.generalised());
    Dataset<Row> gateInput = generalised.episodes().persist(StorageLevel.MEMORY_AND_DISK());

    stage("privacy gate: episodes");
    // An episode that still holds personal data is withheld; the night fails only above the limit.
    EpisodeGate.Result gated = new EpisodeGate(PrivacyGate.from(cfg.privacy(), knownIds, people),
        cfg.privacy().gateMaxWithheld()).apply(gateInput);
    counts.addAll(gated.counts());

    stage("redact screenshots");
    List<KnownValue> nightValues = nightValues(knownIds, events.valid(), people);
    RedactStage.Result redacted = new RedactStage(cfg.redact(), scrubber, nightValues, hadoop)
        .apply(gated.kept(), sessionValues, raw);
    counts.addAll(redacted.counts());

    stage("privacy gate: pixels");
    // A re-OCR'd sample of the redacted frames: an episode whose frame still shows something is withheld.
    EpisodeGate.Result pixelGated = new PixelGate(cfg.redact(), scrubber, nightValues)
        .apply(redacted.episodes(), sessionValues);
    counts.addAll(pixelGated.counts());
    Dataset<Row> finalEpisodes = pixelGated.kept();
    counts.addAll(Fates.of(finalEpisodes, counts));

    stage("accounting");
    Accounting.verify(counts);

    stage("publish");
    List<Dataset<Row>> quarantine = new java.util.ArrayList<>();
    for (Dataset<Row> q : List.of(events.quarantine(), frameIndex.quarantine(), checked.quarantine(),
        consent.quarantine(), erasure.quarantine(), directory.quarantine())) {
      quarantine.add(QuarantinePrivacy.apply(q, versionKey, included.includedUserKeys()));
    }
    quarantine.add(gated.quarantine()); // names no raw user id: only the pseudonym and kind/column
    quarantine.add(pixelGated.quarantine());
    counts.addAll(new QuarantineWriter(spark).write(out, date, quarantine));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("frames_text_redacted", true);
    extra.put("screenshot_redaction", RedactStage.describe(cfg.redact()));
    extra.put("privacy_policy_digest", PrivacyPolicy.digest(cfg.privacy()));
    extra.put("pseudonym_key_per_version", cfg.privacy().keyPerVersion());
    extra.put("stage_timings_ms", clock.timings()); // stages before publish; the log has publish's own line
    PublishResult published = new Publisher(spark, cfg, hadoop)
        .withPreCommitCheck((version, lineage) -> gate(version, lineage, included.includedUserKeys(), knownIds, people))
        .publish(finalEpisodes, out, date, counts, extra);
    // After the version commits: a night that failed leaves the state as it was.
    DedupState.write(deduped.state(), out, date);
    clock.stop();

    outcomes.unpersist();
    gateInput.unpersist();
    redacted.persisted().unpersist();
    sessionValues.unpersist();
    scrubbed.scrubbed().unpersist();
    for (Result r : List.of(events, frameIndex, consent, erasure, checked, directory)) {
      r.unpersist();
    }
    String summary = String.format("nightly %s: %d episodes published (%s) from %d event lines and %d frame lines;"
            + " quarantined %d event lines, %d frame lines; manifest %s",
        date, published.episodes(), published.rowsPerSplit(), counts.get("events.lines"), counts.get("frames.lines"),
        counts.sumPrefix("events.quarantined"), counts.sumPrefix("frames.quarantined"), published.manifestPath());
    return new NightlyResult(date.toString(), published.manifestPath(), published.episodes(), summary,
        clock.timings());
  }

  /**
   * Values that are personal wherever they appear on a screen tonight: the people directory, every
   * employee id and every device id (machine names show up in terminal prompts and title bars).
   * Small, driver side.
   */
  private static List<KnownValue> nightValues(Set<String> knownIds, Dataset<Row> events, People people) {
    List<KnownValue> out = new java.util.ArrayList<>();
    // The people directory: names (every variant), e-mails and logins of everyone who works here.
    people.terms().forEach(t -> out.add(new KnownValue(t[0], t[1])));
    knownIds.forEach(id -> out.add(new KnownValue("user_id", id)));
    events.select("device_id").distinct().collectAsList().forEach(r -> {
      if (!r.isNullAt(0)) {
        out.add(new KnownValue("device", r.getString(0)));
      }
    });
    return out;
  }

  /** Raw employee ids of the night (registry, erasure requests, events): small, kept on the driver only. */
  private static Set<String> knownUserIds(Dataset<Row> events, Dataset<Row> consent, Dataset<Row> erasure) {
    Set<String> ids = new java.util.TreeSet<>();
    events.select("user_id").union(consent.select("user_id")).union(erasure.select("user_id")).distinct()
        .collectAsList().forEach(r -> {
          if (!r.isNullAt(0)) {
            ids.add(r.getString(0));
          }
        });
    return ids;
  }

  /**
   * Every image path an index line names, valid or quarantined after parsing (clock, conflicting
   * duplicate): an image is an orphan only when no index line names it at all.
   */
  private static Dataset<Row> indexedPaths(Result frameIndex) {
    return frameIndex.valid().select(col("path"))
        .union(frameIndex.quarantine().select(get_json_object(col("raw"), "$.path").as("path"))
            .where(col("path").isNotNull()));
  }

  /**
   * The privacy gate on the staged version, before it becomes visible: no detector finding in
   * any shard string, and every published pseudonym belongs to a user included tonight.
   */
  private void gate(String version, String lineagePath, Set<String> includedUserKeys, Set<String> knownIds,
                    People people) {
    stage("privacy gate");
    Dataset<Row> shards = spark.read().parquet(version + "/train", version + "/val", version + "/test");
    Dataset<Row> lineage = spark.read().parquet(lineagePath);
    PrivacyGate.Report report = PrivacyGate.from(cfg.privacy(), knownIds, people).check(shards, Set.of(), lineage);
    if (!report.ok()) {
      throw new IllegalStateException("privacy gate refused to publish: " + report.reason());
    }
    long strangers = lineage.select("user_key").distinct().collectAsList().stream()
        .filter(r -> !includedUserKeys.contains(r.getString(0))).count();
    if (strangers > 0) {
      throw new IllegalStateException("privacy gate refused to publish: " + strangers
          + " published users are not among tonight's consenting, non-excluded, non-erased users");
    }
    stage("publish: commit"); // the rest of publish: the version becomes visible
  }

  private void stage(String name) {
    clock.start(name);
  }
}
