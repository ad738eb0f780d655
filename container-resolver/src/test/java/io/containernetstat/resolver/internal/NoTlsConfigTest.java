package io.containernetstat.resolver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

class NoTlsConfigTest {

  @Test
  void theContextTrustsNoCertificateAndNeedsNoTrustStore() throws Exception {
    SSLContext context = NoTlsConfig.INSTANCE.getSSLContext();
    assertThat(context.getProtocol()).isEqualTo("TLS");
    // the JDK's trust store has authorities; the context given to docker-java trusts none of them
    TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    jdk.init((java.security.KeyStore) null);
    X509Certificate[] authorities = ((X509TrustManager) jdk.getTrustManagers()[0]).getAcceptedIssuers();
    assertThat(authorities).isNotEmpty();
    X509TrustManager nothing = trustManagerOf(context);
    assertThat(nothing.getAcceptedIssuers()).isEmpty();
    assertThatThrownBy(() -> nothing.checkServerTrusted(new X509Certificate[] {authorities[0]}, "RSA"))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("no TLS is configured");
  }

  private static X509TrustManager trustManagerOf(SSLContext context) throws Exception {
    // the context keeps the trust manager it was given; NoTlsConfig hands it out through a fresh init
    java.lang.reflect.Field f = NoTlsConfig.class.getDeclaredClasses()[0].getDeclaredField("INSTANCE");
    f.setAccessible(true);
    return (X509TrustManager) f.get(null);
  }
}
