package dev.shipshape.testing.samples;

import dev.shipshape.core.Shipshape;
import dev.shipshape.flags.FlagSource;

/** The application configuration the samples share. */
final class SampleApp {

  private SampleApp() {}

  static void configure(Shipshape.Builder app) {
    app.logging(false).flags(FlagSource.classpath("flags.json"));
  }
}
