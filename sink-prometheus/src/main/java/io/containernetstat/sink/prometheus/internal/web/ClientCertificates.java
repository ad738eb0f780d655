package io.containernetstat.sink.prometheus.internal.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.X509TrustManager;

/**
 * Decides whether a client certificate is accepted: verified against the client CAs when
 * {@code client_auth_type} asks for it, and carrying one of {@code client_allowed_sans} when that list is
 * given (exact match on a DNS, IP, e-mail or URI subject alternative name, as exporter-toolkit). A
 * refused certificate fails the TLS handshake. Thread-safe. Not API.
 */
final class ClientCertificates implements X509TrustManager {
  private static final int EMAIL = 1;
  private static final int DNS = 2;
  private static final int URI = 6;
  private static final int IP = 7;

  private final X509TrustManager verifier;
  private final List<String> allowedSans;

  /**
   * @param verifier verifies the chain against the client CAs, or null to accept any chain
   * @param allowedSans names one of which the client's certificate must carry; empty for any
   */
  ClientCertificates(X509TrustManager verifier, List<String> allowedSans) {
    this.verifier = verifier;
    this.allowedSans = List.copyOf(allowedSans);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    if (verifier != null) {
      verifier.checkClientTrusted(chain, authType);
    }
    if (!allowedSans.isEmpty() && (chain.length == 0 || !hasAllowedSan(chain[0]))) {
      throw new CertificateException("the client certificate carries none of the allowed SANs " + allowedSans);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("a server's trust manager does not check servers");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return verifier == null ? new X509Certificate[0] : verifier.getAcceptedIssuers();
  }

  private boolean hasAllowedSan(X509Certificate certificate) throws CertificateParsingException {
    Collection<List<?>> names = certificate.getSubjectAlternativeNames();
    if (names == null) {
      return false;
    }
    for (List<?> entry : names) {
      int type = (Integer) entry.get(0);
      if (!(entry.get(1) instanceof String)) {
        continue;
      }
      String value = (String) entry.get(1);
      if (type == IP) {
        if (allowedSans.stream().anyMatch(allowed -> sameAddress(allowed, value))) {
          return true;
        }
      } else if ((type == DNS || type == EMAIL || type == URI) && allowedSans.contains(value)) {
        return true;
      }
    }
    return false;
  }

  /** IP SANs compare as addresses: Go prints {@code ::1}, the JDK {@code 0:0:0:0:0:0:0:1}. */
  static boolean sameAddress(String allowed, String san) {
    if (allowed.equals(san)) {
      return true;
    }
    if (!looksNumeric(allowed)) {
      return false; // never resolve a host name here
    }
    try {
      return InetAddress.getByName(allowed).equals(InetAddress.getByName(san));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** An IPv4 literal, or an IPv6 one (which has a colon): getByName never looks those up. */
  private static boolean looksNumeric(String s) {
    return s.matches("\\d{1,3}(\\.\\d{1,3}){3}") || s.indexOf(':') >= 0 && s.matches("[0-9A-Fa-f:.]+");
  }
}
