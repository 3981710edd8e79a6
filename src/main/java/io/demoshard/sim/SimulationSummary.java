package io.demoshard.sim;

import java.util.Map;

/** What one simulated day contains. */
public record SimulationSummary(int users, int sessions, long events, long frames, long trueEpisodes,
                                Map<String, Long> faults) {}
