package dev.shipshape.slo.internal;

import dev.shipshape.slo.BudgetingMethod;
import dev.shipshape.slo.SloDefinition;
import dev.shipshape.slo.SloDefinitionException;
import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.internal.Problems;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads OpenSLO v1 documents into definitions; see {@code dev.shipshape.slo.OpenSlo}. */
public final class OpenSloReader {

  /** The annotation holding an SLO's runbook URL. */
  public static final String RUNBOOK_ANNOTATION = "runbook_url";

  private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "spec");
  private static final Set<String> METADATA =
      Set.of("name", "displayName", "labels", "annotations");
  private static final Set<String> SPEC =
      Set.of(
          "description",
          "service",
          "indicator",
          "timeWindow",
          "budgetingMethod",
          "objectives");
  private static final Set<String> INDICATOR = Set.of("metadata", "spec");
  private static final Set<String> INDICATOR_SPEC =
      Set.of("description", "ratioMetric", "thresholdMetric");
  private static final Set<String> RATIO = Set.of("counter", "good", "bad", "total");
  private static final Set<String> METRIC = Set.of("metricSource");
  private static final Set<String> METRIC_SOURCE = Set.of("metricSourceRef", "type", "spec");
  private static final Set<String> TIME_WINDOW = Set.of("duration", "isRolling");
  private static final Set<String> OBJECTIVE =
      Set.of(
          "displayName",
          "target",
          "targetPercent",
          "op",
          "value",
          "timeSliceTarget",
          "timeSliceWindow");

  private OpenSloReader() {}

  /**
   * Parses every document of {@code yaml}.
   *
   * @param yaml the text
   * @param origin where it came from
   * @return the definitions
   */
  public static List<SloDefinition> read(String yaml, String origin) {
    Problems problems = new Problems();
    List<SloDefinition> out = new ArrayList<>();
    List<Object> docs = OpenSloText.documents(yaml, origin);
    int index = 0;
    for (Object doc : docs) {
      if (doc != null) {
        SloDefinition def = readDocument(doc, index, origin, problems);
        if (def != null) {
          out.add(def);
        }
      }
      index++;
    }
    if (out.isEmpty() && problems.isEmpty()) {
      problems.add(
          origin + ": documents", 0, "at least one OpenSLO SLO document was expected");
    }
    problems.throwIfAny(SloDefinitionException::new);
    return List.copyOf(out);
  }

  private static SloDefinition readDocument(
      Object doc, int index, String origin, Problems problems) {
    String context = origin + " document " + index;
    if (!(doc instanceof Map)) {
      problems.add(context + ": /", OpenSloDoc.describe(doc), "a mapping was expected");
      return null;
    }
    Map<?, ?> root = (Map<?, ?>) doc;
    Object metadataNode = root.get("metadata");
    Object nameNode =
        metadataNode instanceof Map ? ((Map<?, ?>) metadataNode).get("name") : null;
    if (nameNode instanceof String) {
      context = context + " (metadata.name '" + nameNode + "')";
    }
    OpenSloDoc d = new OpenSloDoc(context, problems);
    d.unknown(root, TOP, "");
    Object apiVersion = root.get("apiVersion");
    if (!"openslo/v1".equals(apiVersion)) {
      d.problem("apiVersion", apiVersion, "'openslo/v1'");
    }
    Object kind = root.get("kind");
    if (!"SLO".equals(kind)) {
      d.problem("kind", kind, "'SLO' (other OpenSLO kinds are not supported)");
      return null;
    }
    Map<?, ?> metadata = d.map(metadataNode, "metadata", true);
    String name = null;
    String runbook = null;
    if (metadata != null) {
      d.unknown(metadata, METADATA, "metadata.");
      name = d.string(metadata.get("name"), "metadata.name", true);
      d.string(metadata.get("displayName"), "metadata.displayName", false);
      d.map(metadata.get("labels"), "metadata.labels", false);
      Map<?, ?> annotations = d.map(metadata.get("annotations"), "metadata.annotations", false);
      if (annotations != null) {
        runbook =
            d.string(
                annotations.get(RUNBOOK_ANNOTATION),
                "metadata.annotations." + RUNBOOK_ANNOTATION,
                false);
      }
    }
    Map<?, ?> spec = d.map(root.get("spec"), "spec", true);
    if (spec == null) {
      return null;
    }
    if (spec.containsKey("indicatorRef")) {
      d.problem(
          "spec.indicatorRef",
          spec.get("indicatorRef"),
          "an inline spec.indicator (references to SLI documents are not supported)");
    }
    if (spec.containsKey("alertPolicies")) {
      d.problem(
          "spec.alertPolicies",
          spec.get("alertPolicies"),
          "no alert policies (burn-rate alerts are configured in code)");
    }
    for (Object key : spec.keySet()) {
      if (!SPEC.contains(String.valueOf(key))
          && !"indicatorRef".equals(key)
          && !"alertPolicies".equals(key)) {
        d.problem(
            "spec." + key, spec.get(key), "a supported field (" + OpenSloDoc.sorted(SPEC) + ")");
      }
    }
    SloDefinition.Builder b = SloDefinition.builder(name == null ? "" : name);
    String description = d.string(spec.get("description"), "spec.description", false);
    if (description != null) {
      b.description(description);
    }
    String service = d.string(spec.get("service"), "spec.service", false);
    if (service != null) {
      b.service(service);
    }
    if (runbook != null) {
      b.runbookUrl(runbook);
    }
    boolean threshold = readIndicator(d, spec.get("indicator"));
    readWindow(d, b, spec.get("timeWindow"));
    Object methodNode = spec.get("budgetingMethod");
    BudgetingMethod method = BudgetingMethod.OCCURRENCES;
    if (methodNode == null || "Occurrences".equals(methodNode)) {
      b.budgeting(BudgetingMethod.OCCURRENCES);
    } else if ("Timeslices".equals(methodNode)) {
      method = BudgetingMethod.TIMESLICES;
      b.budgeting(BudgetingMethod.TIMESLICES);
    } else {
      d.problem(
          "spec.budgetingMethod",
          methodNode,
          "'Occurrences' or 'Timeslices' (RatioTimeslices is not supported)");
    }
    readObjectives(d, b, spec.get("objectives"), threshold, method);
    if (d.count > 0) {
      return null;
    }
    try {
      return b.build();
    } catch (SloDefinitionException e) {
      for (ConfigProblem p : e.problems()) {
        String field =
            p.setting().equals("runbookUrl")
                ? "metadata.annotations." + RUNBOOK_ANNOTATION
                : p.setting();
        problems.add(context + ": " + field, p.value(), p.expected());
      }
      return null;
    }
  }

  /** Returns whether the indicator is a threshold metric. */
  private static boolean readIndicator(OpenSloDoc d, Object node) {
    Map<?, ?> indicator = d.map(node, "spec.indicator", true);
    if (indicator == null) {
      return false;
    }
    d.unknown(indicator, INDICATOR, "spec.indicator.");
    Map<?, ?> meta = d.map(indicator.get("metadata"), "spec.indicator.metadata", false);
    if (meta != null) {
      d.unknown(meta, METADATA, "spec.indicator.metadata.");
    }
    Map<?, ?> spec = d.map(indicator.get("spec"), "spec.indicator.spec", true);
    if (spec == null) {
      return false;
    }
    d.unknown(spec, INDICATOR_SPEC, "spec.indicator.spec.");
    d.string(spec.get("description"), "spec.indicator.spec.description", false);
    Object ratio = spec.get("ratioMetric");
    Object threshold = spec.get("thresholdMetric");
    if ((ratio == null) == (threshold == null)) {
      d.problem(
          "spec.indicator.spec",
          ratio == null ? "neither" : "both",
          "exactly one of ratioMetric and thresholdMetric");
      return false;
    }
    if (ratio != null) {
      Map<?, ?> r = d.map(ratio, "spec.indicator.spec.ratioMetric", true);
      if (r != null) {
        String at = "spec.indicator.spec.ratioMetric";
        d.unknown(r, RATIO, at + ".");
        Object counter = r.get("counter");
        if (counter != null && !(counter instanceof Boolean)) {
          d.problem(at + ".counter", counter, "true or false");
        }
        if ((r.get("good") == null) == (r.get("bad") == null)) {
          d.problem(at, r.get("good") == null ? "neither" : "both", "exactly one of good and bad");
        }
        for (String part : List.of("good", "bad", "total")) {
          Object m = r.get(part);
          if (m != null || "total".equals(part)) {
            metric(d, m, at + "." + part);
          }
        }
      }
      return false;
    }
    metric(d, threshold, "spec.indicator.spec.thresholdMetric");
    return true;
  }

  private static void metric(OpenSloDoc d, Object node, String at) {
    Map<?, ?> m = d.map(node, at, true);
    if (m == null) {
      return;
    }
    d.unknown(m, METRIC, at + ".");
    Map<?, ?> source = d.map(m.get("metricSource"), at + ".metricSource", true);
    if (source != null) {
      d.unknown(source, METRIC_SOURCE, at + ".metricSource.");
    }
  }

  private static void readWindow(OpenSloDoc d, SloDefinition.Builder b, Object node) {
    if (node == null) {
      return; // the default window
    }
    if (!(node instanceof List) || ((List<?>) node).size() != 1) {
      d.problem("spec.timeWindow", OpenSloDoc.describe(node), "a list with one rolling window");
      return;
    }
    Map<?, ?> w = d.map(((List<?>) node).get(0), "spec.timeWindow[0]", true);
    if (w == null) {
      return;
    }
    if (w.containsKey("calendar")) {
      d.problem("spec.timeWindow[0].calendar", w.get("calendar"), "a rolling window only");
    }
    for (Object key : w.keySet()) {
      if (!TIME_WINDOW.contains(String.valueOf(key)) && !"calendar".equals(key)) {
        d.problem("spec.timeWindow[0]." + key, w.get(key), "a supported field "
            + OpenSloDoc.sorted(TIME_WINDOW));
      }
    }
    Object rolling = w.get("isRolling");
    if (!Boolean.TRUE.equals(rolling) && !(rolling == null && !w.containsKey("calendar"))) {
      d.problem(
          "spec.timeWindow[0].isRolling", rolling, "true (calendar windows are not supported)");
    }
    Duration duration = d.duration(w.get("duration"), "spec.timeWindow[0].duration");
    if (duration != null) {
      b.window(duration);
    }
  }

  private static void readObjectives(
      OpenSloDoc d,
      SloDefinition.Builder b,
      Object node,
      boolean threshold,
      BudgetingMethod method) {
    if (!(node instanceof List) || ((List<?>) node).size() != 1) {
      d.problem("spec.objectives", OpenSloDoc.describe(node), "a list with exactly one objective");
      return;
    }
    String at = "spec.objectives[0]";
    Map<?, ?> o = d.map(((List<?>) node).get(0), at, true);
    if (o == null) {
      return;
    }
    d.unknown(o, OBJECTIVE, at + ".");
    d.string(o.get("displayName"), at + ".displayName", false);
    Object target = o.get("target");
    Object percent = o.get("targetPercent");
    if ((target == null) == (percent == null)) {
      d.problem(at, target == null ? "neither" : "both", "exactly one of target and targetPercent");
    } else if (target != null) {
      Double t = d.number(target, at + ".target");
      if (t != null) {
        b.objective(t);
      }
    } else {
      Double p = d.number(percent, at + ".targetPercent");
      if (p != null) {
        b.objectivePercent(p);
      }
    }
    Object op = o.get("op");
    Object value = o.get("value");
    if (threshold) {
      if (!"lte".equals(op) && !"lt".equals(op)) {
        d.problem(at + ".op", op, "'lte' or 'lt' (a latency threshold)");
      }
      Double seconds = d.number(value, at + ".value");
      if (seconds != null) {
        if (seconds > 0 && seconds < 1e9) {
          b.latencyThreshold(
              Duration.ofNanos(
                  new BigDecimal(Double.toString(seconds)).movePointRight(9).longValue()));
        } else {
          d.problem(at + ".value", value, "a latency in seconds above 0");
        }
      }
    } else if (op != null || value != null) {
      d.problem(at + (op != null ? ".op" : ".value"), op != null ? op : value,
          "no op/value on a ratio indicator");
    }
    Object sliceTarget = o.get("timeSliceTarget");
    Object sliceWindow = o.get("timeSliceWindow");
    if (method == BudgetingMethod.TIMESLICES) {
      Double st = d.number(sliceTarget, at + ".timeSliceTarget");
      if (st != null) {
        b.timesliceTarget(st);
      }
      if (sliceWindow != null
          && !"1m".equals(sliceWindow)
          && !"60s".equals(sliceWindow)
          && !Integer.valueOf(1).equals(sliceWindow)) {
        d.problem(at + ".timeSliceWindow", sliceWindow, "'1m' (one-minute slices)");
      }
    } else {
      if (sliceTarget != null) {
        d.problem(at + ".timeSliceTarget", sliceTarget, "no slice target with Occurrences");
      }
      if (sliceWindow != null) {
        d.problem(at + ".timeSliceWindow", sliceWindow, "no slice window with Occurrences");
      }
    }
  }
}
