package io.demoshard.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

/** A demo night's manifest (counts, splits, shards, stage timings) and episode cells of 40 users. */
final class ReportSamples {
  private ReportSamples() {}

  static JsonNode demoManifest() {
    try (InputStream in = ReportSamples.class.getResourceAsStream("/report/manifest-demo.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** 40 users, 3-12 episodes each, in 6 apps (one used by 2 users only), with a realistic spread of lengths. */
  static Cells demoCells() {
    Random rnd = new Random(7);
    String[] apps = {"Google Chrome", "Code", "Terminal", "Slack", "Microsoft Excel", "Figma"};
    String[] actions = {"click", "type", "key", "scroll", "hotkey", "double_click", "drag", "triple_click"};
    Cells c = new Cells();
    for (int u = 0; u < 40; u++) {
      String user = "user-" + u;
      int episodes = 3 + rnd.nextInt(10);
      for (int e = 0; e < episodes; e++) {
        String app = u < 2 ? "Figma" : apps[rnd.nextInt(apps.length - 1)];
        int steps = 1 + (int) Math.round(Math.exp(rnd.nextGaussian() * 0.9 + 2.5));
        c.add(Cells.APP, app, user, 1);
        c.add(Cells.STEPS, Integer.toString(steps), user, 1);
        c.add(Cells.SECONDS, Integer.toString(steps * (2 + rnd.nextInt(6))), user, 1);
        c.add(Cells.FRAMES, Integer.toString(Math.max(1, steps / 2 + rnd.nextInt(4))), user, 1);
        for (int s = 0; s < steps; s++) {
          // triple clicks are rare: only user 5 makes them
          String a = actions[rnd.nextInt(actions.length - 1)];
          c.add(Cells.ACTION, u == 5 && s == 0 ? "triple_click" : a, user, 1);
        }
      }
    }
    return c;
  }
}
