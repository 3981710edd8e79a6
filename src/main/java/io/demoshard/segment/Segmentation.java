package io.demoshard.segment;

import java.io.Serializable;
import java.util.List;

/**
 * @param episodes     episodes with at least {@code min-steps} actions, in time order
 * @param droppedShort episodes with fewer actions (counted as {@code short_episode} downstream)
 */
public record Segmentation(List<EpisodeDraft> episodes, List<EpisodeDraft> droppedShort) implements Serializable {
  public Segmentation {
    episodes = List.copyOf(episodes);
    droppedShort = List.copyOf(droppedShort);
  }
}
