package dev.shipshape.spring.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.shipshape.spring.testsupport.samples.ConcurrentSample;
import dev.shipshape.spring.testsupport.samples.FailingTestOverridesSample;
import dev.shipshape.spring.testsupport.samples.RecordedOwnShipshapeSample;
import dev.shipshape.spring.testsupport.samples.ReplacedListenersSample;
import dev.shipshape.spring.testsupport.samples.SetupMethodSample;
import dev.shipshape.spring.testsupport.samples.SeveralShipshapesSample;
import dev.shipshape.spring.testsupport.samples.StarterOffSample;
import dev.shipshape.spring.testsupport.samples.SystemClockShipshapeSample;
import dev.shipshape.spring.testsupport.samples.UnrecordedShipshapeSample;
import dev.shipshape.spring.testsupport.samples.WithoutAutoConfigurationSample;
import dev.shipshape.spring.testsupport.samples.WithoutShipshapeTestSample;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;

/** What the test support refuses in a Spring test, each with what to do instead. */
class SpringTestSupportMisuseTest {

  @Test
  void setupMethodsAndAMethodsStartAtAreRefusedWithTheWayToConfigureTheApplication() {
    assertThat(failureMessages(SetupMethodSample.class))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .contains(
                        "@ShipshapeSetup method SetupMethodSample.application() was declared on a"
                            + " Spring test but the application is the Spring context's:"
                            + " configure it with shipshape.* properties or a ShipshapeCustomizer"
                            + " bean")
                    .contains(
                        "@StartAt was on the method SetupMethodSample.test() but in a Spring test"
                            + " the clock belongs to the context"));
  }

  @Test
  void aSpringTestWithoutSpringsSideOfTheSupportFailsInsteadOfUsingAnApplicationOfItsOwn() {
    assertThat(failureMessages(ReplacedListenersSample.class))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .startsWith("@ShipshapeTest on a Spring test was used without Spring's side")
                    .contains("MergeMode.MERGE_WITH_DEFAULTS"));
  }

  @Test
  void twoTestsThatRunAtOnceOnOneSharedContextAreRefusedInsteadOfSeeingEachOthersOverrides() {
    EngineExecutionResults results =
        EngineTestKit.engine("junit-jupiter")
            .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
            .configurationParameter(
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
            .selectors(
                selectClass(ConcurrentSample.class), selectClass(ConcurrentSample.Twin.class))
            .execute();

    assertThat(failureMessages(results))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .matches(
                        "(?s)@ShipshapeTest: (ConcurrentSample|Twin)\\.greets\\(Flags\\) started"
                            + " while (ConcurrentSample|Twin)\\.greets\\(Flags\\) was running on"
                            + " the same Spring application .*")
                    .contains("@ResourceLock"));
    assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
  }

  @Test
  void theSupportsAnnotationsOnASpringTestWithoutShipshapeTestFailTheClassNamingWhatToAdd() {
    EngineExecutionResults results =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(WithoutShipshapeTestSample.class))
            .execute();

    assertThat(results.testEvents().started().count()).isZero();
    assertThat(messages(results.containerEvents().failed()))
        .containsExactly(
            "Spring test WithoutShipshapeTestSample uses Shipshape's test support (@FlagVariant on"
                + " WithoutShipshapeTestSample.greetsInFrench(), the injected TelemetryRecorder"
                + " field WithoutShipshapeTestSample.telemetry) but was not annotated"
                + " @ShipshapeTest, so no override, clock or recorder would be applied: add"
                + " @ShipshapeTest to"
                + " WithoutShipshapeTestSample");
  }

  @Test
  void aContextWithoutAShipshapeBeanSaysThatThePropertiesTurnedTheStarterOff() {
    assertThat(failureMessages(StarterOffSample.class))
        .containsExactly(
            "@ShipshapeTest on a Spring test needs one Shipshape bean in the context (the Spring"
                + " Boot starter builds it), but there was none, since shipshape.enabled was"
                + " 'off': leave it unset (or true) in this test's properties, or drop"
                + " @ShipshapeTest");
  }

  @Test
  void aContextWithoutTheStartersAutoconfigurationSaysWhatToAdd() {
    assertThat(failureMessages(WithoutAutoConfigurationSample.class))
        .containsExactly(
            "@ShipshapeTest on a Spring test needs one Shipshape bean in the context (the Spring"
                + " Boot starter builds it), but there was none: put"
                + " shipshape-spring-boot-starter on the test class path with Spring Boot's"
                + " autoconfiguration (@SpringBootApplication or @EnableAutoConfiguration), or"
                + " declare a Shipshape bean");
  }

  @Test
  void aContextWithSeveralShipshapeBeansFailsToStartNamingThem() {
    List<Throwable> failures =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(SeveralShipshapesSample.class))
            .execute()
            .testEvents()
            .failed()
            .stream()
            .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
            .toList();

    assertThat(failures)
        .singleElement()
        .satisfies(
            f -> {
              Throwable root = f;
              while (root.getCause() != null) {
                root = root.getCause();
              }
              assertThat(root)
                  .isInstanceOf(NoUniqueBeanDefinitionException.class)
                  .hasMessageContaining("Shipshape")
                  .hasMessageContaining("orders")
                  .hasMessageContaining("payments");
            });
  }

  @Test
  void anApplicationsOwnShipshapeOffTheTestsClockFailsInsteadOfIgnoringManualTime() {
    assertThat(failureMessages(SystemClockShipshapeSample.class))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .startsWith(
                        "@ShipshapeTest on a Spring test needs the Shipshape bean on the test's"
                            + " ManualClock")
                    .contains("give your own Shipshape bean the context's Clock"));
  }

  @Test
  void aRecorderTheApplicationsOwnShipshapeDoesNotSendToFailsInsteadOfPassingUnchecked() {
    assertThat(failureMessages(UnrecordedShipshapeSample.class))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .startsWith(
                        "@ShipshapeTest on a Spring test gives a TelemetryRecorder parameter of"
                            + " UnrecordedShipshapeSample.tenMinutesOfErrorsFireNoAlert() the"
                            + " context's TelemetryRecorder"
                            + " (bean 'shipshapeTestRecorder'), but the Shipshape bean does not"
                            + " send its telemetry to it")
                    .contains("builder.telemetry(sink) for each"));
    EngineExecutionResults fixed =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(RecordedOwnShipshapeSample.class))
            .execute();
    assertThat(failureMessages(fixed)).isEmpty();
    assertThat(fixed.testEvents().succeeded().count()).isEqualTo(1);
  }

  @Test
  void overridesAreGoneAfterATestThatFailedInTheTestOrInBeforeEach() {
    EngineExecutionResults results =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(FailingTestOverridesSample.class))
            .execute();

    assertThat(failureMessages(results))
        .containsExactly("the test failed", "before each failed");
    assertThat(results.testEvents().succeeded().count()).isEqualTo(2);
  }

  private static List<String> failureMessages(Class<?> sample) {
    return failureMessages(
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample)).execute());
  }

  private static List<String> failureMessages(EngineExecutionResults results) {
    return messages(results.testEvents().failed());
  }

  private static List<String> messages(Events events) {
    return events
        .stream()
        .map(Event::getPayload)
        .map(
            p ->
                p.flatMap(
                        x ->
                            x instanceof org.junit.platform.engine.TestExecutionResult r
                                ? r.getThrowable()
                                : java.util.Optional.empty())
                    .map(Throwable::getMessage)
                    .orElse(""))
        .toList();
  }
}
