package io.containernetstat.sink.openfalcon;

import io.containernetstat.sink.openfalcon.internal.Hostnames;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The settings of the open-falcon sink, for both the mapping and the delivery; immutable and thread-safe.
 * Build one with {@link #builder()}.
 *
 * <pre>{@code
 * OpenFalconOptions options = OpenFalconOptions.builder()
 *     .url("http://127.0.0.1:1988/v1/push")
 *     .step(Duration.ofSeconds(60))
 *     .build();
 * }</pre>
 */
public final class OpenFalconOptions {
  /** falcon-agent's push URL on the same host. */
  public static final String DEFAULT_URL = "http://127.0.0.1:1988/v1/push";

  /**
   * The default field selection, matched against {@code <Group>_<Field>} of snmp, snmp6 and netstat:
   * node_exporter's {@code --collector.netstat.fields} default, so both sinks export the same figures.
   */
  public static final String DEFAULT_FIELDS = io.containernetstat.core.internal.MibFields.DEFAULT_FIELDS;

  private final HttpUrl url;
  private final String endpoint;
  private final int stepSeconds;
  private final Pattern fields;
  private final boolean includeHostNetwork;
  private final boolean hostWide;
  private final int batchSize;
  private final int queueCapacity;
  private final Duration connectTimeout;
  private final Duration writeTimeout;
  private final Duration readTimeout;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration closeTimeout;
  private final ResponseCheck responseCheck;
  private final Map<String, String> headers;

  private OpenFalconOptions(Builder b) {
    this.url = b.url;
    this.endpoint = b.endpoint != null ? b.endpoint : Hostnames.defaultEndpoint();
    FalconItem.checkEndpoint(endpoint);
    this.stepSeconds = b.stepSeconds;
    this.fields = b.fields;
    this.includeHostNetwork = b.includeHostNetwork;
    this.hostWide = b.hostWide;
    this.batchSize = b.batchSize;
    this.queueCapacity = b.queueCapacity;
    this.connectTimeout = b.connectTimeout;
    this.writeTimeout = b.writeTimeout;
    this.readTimeout = b.readTimeout;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.closeTimeout = b.closeTimeout;
    this.responseCheck = b.responseCheck;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
  }

  /** {@return a builder with every setting at its default} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding these settings} */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** {@return where batches are POSTed; default {@value #DEFAULT_URL}} */
  public HttpUrl url() {
    return url;
  }

  /**
   * {@return the {@code endpoint} of every item: the host name; default {@code FALCON_ENDPOINT} from the
   * environment, else the kernel's host name, as falcon-agent chooses it}
   */
  public String endpoint() {
    return endpoint;
  }

  /** {@return the {@code step} of every item, in seconds: the push interval; default 60} */
  public int stepSeconds() {
    return stepSeconds;
  }

  /** {@return the field selection, matched against {@code <Group>_<Field>}; default {@link #DEFAULT_FIELDS}} */
  public Pattern fields() {
    return fields;
  }

  /** {@return whether the host's own namespace is pushed (tagged {@code netns=host}); default false} */
  public boolean includeHostNetwork() {
    return includeHostNetwork;
  }

  /** {@return whether the host-wide sockstat fields are pushed once per host, without tags; default false} */
  public boolean hostWide() {
    return hostWide;
  }

  /** {@return the most items in one request; default 500} */
  public int batchSize() {
    return batchSize;
  }

  /**
   * {@return the most batches waiting for delivery, default 8; the pusher raises it to two submissions'
   * worth when a submission is larger, and drops the oldest beyond it}
   */
  public int queueCapacity() {
    return queueCapacity;
  }

  /** {@return the TCP connect timeout; default 5 s} */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** {@return the timeout of each write of the request; default 10 s} */
  public Duration writeTimeout() {
    return writeTimeout;
  }

  /**
   * {@return the timeout of each read of the reply; default 30 s, because falcon-agent forwards to transfer
   * synchronously (10 s RPC timeout, 2/4/8 s dial retries) before it answers}
   */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** {@return how many times a batch is tried before it counts as failed; default 3; 1 means no retry} */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** {@return the wait before the first retry; it doubles for each further retry; default 1 s} */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** {@return the longest wait between two attempts; default 30 s} */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** {@return how long {@link OpenFalconPusher#close()} may spend delivering what is queued; default 5 s} */
  public Duration closeTimeout() {
    return closeTimeout;
  }

  /** {@return which replies count as delivered; default {@link ResponseCheck#ANY}} */
  public ResponseCheck responseCheck() {
    return responseCheck;
  }

  /** {@return extra request headers, for example {@code Authorization} for a Nightingale with Basic Auth} */
  public Map<String, String> headers() {
    return headers;
  }

  @Override
  public String toString() {
    // Header values are left out: they may hold credentials.
    return "OpenFalconOptions{url=" + url + ", endpoint=" + endpoint + ", step=" + stepSeconds
        + "s, fields=" + fields.pattern() + ", includeHostNetwork=" + includeHostNetwork + ", hostWide=" + hostWide
        + ", batchSize=" + batchSize + ", queueCapacity=" + queueCapacity + ", connectTimeout=" + connectTimeout
        + ", writeTimeout=" + writeTimeout + ", readTimeout=" + readTimeout + ", maxAttempts=" + maxAttempts
        + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff + ", closeTimeout=" + closeTimeout
        + ", responseCheck=" + responseCheck + ", headers=" + headers.keySet() + '}';
  }

  /** Builds {@link OpenFalconOptions}; not thread-safe. Every setting has a default. */
  public static final class Builder {
    private HttpUrl url = HttpUrl.get(DEFAULT_URL);
    private String endpoint;
    private int stepSeconds = 60;
    private Pattern fields = Pattern.compile(DEFAULT_FIELDS);
    private boolean includeHostNetwork;
    private boolean hostWide;
    private int batchSize = 500;
    private int queueCapacity = 8;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration writeTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration closeTimeout = Duration.ofSeconds(5);
    private ResponseCheck responseCheck = ResponseCheck.ANY;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Builder() {}

    private Builder(OpenFalconOptions o) {
      url = o.url;
      endpoint = o.endpoint;
      stepSeconds = o.stepSeconds;
      fields = o.fields;
      includeHostNetwork = o.includeHostNetwork;
      hostWide = o.hostWide;
      batchSize = o.batchSize;
      queueCapacity = o.queueCapacity;
      connectTimeout = o.connectTimeout;
      writeTimeout = o.writeTimeout;
      readTimeout = o.readTimeout;
      maxAttempts = o.maxAttempts;
      initialBackoff = o.initialBackoff;
      maxBackoff = o.maxBackoff;
      closeTimeout = o.closeTimeout;
      responseCheck = o.responseCheck;
      headers.putAll(o.headers);
    }

    /**
     * Sets where batches are POSTed.
     *
     * @param url an http or https URL, for example {@code http://n9e:17000/openfalcon/push}
     * @return this builder
     * @throws IllegalArgumentException if {@code url} is not a valid http or https URL
     */
    public Builder url(String url) {
      this.url = HttpUrl.get(Objects.requireNonNull(url, "url == null"));
      return this;
    }

    /**
     * Sets the {@code endpoint} of every item.
     *
     * @param endpoint the host name
     * @return this builder
     * @throws IllegalArgumentException if it is empty or holds a space, {@code ' " >}, a control or non-ASCII
     *     character
     */
    public Builder endpoint(String endpoint) {
      FalconItem.checkEndpoint(Objects.requireNonNull(endpoint, "endpoint == null"));
      this.endpoint = endpoint;
      return this;
    }

    /**
     * Sets the push interval, written as every item's {@code step}; the caller submits at this interval.
     *
     * @param step whole seconds, at least 1 (falcon raises steps below its {@code minStep}, 30 by default)
     * @return this builder
     * @throws IllegalArgumentException if {@code step} is below 1 s or not whole seconds
     */
    public Builder step(Duration step) {
      if (step.compareTo(Duration.ofSeconds(1)) < 0 || step.getNano() != 0 || step.getSeconds() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("step is not a whole number of seconds >= 1: " + step);
      }
      this.stepSeconds = (int) step.getSeconds();
      return this;
    }

    /**
     * Sets the field selection for snmp, snmp6 and netstat.
     *
     * @param regex matched in full against {@code <Group>_<Field>}, for example {@code Tcp_RetransSegs}
     * @return this builder
     * @throws java.util.regex.PatternSyntaxException if {@code regex} is not a valid pattern
     */
    public Builder fields(String regex) {
      this.fields = Pattern.compile(Objects.requireNonNull(regex, "regex == null"));
      return this;
    }

    /**
     * Sets whether the host's own namespace (host-network containers) is pushed. Its figures are the
     * host's totals, which falcon-agent already pushes; when on, they carry the single tag {@code netns=host}.
     *
     * @param include true to push it
     * @return this builder
     */
    public Builder includeHostNetwork(boolean include) {
      this.includeHostNetwork = include;
      return this;
    }

    /**
     * Sets whether the host-wide sockstat fields ({@code TCP orphan, alloc, mem}, {@code UDP mem}) are pushed,
     * once per host and without tags, as {@code container.host.tcp.orphan} and so on. They are never pushed
     * per container: they are the same number in every namespace.
     *
     * @param push true to push them
     * @return this builder
     */
    public Builder hostWide(boolean push) {
      this.hostWide = push;
      return this;
    }

    /**
     * Sets the most items in one request. Keep it within falcon-agent's
     * {@code http.maxMetricBodyLenPerRequest} when that is set: the agent refuses larger pushes with 400.
     *
     * @param items at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code items < 1}
     */
    public Builder batchSize(int items) {
      if (items < 1) {
        throw new IllegalArgumentException("batchSize < 1: " + items);
      }
      this.batchSize = items;
      return this;
    }

    /**
     * Sets how many batches may wait for delivery at least; beyond it the oldest waiting batch is dropped.
     * The pusher holds two submissions' worth when that is more, so a collection is never cut by a small
     * queue; each waiting item costs about 70 bytes of heap.
     *
     * @param batches at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code batches < 1}
     */
    public Builder queueCapacity(int batches) {
      if (batches < 1) {
        throw new IllegalArgumentException("queueCapacity < 1: " + batches);
      }
      this.queueCapacity = batches;
      return this;
    }

    /**
     * Sets the TCP connect timeout.
     *
     * @param timeout positive
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * Sets the timeout of each write of the request body.
     *
     * @param timeout positive
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = positive(timeout, "writeTimeout");
      return this;
    }

    /**
     * Sets the timeout of each read of the reply; keep it generous for falcon-agent, which answers only
     * after forwarding to transfer.
     *
     * @param timeout positive
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /**
     * Sets how many times a batch is tried. Retried: connection failures, timeouts, 5xx, 408, 429 and
     * Nightingale's 499 (queue full). Not retried: other 4xx and 2xx replies with an unexpected body,
     * which would fail the same way again.
     *
     * @param attempts at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code attempts < 1}
     */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts < 1: " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * Sets the waits between attempts: {@code initial}, then doubling, at most {@code max}.
     *
     * @param initial the wait before the first retry, not negative
     * @param max the longest wait, at least {@code initial}
     * @return this builder
     * @throws IllegalArgumentException if a wait is negative or {@code max < initial}
     */
    public Builder backoff(Duration initial, Duration max) {
      if (initial.isNegative() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("backoff is not 0 <= initial <= max: " + initial + ", " + max);
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * Sets how long {@link OpenFalconPusher#close()} may spend delivering what is queued; what is left then
     * is dropped and counted.
     *
     * @param timeout not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public Builder closeTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("closeTimeout < 0: " + timeout);
      }
      this.closeTimeout = timeout;
      return this;
    }

    /**
     * Sets which replies count as delivered.
     *
     * @param check the check
     * @return this builder
     */
    public Builder responseCheck(ResponseCheck check) {
      this.responseCheck = Objects.requireNonNull(check, "check == null");
      return this;
    }

    /**
     * Adds a request header, replacing one of the same name.
     *
     * @param name the header name, for example {@code Authorization}
     * @param value its value
     * @return this builder
     * @throws IllegalArgumentException if the name or value is not a valid header
     */
    public Builder header(String name, String value) {
      new okhttp3.Headers.Builder().add(name, value); // validates both
      headers.put(name, value);
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     * @throws IllegalArgumentException if no endpoint was set and the host name cannot be found or is not a
     *     valid endpoint
     */
    public OpenFalconOptions build() {
      return new OpenFalconOptions(this);
    }

    private static Duration positive(Duration d, String name) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " <= 0: " + d);
      }
      return d;
    }
  }
}
