package io.demoshard.sim;

import java.util.List;

/** One ground-truth action as EPISODES.md defines it, plus the raw events it came from. */
final class SimAction {
  final String action;
  Integer x, y, x2, y2, dx, dy, count;
  String button, text;
  List<String> keys;
  SimEvent first;      // first raw event of the action (modifier key_down included)
  long lastTs;         // ts of its last raw event
  int task;            // index of the task (episode) it belongs to
  String frameId;      // observation frame, filled in after frames are scheduled

  SimAction(String action) { this.action = action; }

  SimAction copy() {
    SimAction a = new SimAction(action);
    a.x = x; a.y = y; a.x2 = x2; a.y2 = y2; a.dx = dx; a.dy = dy; a.count = count;
    a.button = button; a.text = text; a.keys = keys; a.first = first; a.lastTs = lastTs; a.task = task;
    a.frameId = frameId;
    return a;
  }
}
