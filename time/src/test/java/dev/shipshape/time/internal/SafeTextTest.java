package dev.shipshape.time.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class SafeTextTest {

  /** A value whose {@code toString()} does what the test says. */
  private static final class Value {
    private final @Nullable RuntimeException failure;
    private final @Nullable Error error;

    Value(@Nullable RuntimeException failure, @Nullable Error error) {
      this.failure = failure;
      this.error = error;
    }

    @Override
    public String toString() {
      if (error != null) {
        throw error;
      }
      if (failure != null) {
        throw failure;
      }
      return null;
    }
  }

  @Test
  void aValueIsShownByItsToString() {
    assertThat(SafeText.of(42)).isEqualTo("42");
    assertThat(SafeText.of("eight of eight")).isEqualTo("eight of eight");
    assertThat(SafeText.of(null)).isEqualTo("null");
  }

  @Test
  void aValueWhoseToStringThrowsOrAnswersNullIsShownAsUnreadable() {
    String unreadable = Value.class.getName() + " (unreadable)";
    assertThat(SafeText.of(new Value(new IllegalStateException("closed"), null)))
        .isEqualTo(unreadable);
    assertThat(SafeText.of(new Value(null, new AssertionError("an error, not fatal"))))
        .isEqualTo(unreadable);
    assertThat(SafeText.of(new Value(null, null))).isEqualTo(unreadable);
  }

  @Test
  void anErrorOfTheVirtualMachineIsThrownOn() {
    OutOfMemoryError oom = new OutOfMemoryError("heap");
    assertThatThrownBy(() -> SafeText.of(new Value(null, oom))).isSameAs(oom);
  }
}
