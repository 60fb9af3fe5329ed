package dev.shipshape.testing.readme;

import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.Flags;

/** The application code the README's examples test. */
final class Checkout {
  private final Flags flags;

  Checkout(Flags flags) {
    this.flags = flags;
  }

  String firstPage(String userId) {
    boolean newCheckout = flags.booleanValue("new-checkout", false, EvaluationContext.of(userId));
    return newCheckout ? "summary" : "cart";
  }

  String theme() {
    return flags.stringValue("checkout-theme", "classic");
  }

  int maxItems() {
    return flags.intValue("max-items", 5);
  }
}
