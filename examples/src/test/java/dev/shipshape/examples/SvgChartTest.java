package dev.shipshape.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SvgChartTest {

  private static String formatter(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  @Test
  void chartCoordinatesAreWrittenExactlyAsTheFormatterWritesThem() {
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 200_000; i++) {
      double v = random.nextDouble() * 1_000;
      assertThat(SvgChart.fmt(v)).as("%s", v).isEqualTo(formatter(v));
    }
  }

  @Test
  void tiesAndNearTiesRoundAsTheFormatterRoundsThem() {
    for (int i = 0; i <= 20_000; i++) {
      double tie = i / 20.0; // 0.05, 0.15, ... the values that sit on a rounding boundary
      for (double v : new double[] {tie, Math.nextUp(tie), Math.nextDown(tie), tie + 1e-7}) {
        if (v >= 0) {
          assertThat(SvgChart.fmt(v)).as("%s", v).isEqualTo(formatter(v));
        }
      }
    }
    assertThat(SvgChart.fmt(0.05)).isEqualTo("0.1");
    assertThat(SvgChart.fmt(2.25)).isEqualTo("2.3");
  }

  @Test
  void valuesOutsideAChartsRangeStillMatchTheFormatter() {
    for (double v : new double[] {-0.04, -0.0, -12.35, 1e9, 1e12 + 0.25, Double.NaN}) {
      assertThat(SvgChart.fmt(v)).as("%s", v).isEqualTo(formatter(v));
    }
  }
}
