package dev.shipshape.time.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** A response body collected up to its limit, refused beyond it, or not read at all. */
class BoundedBodyTest {

  /** Records what the subscriber asked of the publisher. */
  private static final class Subscription implements Flow.Subscription {
    long requested;
    int cancels;

    @Override
    public void request(long n) {
      requested += n;
    }

    @Override
    public void cancel() {
      cancels++;
    }
  }

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] body(BoundedBody b) throws Exception {
    return b.getBody().toCompletableFuture().get();
  }

  private static Throwable failure(BoundedBody b) {
    CompletableFuture<byte[]> f = b.getBody().toCompletableFuture();
    assertThat(f).isCompletedExceptionally();
    try {
      f.get();
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("not failed");
  }

  @Test
  void collectsEveryPartOfABodyAsLongAsTheLimit() throws Exception {
    BoundedBody b = BoundedBody.upTo(10, () -> new IOException("too large"));
    Subscription s = new Subscription();

    b.onSubscribe(s);
    b.onNext(List.of(bytes("hello"), bytes(" ")));
    b.onNext(List.of(bytes("you!")));
    b.onComplete();

    assertThat(s.requested).isEqualTo(Long.MAX_VALUE);
    assertThat(s.cancels).isZero();
    assertThat(new String(body(b), StandardCharsets.UTF_8)).isEqualTo("hello you!");
  }

  @Test
  void failsWithTheCallersExceptionAndDropsTheConnectionOnceOneByteMoreArrives() {
    BoundedBody b = BoundedBody.upTo(10, () -> new IOException("answered more than 10 bytes"));
    Subscription s = new Subscription();
    b.onSubscribe(s);
    b.onNext(List.of(bytes("hello")));

    b.onNext(List.of(bytes("world!")));
    b.onNext(List.of(bytes("more")));
    b.onComplete();

    assertThat(s.cancels).isEqualTo(1);
    assertThat(failure(b))
        .isInstanceOf(IOException.class)
        .hasMessage("answered more than 10 bytes");
  }

  @Test
  void aRefusedBodyIsNeverRead() {
    IOException refusal = new IOException("announced 20 bytes, more than 10");
    BoundedBody b = BoundedBody.refusing(refusal);
    Subscription s = new Subscription();

    b.onSubscribe(s);

    assertThat(s.requested).isZero();
    assertThat(s.cancels).isEqualTo(1);
    assertThat(failure(b)).isSameAs(refusal);
  }

  @Test
  void aDiscardedBodyIsNeverReadAndIsEmpty() throws Exception {
    BoundedBody b = BoundedBody.discarding();
    Subscription s = new Subscription();

    b.onSubscribe(s);

    assertThat(s.requested).isZero();
    assertThat(s.cancels).isEqualTo(1);
    assertThat(body(b)).isEmpty();
  }

  @Test
  void cancelStopsTheSubscriptionOnceThereIsOne() {
    BoundedBody b = BoundedBody.upTo(10, () -> new IOException("too large"));
    b.cancel(); // nothing to cancel yet
    Subscription s = new Subscription();
    b.onSubscribe(s);

    b.cancel();

    assertThat(s.cancels).isEqualTo(1);
    assertThat(b.getBody().toCompletableFuture()).isNotDone();
  }

  @Test
  void aTransportErrorFailsTheBody() {
    BoundedBody b = BoundedBody.upTo(10, () -> new IOException("too large"));
    b.onSubscribe(new Subscription());
    b.onNext(List.of(bytes("hel")));
    IOException reset = new IOException("connection reset");

    b.onError(reset);

    assertThat(failure(b)).isSameAs(reset);
  }

  @Test
  void refusesALimitNoArrayCanHold() {
    assertThatThrownBy(() -> BoundedBody.upTo(0, IOException::new))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit was '0' but must be between 1 and " + BoundedBody.MAX_LIMIT);
    assertThatThrownBy(() -> BoundedBody.upTo(BoundedBody.MAX_LIMIT + 1, IOException::new))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
