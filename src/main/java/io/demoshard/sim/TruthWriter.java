package io.demoshard.sim;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Ground truth under RAW/_truth/: episodes, actions, faults, personal data, users, person names in
 * text channels, and the text boxes of every decodable screenshot (docs/SIMULATOR.md).
 */
final class TruthWriter {
  private final RawWriter out;
  private final DayPlanner plan;

  TruthWriter(RawWriter out, DayPlanner plan) {
    this.out = out;
    this.plan = plan;
  }

  /** Writes every truth file; returns the number of true episodes. */
  long write(List<SimSession> sessions, List<Json> faults) {
    List<String> episodes = new ArrayList<>();
    List<String> actions = new ArrayList<>();
    for (SimSession s : sessions) {
      for (int t = 0; t < s.tasks.size(); t++) {
        SimSession.TaskInfo task = s.tasks.get(t);
        task.truthId = "tr-" + Rng.hex(Rng.derive(s.seedForIds, "truth", t), 16);
        List<SimAction> as = new ArrayList<>();
        for (SimAction a : s.actions) if (a.task == t) as.add(a);
        if (as.isEmpty()) continue;
        long start = as.get(0).first.ts;
        long end = as.get(0).lastTs;
        for (SimAction a : as) end = Math.max(end, a.lastTs);
        String reuploadOf = s.reuploadOf == null ? null : s.reuploadOf.tasks.get(t).truthId;
        episodes.add(Json.obj().put("truth_id", task.truthId).put("user_id", s.user.id).put("device_id", s.user.deviceId)
            .put("session_id", s.id).put("day", Simulator.day(start)).put("start_ts", start).put("end_ts", end)
            .put("task_id", task.taskId).put("app", task.app).put("num_actions", as.size())
            .put("publishable", plan.publishable(s.user)).put("reupload_of", reuploadOf)
            .put("repeat_group", task.repeatGroup).toString());
        for (int i = 0; i < as.size(); i++) {
          SimAction a = as.get(i);
          actions.add(Json.obj().put("truth_id", task.truthId).put("session_id", s.id).put("idx", i).put("action", a.action)
              .put("x", a.x).put("y", a.y).put("x2", a.x2).put("y2", a.y2).put("button", a.button).put("dx", a.dx).put("dy", a.dy)
              .put("text", a.text).put("keys", a.keys).put("count", a.count).put("first_event_id", a.first.eventId)
              .put("first_ts", a.first.ts).put("frame_id", a.frameId).toString());
        }
      }
    }
    out.text("_truth/episodes.jsonl", episodes);
    out.text("_truth/actions.jsonl", actions);
    List<String> f = new ArrayList<>();
    for (Json j : faults) f.add(j.toString());
    out.text("_truth/faults.jsonl", f);
    Set<String> pii = new LinkedHashSet<>();
    for (SimSession s : sessions) for (Json j : s.pii) pii.add(j.toString());
    out.text("_truth/pii.jsonl", new ArrayList<>(pii));
    Set<String> names = new LinkedHashSet<>();
    for (SimSession s : sessions) for (Json j : s.names) names.add(j.toString());
    out.text("_truth/names.jsonl", new ArrayList<>(names));
    List<String> boxes = new ArrayList<>();
    for (SimSession s : sessions) {
      for (SimFrame fr : s.frames) {
        if (fr.boxes == null) continue;
        // written by hand: the box list is already JSON text, shared by every frame of the same view
        boxes.add("{\"frame_id\":\"" + fr.frameId + "\",\"path\":\"" + fr.path() + "\",\"boxes\":" + fr.boxes + "}");
      }
    }
    out.bytes("_truth/text_boxes.jsonl.gz", RawWriter.gzip(RawWriter.join(boxes).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    List<String> users = new ArrayList<>();
    for (SimUser u : plan.users)
      users.add(Json.obj().put("user_id", u.id).put("region", u.region).put("consent", u.consent).put("erased", u.erased).toString());
    out.text("_truth/users.jsonl", users);
    return episodes.size();
  }

  /** A frame's boxes as a JSON array. */
  static String boxes(List<TextBox> bs) {
    StringBuilder sb = new StringBuilder("[");
    for (TextBox b : bs) sb.append(sb.length() > 1 ? "," : "").append(b.json());
    return sb.append(']').toString();
  }
}
