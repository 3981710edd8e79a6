package io.demoshard.erase;

import java.util.List;
import java.util.Map;

/**
 * What one erasure run did. Holds pseudonyms and counts only, never a raw user id.
 *
 * @param runId           the run's id (also the audit file's name)
 * @param auditPath       {@code OUT/_erasure/audit/<runId>.jsonl}
 * @param csvRows         data rows read from {@code RAW/erasure/*.csv}
 * @param malformedRows   rows that could not be used (bad CSV, missing {@code user_id}, bad timestamp)
 * @param malformedByFile malformed rows per CSV file (file names only)
 * @param users           distinct users requested
 * @param ledgerAdded     pseudonyms newly appended to the erasure ledger (0 when all were there)
 * @param versions        every committed version looked at, in date order
 */
public record EraseResult(String runId, String auditPath, long csvRows, long malformedRows,
                          Map<String, Long> malformedByFile, int users, int ledgerAdded,
                          List<VersionOutcome> versions) {

  /**
   * One version.
   *
   * @param version         its date
   * @param status          {@code unchanged}, {@code rewritten} or {@code failed}
   * @param episodesRemoved episodes removed from its shards (and lineage rows removed)
   * @param shardsRewritten shard paths rewritten
   * @param error           why it failed (no ids), or null
   */
  public record VersionOutcome(String version, String status, long episodesRemoved, List<String> shardsRewritten,
                               String error) {
  }

  public long episodesRemoved() {
    return versions.stream().mapToLong(VersionOutcome::episodesRemoved).sum();
  }

  public List<VersionOutcome> failed() {
    return versions.stream().filter(v -> v.status().equals("failed")).toList();
  }

  public String summary() {
    long rewritten = versions.stream().filter(v -> v.status().equals("rewritten")).count();
    return String.format("erase %s: %d request row(s) for %d user(s), %d malformed row(s)%s; %d new ledger "
            + "entr%s; %d version(s) checked, %d rewritten, %d failed; %d episode(s) removed; audit %s",
        runId, csvRows - malformedRows, users, malformedRows, malformedByFile.isEmpty() ? "" : " " + malformedByFile,
        ledgerAdded, ledgerAdded == 1 ? "y" : "ies", versions.size(), rewritten, failed().size(), episodesRemoved(),
        auditPath);
  }
}
