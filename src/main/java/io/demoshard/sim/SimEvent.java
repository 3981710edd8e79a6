package io.demoshard.sim;

/** One recorded input event. Fields besides the envelope live in {@code body} in contract order. */
final class SimEvent {
  final SimSession session;
  String eventId;
  long seq;
  long ts;
  final String type;
  final Json body;       // type-specific fields
  final long order;      // generation order: breaks ts ties so the sort is stable and deterministic
  String uploadDay;      // dt= partition, from the true (unskewed) time

  SimEvent(SimSession s, long ts, String type, long order) {
    this.session = s;
    this.ts = ts;
    this.type = type;
    this.body = Json.obj();
    this.order = order;
  }

  Json toJson() {
    Json j = Json.obj().put("v", 1).put("event_id", eventId).put("user_id", session.user.id)
        .put("device_id", session.user.deviceId).put("session_id", session.id).put("seq", seq)
        .put("ts", ts).put("type", type);
    for (String k : body.keyList()) j.put(k, body.get(k));
    return j;
  }
}
