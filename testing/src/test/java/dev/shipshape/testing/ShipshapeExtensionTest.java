package dev.shipshape.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.shipshape.core.Shipshape;
import dev.shipshape.testing.samples.AmbiguousOverrideSample;
import dev.shipshape.testing.samples.BadTemplateSample;
import dev.shipshape.testing.samples.ClockSample;
import dev.shipshape.testing.samples.InstanceSetupTemplateSample;
import dev.shipshape.testing.samples.LifecycleSample;
import dev.shipshape.testing.samples.MissingSourceSample;
import dev.shipshape.testing.samples.MixedTemplateSample;
import dev.shipshape.testing.samples.NestedPerClassSample;
import dev.shipshape.testing.samples.NestedSample;
import dev.shipshape.testing.samples.Observations;
import dev.shipshape.testing.samples.OverrideSample;
import dev.shipshape.testing.samples.ParallelRun;
import dev.shipshape.testing.samples.ParallelSampleA;
import dev.shipshape.testing.samples.ParallelSampleB;
import dev.shipshape.testing.samples.ParameterizedSample;
import dev.shipshape.testing.samples.PerClassSample;
import dev.shipshape.testing.samples.Sample;
import dev.shipshape.testing.samples.SetupOrderSample;
import dev.shipshape.testing.samples.TemplateSample;
import dev.shipshape.testing.samples.TwiceRegisteredSample;
import dev.shipshape.testing.samples.TypoSample;
import dev.shipshape.testing.samples.VariantParameterSample;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** Runs the sample classes through the JUnit Platform and checks what their tests saw. */
class ShipshapeExtensionTest {

  private static EngineExecutionResults run(Class<?> testClass) {
    Observations.reset();
    return engine().selectors(selectClass(testClass)).execute();
  }

  private static EngineTestKit.Builder engine() {
    return EngineTestKit.engine("junit-jupiter").configurationParameter(Sample.PARAMETER, "true");
  }

  private static List<String> names(Events events) {
    return events.stream().map(e -> e.getTestDescriptor().getDisplayName()).toList();
  }

  private static Map<String, String> failureMessages(Events events) {
    return events.failed().stream()
        .collect(
            Collectors.toMap(
                e -> e.getTestDescriptor().getDisplayName(),
                ShipshapeExtensionTest::message));
  }

  private static String message(Event e) {
    return e.getRequiredPayload(TestExecutionResult.class)
        .getThrowable()
        .map(Throwable::getMessage)
        .orElse("");
  }

  @Test
  void overridesAreVisibleInsideTheTestAndClassOverridesApplyToEveryTest() {
    EngineExecutionResults results = run(OverrideSample.class);

    assertThat(names(results.testEvents().succeeded()))
        .containsExactlyInAnyOrder(
            "methodVariant(Flags)", "classVariantOnly(Flags)", "methodWinsOverClass(Flags)", "values(Flags)");
    assertThat(Observations.SEEN)
        .containsEntry("methodVariant:new-checkout", true)
        .containsEntry("methodVariant:theme", "dark")
        .containsEntry("classVariantOnly:new-checkout", false)
        .containsEntry("classVariantOnly:theme", "dark")
        .containsEntry("methodWinsOverClass:theme", "holiday")
        .containsEntry("values:max-items", 7)
        .containsEntry("values:limits", Map.of("perMinute", 3L))
        .containsEntry("values:new-checkout", true);
  }

  @Test
  void overridesAreAlreadySetWhenBeforeEachMethodsRun() {
    run(OverrideSample.class);

    assertThat(Observations.SEEN)
        .containsEntry("beforeEach:methodVariant:new-checkout", true)
        .containsEntry("beforeEach:classVariantOnly:new-checkout", false);
  }

  @Test
  void overridesAreGoneAfterEachTestAlsoWhenTheTestFails() {
    EngineExecutionResults results = run(OverrideSample.class);

    assertThat(names(results.testEvents().failed())).containsExactly("failsWithOverrideSet(Flags)");
    assertThat(Observations.SEEN).containsEntry("failsWithOverrideSet:new-checkout", true);
    assertThat(Observations.APPLICATIONS).hasSize(5).doesNotHaveDuplicates();
    for (Shipshape ship : Observations.APPLICATIONS) {
      assertThat(ship.flags().overrides().keys()).isEmpty();
      assertThat(ship.flags().booleanValue("new-checkout", true)).isFalse();
      assertThat(ship.flags().stringValue("checkout-theme", "none")).isEqualTo("classic");
    }
  }

