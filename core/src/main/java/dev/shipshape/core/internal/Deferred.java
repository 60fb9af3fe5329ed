package dev.shipshape.core.internal;

import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.config.InvalidConfigException;
import dev.shipshape.time.internal.Problems;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * A definition given to the facade's builder, made when the application is built: given whole,
 * built from its builder, or read from a file. Its problems are reported with the others, under
 * the owner it was given ({@code guards}, {@code payments}).
 *
 * @param <T> the definition's type
 */
public sealed interface Deferred<T> permits Deferred.Given, Deferred.Built, Deferred.Read {

  /**
   * The definitions this stands for, or none with their problems added.
   *
   * @param problems receives the problems
   * @return the definitions
   */
  List<T> resolve(Problems problems);

  /**
   * A definition given whole.
   *
   * @param definition the definition
   * @param <T> the definition's type
   */
  record Given<T>(T definition) implements Deferred<T> {
    @Override
    public List<T> resolve(Problems problems) {
      return List.of(definition);
    }
  }

  /**
   * A definition built by {@code builder} (such as {@code GuardConfig.Builder::build}).
   *
   * @param builder builds the definition, throwing its problems
   * @param owner where the definition's problems are reported, outermost first
   * @param <T> the definition's type
   */
  record Built<T>(Supplier<T> builder, List<String> owner) implements Deferred<T> {
    @Override
    public List<T> resolve(Problems problems) {
      try {
        return List.of(builder.get());
      } catch (InvalidConfigException e) {
        problems.addAll(e.problems(), owner.toArray(String[]::new));
        return List.of();
      }
    }
  }

  /**
   * The definitions of a file.
   *
   * @param file the file
   * @param reader reads every definition of a file
   * @param owner the setting that named the file, such as {@code sloFile}
   * @param <T> the definition's type
   */
  record Read<T>(Path file, FileReader<T> reader, String owner) implements Deferred<T> {
    @Override
    public List<T> resolve(Problems problems) {
      try {
        return reader.read(file);
      } catch (IOException e) {
        problems.add(owner, file, "could not be read (" + e.getMessage() + ")");
      } catch (InvalidConfigException e) {
        for (ConfigProblem p : e.problems()) {
          problems.add(owner + " '" + file + "': " + p.setting(), p.value(), p.expected());
        }
      }
      return List.of();
    }
  }

  /**
   * Reads every definition of a file.
   *
   * @param <T> the definition's type
   */
  @FunctionalInterface
  interface FileReader<T> {
    /**
     * Reads {@code file}.
     *
     * @param file the file
     * @return its definitions
     * @throws IOException when it cannot be read
     */
    List<T> read(Path file) throws IOException;
  }
}
