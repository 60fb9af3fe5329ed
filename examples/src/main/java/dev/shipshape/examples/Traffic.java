package dev.shipshape.examples;

import java.util.SplittableRandom;

/**
 * The shop's checkout arrivals: a daily rhythm around the mean rate, and Poisson-distributed
 * counts per second drawn from the simulation's seeded generator.
 */
final class Traffic {

  private final SplittableRandom random;
  private final double requestsPerSecond;

  /**
   * Arrivals drawn from {@code random}.
   *
   * @param random the simulation's generator, shared with the rest of the run so that a seed gives
   *     the same draws in the same order
   * @param requestsPerSecond the mean rate over a day
   */
  Traffic(SplittableRandom random, double requestsPerSecond) {
    this.random = random;
    this.requestsPerSecond = requestsPerSecond;
  }

  /**
   * How many checkouts arrive in one second.
   *
   * @param epochSecond the second, in seconds since the epoch
   * @return a draw from the Poisson distribution of that second's mean rate
   */
  int arrivals(long epochSecond) {
    return poisson(rateAt(epochSecond));
  }

  /**
   * The mean checkout rate at a second since the epoch: a peak mid-afternoon, a trough at night.
   */
  private double rateAt(long epochSecond) {
    double hour = (epochSecond % 86_400) / 3600.0;
    return requestsPerSecond * (1 + 0.5 * Math.sin(2 * Math.PI * (hour - 9) / 24));
  }

  private int poisson(double mean) {
    if (mean > 30) {
      double v = mean + Math.sqrt(mean) * gaussian();
      return (int) Math.max(0, Math.round(v));
    }
    double l = Math.exp(-mean);
    int k = 0;
    double p = 1.0;
    do {
      k++;
      p *= random.nextDouble();
    } while (p > l);
    return k - 1;
  }

  private double gaussian() {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }
}
