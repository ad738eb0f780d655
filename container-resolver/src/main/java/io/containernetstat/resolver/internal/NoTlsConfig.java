package io.containernetstat.resolver.internal;

import com.github.dockerjava.transport.SSLConfig;
import java.security.NoSuchAlgorithmException;
import java.security.KeyManagementException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS configuration given to docker-java's HTTP client when the daemon is reached through its unix
 * socket: a context that trusts no certificate. (Not for {@code tcp://}: there the client speaks HTTPS
 * whenever it has TLS settings, so a host without {@code DOCKER_TLS_VERIFY} gets none.)
 *
 * <p>Without it the client builds the JVM's default context, which loads and parses every certificate of the
 * JDK's trust store (about 150 certificates, 1.5 MB of live heap that stays for the life of the client), for a
 * connection that never speaks TLS.
 */
final class NoTlsConfig implements SSLConfig {

  static final NoTlsConfig INSTANCE = new NoTlsConfig();

  private NoTlsConfig() {
  }

  @Override
  public SSLContext getSSLContext() throws KeyManagementException, NoSuchAlgorithmException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {TrustNothing.INSTANCE}, null);
    return context;
  }

  /** A trust manager that accepts no certificate chain. */
  private static final class TrustNothing implements X509TrustManager {
    static final TrustNothing INSTANCE = new TrustNothing();

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("no TLS is configured for the Docker daemon (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH)");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("no TLS is configured for the Docker daemon (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH)");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
