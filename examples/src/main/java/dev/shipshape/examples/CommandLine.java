package dev.shipshape.examples;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The one option parser of the examples' commands: {@code --name value} or {@code --name=value}
 * for each declared option, each at most once. Every problem (an unknown option, a missing value,
 * a value that does not parse, an option given twice) is collected, and {@link #values()} throws them all at once in a {@link
 * UsageException}, each as {@code --name was 'value' but must be ...}.
 */
final class CommandLine {

  /** Reads an option's text as its value. */
  @FunctionalInterface
  interface Reader<T> {
    /**
     * Parses the text.
     *
     * @param text the option's value as given
     * @return the value
     * @throws IllegalArgumentException with what was expected, without the text
     */
    T read(String text);
  }

  /**
   * One option a command accepts.
   *
   * @param name the name, with its leading dashes: {@code --port}
   * @param value how the usage line names its value: {@code N}
   * @param reader parses the value
   * @param <T> the value's type
   */
  record Option<T>(String name, String value, Reader<T> reader) {
    /** The usage fragment: {@code [--port N]}. */
    String usage() {
      return "[" + name + " " + value + "]";
    }
  }

  /** The options of a command line were wrong; the message lists every problem. */
  static final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UsageException(List<String> problems) {
      super(String.join("\n", problems));
    }
  }

  /** The values given, by option, after every problem has been checked for. */
  static final class Values {
    private final Map<Option<?>, Object> values;

    private Values(Map<Option<?>, Object> values) {
      this.values = values;
    }

    /**
     * The option's value, or {@code fallback} when it was not given.
     *
     * @param option the option
     * @param fallback the default
     * @param <T> the value's type
     * @return the value
     */
    @SuppressWarnings("unchecked") // stored by the option's own reader
    <T> T get(Option<T> option, T fallback) {
      Object v = values.get(option);
      return v == null ? fallback : (T) v;
    }
  }

  private CommandLine() {}

  /**
   * Parses {@code args} against {@code options}.
   *
   * @param args the arguments after the command's name
   * @param options the options the command accepts
   * @param extraChecks checks of the values together, adding problems to the list they get
   * @return the values
   * @throws UsageException listing every problem
   */
  static Values parse(
      List<String> args, List<Option<?>> options, BiConsumer<Values, List<String>> extraChecks) {
    Map<String, Option<?>> byName = new LinkedHashMap<>();
    options.forEach(o -> byName.put(o.name(), o));
    Map<Option<?>, Object> values = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    Map<Option<?>, String> given = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String text = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        text = arg.substring(eq + 1);
      }
      Option<?> option = byName.get(name);
      if (option == null) {
        problems.add(
            (arg.startsWith("-") ? "unknown option " : "unexpected argument ")
                + "'" + name + "': the options are " + byName.keySet());
        continue;
      }
      if (text == null) {
        if (i + 1 >= args.size() || byName.containsKey(args.get(i + 1))) {
          problems.add(name + " was given without a value but needs " + option.value());
          continue;
        }
        text = args.get(++i);
      }
      String earlier = given.putIfAbsent(option, text);
      if (earlier != null) {
        problems.add(
            name + " was '" + text + "' after '" + earlier + "' but may be given only once");
        continue;
      }
      try {
        values.put(option, option.reader().read(text));
      } catch (IllegalArgumentException e) {
        problems.add(name + " was '" + text + "' but " + e.getMessage());
      }
    }
    Values parsed = new Values(values);
    if (problems.isEmpty()) {
      extraChecks.accept(parsed, problems);
    }
    if (!problems.isEmpty()) {
      throw new UsageException(problems);
    }
    return parsed;
  }

  // ---- readers ----

  static Reader<Integer> port() {
    return text -> {
      int p = integer(text, "must be a port number from 0 to 65535 (0: any free port)");
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException(
            "must be a port number from 0 to 65535 (0: any free port)");
      }
      return p;
    };
  }

  static Reader<Integer> integer(String expected) {
    return text -> integer(text, expected);
  }

  /** An integer from {@code min} to {@code max}. */
  static Reader<Integer> integer(int min, int max) {
    String expected = "must be an integer from " + min + " to " + max;
    return text -> {
      int n = integer(text, expected);
      if (n < min || n > max) {
        throw new IllegalArgumentException(expected);
      }
      return n;
    };
  }

  static Reader<Long> longInteger() {
    return text -> {
      try {
        return Long.parseLong(text.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("must be an integer");
      }
    };
  }

  static Reader<Double> decimal() {
    return text -> {
      try {
        double d = Double.parseDouble(text.trim());
        if (Double.isFinite(d)) {
          return d;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException("must be a number");
    };
  }

  static Reader<List<Double>> decimals() {
    return text -> {
      List<Double> out = new ArrayList<>();
      for (String part : text.split(",", -1)) {
        try {
          out.add(Double.parseDouble(part.trim()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("must be numbers separated by commas, such as 1,5,25");
        }
      }
      return out;
    };
  }

  static Reader<Path> path() {
    return text -> {
      if (text.isBlank()) {
        throw new IllegalArgumentException("must be a file path");
      }
      try {
        return Path.of(text);
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException("must be a file path (" + e.getReason() + ")");
      }
    };
  }

  /** A host name or IP address, resolved now: {@code 0.0.0.0} listens on every interface. */
  static Reader<InetAddress> address() {
    return text -> {
      if (text.isBlank()) {
        throw new IllegalArgumentException("must be an IP address or host name, such as 0.0.0.0");
      }
      try {
        return InetAddress.getByName(text.trim());
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("must be an IP address or host name, such as 0.0.0.0");
      }
    };
  }

  /** The longest duration {@link #duration()} accepts: a year, far beyond any run's end. */
  static final Duration MAX_DURATION = Duration.ofDays(365);

  /**
   * {@code 90s}, {@code 15m}, {@code 6h}, {@code 2d}, or {@code 0}; never negative and at most
   * {@link #MAX_DURATION}, so that adding it to the simulated clock cannot overflow.
   */
  static Reader<Duration> duration() {
    return text -> {
      String t = text.trim().toLowerCase(Locale.ROOT);
      if (t.equals("0")) {
        return Duration.ZERO;
      }
      String expected = "must be a duration such as 90s, 15m, 6h or 2d, from 0 to 365d";
      if (t.length() < 2) {
        throw new IllegalArgumentException(expected);
      }
      Duration d;
      try {
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        d =
            switch (t.charAt(t.length() - 1)) {
              case 's' -> Duration.ofSeconds(n);
              case 'm' -> Duration.ofMinutes(n);
              case 'h' -> Duration.ofHours(n);
              case 'd' -> Duration.ofDays(n);
              default -> throw new IllegalArgumentException(expected);
            };
      } catch (NumberFormatException | ArithmeticException e) {
        throw new IllegalArgumentException(expected);
      }
      if (d.isNegative() || d.compareTo(MAX_DURATION) > 0) {
        throw new IllegalArgumentException(expected);
      }
      return d;
    };
  }

  private static int integer(String text, String expected) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(expected);
    }
  }

  /**
   * The usage lines of several options, each line starting with {@code indent}.
   *
   * @param indent the lines' indentation
   * @param options the options
   * @return the lines, joined with newlines
   */
  static String usage(String indent, List<Option<?>> options) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder(indent);
    for (Option<?> o : options) {
      String u = o.usage();
      if (line.length() > indent.length() && line.length() + 1 + u.length() > 90) {
        lines.add(line.toString());
        line = new StringBuilder(indent);
      }
      if (line.length() > indent.length()) {
        line.append(' ');
      }
      line.append(u);
    }
    lines.add(line.toString());
    return String.join("\n", lines);
  }
}
