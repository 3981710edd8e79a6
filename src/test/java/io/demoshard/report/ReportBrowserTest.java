package io.demoshard.report;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Opens a run report in a real browser (Debian's headless {@code chromium}; {@code .ci/run} installs it):
 * it must render with no console message at all (the page has no script, so any message is a
 * blocked load or a parse problem) and show every chart in the DOM; a screenshot goes to
 * {@code target/report.png}. Fails, never skips, when chromium is missing.
 */
class ReportBrowserTest {
  static final Path DIR = Path.of("target", "report-browser");

  @Test
  void theReportRendersInChromiumWithItsChartsAndNoConsoleMessage() throws Exception {
    Stats s = Stats.of(ReportSamples.demoManifest(), ReportSamples.demoCells(), 5);
    Files.createDirectories(DIR);
    Path html = DIR.resolve("report.html");
    Files.writeString(html, ReportHtml.render(s));

    Run dom = chromium("--dump-dom", html.toAbsolutePath().toUri().toString());
    assertEquals(List.of(), dom.console(), "console messages while rendering the report");
    Set<String> ids = new HashSet<>();
    Matcher m = Pattern.compile("<svg [^>]*id=\"chart-([^\"]+)\"").matcher(dom.stdout());
    while (m.find()) {
      ids.add(m.group(1));
    }
    Set<String> expected = new HashSet<>();
    s.charts().forEach(c -> expected.add(c.id()));
    assertEquals(expected, ids, "every chart is an SVG in the rendered DOM");
    assertTrue(dom.stdout().split("<rect ", -1).length - 1 >= s.charts().stream().mapToInt(c -> c.bars().size()).sum(),
        "bars are in the DOM");

    Path png = Path.of("target", "report.png").toAbsolutePath();
    Files.deleteIfExists(png);
    Run shot = chromium("--screenshot=" + png, "--window-size=900,5200", "--hide-scrollbars",
        html.toAbsolutePath().toUri().toString());
    assertEquals(List.of(), shot.console());
    BufferedImage img = ImageIO.read(png.toFile());
    assertTrue(img != null && img.getWidth() == 900, "a 900 px wide screenshot at " + png);
    // drawn, not blank: the bar colour occurs in the picture
    int bar = 0;
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        if (Math.abs(((rgb >> 16) & 0xff) - 0x3b) < 12 && Math.abs(((rgb >> 8) & 0xff) - 0x6e) < 12
            && Math.abs((rgb & 0xff) - 0xa5) < 12) {
          bar++;
        }
      }
    }
    assertTrue(bar > 2000, "bars visible in the screenshot (" + bar + " bar-coloured samples)");
  }

  @Test
  void theConsoleCheckSeesAScriptErrorAndABlockedLoad() throws Exception {
    // the check above is worth something only if chromium reports such problems the way it reads them
    Files.createDirectories(DIR);
    Path bad = DIR.resolve("bad.html");
    Files.writeString(bad, "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\""
        + " content=\"default-src 'none'; script-src 'unsafe-inline'\"></head><body><p>x</p>"
        + "<script>console.error('boom')</script><img src=\"https://example.com/x.png\"></body></html>");
    Run r = chromium("--dump-dom", bad.toAbsolutePath().toUri().toString());
    assertTrue(r.console().stream().anyMatch(l -> l.contains("boom")), "console.error not seen: " + r.console());
    assertTrue(r.console().stream().anyMatch(l -> l.contains("example.com")), "blocked load not seen: " + r.console());
  }

  record Run(String stdout, List<String> console) {}

  static Run chromium(String... args) throws IOException, InterruptedException {
    String exe = findChromium();
    List<String> cmd = new ArrayList<>(List.of(exe, "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--user-data-dir=" + DIR.resolve("profile").toAbsolutePath(),
        "--enable-logging=stderr", "--v=0"));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(DIR, "chromium", ".out");
    Path err = Files.createTempFile(DIR, "chromium", ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish in 180 s: " + cmd);
    }
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "chromium exit code; stderr:\n" + stderr);
    List<String> console = stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
    return new Run(Files.readString(out, StandardCharsets.UTF_8), console);
  }

  static String findChromium() {
    String env = System.getenv("DEMOSHARD_CHROMIUM");
    if (env != null && !env.isBlank()) {
      return env;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        File f = new File(dir, name);
        if (f.canExecute()) {
          return f.getPath();
        }
      }
    }
    fail("chromium is not installed (not on PATH, DEMOSHARD_CHROMIUM unset): the report test needs a real browser."
        + " Install it with `apt-get install chromium` (.ci/run does so).");
    return null;
  }
}
