package io.demoshard.sim;

import java.util.ArrayList;
import java.util.List;

/** One recorder session (unlock to lock) with everything generated for it. */
final class SimSession {
  final String id;
  final SimUser user;
  final long plannedStart;
  final boolean markers;        // employee uses explicit task_start/task_end markers
  final List<SimEvent> events = new ArrayList<>();
  final List<SimAction> actions = new ArrayList<>();
  final List<SimFrame> frames = new ArrayList<>();
  final List<StateAt> states = new ArrayList<>();
  final List<TaskInfo> tasks = new ArrayList<>();
  final List<Json> pii = new ArrayList<>();
  final List<Json> names = new ArrayList<>();   // person names typed or shown in text channels (truth for name redaction)
  Lexicon lex;                  // personal data this session put on screen (parent: the day's)
  People people;                // the company directory the session's chats and mails draw on
  SimSession reuploadOf;        // set on the copy written after a simulated recorder crash
  long seedForIds;

  record StateAt(long ts, long order, Screen.View view) {}

  /** One task = one true episode. */
  static final class TaskInfo {
    final String app;
    final String label;         // marker label, null when unlabelled or unmarked
    final String taskId;        // marker task id, null without markers
    String truthId;
    String repeatGroup;         // RoutineTask group when this task repeats other users' identical routine
    TaskInfo(String app, String label, String taskId) { this.app = app; this.label = label; this.taskId = taskId; }
  }

  SimSession(String id, SimUser user, long plannedStart, boolean markers, long seedForIds) {
    this.id = id;
    this.user = user;
    this.plannedStart = plannedStart;
    this.markers = markers;
    this.seedForIds = seedForIds;
  }
}
