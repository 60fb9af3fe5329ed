package dev.shipshape.architecture.apifixture;

import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/** A fixture for the API renderer: members of every kind and visibility. */
public class Widget<T extends Comparable<T>> implements Iterable<T> {

  /** A public constant. */
  public static final int LIMIT = 3;

  /** A protected field. */
  protected String label = "w";

  int packagePrivate;

  @SuppressWarnings("unused")
  private long hidden;

  /** A public constructor. */
  public Widget() {}

  /**
   * A protected constructor.
   *
   * @param label the label
   */
  protected Widget(String label) {
    this.label = label;
  }

  Widget(int packagePrivate) {
    this.packagePrivate = packagePrivate;
  }

  /**
   * A generic method that declares an exception.
   *
   * @param <R> the result type
   * @param mapping the mapping
   * @return nothing
   * @throws IOException never
   */
  public <R> List<R> map(Function<? super T, ? extends R> mapping) throws IOException {
    Runnable lambda = () -> hidden++;
    lambda.run();
    return List.of();
  }

  /** A protected hook. */
  protected void hook() {}

  void packageHook() {}

  @SuppressWarnings("unused")
  private void secret() {}

  @Override
  public Iterator<T> iterator() {
    return Collections.emptyIterator();
  }

  /** A public nested class. */
  public static final class Version implements Comparable<Version> {
    @Override
    public int compareTo(Version other) {
      return 0;
    }
  }

  /** A nested class that is not public: its public members are not API. */
  static class Hidden {
    /** Not reachable from outside the package. */
    public void notApi() {}

    /** Public, but inside a type that is not. */
    public static final class AlsoHidden {}
  }

  /** A nested enum. */
  public enum Mode {
    /** On. */
    ON,
    /** Off. */
    OFF
  }

  /** A nested interface. */
  public interface Listener {
    /**
     * Abstract.
     *
     * @param key a key
     */
    void changed(String key);

    /** Default. */
    default void closed() {}

    /**
     * Static.
     *
     * @return a listener
     */
    static Listener none() {
      return key -> {};
    }
  }

  /**
   * A nested record.
   *
   * @param x x
   * @param y y
   */
  public record Point(int x, int y) {}
}
