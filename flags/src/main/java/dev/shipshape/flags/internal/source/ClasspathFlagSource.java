package dev.shipshape.flags.internal.source;

import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.FlagsConfigException;
import dev.shipshape.time.config.ConfigProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A flagd-format classpath resource, read once. */
public final class ClasspathFlagSource implements FlagSource {
  private final String resource;

  /**
   * Creates the source.
   *
   * @param resource the resource name, with or without a leading slash
   * @throws FlagsConfigException when the name is empty
   */
  public ClasspathFlagSource(String resource) {
    this.resource = resource.startsWith("/") ? resource.substring(1) : resource;
    if (this.resource.isEmpty()) {
      throw new FlagsConfigException(
          "classpath flag source",
          List.of(ConfigProblem.of("resource", resource, "must name a file")));
    }
  }

  @Override
  public String name() {
    return "classpath:" + resource;
  }

  @Override
  public @Nullable String read() throws IOException {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    if (cl == null) {
      cl = ClasspathFlagSource.class.getClassLoader();
    }
    try (InputStream in = cl.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("classpath resource '" + resource + "' not found");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Override
  public String toString() {
    return "FlagSource.classpath(" + resource + ")";
  }
}
