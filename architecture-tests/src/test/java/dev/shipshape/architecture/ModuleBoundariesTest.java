package dev.shipshape.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the compiled main code of every module against DESIGN.md. The Maven enforcer already
 * refuses a dependency a module may not declare; these rules cover what a POM cannot see: which
 * packages code really uses, internal packages kept internal, the one clock, null-marked API.
 */
class ModuleBoundariesTest {

  private static final String[] JDK = {"java..", "javax..", "org.jspecify.."};

  /** DESIGN.md's arrows, as the packages each module's code may use besides its own and the JDK. */
  private static final Map<String, String[]> ALLOWED = new LinkedHashMap<>();

  static {
    ALLOWED.put("time", new String[] {});
    ALLOWED.put("flags", new String[] {"dev.shipshape.time..", "org.slf4j..", "com.fasterxml.jackson.."});
    ALLOWED.put("slo", new String[] {"dev.shipshape.time..", "org.slf4j..", "org.snakeyaml.."});
    ALLOWED.put(
        "core",
        new String[] {
          "dev.shipshape.time..", "dev.shipshape.flags..", "dev.shipshape.slo..",
          "io.github.resilience4j..", "io.micrometer..", "org.slf4j..", "com.sun.net.httpserver.."
        });
    ALLOWED.put(
        "testing",
        new String[] {
          "dev.shipshape.core..", "dev.shipshape.flags..", "dev.shipshape.slo..",
          "dev.shipshape.time..", "org.junit..", "org.assertj..", "org.opentest4j..",
          // Spring tests only: spring-test and the context it runs (provided, never passed on)
          "org.springframework.."
        });
    ALLOWED.put(
        "otelbridge",
        new String[] {
          "dev.shipshape.core..", "dev.shipshape.flags..", "dev.shipshape.slo..",
          "dev.shipshape.time..", "io.opentelemetry.api..", "io.opentelemetry.context..",
          "io.opentelemetry.common.."
        });
    ALLOWED.put(
        "fleet",
        new String[] {
          "dev.shipshape.core..", "dev.shipshape.flags..", "dev.shipshape.slo..",
          "dev.shipshape.time..", "com.fasterxml.jackson..", "org.slf4j.."
        });
    ALLOWED.put(
        "openfeature",
        new String[] {"dev.shipshape.flags..", "dev.shipshape.time..", "dev.openfeature..", "org.slf4j.."});
  }

  private static JavaClasses main;

