package dev.shipshape.testing.internal;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Where a test's application lives while the test runs. */
public final class Stores {

  /** The extension's namespace in JUnit's stores. */
  public static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create("dev.shipshape.testing");

  private static final String APPLICATION = "application";
  private static final String TEMPLATE_PROVIDER = "template-provider";

  private Stores() {}

  /** The application of the test this context belongs to, if it was started. */
  public static @Nullable TestApplication application(ExtensionContext context) {
    return context.getStore(NAMESPACE).get(APPLICATION, TestApplication.class);
  }

  /** Keeps the test's application. */
  public static void putApplication(ExtensionContext context, TestApplication app) {
    context.getStore(NAMESPACE).put(APPLICATION, app);
  }

  /** Forgets the test's application and returns it. */
  public static @Nullable TestApplication removeApplication(ExtensionContext context) {
    return context.getStore(NAMESPACE).remove(APPLICATION, TestApplication.class);
  }

  /**
   * Makes {@code provider} the one extension instance that provides a template's invocations, so
   * two registered instances do not run each invocation twice.
   *
   * @return true if {@code provider} is that instance
   */
  public static boolean claimTemplate(ExtensionContext context, Object provider) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    synchronized (Stores.class) {
      Object owner = store.get(TEMPLATE_PROVIDER);
      if (owner == null) {
        store.put(TEMPLATE_PROVIDER, provider);
        return true;
      }
      return owner == provider;
    }
  }
}