  @Test
  void anOverrideOfAFlagThatDoesNotExistFailsTheTestNamingTheDefinedFlags() {
    EngineExecutionResults results = run(TypoSample.class);

    Map<String, String> failures = failureMessages(results.testEvents());
    assertThat(failures)
        .containsOnlyKeys("misspelledFlag()", "badVariantAndValues()", "javaLiteralNumber()");
    assertThat(failures.get("misspelledFlag()"))
        .contains("@FlagVariant(flag = \"new-chekout\", variant = \"on\") on TypoSample.misspelledFlag()")
        .contains("flag was 'new-chekout' but must be a flag the application's sources define")
        .contains("new-checkout", "checkout-theme", "max-items", "limits");
    // A Java literal is not a decimal number: 7f must not run the test with 7.
    assertThat(failures.get("javaLiteralNumber()"))
        .contains("@FlagValue(flag = \"max-items\", value = \"7f\") on TypoSample.javaLiteralNumber()")
        .contains("value was '7f' but flag 'max-items' is a number flag: write a decimal number");
    assertThat(Observations.SEEN).doesNotContainKey("misspelledFlag:ran").doesNotContainKey("javaLiteralNumber:ran");
  }

  @Test
  void everyBadOverrideOfATestIsReportedAtOnce() {
    EngineExecutionResults results = run(TypoSample.class);

    String message = failureMessages(results.testEvents()).get("badVariantAndValues()");
    assertThat(message)
        .startsWith("4 flag overrides could not be applied")
        .contains("flag 'new-checkout' was overridden 2 times (variant \"maybe\", value \"yes\")")
        .contains("variant was 'maybe' but flag 'new-checkout' defines [on, off]")
        .contains("value was 'lots' but flag 'max-items' is a number flag")
        .contains("value was 'yes' but flag 'new-checkout' is a boolean flag");
    assertThat(Observations.SEEN).doesNotContainKey("badVariantAndValues:ran");
  }

  @Test
  void twoOverridesOfOneFlagOnOneMethodFailTheTestInsteadOfOneWinningSilently() {
    EngineExecutionResults results = run(AmbiguousOverrideSample.class);

    Map<String, String> failures = failureMessages(results.testEvents());
    assertThat(failures).containsOnlyKeys("twoVariants(Flags)", "valueAndVariant(Flags)");
    assertThat(failures.get("twoVariants(Flags)"))
        .contains(
            "@FlagVariant/@FlagValue on AmbiguousOverrideSample.twoVariants(): flag 'new-checkout'"
                + " was overridden 2 times (variant \"on\", variant \"off\")");
    assertThat(failures.get("valueAndVariant(Flags)"))
        .contains("variant \"on\", value \"false\"")
        .contains("may be overridden once per class or method");
    assertThat(Observations.SEEN).containsOnlyKeys("subclassWins").containsValue("holiday");
  }

  @Test
  void theTemplateRunsOncePerVariantNamedAfterIt() {
    EngineExecutionResults results = run(TemplateSample.class);

    assertThat(results.testEvents().failed().count()).isZero();
    assertThat(names(results.testEvents().succeeded()))
        .filteredOn(n -> n.startsWith("everyTheme"))
        .containsExactly(
            "everyTheme[checkout-theme=classic]",
            "everyTheme[checkout-theme=dark]",
            "everyTheme[checkout-theme=holiday]");
    assertThat(Observations.SEEN)
        .containsEntry("everyTheme[checkout-theme=classic]", "checkout-theme=classic|classic|classic")
        .containsEntry("everyTheme[checkout-theme=dark]", "checkout-theme=dark|dark|dark")
        .containsEntry("everyTheme[checkout-theme=holiday]", "checkout-theme=holiday|holiday|holiday")
        .containsEntry("beforeEach:everyTheme[checkout-theme=holiday]", "holiday");
    assertThat(names(results.testEvents().succeeded()))
        .contains("templateWinsOverAnnotation[new-checkout=off]");
    assertThat(Observations.SEEN).containsEntry("templateWins", false);
  }

  @Test
  void repeatedTemplatesRunEveryCombination() {
    EngineExecutionResults results = run(TemplateSample.class);

    assertThat(names(results.testEvents().succeeded()))
        .filteredOn(n -> n.startsWith("combinations"))
        .containsExactly(
            "combinations[new-checkout=on, checkout-theme=classic]",
            "combinations[new-checkout=on, checkout-theme=dark]",
            "combinations[new-checkout=off, checkout-theme=classic]",
            "combinations[new-checkout=off, checkout-theme=dark]");
    assertThat(Observations.SEEN)
        .containsEntry("combinations[new-checkout=on, checkout-theme=dark]", "on/dark|true/dark")
        .containsEntry(
            "combinations[new-checkout=off, checkout-theme=classic]", "off/classic|false/classic");
  }

