package dev.shipshape.spring.webapp;

import dev.shipshape.core.health.HealthCheck;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.spring.readme.ReadmeApplication;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * A small web application using the starter, as a user would write it; it answers {@code /greeting}
 * with the README's controller, so the README's code runs over HTTP here.
 */
@SpringBootApplication
@Import(ReadmeApplication.GreetingController.class)
public class CheckoutApplication {

  /** Whether the database check passes. */
  static final AtomicBoolean DB_UP = new AtomicBoolean(true);

  /** Whether the liveness check on the event loop passes. */
  static final AtomicBoolean EVENT_LOOP_OK = new AtomicBoolean(true);

  /** Released when the tests end; until then the slow dependency's check hangs. */
  static final CountDownLatch RELEASE_SLOW = new CountDownLatch(1);

  @Bean
  HealthCheck db() {
    return () -> DB_UP.get() ? HealthResult.up() : HealthResult.down("connection refused");
  }

  @Bean(name = "event-loop")
  HealthCheck eventLoop() {
    return () -> EVENT_LOOP_OK.get() ? HealthResult.up() : HealthResult.down("stalled");
  }

  @Bean(name = "slow-dependency")
  HealthCheck slowDependency() {
    return () -> {
      RELEASE_SLOW.await();
      return HealthResult.up();
    };
  }
}
