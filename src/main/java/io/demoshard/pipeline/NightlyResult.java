package io.demoshard.pipeline;

/** The outcome of one nightly run. */
public record NightlyResult(String date, String manifestPath, long episodes, String summary) {}
