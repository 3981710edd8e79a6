package io.demoshard.segment;

import io.demoshard.reduce.Action;

import java.io.Serializable;
import java.util.List;

/**
 * One episode before frames, privacy and ids are attached.
 *
 * @param actions   the steps, in order
 * @param taskId    task_id of the task_start marker that opened it, null for heuristic episodes
 * @param taskLabel label of that marker (unscrubbed free text), may be null
 * @param apps      non-null {@link Action#app()} values in order of first use
 * @param app       the app with the most actions; tie: the one used first; null if none known
 * @param startTs   first action's startTs
 * @param endTs     last action's endTs (the largest endTs, should actions overlap)
 * @param boundary  why it ended: task_end, task_start, session_start, session_end, idle,
 *                  app_switch, cap
 */
public record EpisodeDraft(List<Action> actions, String taskId, String taskLabel, List<String> apps, String app,
                           long startTs, long endTs, String boundary) implements Serializable {
  public EpisodeDraft {
    actions = List.copyOf(actions);
    apps = List.copyOf(apps);
  }
}
