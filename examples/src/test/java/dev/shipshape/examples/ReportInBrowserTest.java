package dev.shipshape.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
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
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the simulation's report in a real headless Chromium. Without Chromium the tests are
 * skipped with a message, except in CI ({@code CI=true}), where they fail.
 */
class ReportInBrowserTest {

  private static Path chromium;

  @BeforeAll
  static void findChromium() {
    String configured = System.getenv("CHROMIUM");
    List<String> candidates = new ArrayList<>();
    if (configured != null && !configured.isBlank()) {
      candidates.add(configured);
    }
    candidates.addAll(
        List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"));
    for (String c : candidates) {
      Path p = Path.of(c);
      if (Files.isExecutable(p)) {
        chromium = p;
        return;
      }
    }
    String message =
        "Chromium not found (tried " + candidates + "); install the Debian package 'chromium'"
            + " or set CHROMIUM to run the report's browser tests";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(message);
    }
    Assumptions.abort(message);
  }

  @Test
  void renderedDomHasTheChartsWithTheirData(@TempDir Path profile) throws Exception {
    SimulationResult run = DefaultRun.result();
    String dom = chromium(profile, "--dump-dom", run.report().toUri().toString());

    assertThat(dom).contains("Release simulation").doesNotContain("parsererror");
    List<String> charts = all(dom, "<figure id=\"chart-([a-z]+)\"");
    assertThat(charts).containsExactly("rollout", "budget", "burn", "traffic");
    Matcher m = Pattern.compile("<polyline class=\"series [^\"]*\" data-series=\"([^\"]*)\""
        + " data-points=\"(\\d+)\" points=\"([^\"]*)\"").matcher(dom);
    int series = 0;
    while (m.find()) {
      series++;
      int declared = Integer.parseInt(m.group(2));
      assertThat(declared).as("samples in %s", m.group(1)).isEqualTo(run.samples().size());
      assertThat(m.group(3).split(" ")).as("points of %s", m.group(1)).hasSize(declared);
    }
    assertThat(series).isEqualTo(6);
    assertThat(all(dom, "<line class=\"marker (m-[a-z]+)\"")).contains("m-fired", "m-resolved",
        "m-rollout", "m-scenario");
    assertThat(dom).contains("rolled_back").contains("ROLLED_BACK");
  }

  @Test
  void screenshotIsNotBlank(@TempDir Path profile) throws Exception {
    SimulationResult run = DefaultRun.result();
    Path png = profile.resolve("report.png");
    chromium(
        profile,
        "--screenshot=" + png,
        "--window-size=1200,2000",
        run.report().toUri().toString());
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(1200);
    Set<Integer> colours = new HashSet<>();
    long nonWhite = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        colours.add(rgb);
        if (rgb != 0xFFFFFF) {
          nonWhite++;
        }
      }
    }
    double share = (double) nonWhite / ((long) image.getWidth() * image.getHeight());
    assertThat(colours.size()).as("distinct colours").isGreaterThan(100);
    assertThat(share).as("share of non-white pixels").isGreaterThan(0.05);
    // The chart lines' own colours are on the page: the rollout (blue) and budget (green).
    assertThat(colours).contains(0x2f6fdf, 0x118a5a);
  }

  private static String chromium(Path profile, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(chromium.toString());
    cmd.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--user-data-dir=" + profile.resolve("chromium-profile")));
    cmd.addAll(List.of(args));
    Path out = profile.resolve("stdout.txt");
    Path err = profile.resolve("stderr.txt");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 90 s: " + read(err));
    }
    assertThat(p.exitValue()).as("chromium exit code; stderr: %s", read(err)).isZero();
    return read(out);
  }

  private static String read(Path p) throws IOException {
    return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
  }

  private static List<String> all(String text, String regex) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
