package io.containernetstat.sink.prometheus.internal.web;

import io.containernetstat.sink.prometheus.WebConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Loads the certificates and the key a web-config file names, and checks that the key is the
 * certificate's (as Go's {@code tls.X509KeyPair} does), with errors that name file and key. Not API.
 */
final class Keys {
  private Keys() {}

  static List<X509Certificate> certificates(Path file, String key, String pem) throws WebConfigException {
    try {
      return Pem.certificates(pem);
    } catch (GeneralSecurityException e) {
      throw new WebConfigException(file, key, e.getMessage(), e);
    }
  }

  static PrivateKey privateKey(Path file, String key, String pem, X509Certificate certificate)
      throws WebConfigException {
    PrivateKey privateKey;
    try {
      privateKey = Pem.privateKey(pem);
    } catch (GeneralSecurityException e) {
      throw new WebConfigException(file, key, e.getMessage(), e);
    }
    if (!matches(privateKey, certificate)) {
      throw new WebConfigException(file, key, "the private key is not the one of the certificate ("
          + certificate.getSubjectX500Principal() + ")", null);
    }
    return privateKey;
  }

  private static String family(String algorithm) {
    return algorithm.startsWith("Ed") ? "EdDSA" : algorithm;
  }

  /** Signs with the key and verifies with the certificate: true when they belong together. */
  static boolean matches(PrivateKey key, X509Certificate certificate) {
    String family = family(key.getAlgorithm());
    if (!family.equals(family(certificate.getPublicKey().getAlgorithm()))) {
      return false;
    }
    String algorithm = family.equals("RSA") ? "SHA256withRSA" : family.equals("EC") ? "SHA256withECDSA" : family;
    try {
      byte[] probe = "container-netstat key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
