package dev.shipshape.examples;

/** A live HTTP service wired with the facade (in progress). */
public final class QuickstartService {
  private QuickstartService() {}

  /**
   * Starts the service.
   *
   * @param args options
   */
  public static void main(String[] args) {}
}
