import dev.shipshape.slo.PrometheusRules;
import dev.shipshape.slo.SloDefinition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Writes the rules of the benchmark's SLO (99.9% over 28 days) in both forms: the default, with
 * the long windows from five-minute event sums, and the raw form, with increase() over each
 * window. Run as a single-file program: java -cp slo/target/classes GenerateRules.java DIR
 */
public class GenerateRules {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    SloDefinition checkout =
        SloDefinition.builder("checkout")
            .service("shop")
            .objective(0.999)
            .window(Duration.ofDays(28))
            .build();
    PrometheusRules.write(dir.resolve("rules-sums.yml"), List.of(checkout));
    PrometheusRules.write(
        dir.resolve("rules-raw.yml"),
        List.of(checkout),
        PrometheusRules.Options.builder()
            .longWindows(PrometheusRules.LongWindows.RAW)
            .build());
  }
}
