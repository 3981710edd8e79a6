package io.demoshard.sim;

import java.util.List;

/**
 * Runs one session: tasks of several kinds one after another, separated the way the job's
 * segmentation (conf `segment`) must separate them: an idle gap over a minute, a lasting switch to
 * another app, or explicit task markers.
 */
final class SessionGen {
  static final List<TaskGen> GENS = List.of(new CodeTask(), new BrowserTask(), new TerminalTask(), new SheetTask(), new ChatTask(), new MailTask());

  static void generate(SimSession s, DayPlanner.PlannedSession p, Rng r, Layout L) {
    generate(s, p, r, L, List.of());
  }

  /**
   * As above, plus the repeated routines planned for this session ({@link DayPlanner#routines}):
   * they run one after another as the first or second task (even past the deadline), each its own
   * episode, always separated from its neighbours by an idle gap (also when markers are used).
   */
  static void generate(SimSession s, DayPlanner.PlannedSession p, Rng r, Layout L, List<RoutineTask> routines) {
    java.util.ArrayDeque<RoutineTask> pending = new java.util.ArrayDeque<>(routines);
    int routineSlot = pending.isEmpty() ? Integer.MAX_VALUE : r.between(0, 1);
    SessionBuilder b = new SessionBuilder(s, r, L, p.start());
    b.sessionStart();
    // each employee has a favourite kind of work
    int favourite = s.user.index % GENS.size();
    TaskGen prev = null;
    long focusedAt = b.t;
    int n = 0;
    while (true) {
      boolean routine = !pending.isEmpty() && n >= routineSlot;
      TaskGen g = routine ? pending.poll() : r.chance(0.4) ? GENS.get(favourite) : r.pick(GENS);
      boolean sameApp = prev != null && g.app(s.user).equals(prev.app(s.user));
      if (prev != null) {
        // the previous app stays in front long enough that a switch away from it is "lasting"
        if (b.t - focusedAt < 12_000) b.t = focusedAt + 12_000 + r.between(0, 2000);
        if (routine || prev instanceof RoutineTask) b.waitMs(r.between(70_000, 400_000));   // a routine stands alone
        else if (s.markers) b.waitMs(r.between(3_000, 20_000));
        else if (sameApp || r.chance(0.5)) b.waitMs(r.between(70_000, 400_000));   // idle: coffee, meeting, reading
        else b.waitMs(r.between(1_500, 8_000));                                    // straight on in another app
      }
      if (n > 0 && !routine && b.t >= p.taskDeadline()) break;   // checked after the gap: no task starts past the deadline
      if (!sameApp || prev == null) {
        g.front(b);
        focusedAt = b.t;
        b.waitMs(r.between(800, 3000));
      }
      String taskId = s.markers ? "t-" + Rng.hex(Rng.derive(s.seedForIds, "task", n), 8) : null;
      String label = s.markers && r.chance(0.7) ? g.label(b) : null;
      SimSession.TaskInfo info = new SimSession.TaskInfo(g.app(s.user), label, taskId);
      if (g instanceof RoutineTask rt) info.repeatGroup = rt.group;
      s.tasks.add(info);
      b.task = n;
      if (s.markers) b.taskStart(taskId, label);
      g.run(b);
      if (s.markers) b.taskEnd(taskId, r.chance(0.85) ? "done" : "abandoned");
      b.task = -1;
      b.last = null;
      prev = g;
      n++;
    }
    b.waitMs(r.between(5_000, 40_000));
    if (b.t < p.minEnd()) b.t = p.minEnd() + r.between(0, 30_000);
    b.sessionEnd(r.pick("lock", "lock", "logout", "shutdown", "pause"));
  }
}
