package dev.shipshape.spring;

import dev.shipshape.core.Shipshape;
import dev.shipshape.slo.Slo;
import java.util.Collection;
import java.util.Optional;

/**
 * The application's SLOs by name, as a bean to inject where code records into an SLO without
 * needing the whole {@link Shipshape}. The SLOs belong to the application's {@code Shipshape}
 * bean, which closes them.
 *
 * <pre>{@code
 * CheckoutController(Slos slos) {
 *   this.checkout = slos.get("checkout");
 * }
 * }</pre>
 */
public final class Slos {

  private final Shipshape shipshape;

  /**
   * The SLOs of a Shipshape.
   *
   * @param shipshape the application's Shipshape
   */
  public Slos(Shipshape shipshape) {
    this.shipshape = shipshape;
  }

  /**
   * The SLO with the given name.
   *
   * @param name the SLO's name
   * @return the SLO
   * @throws IllegalArgumentException naming the SLOs that exist, if none has that name
   */
  public Slo get(String name) {
    return shipshape.slo(name);
  }

  /**
   * The SLO with the given name, if there is one.
   *
   * @param name the SLO's name
   * @return the SLO, or empty
   */
  public Optional<Slo> find(String name) {
    for (Slo slo : shipshape.slos()) {
      if (slo.name().equals(name)) {
        return Optional.of(slo);
      }
    }
    return Optional.empty();
  }

  /**
   * Every SLO, in the order they were configured.
   *
   * @return the SLOs
   */
  public Collection<Slo> all() {
    return shipshape.slos();
  }

  @Override
  public String toString() {
    return "Slos" + shipshape.slos().stream().map(Slo::name).toList();
  }
}