  @Test
  void aTemplateOverAFlagOrVariantThatDoesNotExistFails() {
    EngineExecutionResults results = run(BadTemplateSample.class);

    List<String> containerFailures =
        results.containerEvents().failed().stream().map(ShipshapeExtensionTest::message).toList();
    assertThat(containerFailures)
        .contains(
            "@ForEachVariant(\"new-chekout\") on BadTemplateSample.misspelledFlag(): flag was"
                + " 'new-chekout' but must be a flag the application's sources define:"
                + " [new-checkout, checkout-theme, max-items, limits]",
            "@ForEachVariant(\"new-checkout\") on BadTemplateSample.flagTwice(): flag was"
                + " 'new-checkout' twice but each flag may be named once");
    assertThat(failureMessages(results.testEvents()))
        .containsOnlyKeys("misspelledVariant[new-checkout=maybe]")
        .containsValue(
            "A flag override could not be applied\n  - @ForEachVariant(\"new-checkout\") on"
                + " BadTemplateSample.misspelledVariant(): variant was 'maybe' but flag"
                + " 'new-checkout' defines [on, off]");
    assertThat(names(results.testEvents().succeeded()))
        .containsExactly("misspelledVariant[new-checkout=on]");
    assertThat(Observations.SEEN).doesNotContainKey("BadTemplateSample:misspelledFlag:ran");
  }

  @Test
  void aTemplateThatIsAlsoAnotherKindOfTestFailsInsteadOfRunningWithoutTheVariant() {
    EngineExecutionResults results = run(MixedTemplateSample.class);

    assertThat(results.testEvents().succeeded().count()).isZero();
    // alsoATest as a test and per variant (3), the others per repetition or argument and per
    // variant (4 each).
    assertThat(results.testEvents().failed().stream().map(ShipshapeExtensionTest::message))
        .hasSize(11)
        .allSatisfy(
            m ->
                assertThat(m)
                    .matches(
                        "@ForEachVariant on MixedTemplateSample\\.also\\w+\\(\\) was combined with"
                            + " @(Test|RepeatedTest|ParameterizedTest) but must be the method's only"
                            + " test annotation: .*"));
    assertThat(failureMessages(results.testEvents()))
        .hasValueSatisfying(
            new org.assertj.core.api.Condition<>(
                m ->
                    m.equals(
                        "@ForEachVariant on MixedTemplateSample.alsoParameterized() was combined"
                            + " with @ParameterizedTest but must be the method's only test"
                            + " annotation: JUnit would also run the method as a"
                            + " @ParameterizedTest, without the variants (to serve a variant in a"
                            + " parameterized test, mark its argument with @VariantOf)"),
                "explains the parameterized case"));
    assertThat(Observations.SEEN).isEmpty();
  }

  @Test
  void aVariantParameterTheTemplateCannotFillFailsSayingWhatItMustBe() {
    EngineExecutionResults results = run(VariantParameterSample.class);

    Map<String, String> failures = failureMessages(results.testEvents());
    assertThat(failures)
        .containsOnlyKeys(
            "wrongType[new-checkout=on]",
            "flagNotInTheTemplate[new-checkout=on]",
            "whichFlag[new-checkout=on, checkout-theme=dark]");
    assertThat(failures.get("wrongType[new-checkout=on]"))
        .isEqualTo(
            "@VariantOf(\"new-checkout\") parameter 'on' of VariantParameterSample.wrongType():"
                + " type was 'boolean' but must be String (the variant's name) or"
                + " VariantUnderTest");
    assertThat(failures.get("flagNotInTheTemplate[new-checkout=on]"))
        .isEqualTo(
            "@VariantOf(\"checkout-theme\") parameter 'theme' of"
                + " VariantParameterSample.flagNotInTheTemplate(): flag was 'checkout-theme' but"
                + " must be a flag of the method's @ForEachVariant: [new-checkout]");
    assertThat(failures.get("whichFlag[new-checkout=on, checkout-theme=dark]"))
        .isEqualTo(
            "VariantUnderTest parameter 'variant' of VariantParameterSample.whichFlag(): flag was"
                + " not named but must be, with @VariantOf, when the method's @ForEachVariant"
                + " names several: [new-checkout, checkout-theme]");
    assertThat(Observations.SEEN).isEmpty();
  }

