package io.containernetstat.sink.openfalcon;

import io.containernetstat.core.Snapshot;
import io.containernetstat.sink.openfalcon.internal.DropOldestQueue;
import io.containernetstat.sink.openfalcon.internal.FalconJson;
import io.containernetstat.sink.openfalcon.internal.NoDelaySocketFactory;
import io.containernetstat.sink.openfalcon.internal.Replies;
import io.containernetstat.sink.openfalcon.internal.Replies.Outcome;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Call;
import okhttp3.ConnectionSpec;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Delivers items to open-falcon or Nightingale in the background; thread-safe.
 *
 * <p>{@link #submit(Snapshot)} maps the snapshot, cuts the items into batches of at most
 * {@link Batching#batchSize()} and queues them; it never waits for the network. One delivery
 * thread POSTs the batches in order. The queue holds at most {@link Batching#queueCapacity()}
 * batches, or two submissions' worth when the largest submission so far was bigger (so that a whole
 * collection always fits, however many namespaces it has): when a slow or dead receiver lets it fill up,
 * the oldest waiting batch is dropped and counted, so collection goes on, the newest figures are the ones
 * kept, and a receiver that is down costs at most about two collections' items in memory.
 *
 * <p>A batch is delivered when the reply is 2xx with a body that {@link Transport#responseCheck()}
 * accepts. Connection failures, timeouts, 5xx, 408, 429 and 499 are retried up to
 * {@link Retry#maxAttempts()} times in all, waiting {@link Retry#initialBackoff()}
 * and then twice as long each time (at most {@link Retry#maxBackoff()}); other replies fail the
 * batch at once. What happened is readable at any time through {@link #stats()}.
 *
 * <pre>{@code
 * try (OpenFalconPusher pusher = OpenFalconPusher.start(options)) {
 *   while (running) {
 *     pusher.submit(collector.collect()); // returns at once
 *     Thread.sleep(options.endpoint().stepSeconds() * 1000L);
 *   }
 * } // close() delivers what is queued, within closeTimeout
 * }</pre>
 */
public final class OpenFalconPusher implements Closeable {
  private static final MediaType JSON = MediaType.get("application/json");
  /** The delivery thread's: each batch's body is written into its buffer, kept between batches. */
  private final FalconJson json = new FalconJson();
  private static final long ABORT_JOIN_MILLIS = 2_000;

  private final OpenFalconOptions options;
  private final OpenFalconMapper mapper;
  private final OkHttpClient client;
  private final DropOldestQueue<List<FalconItem>> queue;
  private final Thread thread;

  private final AtomicLong itemsSent = new AtomicLong();
  private final AtomicLong batchesSent = new AtomicLong();
  private final AtomicLong itemsFailed = new AtomicLong();
  private final AtomicLong batchesFailed = new AtomicLong();
  private final AtomicLong itemsDropped = new AtomicLong();
  private final AtomicLong batchesDropped = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong itemsRejected = new AtomicLong();
  private volatile String lastError;
  private volatile Instant lastErrorTime;
  private volatile Instant lastSuccessTime;

  private final Object lifecycle = new Object();
  private boolean closed;
  /** Set once close() runs out of time: the delivery thread stops at the next chance. */
  private volatile boolean abort;
  /** System.nanoTime() by which close() must be done; meaningful once closing. */
  private volatile long closeDeadline;
  private volatile boolean closing;
  private volatile Call inFlight;

  private OpenFalconPusher(OpenFalconOptions options) {
    this.options = options;
    this.mapper = new OpenFalconMapper(options);
    Transport transport = options.transport();
    Duration call = transport.connectTimeout().plus(transport.writeTimeout()).plus(transport.readTimeout());
    OkHttpClient.Builder client = new OkHttpClient.Builder()
        .connectTimeout(transport.connectTimeout())
        .writeTimeout(transport.writeTimeout())
        .readTimeout(transport.readTimeout())
        .callTimeout(call)
        .socketFactory(new NoDelaySocketFactory());
    if (!options.endpoint().url().isHttps()) {
      // With TLS among the connection specs (the default) build() sets up an SSLContext and parses the
      // JDK's cacerts: ~370 classes and ~1.5 MB of heap an http:// push never uses. https keeps the defaults.
      client.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
    }
    this.client = client.build();
    this.queue = new DropOldestQueue<>(options.batching().queueCapacity());
    this.thread = new Thread(this::deliverLoop, "openfalcon-push");
    this.thread.setDaemon(true);
  }

  /**
   * Starts a pusher and its delivery thread.
   *
   * @param options where and how to deliver
   * @return the running pusher; close it to deliver what is queued and stop the thread
   */
  public static OpenFalconPusher start(OpenFalconOptions options) {
    OpenFalconPusher pusher = new OpenFalconPusher(Objects.requireNonNull(options, "options == null"));
    pusher.thread.start();
    return pusher;
  }

  /** {@return the queue's capacity now, in batches (tests)} */
  int queueCapacity() {
    return queue.capacity();
  }

  /** {@return the HTTP client (tests)} */
  OkHttpClient httpClient() {
    return client;
  }

  /** {@return the options} */
  public OpenFalconOptions options() {
    return options;
  }

  /** {@return the mapper {@link #submit(Snapshot)} uses} */
  public OpenFalconMapper mapper() {
    return mapper;
  }

  /**
   * Maps a collection and queues its items, then the agent's own ({@link OpenFalconMapper#agentItems});
   * returns without waiting for the network.
   *
   * @param snapshot the collection
   * @return the number of items queued; 0 after {@link #close()} (they are counted as dropped)
   * @throws IllegalArgumentException if the snapshot's timestamp is before 1970-01-01T00:00:01Z
   */
  public int submit(Snapshot snapshot) {
    return submit(mapper.pushItems(snapshot));
  }

  /**
   * Queues items, in batches of at most {@link Batching#batchSize()}; returns without waiting for
   * the network. The queue's capacity grows to twice this submission's batches if that is more than it
   * holds. When the queue is full the oldest waiting batches are dropped and counted.
   *
   * @param items the items, sent in this order
   * @return the number of items queued; 0 after {@link #close()} (they are counted as dropped)
   */
  public int submit(List<FalconItem> items) {
    int size = options.batching().batchSize();
    int batches = items.size() / size + (items.size() % size == 0 ? 0 : 1);
    queue.ensureCapacity(2 * batches);
    int queued = 0;
    for (int from = 0; from < items.size(); from += size) {
      List<FalconItem> batch = List.copyOf(items.subList(from, Math.min(items.size(), from + size)));
      synchronized (lifecycle) {
        if (closed) {
          dropped(batch);
          continue;
        }
        List<FalconItem> evicted = queue.offer(batch);
        if (evicted != null) {
          dropped(evicted);
        }
      }
      queued += batch.size();
    }
    return queued;
  }

  /** {@return what has been delivered, failed and dropped so far} */
  public PushStats stats() {
    List<List<FalconItem>> waiting = queue.snapshot();
    int queuedItems = 0;
    for (List<FalconItem> b : waiting) {
      queuedItems += b.size();
    }
    return new PushStats(itemsSent.get(), batchesSent.get(), itemsFailed.get(), batchesFailed.get(),
        itemsDropped.get(), batchesDropped.get(), retries.get(), itemsRejected.get(), waiting.size(),
        queuedItems, lastError, lastErrorTime, lastSuccessTime);
  }

  /**
   * Stops accepting items and delivers what is queued, for at most
   * {@link Batching#closeTimeout()} (plus up to two seconds to stop a request in flight); what is
   * left then is dropped and counted. Idempotent.
   */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      closeDeadline = System.nanoTime() + options.batching().closeTimeout().toNanos();
      closing = true;
      queue.close();
    }
    try {
      TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(0, closeDeadline - System.nanoTime()));
      if (thread.isAlive()) {
        abort = true;
        Call call = inFlight;
        if (call != null) {
          call.cancel();
        }
        thread.interrupt();
        thread.join(ABORT_JOIN_MILLIS);
      }
    } catch (InterruptedException e) {
      abort = true;
      thread.interrupt();
      Thread.currentThread().interrupt();
    } finally {
      for (List<FalconItem> batch : queue.drain()) {
        dropped(batch);
      }
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  private void deliverLoop() {
    try {
      List<FalconItem> batch;
      while (!abort && (batch = queue.take()) != null) {
        deliver(batch);
      }
    } catch (InterruptedException e) {
      // close() ran out of time; the batch in hand was counted, close() counts what is queued
    }
  }

  private void deliver(List<FalconItem> batch) throws InterruptedException {
    try {
      int length = json.writeBody(batch); // the buffer is this thread's, held until the batch is done
      for (int attempt = 1; ; attempt++) {
        Outcome outcome = post(json.array(), length);
        if (outcome.delivered()) {
          itemsSent.addAndGet(batch.size());
          batchesSent.incrementAndGet();
          lastSuccessTime = Instant.now();
          if (outcome.rejected() > 0) {
            itemsRejected.addAndGet(outcome.rejected());
            error(outcome.error());
          }
          return;
        }
        if (abort) {
          throw new InterruptedException("closed before delivery");
        }
        error(outcome.error());
        if (!outcome.retryable() || attempt >= options.retry().maxAttempts() || !backoff(attempt)) {
          failed(batch);
          return;
        }
        retries.incrementAndGet();
      }
    } catch (InterruptedException e) {
      dropped(batch);
      throw e;
    } catch (RuntimeException e) {
      // Never let the delivery thread die: the next batch may go through.
      error("delivery failed: " + e);
      failed(batch);
    }
  }

  private Outcome post(byte[] body, int length) {
    Request.Builder request =
        new Request.Builder().url(options.endpoint().url()).post(RequestBody.create(body, JSON, 0, length));
    for (Map.Entry<String, String> h : options.transport().headers().entrySet()) {
      request.header(h.getKey(), h.getValue());
    }
    Call call = client.newCall(request.build());
    inFlight = call;
    if (abort) {
      call.cancel(); // close() may have looked at inFlight just before it was set
    }
    try (Response response = call.execute()) {
      // A receiver's verdict is short; a proxy's error page need not be read whole.
      String text = response.peekBody(64 * 1024).string();
      return Replies.judge(options.transport().responseCheck(), response.code(), text);
    } catch (IOException e) {
      return Replies.ioFailure(e);
    } finally {
      inFlight = null;
    }
  }

  /**
   * Waits before attempt {@code attempt + 1}.
   *
   * @return false when there is no time left for another attempt because the pusher is closing
   */
  private boolean backoff(int attempt) throws InterruptedException {
    long initial = options.retry().initialBackoff().toNanos();
    long wait = initial << Math.min(attempt - 1, 30);
    if (wait < initial || wait > options.retry().maxBackoff().toNanos()) {
      wait = options.retry().maxBackoff().toNanos();
    }
    if (closing && System.nanoTime() + wait >= closeDeadline) {
      return false;
    }
    TimeUnit.NANOSECONDS.sleep(wait);
    return true;
  }

  private void failed(List<FalconItem> batch) {
    itemsFailed.addAndGet(batch.size());
    batchesFailed.incrementAndGet();
  }

  private void dropped(List<FalconItem> batch) {
    itemsDropped.addAndGet(batch.size());
    batchesDropped.incrementAndGet();
  }

  private void error(String message) {
    lastError = message;
    lastErrorTime = Instant.now();
  }
}
