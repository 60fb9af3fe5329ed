package dev.shipshape.time.internal;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Collects an HTTP response body of at most a given number of bytes: as soon as more arrives it
 * cancels the subscription, which drops the connection, and fails with the caller's exception, so a
 * broken or hostile server cannot make the caller hold an unbounded body. For every module that
 * reads an answer over the JDK's HTTP client (a flag source, a Prometheus server); one instance per
 * response.
 */
public final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

  /** The largest body one byte array can hold on every JVM. */
  public static final long MAX_LIMIT = Integer.MAX_VALUE - 16L;

  private final long limit;
  private final @Nullable Supplier<? extends IOException> tooLarge;
  private final @Nullable IOException refusal;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final List<ByteBuffer> parts = new ArrayList<>();
  private long received;
  private volatile Flow.@Nullable Subscription subscription;

  private BoundedBody(
      long limit,
      @Nullable Supplier<? extends IOException> tooLarge,
      @Nullable IOException refusal) {
    this.limit = limit;
    this.tooLarge = tooLarge;
    this.refusal = refusal;
  }

  /**
   * Collects a body of up to {@code limit} bytes; a longer one fails with {@code tooLarge}'s
   * exception once the byte beyond the limit arrives.
   *
   * @param limit the most bytes accepted, 1 to {@link #MAX_LIMIT}
   * @param tooLarge makes the exception a longer body fails with
   * @return the subscriber
   * @throws IllegalArgumentException when the limit is outside 1 to {@link #MAX_LIMIT}
   */
  public static BoundedBody upTo(long limit, Supplier<? extends IOException> tooLarge) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit was '" + limit + "' but must be between 1 and " + MAX_LIMIT);
    }
    return new BoundedBody(limit, Objects.requireNonNull(tooLarge, "tooLarge"), null);
  }

  /**
   * Reads nothing and fails with {@code refusal}, such as when the response's {@code
   * Content-Length} already says that the body is too large.
   *
   * @param refusal the exception the body fails with
   * @return the subscriber
   */
  public static BoundedBody refusing(IOException refusal) {
    return new BoundedBody(0, null, Objects.requireNonNull(refusal, "refusal"));
  }

  /**
   * Reads nothing and answers an empty body, for a response whose body is not needed (such as one
   * whose status is already an error).
   *
   * @return the subscriber
   */
  public static BoundedBody discarding() {
    return new BoundedBody(0, null, null);
  }

  /**
   * Stops reading, such as when the caller's deadline has passed; does nothing before the body
   * starts or after it ends.
   */
  public void cancel() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (refusal != null) {
      s.cancel();
      result.completeExceptionally(refusal);
    } else if (tooLarge == null) {
      s.cancel();
      result.complete(new byte[0]);
    } else {
      s.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer b : items) {
      received += b.remaining();
      if (received > limit) {
        cancel();
        parts.clear();
        result.completeExceptionally(Objects.requireNonNull(tooLarge).get());
        return;
      }
      parts.add(b);
    }
  }

  @Override
  public void onError(Throwable t) {
    parts.clear();
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    if (result.isDone()) {
      return;
    }
    byte[] all = new byte[(int) received];
    int at = 0;
    for (ByteBuffer b : parts) {
      int n = b.remaining();
      b.get(all, at, n);
      at += n;
    }
    parts.clear();
    result.complete(all);
  }
}