  @Test
  void aVariantListedTwiceFailsTheTemplateInsteadOfRunningItTwiceUnderOneName() {
    EngineExecutionResults results = run(BadTemplateSample.class);

    assertThat(results.containerEvents().failed().stream().map(ShipshapeExtensionTest::message))
        .contains(
            "@ForEachVariant(\"new-checkout\") on BadTemplateSample.variantTwice(): variant was"
                + " 'on' twice but each variant may be listed once");
    assertThat(names(results.testEvents())).noneMatch(n -> n.startsWith("variantTwice"));
    assertThat(Observations.SEEN).doesNotContainKey("BadTemplateSample:variantTwice:ran");
  }

  @Test
  void aParameterizedTestArgumentChoosesTheVariant() {
    EngineExecutionResults results = run(ParameterizedSample.class);

    // JUnit 6 quotes string arguments in display names; JUnit 5 does not.
    assertThat(names(results.testEvents().succeeded()).stream().map(n -> n.replace("\"", "")))
        .containsExactly("on with 1 items", "on with 50 items", "off with 1 items");
    assertThat(Observations.SEEN)
        .containsEntry("totals:on:1", true)
        .containsEntry("totals:on:50", true)
        .containsEntry("totals:off:1", false);
    assertThat(failureMessages(results.testEvents()).values())
        .singleElement()
        .asString()
        .contains("@VariantOf(\"new-checkout\") argument 'maybe'")
        .contains("defines [on, off]");
    assertThat(Observations.SEEN).doesNotContainKey("unknownVariant:ran");
  }

  @Test
  void eachTestGetsAManualClockAtTheDeclaredStartThatRunsDueWork() {
    EngineExecutionResults results = run(ClockSample.class);

    assertThat(Observations.SEEN)
        .containsEntry("classStart:start", Instant.parse("2026-03-01T09:00:00Z"))
        .containsEntry("classStart:sameClock", true)
        .containsEntry("classStart:sameScheduler", true)
        .containsEntry("classStart:runs", 10)
        .containsEntry("classStart:end", Instant.parse("2026-03-01T09:10:30Z"))
        .containsEntry("methodStart:start", Instant.parse("2030-12-31T23:59:00Z"));
    assertThat(failureMessages(results.testEvents()))
        .containsOnlyKeys("badStart()")
        .containsValue(
            "@StartAt was 'next tuesday' but must be an ISO-8601 instant such as"
                + " 2026-03-01T09:00:00Z");
  }

  @Test
  void setupsRunRegisteredFirstThenSuperclassAndTheTestGetsManualTimeAndAClosedEndpointAfter()
      throws Exception {
    SetupOrderSample.ORDER.clear();
    EngineExecutionResults results = run(SetupOrderSample.class);

    assertThat(failureMessages(results.testEvents())).isEmpty();
    assertThat(results.testEvents().succeeded().count()).isEqualTo(2);
    List<String> order = SetupOrderSample.ORDER;
    assertThat(order).hasSize(8);
    assertThat(order.subList(0, 3)).containsExactly("registered", "superclass", "class");
    assertThat(order.subList(4, 7)).containsExactly("registered", "superclass", "class");
    assertThat(List.of(order.get(3), order.get(7))).containsExactlyInAnyOrder("first", "second");
    for (String test : List.of("first", "second")) {
      assertThat(Observations.SEEN)
          .containsEntry(test + ":manualClock", true)
          .containsEntry(test + ":manualScheduler", true)
          .containsEntry(test + ":ranOnAdvance", 1);
      int port = (Integer) Observations.SEEN.get(test + ":port");
      assertThat(port).as("the setup's health endpoint was started").isPositive();
      InetSocketAddress endpoint = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
      try (Socket socket = new Socket()) {
        assertThatThrownBy(() -> socket.connect(endpoint, 2000))
            .as("the endpoint of %s is closed after it", test)
            .isInstanceOf(ConnectException.class);
      }
    }
  }