  @BeforeAll
  static void importMainCode() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.shipshape");
  }

  @Test
  void importsTheModulesItChecks() {
    assertThat(main.containPackage("dev.shipshape.time")).isTrue();
  }

  @Test
  void eachModuleUsesOnlyWhatDesignAllows() {
    moduleRules().forEach(rule -> rule.check(main));
  }

  @Test
  void noModuleReachesIntoAnotherModulesInternalPackages() {
    internalPackagesRule().check(main);
  }

  @Test
  void timeIsReadOnlyThroughTheInjectedClock() {
    oneClockRule().check(main);
  }

  @Test
  void theRulesCatchViolations() {
    JavaClasses fixtures =
        new ClassFileImporter()
            .importClasses(
                dev.shipshape.flags.archfixture.UsesSlo.class,
                dev.shipshape.flags.archfixture.UsesSloInternals.class,
                dev.shipshape.flags.archfixture.UsesSharedTimeInternals.class,
                dev.shipshape.flags.archfixture.ReadsTheWallClock.class,
                dev.shipshape.flags.archfixture.SleepsOnTimeUnit.class,
                dev.shipshape.flags.archfixture.ParksTheThread.class,
                dev.shipshape.flags.archfixture.WaitsWithATimeout.class,
                dev.shipshape.flags.archfixture.ReadsTheDefaultZoneClock.class,
                dev.shipshape.flags.archfixture.UsesTheUtcDefaultClock.class,
                dev.shipshape.slo.archfixture.SloApi.class,
                dev.shipshape.slo.internal.archfixture.SloInternals.class);

    assertThat(
            moduleRules().stream()
                .map(rule -> rule.evaluate(fixtures).getFailureReport().getDetails())
                .flatMap(List::stream))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("UsesSlo")
                    .contains("dev.shipshape.slo.archfixture.SloApi"));
    assertThat(internalPackagesRule().evaluate(fixtures).getFailureReport().getDetails())
        .isNotEmpty()
        .allSatisfy(
            line ->
                assertThat(line)
                    .contains("dev.shipshape.flags.archfixture.UsesSloInternals")
                    .contains("dev.shipshape.slo.internal.archfixture.SloInternals"))
        .noneSatisfy(line -> assertThat(line).contains("UsesSharedTimeInternals"));
    List<String> clockViolations =
        oneClockRule().evaluate(fixtures).getFailureReport().getDetails();
    assertThat(clockViolations)
        .anySatisfy(
            line -> assertThat(line).contains("ReadsTheWallClock").contains("currentTimeMillis()"))
        .anySatisfy(
            line -> assertThat(line).contains("SleepsOnTimeUnit").contains("TimeUnit.sleep(long)"))
        .anySatisfy(
            line -> assertThat(line).contains("parkFor()").contains("LockSupport.parkNanos(long)"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("parkForWithBlocker()")
                    .contains("LockSupport.parkNanos(java.lang.Object, long)"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("parkUntilDeadline()")
                    .contains("LockSupport.parkUntil(long)"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("parkUntilDeadlineWithBlocker()")
                    .contains("LockSupport.parkUntil(java.lang.Object, long)"))
        .anySatisfy(
            line -> assertThat(line).contains("WaitsWithATimeout.await()").contains("wait(long)"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("WaitsWithATimeout.awaitOnSelf()")
                    .contains("wait(long, int)"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("ReadsTheDefaultZoneClock")
                    .contains("Clock.systemDefaultZone()"))
        .noneSatisfy(line -> assertThat(line).contains("UsesTheUtcDefaultClock"))
        .hasSize(9);
  }

  private static List<ArchRule> moduleRules() {
    List<ArchRule> rules = new ArrayList<>();
    ALLOWED.forEach(
        (module, allowed) -> {
          List<String> packages = new ArrayList<>(List.of(JDK));
          packages.add("dev.shipshape." + module + "..");
          packages.addAll(List.of(allowed));
          rules.add(
              classes()
                  .that()
                  .resideInAPackage("dev.shipshape." + module + "..")
                  .should()
                  .onlyDependOnClassesThat()
                  .resideInAnyPackage(packages.toArray(String[]::new))
                  .allowEmptyShould(true)
                  .because(
                      "DESIGN.md lets shipshape-" + module + " depend on " + List.of(allowed) + " only"));
        });
    return rules;
  }

  private static ArchRule internalPackagesRule() {
    return classes()
        .should(notUseInternalsOfOtherModules())
        .allowEmptyShould(true)
        .because(
            "implementation lives in internal packages that other modules do not import; only"
                + " " + SHARED_INTERNALS + " (the lowest module's, shared by all) is open to them");
  }

  /**
   * The one internal package every module may use: {@code time}'s, where the failure-isolation
   * policy of listeners and sinks lives once for all modules (time depends on nothing, so
   * everything can depend on it without a cycle).
   */
  private static final String SHARED_INTERNALS = "dev.shipshape.time.internal";

  private static ArchRule oneClockRule() {
    return noClasses()
        .that()
        .resideOutsideOfPackage("dev.shipshape.time..")
        .should()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(java.time.LocalDateTime.class, "now")
        .orShould()
        .callMethod(java.time.ZonedDateTime.class, "now")
        .orShould()
        .callMethod(java.time.OffsetDateTime.class, "now")
        .orShould()
        .callMethod(Thread.class, "sleep", long.class)
        .orShould()
        .callMethod(Thread.class, "sleep", long.class, int.class)
        .orShould()
        .callMethod(java.util.concurrent.TimeUnit.class, "sleep", long.class)
        .orShould()
        .callMethod(java.util.concurrent.locks.LockSupport.class, "parkNanos", long.class)
        .orShould()
        .callMethod(
            java.util.concurrent.locks.LockSupport.class, "parkNanos", Object.class, long.class)
        .orShould()
        .callMethod(java.util.concurrent.locks.LockSupport.class, "parkUntil", long.class)
        .orShould()
        .callMethod(
            java.util.concurrent.locks.LockSupport.class, "parkUntil", Object.class, long.class)
        .orShould()
        .callMethodWhere(timedObjectWait())
        .orShould()
        .callMethod(java.time.Clock.class, "systemDefaultZone")
        .allowEmptyShould(true)
        .because("DESIGN.md principle 1: all time comes from the injected clock and the time module");
  }

  /**
   * {@code Object.wait(long)} and {@code wait(long, int)} on any receiver: the call's owner is the
   * receiver's static type, so match the method by name and a leading {@code long} parameter.
   */
  private static DescribedPredicate<JavaMethodCall> timedObjectWait() {
    return DescribedPredicate.describe(
        "Object.wait with a timeout",
        call -> {
          List<JavaClass> params = call.getTarget().getRawParameterTypes();
          return call.getTarget().getName().equals("wait")
              && !params.isEmpty()
              && params.get(0).isEquivalentTo(long.class)
              && (params.size() == 1
                  || (params.size() == 2 && params.get(1).isEquivalentTo(int.class)));
        });
  }

  @Test
  void everyPublicPackageIsNullMarked() {
    Set<String> missing = new TreeSet<>();
    for (JavaClass javaClass : main) {
      JavaPackage javaPackage = javaClass.getPackage();
      String name = javaPackage.getName();
      if (!name.startsWith("dev.shipshape.") || name.contains(".internal")) {
        continue;
      }
      boolean nullMarked =
          javaPackage
              .tryGetPackageInfo()
              .map(info -> info.isAnnotatedWith("org.jspecify.annotations.NullMarked"))
              .orElse(false);
      if (!nullMarked) {
        missing.add(name);
      }
    }
    assertThat(missing).as("public packages without @NullMarked package-info").isEmpty();
  }

  private static ArchCondition<JavaClass> notUseInternalsOfOtherModules() {
    return new ArchCondition<>("not use internal packages of other modules") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        String from = moduleOf(origin.getPackageName());
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
          String target = dependency.getTargetClass().getPackageName();
          if (target.startsWith("dev.shipshape.")
              && target.contains(".internal")
              && !target.equals(SHARED_INTERNALS)
              && !moduleOf(target).equals(from)) {
            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
          }
        }
      }
    };
  }

  private static String moduleOf(String packageName) {
    String rest = packageName.startsWith("dev.shipshape.") ? packageName.substring(14) : packageName;
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

}
