package dev.shipshape.spring.testsupport.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.flags.Flags;
import dev.shipshape.spring.testsupport.GreetingApplication;
import dev.shipshape.testing.FlagVariant;
import dev.shipshape.testing.ShipshapeTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;

/**
 * Tests on one Spring application that fail, in the test and in {@code @BeforeEach}, with overrides
 * set by annotation and by hand; the tests after them must see none. Run by EngineTestKit only.
 */
@SpringBootTest(classes = GreetingApplication.class)
@TestPropertySource("classpath:shipshape/greeting.properties")
@ShipshapeTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class FailingTestOverridesSample {

  @BeforeEach
  void failBeforeTheSecondTest(TestInfo test, Flags flags) {
    if (test.getDisplayName().startsWith("failsInBeforeEach")) {
      flags.overrides().setVariant("greeting", "bonjour");
      throw new IllegalStateException("before each failed");
    }
  }

  @Test
  @Order(1)
  @FlagVariant(flag = "greeting", variant = "bonjour")
  void failsWithAnOverride(Flags flags) {
    flags.overrides().setValue("greeting", "by hand");
    throw new AssertionError("the test failed");
  }

  @Test
  @Order(2)
  void seesNoOverrideAfterAFailedTest(Flags flags) {
    assertThat(flags.overrides().keys()).isEmpty();
    assertThat(flags.stringValue("greeting", "default")).isEqualTo("hello");
  }

  @Test
  @Order(3)
  @FlagVariant(flag = "greeting", variant = "bonjour")
  void failsInBeforeEach() {}

  @Test
  @Order(4)
  void seesNoOverrideAfterAFailedBeforeEach(Flags flags) {
    assertThat(flags.overrides().keys()).isEmpty();
    assertThat(flags.stringValue("greeting", "default")).isEqualTo("hello");
  }
}
