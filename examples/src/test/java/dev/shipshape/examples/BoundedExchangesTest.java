package dev.shipshape.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The quickstart server's executor with stand-ins for the JDK's exchanges: one that waits for its
 * request until interrupted, as a slow client's does, and one whose handler runs.
 */
@Timeout(10)
class BoundedExchangesTest {

  private final AtomicInteger threadCount = new AtomicInteger();
  private final BoundedExchanges exchanges =
      new BoundedExchanges(
          2,
          r -> {
            threadCount.incrementAndGet();
            Thread t = new Thread(r, "bounded-exchanges-test");
            t.setDaemon(true);
            return t;
          });
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    exchanges.shutdownNow();
  }

  /** An exchange still reading its request: it counts down {@code dropped} when interrupted. */
  private Runnable reading(CountDownLatch started, CountDownLatch dropped) {
    return () -> {
      started.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        dropped.countDown();
      }
    };
  }

  /** An exchange whose request has arrived and whose handler waits for {@link #release}. */
  private Runnable answering(CountDownLatch started, CountDownLatch interrupted) {
    return () -> {
      try {
        // the stand-in handler does not look at the exchange
        exchanges
            .handler(
                exchange -> {
                  started.countDown();
                  try {
                    release.await();
                  } catch (InterruptedException e) {
                    interrupted.countDown();
                  }
                })
            .handle((HttpExchange) null);
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    };
  }

  @Test
  void theExchangeThatHasWaitedLongestForItsRequestMakesRoomForANewOne() throws Exception {
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch firstDropped = new CountDownLatch(1);
    CountDownLatch secondStarted = new CountDownLatch(1);
    CountDownLatch secondDropped = new CountDownLatch(1);
    exchanges.execute(reading(firstStarted, firstDropped));
    assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
    exchanges.execute(reading(secondStarted, secondDropped));
    assertThat(secondStarted.await(5, TimeUnit.SECONDS)).isTrue();

    CountDownLatch thirdStarted = new CountDownLatch(1);
    exchanges.execute(reading(thirdStarted, new CountDownLatch(1)));

    assertThat(firstDropped.await(5, TimeUnit.SECONDS)).as("the oldest dropped").isTrue();
    assertThat(thirdStarted.await(5, TimeUnit.SECONDS)).as("the new one runs").isTrue();
    assertThat(secondDropped.getCount()).as("the second one kept").isEqualTo(1);
    assertThat(threadCount).hasValue(2);
  }

  @Test
  void anExchangeWhoseHandlerRunsIsNeverDroppedAndBeyondTheQueueExchangesAreRefused()
      throws Exception {
    CountDownLatch interrupted = new CountDownLatch(2);
    CountDownLatch answering = new CountDownLatch(2);
    exchanges.execute(answering(answering, interrupted));
    exchanges.execute(answering(answering, interrupted));
    assertThat(answering.await(5, TimeUnit.SECONDS)).isTrue();

    CountDownLatch neverStarted = new CountDownLatch(1);
    exchanges.execute(reading(neverStarted, new CountDownLatch(1)));
    exchanges.execute(reading(neverStarted, new CountDownLatch(1)));
    assertThatThrownBy(() -> exchanges.execute(reading(neverStarted, new CountDownLatch(1))))
        .as("two running and two queued: the fifth is refused, and the server closes it")
        .isInstanceOf(RejectedExecutionException.class);

    assertThat(neverStarted.await(200, TimeUnit.MILLISECONDS)).as("queued, not run").isFalse();
    assertThat(interrupted.getCount()).as("no handler interrupted").isEqualTo(2);
    assertThat(threadCount).hasValue(2);
  }
}
