package dev.shipshape.core.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** Captures what one logger (and its children) logs, at a chosen level, until closed. */
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

  /** Captures {@code name} and its children at {@code level}. */
  public static LogCapture of(String name, Level level) {
    return new LogCapture(name, level);
  }

  /** Everything captured so far. */
  public List<ILoggingEvent> events() {
    return List.copyOf(appender.list);
  }

  /** Captured events whose formatted message (as {@code %msg} prints it) matches {@code regex}. */
  public List<ILoggingEvent> matching(String regex) {
    java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex);
    return events().stream()
        .filter(e -> p.matcher(e.getFormattedMessage()).matches())
        .collect(Collectors.toList());
  }

  /** An event's key-value pairs as strings. */
  public static Map<String, String> keyValues(ILoggingEvent event) {
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs == null) {
      return Map.of();
    }
    return pairs.stream()
        .collect(
            Collectors.toMap(
                p -> p.key, p -> String.valueOf(p.value), (a, b) -> b, java.util.LinkedHashMap::new));
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
