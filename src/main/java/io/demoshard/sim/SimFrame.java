package io.demoshard.sim;

/** One screenshot: its index line and what it shows. */
final class SimFrame {
  final SimSession session;
  String frameId;
  long ts;
  final String trigger;
  final Screen.View view;
  String uploadDay;
  int width, height;       // as written in the index (a fault may make them disagree with the image)
  ImageFault imageFault = ImageFault.NONE;
  String boxes;            // JSON array of the text boxes drawn on the image (set when rendered)

  enum ImageFault { NONE, MISSING, TRUNCATED, UNDECODABLE }

  SimFrame(SimSession s, long ts, String trigger, Screen.View view) {
    this.session = s;
    this.ts = ts;
    this.trigger = trigger;
    this.view = view;
  }

  String ext() { return session.user.format.equals("png") ? "png" : "jpg"; }

  String path() {
    return "screenshots/dt=" + uploadDay + "/" + session.user.deviceId + "/" + session.id + "/" + frameId + "." + ext();
  }

  boolean imageValid() { return imageFault == ImageFault.NONE; }

  Json toJson() {
    return Json.obj().put("v", 1).put("frame_id", frameId).put("user_id", session.user.id)
        .put("device_id", session.user.deviceId).put("session_id", session.id).put("ts", ts)
        .put("path", path()).put("width", width).put("height", height).put("format", session.user.format)
        .put("trigger", trigger);
  }
}
