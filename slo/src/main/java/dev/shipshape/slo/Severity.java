package dev.shipshape.slo;

import java.util.Locale;

/** How urgently a burn-rate alert needs a human: wake someone up, or file a ticket. */
public enum Severity {
  /** Needs attention now. */
  PAGE,
  /** Needs attention within working hours. */
  TICKET;

  /**
   * The lower-case label value used in generated rules ({@code page} or {@code ticket}).
   *
   * @return the label value
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
