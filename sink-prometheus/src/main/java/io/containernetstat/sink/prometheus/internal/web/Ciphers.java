package io.containernetstat.sink.prometheus.internal.web;

import io.containernetstat.sink.prometheus.WebConfigException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;

/**
 * {@code cipher_suites}: Go's names, which are the IANA names JSSE uses too, checked against what this
 * JDK supports. Not API.
 *
 * <p>As in Go, the list governs TLS 1.2 and below only: TLS 1.3's suites stay enabled whatever it says
 * (Go does not let them be chosen), so a list of TLS 1.2 suites does not turn TLS 1.3 off.
 */
final class Ciphers {
  /** TLS 1.3's suites, which JSSE and Go both enable. */
  static final List<String> TLS13 = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
      "TLS_CHACHA20_POLY1305_SHA256");

  private Ciphers() {}

  /**
   * Checks the suites of {@code cipher_suites}.
   *
   * @return the JSSE names to enable, TLS 1.3's among them; empty when the key is absent (the JDK's defaults)
   * @throws WebConfigException naming a suite this JDK does not know
   */
  static List<String> check(ConfigNode node) throws WebConfigException {
    List<String> names = node.strings();
    if (names.isEmpty()) {
      return names;
    }
    Set<String> supported;
    try {
      supported = new TreeSet<>(Arrays.asList(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites()));
    } catch (NoSuchAlgorithmException e) {
      throw node.error("this JDK has no TLS", e);
    }
    List<String> out = new ArrayList<>();
    for (String name : names) {
      // Go's older names of the ChaCha20 suites lack the _SHA256 that IANA and JSSE give them
      String jsse = name.endsWith("_CHACHA20_POLY1305") ? name + "_SHA256" : name;
      if (!supported.contains(jsse)) {
        throw node.error("unknown cipher suite '" + name + "' (this JDK supports: " + String.join(", ", supported) + ")");
      }
      if (!out.contains(jsse)) {
        out.add(jsse);
      }
    }
    for (String s : TLS13) {
      if (!out.contains(s) && supported.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }
}
