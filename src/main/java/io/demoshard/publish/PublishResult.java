package io.demoshard.publish;

import java.util.List;
import java.util.Map;

/**
 * What one publish made visible.
 *
 * @param versionPath  the committed version folder ({@code OUT/<date>})
 * @param manifestPath its {@code manifest.json}
 * @param rowsPerSplit episodes per split (every split present, possibly 0)
 * @param episodes     episodes published in total
 * @param shards       every shard, in manifest order (split, then part number)
 */
public record PublishResult(String versionPath, String manifestPath, Map<String, Long> rowsPerSplit, long episodes,
                            List<ShardInfo> shards) {
}
