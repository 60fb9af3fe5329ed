package dev.shipshape.examples;

import dev.shipshape.time.Scheduler;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The payments dependency of the simulated shop: answers on the scheduler after a realistic
 * latency (median 90 ms, a rare slow tail of seconds), fails a few attempts in a thousand, goes
 * down entirely during an outage, and rejects the payloads the buggy new checkout path sends for
 * discounted carts while the incident lasts.
 */
final class SimulatedPayments {

  /** A payment the dependency refused or could not take. */
  static final class PaymentFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PaymentFailedException(String message) {
      super(message, null, false, false);
    }
  }

  private static final String TASK = "payments-response";
  private static final double TRANSIENT_FAILURE = 0.004;
  private static final double SLOW_TAIL = 0.0002;

  /** Every latency up to the slow tail's longest, in milliseconds, filled as they occur. */
  private final Duration[] latencies = new Duration[4_001];

  private final Scheduler scheduler;
  private final SplittableRandom random;
  private volatile boolean down;
  private volatile boolean rejectingNewPayloads;
  private long attempts;

  SimulatedPayments(Scheduler scheduler, SplittableRandom random) {
    this.scheduler = scheduler;
    this.random = random;
  }

  void down(boolean down) {
    this.down = down;
  }

  void rejectNewPayloads(boolean rejecting) {
    this.rejectingNewPayloads = rejecting;
  }

  boolean rejectingNewPayloads() {
    return rejectingNewPayloads;
  }

  long attempts() {
    return attempts;
  }

  /**
   * Starts one payment attempt.
   *
   * @param newPayload whether the new checkout path built the request
   * @param discounted whether the cart has a discount (the new path's bug is about those)
   * @return completes when the dependency answers
   */
  CompletionStage<String> charge(boolean newPayload, boolean discounted) {
    attempts++;
    if (down) {
      Answer refused = new Answer(new PaymentFailedException("connection refused"));
      scheduler.schedule(TASK, Duration.ofMillis(3), refused);
      return refused;
    }
    long latencyMillis;
    if (random.nextDouble() < SLOW_TAIL) {
      latencyMillis = 1500 + random.nextInt(2500);
    } else {
      latencyMillis = Math.round(90 * Math.exp(0.45 * gaussian()));
    }
    PaymentFailedException failure = null;
    if (newPayload && discounted && rejectingNewPayloads) {
      failure = new PaymentFailedException("422 unknown field discount.v2");
    } else if (random.nextDouble() < TRANSIENT_FAILURE) {
      failure = new PaymentFailedException("503 try again");
    }
    Answer answer = new Answer(failure);
    scheduler.schedule(TASK, latency(Math.max(1, latencyMillis)), answer);
    return answer;
  }

  /** A latency of whole milliseconds; the common ones are made once. */
  private Duration latency(long millis) {
    if (millis >= latencies.length) {
      return Duration.ofMillis(millis);
    }
    Duration d = latencies[(int) millis];
    if (d == null) {
      d = Duration.ofMillis(millis);
      latencies[(int) millis] = d;
    }
    return d;
  }

  /** The dependency's answer to one attempt: the scheduler runs it when the answer arrives. */
  private static final class Answer extends CompletableFuture<String> implements Runnable {
    private final @Nullable PaymentFailedException failure;

    Answer(@Nullable PaymentFailedException failure) {
      this.failure = failure;
    }

    @Override
    public void run() {
      if (failure == null) {
        complete("ok");
      } else {
        completeExceptionally(failure);
      }
    }
  }

  private double gaussian() {
    // Box-Muller on the seeded generator, so runs repeat exactly.
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }
}
