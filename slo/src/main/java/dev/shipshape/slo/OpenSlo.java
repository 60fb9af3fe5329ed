package dev.shipshape.slo;

import dev.shipshape.slo.internal.OpenSloReader;
import dev.shipshape.slo.internal.OpenSloText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads SLO definitions from OpenSLO v1 YAML ({@code apiVersion: openslo/v1}), one or more
 * documents per file.
 *
 * <p>Supported: {@code kind: SLO} with {@code metadata.name} (and {@code displayName}, {@code
 * labels}, {@code annotations}), {@code spec.description}, {@code spec.service}, an inline {@code
 * spec.indicator} with a {@code ratioMetric} ({@code good} or {@code bad}, and {@code total}) or a
 * {@code thresholdMetric}, one rolling {@code spec.timeWindow} ({@code duration} such as {@code
 * 28d}, {@code isRolling: true}; 28 days when absent), {@code budgetingMethod} {@code Occurrences}
 * (the default) or {@code Timeslices} (with {@code timeSliceTarget} and a {@code timeSliceWindow}
 * of {@code 1m}), and one objective with {@code target} or {@code targetPercent}; a threshold
 * objective also has {@code op: lte} (or {@code lt}) and {@code value} in seconds, which becomes
 * the latency threshold. Metric sources are accepted as they are: events are recorded in-process.
 *
 * <p>Anything else (other kinds, {@code indicatorRef}, calendar windows, {@code RatioTimeslices},
 * several objectives, alert policies, unknown fields) is refused with a {@link
 * SloDefinitionException} naming the document (its index and {@code metadata.name}), the field and
 * what was expected. Nothing is silently ignored.
 */
public final class OpenSlo {

  private OpenSlo() {}

  /**
   * Parses every document of {@code yaml}.
   *
   * @param yaml the YAML text
   * @param origin where the text came from, for messages (a file name, say)
   * @return the definitions, in document order
   * @throws SloDefinitionException listing every problem found, each naming the document and the
   *     field
   */
  public static List<SloDefinition> parse(String yaml, String origin) {
    return OpenSloReader.read(yaml, origin);
  }

  /**
   * Reads and parses an OpenSLO file (UTF-8). A file of more than 4,194,304 characters is refused
   * while it is read, never held whole; bytes that are not UTF-8 are refused naming the file and
   * the offset of the first one.
   *
   * @param file the file
   * @return the definitions, in document order
   * @throws IOException when the file cannot be read
   * @throws SloDefinitionException listing every problem found, or the size or encoding problem
   */
  public static List<SloDefinition> load(Path file) throws IOException {
    return parse(OpenSloText.readFile(file), file.toString());
  }
}
