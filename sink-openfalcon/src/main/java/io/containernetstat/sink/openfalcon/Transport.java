package io.containernetstat.sink.openfalcon;

import io.containernetstat.core.internal.Require;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import okhttp3.Headers;

/**
 * How one request is made and its reply judged: the HTTP timeouts, extra headers and which replies count
 * as delivered; immutable.
 *
 * @param connectTimeout the TCP connect timeout, positive; default 5 s
 * @param writeTimeout the timeout of each write of the request body, positive; default 10 s
 * @param readTimeout the timeout of each read of the reply, positive; default 30 s, because falcon-agent
 *     forwards to transfer synchronously (10 s RPC timeout, 2/4/8 s dial retries) before it answers
 * @param headers extra request headers in the order given, for example {@code Authorization} for a
 *     Nightingale with Basic Auth; copied; default none
 * @param responseCheck which replies count as delivered; default {@link ResponseCheck#ANY}
 */
public record Transport(Duration connectTimeout, Duration writeTimeout, Duration readTimeout,
    Map<String, String> headers, ResponseCheck responseCheck) {
  /** The defaults: 5 s to connect, 10 s a write, 30 s a read, no extra header, any 2xx reply delivers. */
  public static final Transport DEFAULTS = new Transport(Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofSeconds(30), Map.of(), ResponseCheck.ANY);

  /**
   * Checks the settings and copies the headers.
   *
   * @throws NullPointerException if a setting, a header name or a header value is null
   * @throws IllegalArgumentException if a timeout is not positive, or a header name or value is not valid
   */
  public Transport {
    Require.positive(connectTimeout, "connectTimeout");
    Require.positive(writeTimeout, "writeTimeout");
    Require.positive(readTimeout, "readTimeout");
    Objects.requireNonNull(responseCheck, "check == null");
    Headers.Builder check = new Headers.Builder();
    headers.forEach(check::add); // validates both
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /**
   * {@return these settings with one more request header, replacing one of the same name}
   *
   * @param name the header name, for example {@code Authorization}
   * @param value its value
   * @throws IllegalArgumentException if the name or value is not a valid header
   */
  public Transport withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Transport(connectTimeout, writeTimeout, readTimeout, more, responseCheck);
  }

  /** {@return the settings, with the header names but not their values: they may hold credentials} */
  @Override
  public String toString() {
    return "Transport[connectTimeout=" + connectTimeout + ", writeTimeout=" + writeTimeout + ", readTimeout="
        + readTimeout + ", headers=" + headers.keySet() + ", responseCheck=" + responseCheck + ']';
  }
}
