package dev.shipshape.time.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShortenedTest {

  @Test
  void textUpToTheLimitIsShownAsItIs() {
    assertThat(Shortened.text("abcdefgh", 8)).isEqualTo("abcdefgh");
    assertThat(Shortened.text("", 8)).isEmpty();
  }

  @Test
  void longerTextKeepsItsBeginningAndEndsInAnEllipsisWithinTheLimit() {
    assertThat(Shortened.text("abcdefghi", 8)).isEqualTo("abcde...").hasSize(8);
  }

  @Test
  void aSurrogatePairIsNeverSplit() {
    // the fifth character is the first half of a pair: it goes with its second half
    String text = "abcd\uD83D\uDE00fgh";
    assertThat(Shortened.text(text, 8)).isEqualTo("abcd...");
  }
}
