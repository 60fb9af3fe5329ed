package dev.shipshape.time.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.time.internal.Problems;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigProblemTest {

  @Test
  void namesTheSettingTheValueAndWhatWasExpectedInOneFormat() {
    ConfigProblem p = ConfigProblem.of("timeout", java.time.Duration.ZERO, "must be positive");
    assertThat(p.setting()).isEqualTo("timeout");
    assertThat(p.value()).isEqualTo("PT0S");
    assertThat(p.expected()).isEqualTo("must be positive");
    assertThat(p.message()).isEqualTo("timeout was 'PT0S' but must be positive");
    assertThat(p).hasToString(p.message());
  }

  @Test
  void aMissingValueSaysSo() {
    assertThat(ConfigProblem.of("/flags/a/state", null, "must be ENABLED or DISABLED").message())
        .isEqualTo("/flags/a/state was missing but must be ENABLED or DISABLED");
  }

  @Test
  void aProblemReportedByALargerWholeKeepsItsPathApart() {
    ConfigProblem p =
        ConfigProblem.of("retry.maxAttempts", 0, "must be at least 1").in("guards", "pay.ments");
    assertThat(p.path()).containsExactly("guards", "pay.ments", "retry.maxAttempts");
    assertThat(p.setting()).isEqualTo("guards.pay.ments.retry.maxAttempts");
    assertThat(p.value()).isEqualTo("0");
    assertThat(p.message())
        .isEqualTo("guards.pay.ments.retry.maxAttempts was '0' but must be at least 1");
  }

  @Test
  void anExceptionListsEveryProblemUnderItsSubjectAndSurvivesSerialization() throws Exception {
    Problems problems = new Problems();
    problems.add("timeout", "PT-1S", "must be positive");
    problems.add("retry.maxAttempts", 0, "must be at least 1");
    problems.add("timeout", "PT-1S", "must be positive");
    InvalidConfigException e = new Invalid(problems.toList());
    assertThat(e.problems())
        .extracting(ConfigProblem::setting)
        .containsExactly("timeout", "retry.maxAttempts");
    assertThat(e)
        .hasMessage(
            "invalid guard 'payments' (2 problems)\n"
                + "  - timeout was 'PT-1S' but must be positive\n"
                + "  - retry.maxAttempts was '0' but must be at least 1");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(e);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      InvalidConfigException read = (InvalidConfigException) in.readObject();
      assertThat(read.problems()).isEqualTo(e.problems());
    }
  }

  private static final class Invalid extends InvalidConfigException {
    private static final long serialVersionUID = 1L;

    Invalid(List<ConfigProblem> problems) {
      super("invalid guard 'payments'", problems);
    }
  }
}
