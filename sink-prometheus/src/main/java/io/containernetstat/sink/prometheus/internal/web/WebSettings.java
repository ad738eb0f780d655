package io.containernetstat.sink.prometheus.internal.web;

import java.util.Map;
import java.util.TreeMap;

/**
 * A web-config file once loaded and checked; immutable. Not API: {@code WebConfig} is.
 *
 * @param tls the TLS settings, or null for plain HTTP
 * @param users bcrypt hashes by user name; empty when no authentication is asked for
 * @param headers headers added to every response
 * @param rateLimit the rate limit, or null for none
 */
public record WebSettings(TlsSettings tls, Map<String, String> users, Map<String, String> headers,
    RateLimit rateLimit) {
  /** Plain HTTP, no authentication, no extra headers, no rate limit. */
  public static final WebSettings NONE = new WebSettings(null, Map.of(), Map.of(), null);

  /** Copies. */
  public WebSettings {
    users = Map.copyOf(users);
    headers = java.util.Collections.unmodifiableMap(new TreeMap<>(headers));
  }

  @Override
  public String toString() { // no hashes
    return "WebSettings{tls=" + tls + ", users=" + new TreeMap<>(users).keySet() + ", headers=" + headers
        + ", rateLimit=" + rateLimit + '}';
  }
}
