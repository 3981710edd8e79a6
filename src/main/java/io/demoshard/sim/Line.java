package io.demoshard.sim;

/** One NDJSON line bound for events/ or frames/, with the fault it carries (if any). */
final class Line {
  final String kind;      // events | frames
  final String dt;
  final String device;
  final long ts;
  String text;
  String fault;           // fault kind, null for a clean line
  String faultId;
  String detail;
  SimEvent event;         // source record, null for injected garbage
  SimFrame frame;

  Line(String kind, String dt, String device, long ts, String text) {
    this.kind = kind;
    this.dt = dt;
    this.device = device;
    this.ts = ts;
    this.text = text;
  }

  Line tagged(String fault, String id, String detail) {
    Line l = new Line(kind, dt, device, ts, text);
    l.fault = fault;
    l.faultId = id;
    l.detail = detail;
    l.event = event;
    l.frame = frame;
    return l;
  }
}
