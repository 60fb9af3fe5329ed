package dev.shipshape.time.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The one failure-isolation policy for the listeners and telemetry sinks of every Shipshape
 * module: what a callback may throw without reaching the caller, how failures are counted, and
 * which of them are worth a log line.
 *
 * <p>A module tells its listeners through {@link #each}, or calls them itself and passes what one
 * threw to {@link #failed}. Either way a {@link VirtualMachineError} the JVM cannot recover from
 * is rethrown; everything else (errors, runtime exceptions, checked exceptions thrown sneakily
 * past the compiler, a stack overflow) is counted, and a failure whose cause was not seen before
 * goes to the module's {@link Reporter}, which logs it through the module's own logger in its own
 * words. A cause is the callback's owner, the method, the exception's class and the place it was
 * thrown; at most {@link #MAX_CAUSES} causes are remembered per instance, so a listener that fails
 * in ever new ways costs bounded memory and at most that many log lines.
 *
 * <p>This package is shared by the Shipshape modules (the lowest module holds what they all need);
 * it is not an API for applications.
 */
public final class Isolation {

  /** How many distinct causes one instance remembers, and so logs, at most. */
  public static final int MAX_CAUSES = 256;

  /** Receives the first failure of each cause, to log it. */
  @FunctionalInterface
  public interface Reporter {
    /**
     * A callback failed with a cause not seen before.
     *
     * @param owner names the listener or sink
     * @param method the callback that threw
     * @param failure what it threw
     */
    void firstFailure(String owner, String method, Throwable failure);
  }

  private final Set<String> causes = ConcurrentHashMap.newKeySet();
  private final LongAdder failures = new LongAdder();
  private final Reporter reporter;

  /** Creates an instance whose caller logs itself, from what {@link #failed} answers. */
  public Isolation() {
    this((owner, method, failure) -> {});
  }

  /**
   * Creates an instance that hands the first failure of each cause to {@code reporter}.
   *
   * @param reporter logs a failure (it must not throw)
   */
  public Isolation(Reporter reporter) {
    this.reporter = reporter;
  }

  /**
   * Calls {@code callback} with each listener and {@code event}, in order; what one throws is
   * {@linkplain #failed recorded} under the listener's class name, and the others are still
   * called. Allocates nothing when the callback is a method reference that captures nothing.
   *
   * @param listeners the listeners
   * @param method the callback's name, for the cause and the log
   * @param event what the listeners are told
   * @param callback calls one listener, such as {@code FlagListener::flagSetChanged}
   * @param <L> the listener type
   * @param <E> the event type
   */
  public <L, E> void each(
      List<? extends L> listeners,
      String method,
      E event,
      BiConsumer<? super L, ? super E> callback) {
    for (int i = 0; i < listeners.size(); i++) {
      L listener = listeners.get(i);
      try {
        callback.accept(listener, event);
      } catch (Throwable e) {
        failed(listener.getClass().getName(), method, e);
      }
    }
  }

  /**
   * Records that a callback threw {@code failure}.
   *
   * @param owner names the listener or sink (a class name or a configured name)
   * @param method the callback that threw
   * @param failure what it threw
   * @return true when this failure's cause was not seen before (and fewer than {@link
   *     #MAX_CAUSES} causes were): it went to the reporter, and a caller without one logs it
   * @throws VirtualMachineError {@code failure} itself when it is one the JVM cannot recover
   *     from (every virtual machine error but {@link StackOverflowError})
   */
  public boolean failed(String owner, String method, Throwable failure) {
    rethrowIfFatal(failure);
    failures.increment();
    if (causes.size() >= MAX_CAUSES || !causes.add(causeOf(owner, method, failure))) {
      return false;
    }
    logSafely(failure, f -> reporter.firstFailure(owner, method, f));
    return true;
  }

  /**
   * Runs {@code log}, which logs {@code failure}; when that throws, because the failure's message
   * is built lazily and building it fails (read by the caller or by the logging backend), runs it
   * once more with a stand-in that names the failure's class and keeps its stack trace. So a
   * callback's caller never fails for what its callback threw, whatever that is.
   *
   * @param failure what a callback threw
   * @param log logs it
   */
  public static void logSafely(Throwable failure, Consumer<Throwable> log) {
    try {
      log.accept(failure);
    } catch (RuntimeException | Error unlogged) {
      rethrowIfFatal(unlogged);
      try {
        log.accept(new MessageNotReadable(failure));
      } catch (RuntimeException | Error again) {
        rethrowIfFatal(again);
        // nothing more can be said about it; it was counted
      }
    }
  }

  /**
   * Stands in, in a log, for a failure whose message cannot be read: its class, and where it was
   * thrown.
   */
  private static final class MessageNotReadable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MessageNotReadable(Throwable failure) {
      super(failure.getClass().getName() + " (its message could not be read)", null, false, true);
      setStackTrace(failure.getStackTrace());
    }

    @Override
    public String toString() {
      return getMessage();
    }
  }

  /**
   * How many failures were recorded.
   *
   * @return the count
   */
  public long failures() {
    return failures.sum();
  }

  /**
   * Rethrows {@code failure} when it is a virtual machine error other than a stack overflow: out
   * of memory, an internal error or an unknown one leave the JVM in no state to carry on, while a
   * listener that recursed too deep has unwound by the time its caller sees the error.
   *
   * @param failure what a callback threw
   */
  public static void rethrowIfFatal(Throwable failure) {
    if (failure instanceof VirtualMachineError && !(failure instanceof StackOverflowError)) {
      throw (VirtualMachineError) failure;
    }
  }

  private static String causeOf(String owner, String method, Throwable failure) {
    StackTraceElement[] trace = failure.getStackTrace();
    String where = trace.length == 0 ? "" : trace[0].toString();
    return owner + '#' + method + ':' + failure.getClass().getName() + '@' + where;
  }
}
