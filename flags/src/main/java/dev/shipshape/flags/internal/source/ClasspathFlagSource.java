package dev.shipshape.flags.internal.source;

import dev.shipshape.flags.FlagLimits;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.FlagsConfigException;
import dev.shipshape.time.config.ConfigProblem;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A flagd-format classpath resource, read once, as strict UTF-8 and no further than the document
 * limit, as a file is.
 */
public final class ClasspathFlagSource implements FlagSource, BoundedSource {
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
    return read(FlagLimits.DEFAULT_MAX_DOCUMENT_BYTES);
  }

  @Override
  public @Nullable String read(long maxBytes) throws IOException {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    if (cl == null) {
      cl = ClasspathFlagSource.class.getClassLoader();
    }
    try (InputStream in = cl.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("classpath resource '" + resource + "' not found");
      }
      return BoundedSource.readBounded(in, maxBytes, name());
    }
  }

  @Override
  public String toString() {
    return "FlagSource.classpath(" + resource + ")";
  }
}
