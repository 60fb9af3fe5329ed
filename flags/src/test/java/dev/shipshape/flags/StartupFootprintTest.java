package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reading a flag document costs an application's startup only what it needs: jackson-core's parser
 * and the tree node classes, never an {@code ObjectMapper} (whose creation loads several hundred
 * classes). Checked in a fresh class loader, so nothing this test JVM loaded before counts.
 */
class StartupFootprintTest {

  private static final String DOC =
      "{\"flags\":{\"new-checkout\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
          + "\"defaultVariant\":\"off\",\"targeting\":{\"if\":[{\"in\":[\"@example.com\","
          + "{\"var\":\"email\"}]},\"on\",{\"fractional\":[[\"on\",5],[\"off\",95]]}]},"
          + "\"metadata\":{\"owner\":\"payments\"}}}}";

  /** A class loader that sees the test class path and answers which classes it has loaded. */
  private static final class Isolated extends URLClassLoader {
    Isolated(URL[] urls) {
      super(urls, ClassLoader.getPlatformClassLoader());
    }

    boolean hasLoaded(String name) {
      return findLoadedClass(name) != null;
    }
  }

  @Test
  void readingAndCompilingADocumentCreatesNoObjectMapper() throws Exception {
    try (Isolated loader = isolated()) {
      Class<?> flagSet = Class.forName(FlagSet.class.getName(), true, loader);
      Object set = flagSet.getMethod("parse", String.class, String.class).invoke(null, DOC, "doc");
      assertThat(flagSet.getMethod("keys").invoke(set).toString()).isEqualTo("[new-checkout]");
      assertThat(loader.hasLoaded("com.fasterxml.jackson.core.JsonParser")).isTrue();
      assertThat(loader.hasLoaded("com.fasterxml.jackson.databind.ObjectMapper")).isFalse();
      assertThat(loader.hasLoaded("com.fasterxml.jackson.databind.DeserializationContext"))
          .isFalse();
      assertThat(loader.hasLoaded("com.fasterxml.jackson.databind.ser.BeanSerializerFactory"))
          .isFalse();
    }
  }

  @Test
  void flagsSetInCodeAndEvaluatedCreateNoObjectMapper() throws Exception {
    try (Isolated loader = isolated()) {
      Class<?> flagSource = Class.forName(FlagSource.class.getName(), true, loader);
      Object source = flagSource.getMethod("inMemory").invoke(null);
      Class<?> inMemory = Class.forName(InMemoryFlagSource.class.getName(), true, loader);
      String flag =
          "{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
              + "\"defaultVariant\":\"off\",\"targeting\":{\"fractional\":[[\"on\",50],[\"off\",50]]}}";
      inMemory.getMethod("putFlag", String.class, String.class).invoke(source, "new-checkout", flag);
      assertThat(inMemory.getMethod("read").invoke(source).toString()).contains("new-checkout");
      assertThat(loader.hasLoaded("com.fasterxml.jackson.core.JsonParser")).isTrue();
      assertThat(loader.hasLoaded("com.fasterxml.jackson.databind.ObjectMapper")).isFalse();
    }
  }

  private static Isolated isolated() {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      urls.add(toUrl(entry));
    }
    return new Isolated(urls.toArray(URL[]::new));
  }

  private static URL toUrl(String entry) {
    try {
      return Path.of(entry).toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }
}
