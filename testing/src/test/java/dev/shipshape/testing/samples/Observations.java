package dev.shipshape.testing.samples;

import dev.shipshape.core.Shipshape;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the sample tests saw, read by the tests that run them through EngineTestKit. */
public final class Observations {

  /** Values seen, by a key naming the sample and what was read. */
  public static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

  /** Applications handed to sample tests, to check after the run that overrides are gone. */
  public static final List<Shipshape> APPLICATIONS = new CopyOnWriteArrayList<>();

  private Observations() {}

  /** Forgets everything; call before each run. */
  public static void reset() {
    SEEN.clear();
    APPLICATIONS.clear();
  }
}
