package io.demoshard.publish;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Packs the episodes of one split into shards by cumulative estimated size: episodes in
 * {@code episode_id} order are appended to the current shard, which is closed once it reaches
 * the target, or before an episode that would push it past 125% of the target when it already
 * holds at least 75%. Every shard but the last therefore lands within 25% of the target
 * whenever no single episode is larger than half the target. Pure and deterministic: the same
 * episodes give the same shards.
 */
public final class ShardPlanner {
  /** One episode to place: its id and estimated bytes in the shard. */
  public record Item(String episodeId, long estBytes) {}

  private final long targetBytes;
  private final long fileOverheadBytes;

  /**
   * @param targetBytes       the wanted file size
   * @param fileOverheadBytes bytes a file costs besides its rows (footer, schema, metadata)
   */
  public ShardPlanner(long targetBytes, long fileOverheadBytes) {
    if (targetBytes <= 0) {
      throw new IllegalArgumentException("target shard bytes must be > 0");
    }
    this.targetBytes = targetBytes;
    this.fileOverheadBytes = Math.max(0, fileOverheadBytes);
  }

  /** Returns the shards, each a list of episode ids in order; at least one (possibly empty) shard. */
  public List<List<String>> plan(List<Item> items) {
    List<Item> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparing(Item::episodeId));
    long hi = targetBytes + targetBytes / 4;
    long lo = targetBytes - targetBytes / 4;
    List<List<String>> shards = new ArrayList<>();
    List<String> cur = new ArrayList<>();
    long size = fileOverheadBytes;
    for (Item it : sorted) {
      if (!cur.isEmpty() && size + it.estBytes() > hi && size >= lo) {
        shards.add(cur);
        cur = new ArrayList<>();
        size = fileOverheadBytes;
      }
      cur.add(it.episodeId());
      size += it.estBytes();
      if (size >= targetBytes) {
        shards.add(cur);
        cur = new ArrayList<>();
        size = fileOverheadBytes;
      }
    }
    if (!cur.isEmpty() || shards.isEmpty()) {
      shards.add(cur);
    }
    return shards;
  }
}
