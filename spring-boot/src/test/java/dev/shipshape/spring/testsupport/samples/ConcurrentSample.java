package dev.shipshape.spring.testsupport.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.flags.Flags;
import dev.shipshape.spring.testsupport.GreetingApplication;
import dev.shipshape.testing.FlagVariant;
import dev.shipshape.testing.ShipshapeTest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;

/**
 * One of two classes that share a Spring context and run at the same time, each with its own
 * override of the same flag; each test waits until the other has started (or been refused).
 * Run by EngineTestKit only, with parallel execution.
 */
@SpringBootTest(classes = GreetingApplication.class)
@TestPropertySource("classpath:shipshape/greeting.properties")
@ShipshapeTest
public class ConcurrentSample {

  private static final CountDownLatch STARTED = new CountDownLatch(2);

  /** Counts a test that was refused before its body ran as started too. */
  @RegisterExtension final AfterEachCallback refusedCountsAsStarted = context -> start();

  private boolean started;

  @Test
  @FlagVariant(flag = "greeting", variant = "bonjour")
  void greets(Flags flags) throws InterruptedException {
    assertThat(greetingOnceBothStarted(flags)).isEqualTo("bonjour");
  }

  /** The greeting once the other class's test has started too. */
  String greetingOnceBothStarted(Flags flags) throws InterruptedException {
    start();
    assertThat(STARTED.await(10, TimeUnit.SECONDS)).as("the other test started").isTrue();
    return flags.stringValue("greeting", "none");
  }

  private void start() {
    if (!started) {
      started = true;
      STARTED.countDown();
    }
  }

  /** The other class: the same configuration, so the same context, and the other variant. */
  public static class Twin extends ConcurrentSample {

    @Override
    @Test
    @FlagVariant(flag = "greeting", variant = "hello")
    void greets(Flags flags) throws InterruptedException {
      assertThat(greetingOnceBothStarted(flags)).isEqualTo("hello");
    }
  }
}
