package dev.shipshape.time.internal;

import dev.shipshape.time.config.ConfigProblem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Collects the configuration problems a builder finds, so that it reports all of them at once.
 * Not thread-safe; one per validation.
 */
public final class Problems {
  private final List<ConfigProblem> list = new ArrayList<>();

  /**
   * Adds a problem with {@code setting}.
   *
   * @param setting the setting
   * @param value the value it was given, or null when none was
   * @param expected what was expected
   */
  public void add(String setting, @Nullable Object value, String expected) {
    list.add(ConfigProblem.of(setting, value, expected));
  }

  /**
   * Adds {@code problem}.
   *
   * @param problem the problem
   */
  public void add(ConfigProblem problem) {
    list.add(problem);
  }

  /**
   * Adds every problem of a part, each placed under {@code owner}.
   *
   * @param problems the part's problems
   * @param owner the definitions that contain the part's settings, outermost first
   */
  public void addAll(Collection<ConfigProblem> problems, String... owner) {
    for (ConfigProblem p : problems) {
      list.add(p.in(owner));
    }
  }

  /** Whether no problem was found. */
  public boolean isEmpty() {
    return list.isEmpty();
  }

  /** How many problems were found. */
  public int size() {
    return list.size();
  }

  /**
   * The problems found, each once, in the order they were found.
   *
   * @return an immutable list
   */
  public List<ConfigProblem> toList() {
    return List.copyOf(new LinkedHashSet<>(list));
  }

  /**
   * Throws the exception {@code exception} makes of the problems, if there are any.
   *
   * @param exception makes the exception from the problems
   * @param <E> the exception's type
   * @throws E listing every problem, when there is one
   */
  public <E extends RuntimeException> void throwIfAny(Function<List<ConfigProblem>, E> exception) {
    if (!list.isEmpty()) {
      throw exception.apply(toList());
    }
  }
}
