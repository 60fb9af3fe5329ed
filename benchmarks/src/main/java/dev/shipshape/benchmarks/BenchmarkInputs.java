package dev.shipshape.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The inputs every contender of a benchmark shares: flag keys, the evaluated user, the flag files. */
public final class BenchmarkInputs {

  /** A boolean flag with no targeting: always its default variant {@code on}. */
  public static final String STATIC_BOOLEAN = "static-boolean";

  /** A boolean flag that is {@code on} when the {@code email} attribute ends with {@code @example.com}. */
  public static final String TARGETED_BOOLEAN = "targeted-boolean";

  /** A string flag split four ways (25 each) by flagd's {@code fractional} on the targeting key. */
  public static final String FRACTIONAL_STRING = "fractional-string";

  /** The four variants of {@link #FRACTIONAL_STRING}, in bucket order. */
  public static final String[] FRACTIONAL_VARIANTS = {"hearts", "spades", "clubs", "diamonds"};

  /** The targeting key of the evaluated user. */
  public static final String TARGETING_KEY = "user-42";

  /** The {@code email} attribute of the evaluated user; it matches the targeted flag. */
  public static final String EMAIL = "alice@example.com";

  /** The suffix the targeted flag matches. */
  public static final String EMAIL_SUFFIX = "@example.com";

  /** Classpath resource of the flagd-format file shared by every flagd-capable contender. */
  public static final String FLAGD_RESOURCE = "/benchmark-flags.flagd.json";

  /** Classpath resource of the same three flags in LaunchDarkly's file-data format. */
  public static final String LAUNCHDARKLY_RESOURCE = "/benchmark-flags.launchdarkly.json";

  private BenchmarkInputs() {}

  /**
   * Copies a classpath resource to a new temporary file that is deleted when the JVM exits.
   *
   * @param resource the resource name, starting with {@code /}
   * @return the path of the copy
   */
  public static Path copyToTempFile(String resource) {
    try (InputStream in = BenchmarkInputs.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      Path file = Files.createTempFile("shipshape-bench-", ".json");
      file.toFile().deleteOnExit();
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
