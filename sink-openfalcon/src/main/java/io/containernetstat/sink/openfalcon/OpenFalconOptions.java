package io.containernetstat.sink.openfalcon;

import io.containernetstat.sink.openfalcon.internal.Hostnames;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The settings of the open-falcon sink, for both the mapping and the delivery, in five groups: where and as
 * whom items are pushed ({@link Endpoint}), what is pushed ({@link Selection}), how items wait in batches
 * ({@link Batching}), how a request is made ({@link Transport}) and how it is retried ({@link Retry});
 * immutable and thread-safe. Build one with {@link #builder()}, or from the groups themselves.
 *
 * <pre>{@code
 * OpenFalconOptions options = OpenFalconOptions.builder()
 *     .url("http://127.0.0.1:1988/v1/push")
 *     .step(Duration.ofSeconds(60))
 *     .build();
 * }</pre>
 *
 * @param endpoint the push URL, the items' endpoint and step
 * @param selection the fields and namespaces pushed
 * @param batching the batch size, queue capacity and close timeout
 * @param transport the HTTP timeouts, headers and reply check
 * @param retry the attempts and the waits between them
 */
public record OpenFalconOptions(Endpoint endpoint, Selection selection, Batching batching, Transport transport,
    Retry retry) {
  /** falcon-agent's push URL on the same host; the same as {@link Endpoint#DEFAULT_URL}. */
  public static final String DEFAULT_URL = Endpoint.DEFAULT_URL;

  /**
   * The default field selection, matched against {@code <Group>_<Field>} of snmp, snmp6 and netstat:
   * node_exporter's {@code --collector.netstat.fields} default, so both sinks export the same figures.
   */
  public static final String DEFAULT_FIELDS = io.containernetstat.core.internal.MibFields.DEFAULT_FIELDS;

  /**
   * Checks that every group is given.
   *
   * @throws NullPointerException if a group is null
   */
  public OpenFalconOptions {
    Objects.requireNonNull(endpoint, "endpoint == null");
    Objects.requireNonNull(selection, "selection == null");
    Objects.requireNonNull(batching, "batching == null");
    Objects.requireNonNull(transport, "transport == null");
    Objects.requireNonNull(retry, "retry == null");
  }

  /** {@return a builder with every setting at its default} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding these settings} */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** {@return the settings, with the header names but not their values: they may hold credentials} */
  @Override
  public String toString() {
    return "OpenFalconOptions{url=" + endpoint.url() + ", endpoint=" + endpoint.name() + ", step="
        + endpoint.stepSeconds() + "s, fields=" + selection.fields().pattern() + ", includeHostNetwork="
        + selection.includeHostNetwork() + ", hostWide=" + selection.hostWide() + ", batchSize="
        + batching.batchSize() + ", queueCapacity=" + batching.queueCapacity() + ", connectTimeout="
        + transport.connectTimeout() + ", writeTimeout=" + transport.writeTimeout() + ", readTimeout="
        + transport.readTimeout() + ", maxAttempts=" + retry.maxAttempts() + ", initialBackoff="
        + retry.initialBackoff() + ", maxBackoff=" + retry.maxBackoff() + ", closeTimeout="
        + batching.closeTimeout() + ", responseCheck=" + transport.responseCheck() + ", headers="
        + transport.headers().keySet() + '}';
  }

  /**
   * Builds {@link OpenFalconOptions} one setting at a time; not thread-safe. Every setting has the default
   * its group documents; each setter checks its value at once, through the group's constructor.
   */
  public static final class Builder {
    private HttpUrl url = HttpUrl.get(DEFAULT_URL);
    private String name;
    private int stepSeconds = Endpoint.DEFAULT_STEP_SECONDS;
    private Selection selection = Selection.DEFAULTS;
    private Batching batching = Batching.DEFAULTS;
    private Transport transport = Transport.DEFAULTS;
    private Retry retry = Retry.DEFAULTS;

    private Builder() {}

    private Builder(OpenFalconOptions o) {
      url = o.endpoint.url();
      name = o.endpoint.name();
      stepSeconds = o.endpoint.stepSeconds();
      selection = o.selection;
      batching = o.batching;
      transport = o.transport;
      retry = o.retry;
    }

    /**
     * Sets {@link Endpoint#url()}.
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
     * Sets {@link Endpoint#name()}, the {@code endpoint} of every item.
     *
     * @param endpoint the host name
     * @return this builder
     * @throws IllegalArgumentException if it is empty or holds a space, {@code ' " >}, a control or non-ASCII
     *     character
     */
    public Builder endpoint(String endpoint) {
      FalconItem.checkEndpoint(Objects.requireNonNull(endpoint, "endpoint == null"));
      this.name = endpoint;
      return this;
    }

    /**
     * Sets {@link Endpoint#stepSeconds()}, the push interval; the caller submits at this interval.
     *
     * @param step whole seconds, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code step} is below 1 s or not whole seconds
     */
    public Builder step(Duration step) {
      this.stepSeconds = Endpoint.toStepSeconds(step);
      return this;
    }

    /**
     * Sets {@link Selection#fields()}.
     *
     * @param regex matched in full against {@code <Group>_<Field>}, for example {@code Tcp_RetransSegs}
     * @return this builder
     * @throws java.util.regex.PatternSyntaxException if {@code regex} is not a valid pattern
     */
    public Builder fields(String regex) {
      Pattern fields = Pattern.compile(Objects.requireNonNull(regex, "regex == null"));
      selection = new Selection(fields, selection.includeHostNetwork(), selection.hostWide(),
          selection.containerLabels());
      return this;
    }

    /**
     * Sets {@link Selection#hostWide()}.
     *
     * @param push true to push the host-wide sockstat fields once per host
     * @return this builder
     */
    public Builder hostWide(boolean push) {
      selection = new Selection(selection.fields(), selection.includeHostNetwork(), push, selection.containerLabels());
      return this;
    }

    /**
     * Sets {@link Selection#includeHostNetwork()}.
     *
     * @param include true to push the host's own namespace
     * @return this builder
     */
    public Builder includeHostNetwork(boolean include) {
      selection = new Selection(selection.fields(), include, selection.hostWide(), selection.containerLabels());
      return this;
    }

    /**
     * Sets {@link Selection#containerLabels()}.
     *
     * @param labels which runtime labels become {@code container_label_<name>} tags, or
     *     {@link io.containernetstat.core.LabelSelection#none()}
     * @return this builder
     */
    public Builder containerLabels(io.containernetstat.core.LabelSelection labels) {
      selection = new Selection(selection.fields(), selection.includeHostNetwork(), selection.hostWide(),
          Objects.requireNonNull(labels, "labels == null"));
      return this;
    }

    /**
     * Sets {@link Batching#batchSize()}.
     *
     * @param items at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code items < 1}
     */
    public Builder batchSize(int items) {
      batching = new Batching(items, batching.queueCapacity(), batching.closeTimeout());
      return this;
    }

    /**
     * Sets {@link Batching#queueCapacity()}.
     *
     * @param batches at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code batches < 1}
     */
    public Builder queueCapacity(int batches) {
      batching = new Batching(batching.batchSize(), batches, batching.closeTimeout());
      return this;
    }

    /**
     * Sets {@link Batching#closeTimeout()}.
     *
     * @param timeout not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public Builder closeTimeout(Duration timeout) {
      batching = new Batching(batching.batchSize(), batching.queueCapacity(), timeout);
      return this;
    }

    /**
     * Sets {@link Transport#connectTimeout()}.
     *
     * @param timeout positive
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public Builder connectTimeout(Duration timeout) {
      return timeouts(Objects.requireNonNull(timeout, "connectTimeout == null"), null, null);
    }

    /**
     * Sets {@link Transport#writeTimeout()}.
     *
     * @param timeout positive
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public Builder writeTimeout(Duration timeout) {
      return timeouts(null, Objects.requireNonNull(timeout, "writeTimeout == null"), null);
    }

    /**
     * Sets {@link Transport#readTimeout()}; keep it generous for falcon-agent, which answers only after
     * forwarding to transfer.
     *
     * @param timeout positive
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public Builder readTimeout(Duration timeout) {
      return timeouts(null, null, Objects.requireNonNull(timeout, "readTimeout == null"));
    }

    /**
     * Sets {@link Transport#responseCheck()}.
     *
     * @param check the check
     * @return this builder
     */
    public Builder responseCheck(ResponseCheck check) {
      transport = new Transport(transport.connectTimeout(), transport.writeTimeout(), transport.readTimeout(),
          transport.headers(), check);
      return this;
    }

    /**
     * Adds a request header to {@link Transport#headers()}, replacing one of the same name.
     *
     * @param name the header name, for example {@code Authorization}
     * @param value its value
     * @return this builder
     * @throws IllegalArgumentException if the name or value is not a valid header
     */
    public Builder header(String name, String value) {
      transport = transport.withHeader(name, value);
      return this;
    }

    /**
     * Sets {@link Retry#maxAttempts()}.
     *
     * @param attempts at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code attempts < 1}
     */
    public Builder maxAttempts(int attempts) {
      retry = new Retry(attempts, retry.initialBackoff(), retry.maxBackoff());
      return this;
    }

    /**
     * Sets the waits between attempts, {@link Retry#initialBackoff()} and {@link Retry#maxBackoff()}:
     * {@code initial}, then doubling, at most {@code max}.
     *
     * @param initial the wait before the first retry, not negative
     * @param max the longest wait, at least {@code initial}
     * @return this builder
     * @throws IllegalArgumentException if a wait is negative or {@code max < initial}
     */
    public Builder backoff(Duration initial, Duration max) {
      retry = new Retry(retry.maxAttempts(), initial, max);
      return this;
    }

    /** Sets the timeouts given, keeping the others (null) as they were. */
    private Builder timeouts(Duration connect, Duration write, Duration read) {
      transport = new Transport(connect != null ? connect : transport.connectTimeout(),
          write != null ? write : transport.writeTimeout(), read != null ? read : transport.readTimeout(),
          transport.headers(), transport.responseCheck());
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
      Endpoint endpoint = new Endpoint(url, name != null ? name : Hostnames.defaultEndpoint(), stepSeconds);
      return new OpenFalconOptions(endpoint, selection, batching, transport, retry);
    }
  }
}
