package dev.shipshape.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.FlagDefinitionException;
import dev.shipshape.flags.FlagSet;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.Flags;
import dev.shipshape.slo.OpenSlo;
import dev.shipshape.slo.SloDefinitionException;
import dev.shipshape.testsupport.RawHttp;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.config.ConfigProblem;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Inputs that would exhaust memory if a limit were missing, run in a JVM of 256 MB (the
 * {@code heap-bounded} surefire execution) that exits on a real OutOfMemoryError: a bomb fails
 * the build instead of slowing it down.
 */
@Tag("heap")
class HeapBoundedTest {

  static final Duration BOUND = Duration.ofSeconds(30);

  /** A sparse file: {@code bytes} long, costing no disk, reading as zeros. */
  static Path sparse(String suffix, long bytes) throws Exception {
    Path file = Files.createTempFile("hostile", suffix);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(bytes);
    }
    return file;
  }

  static String sharedSegment(int users, int flags) {
    StringBuilder seg = new StringBuilder("{\"in\":[{\"var\":\"email\"},[");
    for (int i = 0; i < users; i++) {
      seg.append(i == 0 ? "" : ",").append("\"user").append(i).append("@example.com\"");
    }
    seg.append("]]}");
    StringBuilder doc = new StringBuilder("{\"flags\":{");
    for (int i = 0; i < flags; i++) {
      doc.append(i == 0 ? "" : ",").append("\"f").append(i)
          .append("\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},")
          .append("\"defaultVariant\":\"off\",\"targeting\":{\"if\":[{\"$ref\":\"seg\"},\"on\",")
          .append("\"off\"]}}");
    }
    return doc.append("},\"$evaluators\":{\"seg\":").append(seg).append("}}").toString();
  }

  static final List<Hostile> CASES = new ArrayList<>();

  static {
    CASES.add(
        Hostile.of(
            "a reference bomb polled from a file",
            BOUND,
            () -> {
              Path file = Files.createTempFile("hostile", ".json");
              try {
                Files.writeString(file, FlagDocumentsTest.GOOD);
                ManualClock clock = ManualClock.create();
                try (Flags flags = FlagSourcesTest.polledEverySecond(file, clock)) {
                  Files.writeString(file, FlagDocumentsTest.refBomb(12, 4));
                  FlagSourcesTest.staleAfterNextPoll(flags, clock).endsWith("(maxRuleBytes)");
                }
              } finally {
                Files.delete(file);
              }
            }));
    CASES.add(
        Hostile.of(
            "sixteen levels of four references parsed",
            BOUND,
            () ->
                assertThatThrownBy(
                        () -> FlagSet.parse(FlagDocumentsTest.refBomb(16, 4), "bomb.json"))
                    .isInstanceOfSatisfying(
                        FlagDefinitionException.class,
                        e ->
                            assertThat(e.problems().stream().map(ConfigProblem::message).toList())
                                .singleElement()
                                .asString()
                                .startsWith("/flags/f/targeting was '")
                                .endsWith(
                                    " bytes once every $ref is inlined' but must be at most"
                                        + " 10485760 bytes (maxRuleBytes)"))));
    CASES.add(Hostile.of("a 5 MB segment shared by 10,000 flags", BOUND, () -> {
      String doc = sharedSegment(200_000, 10_000);
      assertThat(doc.length()).isBetween(5_000_000, 10 << 20);
      try (Flags flags =
          Flags.builder()
              .clock(ManualClock.create())
              .source(FlagSource.inMemory().setDocument(doc))
              .build()) {
        EvaluationContext member =
            EvaluationContext.builder().set("email", "user199999@example.com").build();
        assertThat(flags.booleanValue("f0", false, member)).isTrue();
        assertThat(flags.booleanValue("f9999", false, member)).isTrue();
        assertThat(flags.booleanValue("f9999", true, EvaluationContext.empty())).isFalse();
      }
    }));
    CASES.add(Hostile.of("a flag file of 1 GB", BOUND, () -> {
      Path file = sparse(".json", 1L << 30);
      try (Flags flags =
          Flags.builder().clock(ManualClock.create()).source(FlagSource.file(file)).build()) {
        assertThat(flags.sourceStates().get(0).lastError())
            .isEqualTo("invalid flag definitions in " + file + " (1 problem)\n  - / was 'more than"
                + " 10485760 bytes' but must be at most 10485760 bytes (maxDocumentBytes)");
      } finally {
        Files.delete(file);
      }
    }));
    CASES.add(Hostile.of("an OpenSLO file of 600 MB", BOUND, () -> {
      Path file = sparse(".yaml", 600L << 20);
      try {
        assertThatThrownBy(() -> OpenSlo.load(file))
            .isInstanceOfSatisfying(SloDefinitionException.class,
                e -> assertThat(e.problems().stream().map(ConfigProblem::message).toList())
                    .containsExactly(file + ": size was 'more than 4194304 characters' but at most"
                        + " 4194304 were expected"));
      } finally {
        Files.delete(file);
      }
    }));
    CASES.add(Hostile.of("an OpenSLO document of 4,000,000 characters on one line", BOUND, () ->
        assertThat(OpenSlo.parse("#" + "c".repeat(4_000_000) + "\n" + OpenSloDocumentsTest.VALID,
            "big.yaml")).hasSize(1)));
    CASES.add(Hostile.of("an endless HTTP body at the default limit", BOUND, () -> {
      try (ScriptedServer server =
          new ScriptedServer(
              (n, in, out, s) -> {
                ScriptedServer.readHead(in);
                RawHttp.write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
                byte[] chunk = new byte[65536];
                java.util.Arrays.fill(chunk, (byte) ' ');
                while (true) {
                  RawHttp.write(out, "10000\r\n");
                  out.write(chunk);
                  RawHttp.write(out, "\r\n");
                }
              });
          Flags flags =
              Flags.builder()
                  .clock(ManualClock.create())
                  .source(FlagSource.httpBuilder(server.uri("/f")).acknowledgePlainHttp().build())
                  .build()) {
        assertThat(flags.sourceStates().get(0).lastError())
            .endsWith("/ was 'more than 10485760 bytes' but must be at most"
                + " 10485760 bytes (maxDocumentBytes)");
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> memoryBombs() {
    return Hostile.run(CASES);
  }

  @Test
  void theseCasesRunInAHeapOf256Megabytes() {
    long max = Runtime.getRuntime().maxMemory();
    assertThat(max).as("maximum heap").isLessThanOrEqualTo(256L << 20);
    assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments())
        .contains("-XX:+ExitOnOutOfMemoryError");
  }
}
