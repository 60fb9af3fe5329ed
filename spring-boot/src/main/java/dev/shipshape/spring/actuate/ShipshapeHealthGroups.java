package dev.shipshape.spring.actuate;

import dev.shipshape.core.health.Probe;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Adds Shipshape's checks to Boot's {@code liveness} and {@code readiness} health groups according
 * to their probe: {@code shipshape/liveness/*} joins {@code liveness} and {@code
 * shipshape/readiness/*} joins {@code readiness}, next to the members Boot or the application
 * configured. In those two groups Shipshape's checks of another probe are never members, whatever
 * the group includes: a probe group configured without {@code include} includes every
 * contributor, and a hung readiness check must not fail liveness (Kubernetes would restart the
 * pod). Runs after Boot's own post-processor, which creates the probe groups.
 */
@Order(Ordered.LOWEST_PRECEDENCE)
public final class ShipshapeHealthGroups implements HealthEndpointGroupsPostProcessor {

  private final String contributorName;

  /**
   * Creates the post-processor.
   *
   * @param contributorName the name Shipshape's contributor is registered under ({@code
   *     shipshape})
   */
  public ShipshapeHealthGroups(String contributorName) {
    this.contributorName = contributorName;
  }

  @Override
  public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
    return new Groups(groups, contributorName);
  }

  /** Boot's groups, with the probe groups answered by a {@link Group} over Boot's. */
  private record Groups(HealthEndpointGroups delegate, String contributor)
      implements HealthEndpointGroups, AdditionalPathsMapper {

    @Override
    public HealthEndpointGroup getPrimary() {
      return delegate.getPrimary();
    }

    @Override
    public Set<String> getNames() {
      return delegate.getNames();
    }

    @Override
    public @Nullable HealthEndpointGroup get(String name) {
      HealthEndpointGroup group = delegate.get(name);
      if (group == null) {
        return null;
      }
      if (name.equals(Probe.LIVENESS.label()) || name.equals(Probe.READINESS.label())) {
        return new Group(group, contributor, contributor + "/" + name + "/");
      }
      return group;
    }

    @Override
    public @Nullable List<String> getAdditionalPaths(
        EndpointId endpointId, WebServerNamespace webServerNamespace) {
      return delegate instanceof AdditionalPathsMapper mapper
          ? mapper.getAdditionalPaths(endpointId, webServerNamespace)
          : null;
    }

    @Override
    public @Nullable HealthEndpointGroup get(AdditionalHealthEndpointPath path) {
      HealthEndpointGroup group = delegate.get(path);
      if (group == null) {
        return null;
      }
      for (String name : delegate.getNames()) {
        if (delegate.get(name) == group) {
          return get(name);
        }
      }
      return group;
    }
  }

  /**
   * One probe group: Boot's group, in which Shipshape's checks are members when their names start
   * with {@code memberPrefix}.
   */
  private record Group(HealthEndpointGroup delegate, String contributor, String memberPrefix)
      implements HealthEndpointGroup {

    /**
     * Shipshape's checks are members exactly when they belong to this group's probe; every other
     * contributor is a member when Boot's group says so.
     */
    @Override
    public boolean isMember(String name) {
      if (name.equals(contributor) || name.startsWith(contributor + "/")) {
        return name.startsWith(memberPrefix);
      }
      return delegate.isMember(name);
    }

    @Override
    public boolean showComponents(SecurityContext securityContext) {
      return delegate.showComponents(securityContext);
    }

    @Override
    public boolean showDetails(SecurityContext securityContext) {
      return delegate.showDetails(securityContext);
    }

    @Override
    public StatusAggregator getStatusAggregator() {
      return delegate.getStatusAggregator();
    }

    @Override
    public HttpCodeStatusMapper getHttpCodeStatusMapper() {
      return delegate.getHttpCodeStatusMapper();
    }

    @Override
    public @Nullable AdditionalHealthEndpointPath getAdditionalPath() {
      return delegate.getAdditionalPath();
    }
  }
}
