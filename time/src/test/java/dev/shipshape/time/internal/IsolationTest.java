package dev.shipshape.time.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IsolationTest {

  private static RuntimeException thrownHere(String message) {
    return new IllegalStateException(message);
  }

  private static RuntimeException thrownThere(String message) {
    return new IllegalStateException(message);
  }

  @Test
  void countsEveryFailureAndAsksToLogEachCauseOnce() {
    Isolation isolation = new Isolation();
    List<Boolean> log = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      log.add(isolation.failed("Audit", "flagSetChanged", thrownHere("bug " + i)));
    }
    assertThat(log).containsExactly(true, false, false, false, false);
    assertThat(isolation.failures()).isEqualTo(5);
  }

  @Test
  void theOwnerTheMethodTheExceptionClassAndWhereItWasThrownMakeTheCause() {
    Isolation isolation = new Isolation();
    assertThat(isolation.failed("Audit", "flagSetChanged", thrownHere("a"))).isTrue();
    assertThat(isolation.failed("Audit", "sourceFailed", thrownHere("a"))).isTrue();
    assertThat(isolation.failed("Metrics", "flagSetChanged", thrownHere("a"))).isTrue();
    assertThat(isolation.failed("Audit", "flagSetChanged", new AssertionError("a"))).isTrue();
    assertThat(isolation.failed("Audit", "flagSetChanged", thrownThere("a"))).isTrue();
    // the message is not part of the cause: a message with an id in it is still one cause
    assertThat(isolation.failed("Audit", "flagSetChanged", thrownThere("b"))).isFalse();
    assertThat(isolation.failures()).isEqualTo(6);
  }

  @Test
  void remembersABoundedNumberOfCauses() {
    Isolation isolation = new Isolation();
    int logged = 0;
    for (int i = 0; i < Isolation.MAX_CAUSES + 50; i++) {
      if (isolation.failed("Listener" + i, "evaluated", thrownHere("x"))) {
        logged++;
      }
    }
    assertThat(logged).isEqualTo(Isolation.MAX_CAUSES);
    assertThat(isolation.failures()).isEqualTo(Isolation.MAX_CAUSES + 50);
  }

  @Test
  void aStackOverflowIsIsolatedButOtherVirtualMachineErrorsAreRethrown() {
    Isolation isolation = new Isolation();
    assertThat(isolation.failed("Deep", "evaluated", new StackOverflowError())).isTrue();
    OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
    assertThatThrownBy(() -> isolation.failed("Hungry", "evaluated", oom)).isSameAs(oom);
    InternalError internal = new InternalError("jvm");
    assertThatThrownBy(() -> Isolation.rethrowIfFatal(internal)).isSameAs(internal);
    assertThat(isolation.failures()).isEqualTo(1);
  }

  @Test
  void eachCallsEveryListenerAndReportsTheFirstFailureOfEachCause() {
    List<String> reported = new ArrayList<>();
    Isolation isolation =
        new Isolation((owner, method, failure) -> reported.add(owner + " " + method + " " + failure));
    List<String> told = new ArrayList<>();
    class Broken {}
    List<Object> listeners = List.of("a", new Broken(), "b");
    for (int i = 0; i < 3; i++) {
      isolation.each(
          listeners,
          "changed",
          i,
          (listener, event) -> {
            if (listener instanceof Broken) {
              throw new IllegalStateException("broken at " + event);
            }
            told.add(listener + "" + event);
          });
    }
    assertThat(told).containsExactly("a0", "b0", "a1", "b1", "a2", "b2");
    assertThat(isolation.failures()).isEqualTo(3);
    assertThat(reported)
        .containsExactly(
            Broken.class.getName() + " changed java.lang.IllegalStateException: broken at 0");
  }

  /** An exception whose message is built lazily from state that is gone. */
  private static final class Unreadable extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    @Override
    public String getMessage() {
      throw new NullPointerException("message source is null");
    }
  }

  @Test
  void aFailureWhoseMessageCannotBeReadIsReportedByItsClassAndNeverReachesTheCaller() {
    List<String> logged = new ArrayList<>();
    Isolation isolation =
        new Isolation((owner, method, failure) -> logged.add(failure.toString()));
    RuntimeException failure = new Unreadable();

    assertThat(isolation.failed("Audit", "flagSetChanged", failure)).isTrue();

    assertThat(logged)
        .containsExactly(
            Unreadable.class.getName() + " (its message could not be read)");
    assertThat(isolation.failures()).isEqualTo(1);
  }

  @Test
  void aReporterThatAlwaysThrowsNeverReachesTheCaller() {
    Isolation isolation =
        new Isolation(
            (owner, method, failure) -> {
              throw new IllegalStateException("logging is down");
            });
    List<String> called = new ArrayList<>();

    isolation.each(
        List.of("first", "second"),
        "changed",
        "event",
        (listener, event) -> {
          called.add(listener);
          throw new IllegalArgumentException(listener);
        });

    assertThat(called).containsExactly("first", "second");
    assertThat(isolation.failures()).isEqualTo(2);
  }
}
