package dev.shipshape.spring.actuate;

import dev.shipshape.spring.internal.Shown;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The HTTP form of the {@code rollouts} endpoint's write operation: {@code POST
 * /actuator/rollouts/<flag>} answers 404 when the flag has no rollout (as {@code GET} does), 400
 * with the reason in the body for a missing or unknown action, which Boot's error handling would
 * otherwise hide, and 409 when a fleet rollout refuses the action (its plan document is edited
 * instead).
 */
@EndpointWebExtension(endpoint = RolloutsEndpoint.class)
public final class RolloutsEndpointWebExtension {

  private static final int STATUS_CONFLICT = 409;

  private final RolloutsEndpoint endpoint;

  /**
   * Creates the extension.
   *
   * @param endpoint the rollouts endpoint it answers for
   */
  public RolloutsEndpointWebExtension(RolloutsEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * Pauses, resumes, advances or aborts a rollout.
   *
   * @param flagKey the rolled-out flag's key, in the path's segments ({@code
   *     /actuator/rollouts/team/checkout} for the key {@code team/checkout})
   * @param action {@code pause}, {@code resume}, {@code advance} or {@code abort}
   * @return 200 with whether the action changed the rollout and the rollout after it; 404 when
   *     the flag has no rollout; 400 when the action is missing or unknown, with the reason; 409
   *     when a fleet rollout refuses it, with the plan document to edit in {@code refused}
   */
  @WriteOperation
  public WebEndpointResponse<Map<String, @Nullable Object>> control(
      @Selector(match = Match.ALL_REMAINING) String[] flagKey, @Nullable String action) {
    String key = String.join("/", flagKey);
    RolloutsEndpoint.Control c = endpoint.apply(key, action);
    Map<String, @Nullable Object> result = c.result();
    if (result != null && c.refused()) {
      Map<String, @Nullable Object> body = new LinkedHashMap<>();
      body.put("status", STATUS_CONFLICT);
      body.put("error", "Conflict");
      body.put("message", result.get("refused"));
      body.putAll(result);
      return new WebEndpointResponse<>(body, STATUS_CONFLICT);
    }
    if (result != null) {
      return new WebEndpointResponse<>(result, WebEndpointResponse.STATUS_OK);
    }
    if (c.problem() != null) {
      return error(WebEndpointResponse.STATUS_BAD_REQUEST, "Bad Request", c.problem());
    }
    return error(
        WebEndpointResponse.STATUS_NOT_FOUND,
        "Not Found",
        "rollout was '"
            + Shown.value(key)
            + "' but no flag with that key has a rollout; rollouts: "
            + endpoint.flagKeys());
  }

  private static WebEndpointResponse<Map<String, @Nullable Object>> error(
      int status, String error, String message) {
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("error", error);
    body.put("message", message);
    return new WebEndpointResponse<>(body, status);
  }
}