  @Test
  void testsRunningInParallelEachSeeOnlyTheirOwnOverrides() {
    Observations.reset();
    ParallelRun.reset();
    EngineExecutionResults results =
        engine()
            .selectors(selectClass(ParallelSampleA.class), selectClass(ParallelSampleB.class))
            .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
            .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
            .configurationParameter(
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
            .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
            .configurationParameter(
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "12")
            .execute();

    assertThat(failureMessages(results.testEvents())).isEmpty();
    assertThat(results.testEvents().succeeded().count()).isEqualTo(ParallelRun.TESTS);
    assertThat(Observations.SEEN)
        .containsEntry("parallel:A.first", "dark/11|dark/11|" + thread("A.first"))
        .containsEntry("parallel:B.fourth", "holiday/24|holiday/24|" + thread("B.fourth"));
    // All eight passed one barrier together, so they ran at the same time on eight threads.
    assertThat(Observations.SEEN.values().stream().map(v -> v.toString().split("\\|")[2]))
        .doesNotHaveDuplicates()
        .hasSize(ParallelRun.TESTS);
  }

  @Test
  void nestedClassesAddTheirOverridesStartAndSetupToTheEnclosingOnes() {
    EngineExecutionResults results = run(NestedSample.class);

    assertThat(failureMessages(results.testEvents())).isEmpty();
    assertThat(Observations.SEEN)
        .containsEntry("outer", "dark|2026-05-01T00:00:00Z")
        .containsEntry("inner", "dark|true|2026-06-01T00:00:00Z|inner");
  }

  @Test
  void aParameterOutsideATestFailsSayingWhereItCanBeDeclared() {
    EngineExecutionResults results = run(LifecycleSample.class);

    assertThat(results.containerEvents().failed().stream().map(ShipshapeExtensionTest::message))
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains("Shipshape parameters belong to one test")
                    .contains("not on a constructor or @BeforeAll/@AfterAll method"));
    assertThat(Observations.SEEN).isEmpty();
  }

  @Test
  void discoveringVariantsNeedsAStaticSetupButListedVariantsDoNot() {
    EngineExecutionResults results = run(InstanceSetupTemplateSample.class);

    assertThat(results.containerEvents().failed().stream().map(ShipshapeExtensionTest::message))
        .singleElement()
        .asString()
        .contains("@ShipshapeSetup method InstanceSetupTemplateSample.application()")
        .contains("must be static here");
    assertThat(names(results.testEvents().succeeded()))
        .containsExactly("listed[new-checkout=on]", "listed[new-checkout=off]");
    assertThat(Observations.SEEN).containsOnlyKeys("listed:ran");
  }

  @Test
  void anOverrideFailureNamesTheFlagSourcesThatDidNotLoad() {
    EngineExecutionResults results = run(MissingSourceSample.class);

    assertThat(failureMessages(results.testEvents()).values())
        .singleElement()
        .asString()
        .contains("flag was 'new-checkout' but must be a flag the application's sources define: []")
        .contains("no-such-flags.json")
        .contains("NOT_LOADED");
    // A template over the flag, which reads its variants from the sources, says the same.
    assertThat(results.containerEvents().failed().stream().map(ShipshapeExtensionTest::message))
        .singleElement()
        .asString()
        .startsWith(
            "@ForEachVariant(\"new-checkout\") on"
                + " MissingSourceSample.templateOverAFlagFromAMissingFile(): flag was"
                + " 'new-checkout' but must be a flag the application's sources define: []")
        .contains("no-such-flags.json")
        .contains("NOT_LOADED");
    assertThat(Observations.SEEN).isEmpty();
  }

  @Test
  void withOneInstancePerClassVariantsAreDiscoveredThroughAnInstanceSetupMethod() {
    EngineExecutionResults results = run(PerClassSample.class);

    assertThat(names(results.testEvents().succeeded()))
        .containsExactly("discovered[new-checkout=on]", "discovered[new-checkout=off]");
    // One setup to read the variants, then one per invocation: each gets its own application.
    assertThat(Observations.SEEN)
        .containsEntry("perClass:on", "true|2")
        .containsEntry("perClass:off", "false|3");
  }

  @Test
  void aNestedTemplateDiscoversVariantsThroughTheEnclosingClassesOneInstance() {
    EngineExecutionResults results = run(NestedPerClassSample.class);

    assertThat(failureMessages(results.containerEvents())).isEmpty();
    assertThat(names(results.testEvents().succeeded()))
        .containsExactly(
            "discoveredThroughTheOuterInstance[new-checkout=on]",
            "discoveredThroughTheOuterInstance[new-checkout=off]");
    assertThat(Observations.SEEN)
        .containsEntry("nestedPerClass:on", true)
        .containsEntry("nestedPerClass:off", false);
  }

  @Test
  void registeringTheExtensionTwiceFailsSayingToUseOneWay() {
    EngineExecutionResults results = run(TwiceRegisteredSample.class);

    assertThat(failureMessages(results.testEvents()).values())
        .singleElement()
        .asString()
        .contains("ShipshapeExtension was registered twice")
        .contains("use @ShipshapeTest or a @RegisterExtension field, not both");
    assertThat(Observations.SEEN).isEmpty();
  }

  private static String thread(String name) {
    return Observations.SEEN.get("parallel:" + name).toString().split("\\|")[2];
  }
}
