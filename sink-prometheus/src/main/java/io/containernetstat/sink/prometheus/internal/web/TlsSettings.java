package io.containernetstat.sink.prometheus.internal.web;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The {@code tls_server_config} of a web-config file once loaded and checked; immutable. Not API.
 *
 * @param chain the server's certificate first, then its intermediates
 * @param key the server's private key, matching {@code chain.get(0)}
 * @param clientAuth whether client certificates are asked for, required, verified
 * @param clientCas the CAs client certificates are verified against; empty when none is given
 * @param allowedSans when not empty, a client certificate must carry one of these subject alternative
 *     names (DNS, IP, e-mail or URI), exactly
 * @param protocols the TLS versions allowed, JSSE's names ({@code TLSv1.2}, {@code TLSv1.3})
 * @param cipherSuites the cipher suites allowed, IANA names; empty for the JDK's defaults
 * @param preferServerCipherSuites whether the server's order of {@code cipherSuites} wins over the client's
 */
public record TlsSettings(
    List<X509Certificate> chain,
    PrivateKey key,
    ClientAuthType clientAuth,
    List<X509Certificate> clientCas,
    List<String> allowedSans,
    List<String> protocols,
    List<String> cipherSuites,
    boolean preferServerCipherSuites) {

  /** Validates and copies. */
  public TlsSettings {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("chain is empty");
    }
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(clientAuth, "clientAuth == null");
    clientCas = List.copyOf(clientCas);
    allowedSans = List.copyOf(allowedSans);
    protocols = List.copyOf(protocols);
    cipherSuites = List.copyOf(cipherSuites);
  }

  @Override
  public String toString() { // no key material
    return "TlsSettings{subject=" + chain.get(0).getSubjectX500Principal() + ", clientAuth=" + clientAuth.text()
        + ", clientCas=" + clientCas.size() + ", allowedSans=" + allowedSans + ", protocols=" + protocols
        + ", cipherSuites=" + cipherSuites + '}';
  }
}
