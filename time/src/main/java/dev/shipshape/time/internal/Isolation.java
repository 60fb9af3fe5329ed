package dev.shipshape.time.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The one failure-isolation policy for the listeners and telemetry sinks of every Shipshape
 * module: what a callback may throw without reaching the caller, how failures are counted, and
 * which of them are worth a log line.
 *
 * <p>A module calls its listeners itself and passes what one threw to {@link #failed}: that
 * rethrows a {@link VirtualMachineError} the JVM cannot recover from, counts everything else
 * (errors, runtime exceptions, checked exceptions thrown sneakily past the compiler, a stack
 * overflow), and answers whether the failure has a cause not seen before, so that the module logs
 * it through its own logger with its own words. A cause is the callback's owner, the method, the
 * exception's class and the place it was thrown; at most {@link #MAX_CAUSES} causes are
 * remembered per instance, so a listener that fails in ever new ways costs bounded memory and at
 * most that many log lines.
 *
 * <p>This package is shared by the Shipshape modules (the lowest module holds what they all need);
 * it is not an API for applications.
 */
public final class Isolation {

  /** How many distinct causes one instance remembers, and so logs, at most. */
  public static final int MAX_CAUSES = 256;

  private final Set<String> causes = ConcurrentHashMap.newKeySet();
  private final LongAdder failures = new LongAdder();

  /** Creates an instance with no failures seen. */
  public Isolation() {}

  /**
   * Records that a callback threw {@code failure}.
   *
   * @param owner names the listener or sink (a class name or a configured name)
   * @param method the callback that threw
   * @param failure what it threw
   * @return true when the module should log this failure: its cause was not seen before (and
   *     fewer than {@link #MAX_CAUSES} causes were)
   * @throws VirtualMachineError {@code failure} itself when it is one the JVM cannot recover
   *     from (every virtual machine error but {@link StackOverflowError})
   */
  public boolean failed(String owner, String method, Throwable failure) {
    rethrowIfFatal(failure);
    failures.increment();
    if (causes.size() >= MAX_CAUSES) {
      return false;
    }
    return causes.add(causeOf(owner, method, failure));
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
