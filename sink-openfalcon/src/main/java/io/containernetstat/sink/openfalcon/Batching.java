package io.containernetstat.sink.openfalcon;

import io.containernetstat.core.internal.Require;
import java.time.Duration;

/**
 * How submitted items wait for delivery: cut into batches of at most {@code batchSize} items, queued in at
 * least {@code queueCapacity} places (the oldest batch is dropped when the queue is full), and delivered for
 * at most {@code closeTimeout} on close; immutable.
 *
 * @param batchSize the most items in one request, at least 1; keep it within falcon-agent's
 *     {@code http.maxMetricBodyLenPerRequest} when that is set (the agent refuses larger pushes with 400);
 *     default 500
 * @param queueCapacity how many batches may wait at least, at least 1, default 8; the pusher raises it to
 *     two submissions' worth when a submission is larger, so a collection is never cut by a small queue, and
 *     drops the oldest beyond it; each waiting item costs about 70 bytes of heap
 * @param closeTimeout how long {@link OpenFalconPusher#close()} may spend delivering what is queued, not
 *     negative; what is left then is dropped and counted; default 5 s
 */
public record Batching(int batchSize, int queueCapacity, Duration closeTimeout) {
  /** The defaults: 500 items a batch, 8 batches queued, 5 s to deliver them on close. */
  public static final Batching DEFAULTS = new Batching(500, 8, Duration.ofSeconds(5));

  /**
   * Checks the settings.
   *
   * @throws NullPointerException if {@code closeTimeout} is null
   * @throws IllegalArgumentException if {@code batchSize < 1}, {@code queueCapacity < 1} or
   *     {@code closeTimeout} is negative
   */
  public Batching {
    Require.atLeast(batchSize, 1, "batchSize");
    Require.atLeast(queueCapacity, 1, "queueCapacity");
    Require.notNegative(closeTimeout, "closeTimeout");
  }
}
