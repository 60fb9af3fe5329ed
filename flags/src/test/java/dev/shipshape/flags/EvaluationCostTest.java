package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.list;

import ch.qos.logback.classic.Level;
import dev.shipshape.testsupport.LogCapture;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.config.ConfigProblem;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Operators that loop over lists multiply each other's cost: a few KB of nested {@code some} or
 * {@code map} would take billions of steps per evaluation. A rule whose cost the document shows
 * (literal lists) is refused when it loads; one that lists from the context make too costly stops
 * at the step budget and answers the caller's default.
 */
class EvaluationCostTest {

  /** A literal list of {@code n} numbers: {@code [0,1,...]}. */
  static String numbers(int n) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append(i);
    }
    return sb.append(']').toString();
  }

  /** {@code levels} nested {@code op}s over {@code list}, the innermost testing for -1. */
  static String nested(String op, int levels, String list) {
    String rule = "{\"==\":[{\"var\":\"\"},-1]}";
    for (int i = 0; i < levels; i++) {
      rule = "{\"" + op + "\":[" + list + "," + rule + "]}";
    }
    return rule;
  }

  static String doc(String key, String rule) {
    return "{\"flags\":{\"" + key + "\":{\"state\":\"ENABLED\","
        + "\"variants\":{\"on\":true,\"off\":false},\"defaultVariant\":\"off\","
        + "\"targeting\":{\"if\":[" + rule + ",\"on\",\"off\"]}}}}";
  }

  static final String GOOD =
      "{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
          + "\"defaultVariant\":\"on\"}}}";

  @Test
  void fiveNestedLoopsOverALiteralListAreRefusedWhenTheDocumentLoads() {
    // 100^5 = 10^10 steps per evaluation, in under 2 KB
    String hostile = doc("hostile", nested("some", 5, numbers(100)));
    assertThat(hostile.length()).isLessThan(2_500);
    assertThatThrownBy(() -> FlagSet.parse(hostile, "flags.json"))
        .isInstanceOf(FlagDefinitionException.class)
        .extracting(e -> ((FlagDefinitionException) e).problems(), list(ConfigProblem.class))
        .singleElement()
        .extracting(ConfigProblem::message)
        .isEqualTo(
            "/flags/hostile/targeting/if/0/some/1/some was 'a worst case of 101010100 evaluation"
                + " steps' but must take at most 10000000 steps (maxEvaluationSteps)");
  }

  @Test
  void aTooCostlyUpdateIsRefusedAndTheLastGoodFlagsStay() {
    MutableSource source = new MutableSource(GOOD);
    try (Flags flags = Flags.builder().clock(ManualClock.create()).source(source).build()) {
      source.document = doc("f", nested("map", 4, numbers(1_000)));
      flags.refresh();
      SourceState state = flags.sourceStates().get(0);
      assertThat(state.status()).isEqualTo(SourceStatus.STALE);
      assertThat(state.lastError())
          .contains("/flags/f/targeting/if/0/map/1/map was")
          .contains("(maxEvaluationSteps)");
      assertThat(flags.booleanValue("f", false)).isTrue();
    }
  }

  @Test
  void anEvaluationThatListsFromTheContextMakeTooCostlyAnswersTheCallersDefault() {
    // the document shows a cost of 10,001 steps; 2,000 groups from the context make it 2 * 10^7
    List<String> known = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      known.add("\"g" + i + "\"");
    }
    String rule =
        "{\"some\":[{\"var\":\"groups\"},{\"in\":[{\"var\":\"\"},[" + String.join(",", known)
            + "]]}]}";
    List<Object> groups = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      groups.add("other" + i);
    }
    EvaluationContext ctx = EvaluationContext.builder().set("groups", groups).build();
    try (Flags flags =
        Flags.builder()
            .clock(ManualClock.create())
            .source(FlagSource.inMemory().setDocument(doc("groups", rule)))
            .build()) {
      EvaluationDetails<Boolean> d = flags.booleanDetails("groups", true, ctx);
      assertThat(d.reason()).isEqualTo(Reason.ERROR);
      assertThat(d.errorCode()).isEqualTo(ErrorCode.GENERAL);
      assertThat(d.value()).isTrue();
      assertThat(d.errorMessage())
          .isEqualTo(
              "targeting of flag 'groups' took more than 10000000 steps (maxEvaluationSteps)");
      // a context with fewer groups stays within the budget and is answered
      EvaluationContext few =
          EvaluationContext.builder().set("groups", List.of("x", "g42")).build();
      assertThat(flags.booleanDetails("groups", false, few).reason())
          .isEqualTo(Reason.TARGETING_MATCH);
      assertThat(flags.booleanValue("groups", false, few)).isTrue();
    }
  }

  static List<String> problems(String json, FlagLimits limits) {
    try {
      FlagSet.parse(json, "flags.json", limits);
    } catch (FlagDefinitionException e) {
      return e.problems().stream().map(ConfigProblem::message).toList();
    }
    throw new AssertionError("expected the document to be refused: " + json);
  }

  static FlagLimits steps(long maxEvaluationSteps) {
    return new FlagLimits(1 << 20, 64, 100, 1 << 20, maxEvaluationSteps);
  }

  @Test
  void legitimateLoopsLoadAndAnswerAsBefore() {
    // two nested loops over 100 items each: 10,100 steps at worst
    String rule =
        "{\"some\":[" + numbers(100) + ",{\"some\":[" + numbers(100)
            + ",{\"==\":[{\"var\":\"\"},99]}]}]}";
    String tagged = "{\"some\":[{\"var\":\"tags\"},{\"in\":[{\"var\":\"\"},[\"a\",\"b\"]]}]}";
    String json =
        "{\"flags\":{\"nested\":" + flag(rule) + ",\"tagged\":" + flag(tagged) + "}}";
    assertThat(FlagSet.parse(json, "x").keys()).containsExactlyInAnyOrder("nested", "tagged");
    try (Flags flags =
        Flags.builder()
            .clock(ManualClock.create())
            .source(FlagSource.inMemory().setDocument(json))
            .build()) {
      assertThat(flags.booleanDetails("nested", false).reason())
          .isEqualTo(Reason.TARGETING_MATCH);
      assertThat(flags.booleanValue("nested", false)).isTrue();
      EvaluationContext b = EvaluationContext.builder().set("tags", List.of("x", "b")).build();
      EvaluationContext none = EvaluationContext.builder().set("tags", List.of("x")).build();
      assertThat(flags.booleanValue("tagged", false, b)).isTrue();
      assertThat(flags.booleanValue("tagged", true, none)).isFalse();
      assertThat(flags.booleanValue("tagged", true)).isFalse();
    }
  }

  static String flag(String rule) {
    return "{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
        + "\"defaultVariant\":\"off\",\"targeting\":{\"if\":[" + rule + ",\"on\",\"off\"]}}";
  }

  @Test
  void listsWalkedInsideALoopCountTheirItems() {
    String list = numbers(30);
    assertThat(
            problems(
                doc("f", "{\"some\":[" + list + ",{\"in\":[{\"var\":\"\"}," + list + "]}]}"),
                steps(900)))
        .containsExactly(
            "/flags/f/targeting/if/0/some was 'a worst case of 930 evaluation steps' but must"
                + " take at most 900 steps (maxEvaluationSteps)");
    assertThat(
            problems(
                doc("f", "{\"map\":[" + list + ",{\"merge\":[" + list + ",1]}]}"), steps(900)))
        .containsExactly(
            "/flags/f/targeting/if/0/map was 'a worst case of 960 evaluation steps' but must"
                + " take at most 900 steps (maxEvaluationSteps)");
    assertThat(
            problems(
                doc("f", "{\"all\":[" + list + ",{\"missing\":" + list + "}]}"), steps(900)))
        .containsExactly(
            "/flags/f/targeting/if/0/all was 'a worst case of 930 evaluation steps' but must"
                + " take at most 900 steps (maxEvaluationSteps)");
    // outside a loop a list is walked once per evaluation, as long as the document allows
    String in = "{\"in\":[{\"var\":\"x\"}," + numbers(5_000) + "]}";
    assertThat(FlagSet.parse(doc("f", in), "x", steps(10)).keys()).containsExactly("f");
  }

  @Test
  void aRuleTooCostlyOnlyAsAWholeIsReportedAtItsTargeting() {
    String loop = "{\"none\":[" + numbers(600) + ",{\"var\":\"\"}]}";
    assertThat(problems(doc("f", "{\"and\":[" + loop + "," + loop + "]}"), steps(1_000)))
        .containsExactly(
            "/flags/f/targeting was 'a worst case of 1200 evaluation steps' but must take at most"
                + " 1000 steps (maxEvaluationSteps)");
  }

  @Test
  void aTooCostlyLoopInAnEvaluatorIsReportedOnceWhereItIsWritten() {
    String json =
        "{\"flags\":{\"a\":" + flag("{\"$ref\":\"costly\"}") + ",\"b\":"
            + flag("{\"!\":{\"$ref\":\"costly\"}}") + ",\"c\":"
            + flag("{\"some\":[[1],{\"$ref\":\"costly\"}]}") + "},"
            + "\"$evaluators\":{\"costly\":" + nested("filter", 3, numbers(200)) + "}}";
    assertThat(problems(json, steps(10_000)))
        .containsExactly(
            "/$evaluators/costly/filter/1/filter was 'a worst case of 40200 evaluation steps (flag"
                + " 'a' refers to it)' but must take at most 10000 steps (maxEvaluationSteps)")
        .hasSize(1);
  }

  @Test
  void theBudgetIsTheConfiguredOneAndItsExhaustionIsLoggedOnce() {
    String rule = "{\"all\":[{\"var\":\"ids\"},{\">\":[{\"var\":\"\"},0]}]}";
    EvaluationContext ten =
        EvaluationContext.builder().set("ids", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)).build();
    EvaluationContext five = EvaluationContext.builder().set("ids", List.of(1, 2, 3, 4, 5)).build();
    try (LogCapture logs = LogCapture.of("dev.shipshape.flags", Level.WARN);
        Flags flags =
            Flags.builder()
                .clock(ManualClock.create())
                .limits(steps(8))
                .source(FlagSource.inMemory().setDocument(doc("ids", rule)))
                .build()) {
      for (int i = 0; i < 3; i++) {
        EvaluationDetails<Boolean> d = flags.booleanDetails("ids", false, ten);
        assertThat(d.reason()).isEqualTo(Reason.ERROR);
        assertThat(d.errorMessage())
            .isEqualTo("targeting of flag 'ids' took more than 8 steps (maxEvaluationSteps)");
        assertThat(flags.booleanValue("ids", true, ten)).isTrue();
      }
      assertThat(flags.booleanValue("ids", false, five)).isTrue();
      assertThat(logs.events())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                assertThat(e.getFormattedMessage())
                    .isEqualTo(
                        "targeting of flag 'ids' took more than 8 steps (maxEvaluationSteps);"
                            + " such evaluations answer the caller's default");
              });
    }
  }

  @Test
  void aSplitWhoseBucketingInputLoopsIsStillDescribedAndSplits() {
    String input =
        "{\"cat\":[{\"some\":[{\"var\":\"tags\"},{\"==\":[{\"var\":\"\"},\"x\"]}]},"
            + "{\"var\":\"targetingKey\"}]}";
    String json =
        "{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
            + "\"defaultVariant\":\"off\",\"targeting\":{\"fractional\":[" + input
            + ",[\"on\",50],[\"off\",50]]}}}}";
    FractionalSplit split =
        FlagSet.parse(json, "x").definition("f").orElseThrow().fractionalSplit().orElseThrow();
    assertThat(split.buckets())
        .extracting(FractionalSplit.Bucket::variant)
        .containsExactly("on", "off");
    try (Flags flags =
        Flags.builder()
            .clock(ManualClock.create())
            .source(FlagSource.inMemory().setDocument(json))
            .build()) {
      EvaluationContext ctx =
          EvaluationContext.builder().targetingKey("user-1").set("tags", List.of("x")).build();
      assertThat(flags.booleanDetails("f", false, ctx).reason()).isEqualTo(Reason.SPLIT);
    }
  }

  @Test
  void aStepBudgetMustBePositive() {
    assertThatThrownBy(() -> new FlagLimits(1, 64, 1, 1, 0))
        .isInstanceOf(FlagsConfigException.class)
        .extracting(e -> ((FlagsConfigException) e).problems(), list(ConfigProblem.class))
        .containsExactly(ConfigProblem.of("maxEvaluationSteps", 0, "must be positive"));
    assertThat(FlagLimits.defaults().maxEvaluationSteps()).isEqualTo(10_000_000);
    assertThat(new FlagLimits(4096, 64, 10).maxEvaluationSteps())
        .isEqualTo(FlagLimits.DEFAULT_MAX_EVALUATION_STEPS);
    assertThat(new FlagLimits(4096, 64, 10, 100).maxEvaluationSteps())
        .isEqualTo(FlagLimits.DEFAULT_MAX_EVALUATION_STEPS);
  }

  /** A source whose document a test replaces between reads. */
  static final class MutableSource implements FlagSource {
    volatile String document;

    MutableSource(String document) {
      this.document = document;
    }

    @Override
    public String name() {
      return "mutable";
    }

    @Override
    public java.time.Duration pollInterval() {
      return java.time.Duration.ZERO;
    }

    @Override
    public @Nullable String read() {
      return document;
    }
  }
}
