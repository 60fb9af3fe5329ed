package dev.shipshape.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Captures what one logger (and its children) logs through Logback, at a chosen level, until
 * closed: {@code try (LogCapture log = LogCapture.of("dev.shipshape", Level.INFO)) { ... }}.
 */
public final class LogCapture implements AutoCloseable {

  private final Logger logger;
  private final Level previousLevel;
  private final Capturing appender = new Capturing();

  private LogCapture(String name, Level level) {
    this.logger = (Logger) LoggerFactory.getLogger(name);
    this.previousLevel = logger.getLevel();
    logger.setLevel(level);
    appender.start();
    logger.addAppender(appender);
  }

  /**
   * Captures {@code name} and its children at {@code level}.
   *
   * @param name a logger name, such as a class name or {@link org.slf4j.Logger#ROOT_LOGGER_NAME}
   * @param level the level the logger is set to while capturing
   * @return the capture, to close
   */
  public static LogCapture of(String name, Level level) {
    return new LogCapture(name, level);
  }

  /**
   * Captures every logger at {@code level} and above.
   *
   * @param level the level the root logger is set to while capturing
   * @return the capture, to close
   */
  public static LogCapture all(Level level) {
    return new LogCapture(org.slf4j.Logger.ROOT_LOGGER_NAME, level);
  }

  /**
   * Everything captured so far.
   *
   * @return the events, oldest first
   */
  public List<ILoggingEvent> events() {
    return List.copyOf(appender.list);
  }

  /**
   * Captured events whose formatted message (as {@code %msg} prints it) matches {@code regex}.
   *
   * @param regex a regular expression the whole message must match
   * @return the events, oldest first
   */
  public List<ILoggingEvent> matching(String regex) {
    Pattern p = Pattern.compile(regex);
    return events().stream()
        .filter(e -> p.matcher(e.getFormattedMessage()).matches())
        .collect(Collectors.toList());
  }

  /**
   * Captured events at {@code level} or above, from loggers whose name starts with {@code
   * prefix}.
   *
   * @param prefix a logger name prefix ({@code ""} for all)
   * @param level the lowest level
   * @return the events, oldest first
   */
  public List<ILoggingEvent> from(String prefix, Level level) {
    return events().stream()
        .filter(e -> e.getLoggerName().startsWith(prefix))
        .filter(e -> e.getLevel().isGreaterOrEqual(level))
        .collect(Collectors.toList());
  }

  /**
   * An event's key-value pairs as strings.
   *
   * @param event a captured event
   * @return the pairs in the order they were added
   */
  public static Map<String, String> keyValues(ILoggingEvent event) {
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs == null) {
      return Map.of();
    }
    return pairs.stream()
        .collect(
            Collectors.toMap(
                p -> p.key, p -> String.valueOf(p.value), (a, b) -> b, LinkedHashMap::new));
  }

  /** Forgets what was captured. */
  public void clear() {
    appender.list.clear();
  }

  private static final class Capturing extends AppenderBase<ILoggingEvent> {
    final List<ILoggingEvent> list = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
      event.prepareForDeferredProcessing();
      list.add(event);
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(previousLevel);
    appender.stop();
  }
}
