package io.containernetstat.sink.openfalcon;

import io.containernetstat.core.internal.Require;
import io.containernetstat.sink.openfalcon.internal.Hostnames;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * Where the items go and as whom: the push URL, the {@code endpoint} written in every item and the push
 * interval written as every item's {@code step}; immutable.
 *
 * @param url where batches are POSTed: falcon-agent's {@code /v1/push} or Nightingale's
 *     {@code /openfalcon/push}; default {@value #DEFAULT_URL}
 * @param name the {@code endpoint} of every item, the host name; by default ({@link #thisHost}) the
 *     environment's {@code FALCON_ENDPOINT}, else the kernel's host name, as falcon-agent chooses it
 * @param stepSeconds the {@code step} of every item in seconds: the interval at which the caller submits;
 *     falcon raises steps below its {@code minStep} (30 by default); default 60
 */
public record Endpoint(HttpUrl url, String name, int stepSeconds) {
  /** falcon-agent's push URL on the same host. */
  public static final String DEFAULT_URL = "http://127.0.0.1:1988/v1/push";
  /** The default push interval, in seconds. */
  public static final int DEFAULT_STEP_SECONDS = 60;

  /**
   * Checks the settings.
   *
   * @throws NullPointerException if {@code url} or {@code name} is null
   * @throws IllegalArgumentException if {@code name} is empty or holds a space, {@code ' " >}, a control or
   *     non-ASCII character, or {@code stepSeconds < 1}
   */
  public Endpoint {
    Objects.requireNonNull(url, "url == null");
    FalconItem.checkEndpoint(Objects.requireNonNull(name, "endpoint == null"));
    Require.atLeast(stepSeconds, 1, "stepSeconds");
  }

  /**
   * {@return the default URL and step, under this host's name}
   *
   * @throws IllegalArgumentException if the host name cannot be found or is not a valid endpoint
   */
  public static Endpoint thisHost() {
    return new Endpoint(HttpUrl.get(DEFAULT_URL), Hostnames.defaultEndpoint(), DEFAULT_STEP_SECONDS);
  }

  /**
   * {@return {@code step} in seconds}
   *
   * @param step the push interval: whole seconds, at least 1
   * @throws IllegalArgumentException if {@code step} is below 1 s or not whole seconds
   */
  public static int toStepSeconds(Duration step) {
    if (step.compareTo(Duration.ofSeconds(1)) < 0 || step.getNano() != 0 || step.getSeconds() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("step is not a whole number of seconds >= 1: " + step);
    }
    return (int) step.getSeconds();
  }
}
