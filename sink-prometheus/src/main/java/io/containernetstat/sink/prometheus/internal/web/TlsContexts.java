package io.containernetstat.sink.prometheus.internal.web;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Builds the server's TLS context from {@link TlsSettings}, with the JDK's own TLS. Not API. */
public final class TlsContexts {
  private TlsContexts() {}

  /**
   * Builds the context.
   *
   * @param tls the settings
   * @return a server context; each connection takes an engine from it
   * @throws GeneralSecurityException if the JDK refuses the key, the certificates or a setting
   */
  public static SslContext server(TlsSettings tls) throws GeneralSecurityException {
    char[] password = new char[0];
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try {
      keys.load(null, password);
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException(e);
    }
    keys.setKeyEntry("server", tls.key(), password, tls.chain().toArray(new X509Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), new TrustManager[] {trustManager(tls)}, null);
    ClientAuth auth = tls.clientAuth() == ClientAuthType.NO_CLIENT_CERT ? ClientAuth.NONE
        : tls.clientAuth().required() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL;
    return new JdkSslContext(context, false, tls.cipherSuites().isEmpty() ? null : tls.cipherSuites(),
        IdentityCipherSuiteFilter.INSTANCE_DEFAULTING_TO_SUPPORTED_CIPHERS, null, auth,
        tls.protocols().toArray(new String[0]), false);
  }

  private static X509TrustManager trustManager(TlsSettings tls) throws GeneralSecurityException {
    X509TrustManager verifier = null;
    if (tls.clientAuth().verified()) {
      KeyStore cas = KeyStore.getInstance("PKCS12");
      try {
        cas.load(null, null);
      } catch (java.io.IOException e) {
        throw new GeneralSecurityException(e);
      }
      int i = 0;
      for (X509Certificate ca : tls.clientCas()) {
        cas.setCertificateEntry("ca-" + i++, ca);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(cas);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager) {
          verifier = (X509TrustManager) tm;
        }
      }
      if (verifier == null) {
        throw new GeneralSecurityException("the JDK gave no X.509 trust manager");
      }
    }
    return new ClientCertificates(verifier, tls.allowedSans());
  }
}
