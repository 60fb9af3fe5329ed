package dev.shipshape.spring;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.guard.Guard;
import java.util.Collection;
import java.util.Optional;

/**
 * The application's guards by name, as a bean to inject where code calls a dependency through a
 * guard without needing the whole {@link Shipshape}. The guards belong to the application's
 * {@code Shipshape} bean, which closes them.
 *
 * <pre>{@code
 * PaymentsClient(Guards guards) {
 *   this.payments = guards.get("payments");
 * }
 * }</pre>
 */
public final class Guards {

  private final Shipshape shipshape;

  /**
   * The guards of a Shipshape.
   *
   * @param shipshape the application's Shipshape
   */
  public Guards(Shipshape shipshape) {
    this.shipshape = shipshape;
  }

  /**
   * The guard with the given name.
   *
   * @param name the guard's name
   * @return the guard
   * @throws IllegalArgumentException naming the guards that exist, if none has that name
   */
  public Guard get(String name) {
    return shipshape.guard(name);
  }

  /**
   * The guard with the given name, if there is one.
   *
   * @param name the guard's name
   * @return the guard, or empty
   */
  public Optional<Guard> find(String name) {
    for (Guard guard : shipshape.guards()) {
      if (guard.name().equals(name)) {
        return Optional.of(guard);
      }
    }
    return Optional.empty();
  }

  /**
   * Every guard, in the order they were configured.
   *
   * @return the guards
   */
  public Collection<Guard> all() {
    return shipshape.guards();
  }

  @Override
  public String toString() {
    return "Guards" + shipshape.guards().stream().map(Guard::name).toList();
  }
}
