package dev.shipshape.otelbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An exception's stack trace is printed with a bound, not printed whole and then cut: in a JVM of
 * {@value #HEAP}, an exception whose message takes a fifth of the heap is recorded many times
 * ({@link RecordHugeExceptions}) without running out of memory, where printing the whole trace
 * copies the message three or four times at once.
 */
class ExceptionsInASmallHeapTest {

  static final String HEAP = "48m";

  @Test
  void recordsAnExceptionWhoseMessageTheHeapCannotCopySeveralTimes(@TempDir Path dir)
      throws Exception {
    Path out = dir.resolve("out.txt");
    Process child =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + HEAP,
                    "-XX:+ExitOnOutOfMemoryError",
                    "-cp",
                    System.getProperty("java.class.path"),
                    RecordHugeExceptions.class.getName(),
                    "10000000",
                    "25"))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    boolean ended = child.waitFor(2, TimeUnit.MINUTES);
    if (!ended) {
      child.destroyForcibly().waitFor();
    }
    String output = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(ended).as("ended within two minutes; output: %s", output).isTrue();
    assertThat(child.exitValue()).as("exit status; output: %s", output).isZero();
    assertThat(output).contains("recorded 100 exceptions; longest stack trace 16384");
  }
}
