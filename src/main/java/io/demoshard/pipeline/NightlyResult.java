package io.demoshard.pipeline;

import java.util.Map;

/** The outcome of one nightly run; {@code stageMillis} is the wall time of each stage in pipeline order. */
public record NightlyResult(String date, String manifestPath, long episodes, String summary,
                            Map<String, Long> stageMillis) {}
