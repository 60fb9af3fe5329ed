package dev.shipshape.spring.actuate;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.rollout.Rollout;
import dev.shipshape.core.rollout.RolloutAuditEntry;
import dev.shipshape.core.rollout.RolloutControlRefusedException;
import dev.shipshape.spring.internal.Shown;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code rollouts} Actuator endpoint: each progressive rollout's state, percentage, next step
 * and audit trail, and a write operation to {@code pause}, {@code resume}, {@code advance} or
 * {@code abort} one ({@code POST /actuator/rollouts/<flag>} with {@code {"action":"pause"}}). A
 * fleet rollout refuses them: the answer's {@code refused} names the plan document to edit.
 */
@Endpoint(id = "rollouts")
public final class RolloutsEndpoint {

  private final Shipshape shipshape;

  /**
   * Creates the endpoint.
   *
   * @param shipshape the application's Shipshape
   */
  public RolloutsEndpoint(Shipshape shipshape) {
    this.shipshape = shipshape;
  }

  /**
   * Every rollout.
   *
   * @return the rollouts by flag key
   */
  @ReadOperation
  public Map<String, Object> rollouts() {
    Map<String, Object> rollouts = new LinkedHashMap<>();
    for (Rollout r : shipshape.rollouts().all()) {
      rollouts.put(r.flagKey(), rollout(r));
    }
    return Map.of("rollouts", rollouts);
  }

  /**
   * One rollout.
   *
   * @param flagKey the rolled-out flag's key, in the path's segments ({@code
   *     /actuator/rollouts/team/checkout} for the key {@code team/checkout})
   * @return the rollout, or null (404) when the flag has none
   */
  @ReadOperation
  public @Nullable Map<String, @Nullable Object> rollout(
      @Selector(match = Match.ALL_REMAINING) String... flagKey) {
    return shipshape
        .rollouts()
        .find(String.join("/", flagKey))
        .map(RolloutsEndpoint::rollout)
        .orElse(null);
  }

  /**
   * Pauses, resumes, advances or aborts a rollout. Over HTTP, {@link RolloutsEndpointWebExtension}
   * answers instead: 404 for a flag without a rollout, 400 with the reason for a bad action.
   *
   * @param flagKey the rolled-out flag's key, in the path's segments ({@code team/checkout} is
   *     {@code {"team", "checkout"}})
   * @param action {@code pause}, {@code resume}, {@code advance} or {@code abort}
   * @return whether the action changed the rollout, and the rollout after it; null when the flag
   *     has no rollout
   * @throws InvalidEndpointRequestException if the action is not one of the four
   */
  @WriteOperation
  public @Nullable Map<String, @Nullable Object> control(
      @Selector(match = Match.ALL_REMAINING) String[] flagKey, String action) {
    Control c = apply(String.join("/", flagKey), action);
    if (c.problem() != null) {
      throw new InvalidEndpointRequestException(c.problem(), "Invalid action");
    }
    return c.result();
  }

  /**
   * The outcome of a control request.
   *
   * @param result the answer, or null when there was no rollout or the action was bad; when the
   *     rollout refused the action, its {@code refused} entry says why
   * @param problem why the action was bad, or null
   */
  record Control(@Nullable Map<String, @Nullable Object> result, @Nullable String problem) {

    /**
     * Whether the rollout refused the action (a fleet rollout, whose plan document is edited
     * instead).
     */
    boolean refused() {
      return result != null && result.get("refused") != null;
    }
  }

  /** Applies {@code action} to the flag's rollout, if the flag has one and the action is known. */
  Control apply(String flagKey, @Nullable String action) {
    Optional<Rollout> found = shipshape.rollouts().find(flagKey);
    if (found.isEmpty()) {
      return new Control(null, null);
    }
    Rollout r = found.get();
    String name = action == null ? "" : action.toLowerCase(Locale.ROOT);
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    out.put("action", name);
    try {
      boolean changed;
      switch (name) {
        case "pause" -> changed = r.pause();
        case "resume" -> changed = r.resume();
        case "advance" -> changed = r.advance();
        case "abort" -> changed = r.abort();
        default -> {
          return new Control(
              null,
              "action was '"
                  + (action == null ? "" : Shown.value(action))
                  + "' but must be pause, resume, advance or abort");
        }
      }
      out.put("changed", changed);
    } catch (RolloutControlRefusedException e) {
      // a fleet rollout: the control would change this instance only
      out.put("changed", false);
      out.put("refused", e.getMessage());
    }
    out.put("rollout", rollout(r));
    return new Control(out, null);
  }

  /** The flag keys that have a rollout, for messages. */
  List<String> flagKeys() {
    List<String> keys = new ArrayList<>();
    for (Rollout r : shipshape.rollouts().all()) {
      keys.add(r.flagKey());
    }
    return keys;
  }

  private static Map<String, @Nullable Object> rollout(Rollout r) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("state", r.state().name());
    m.put("percent", Json.number(r.percent()));
    m.put("stepIndex", r.stepIndex());
    m.put("steps", Json.value(r.config().steps()));
    m.put("interval", r.config().interval().toString());
    m.put("haltOn", List.copyOf(r.config().haltOn()));
    m.put("gate", r.config().gate().map(Object::toString).orElse("in-process"));
    m.put("nextStepAt", r.nextStepAt().map(Object::toString).orElse(null));
    List<Object> history = new ArrayList<>();
    for (RolloutAuditEntry e : r.history()) {
      Map<String, @Nullable Object> h = new LinkedHashMap<>();
      h.put("at", e.at().toString());
      h.put("transition", e.transition().name());
      h.put("fromPercent", Json.number(e.fromPercent()));
      h.put("toPercent", Json.number(e.toPercent()));
      h.put("state", e.state().name());
      h.put("reason", e.reason());
      history.add(h);
    }
    m.put("history", history);
    return m;
  }
}
