package io.containernetstat.sink.prometheus.internal.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates and private keys in PEM, as Go's {@code tls.X509KeyPair} takes them: certificates
 * ({@code CERTIFICATE} blocks), and an unencrypted private key in PKCS#8 ({@code PRIVATE KEY}: RSA, EC,
 * Ed25519), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC 1 ({@code EC PRIVATE KEY}) form. Other blocks
 * ({@code EC PARAMETERS}) and text between blocks are skipped. Not API.
 */
final class Pem {
  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

  private Pem() {}

  /** One PEM block: its label and its DER bytes. */
  private record Block(String label, byte[] der) {}

  private static List<Block> blocks(String text) throws GeneralSecurityException {
    List<Block> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      try {
        out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
      } catch (IllegalArgumentException e) {
        throw new GeneralSecurityException("the " + m.group(1) + " block is not valid base64");
      }
    }
    return out;
  }

  /**
   * Reads the certificates of a PEM text, in order.
   *
   * @throws GeneralSecurityException if there is none, or one does not parse
   */
  static List<X509Certificate> certificates(String text) throws GeneralSecurityException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    for (Block b : blocks(text)) {
      if (b.label.equals("CERTIFICATE")) {
        try {
          out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der)));
        } catch (CertificateException e) {
          throw new GeneralSecurityException("certificate " + (out.size() + 1) + " does not parse: " + e.getMessage(), e);
        }
      }
    }
    if (out.isEmpty()) {
      throw new GeneralSecurityException("no PEM CERTIFICATE block found");
    }
    return out;
  }

  /**
   * Reads the private key of a PEM text.
   *
   * @throws GeneralSecurityException if there is none, it is encrypted, or it does not parse
   */
  static PrivateKey privateKey(String text) throws GeneralSecurityException {
    for (Block b : blocks(text)) {
      switch (b.label) {
        case "PRIVATE KEY":
          return pkcs8(b.der);
        case "RSA PRIVATE KEY":
          return pkcs8(Der.pkcs8(Der.RSA_ENCRYPTION, null, b.der));
        case "EC PRIVATE KEY":
          return pkcs8(Der.pkcs8(Der.EC_PUBLIC_KEY, Der.sec1Curve(b.der), b.der));
        case "ENCRYPTED PRIVATE KEY":
          throw new GeneralSecurityException("the private key is encrypted; give it unencrypted "
              + "(openssl pkey -in KEY -out PLAIN), as exporter-toolkit needs it too");
        default:
          if (b.label.endsWith("PRIVATE KEY")) {
            throw new GeneralSecurityException("unsupported key block '" + b.label + "'; use PKCS#8 (PRIVATE KEY)");
          }
      }
    }
    throw new GeneralSecurityException("no PEM PRIVATE KEY block found");
  }

  private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    GeneralSecurityException last = null;
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new GeneralSecurityException("the private key does not parse as RSA, EC or Ed25519", last);
  }

  /** The few DER structures needed to turn PKCS#1 and SEC 1 keys into PKCS#8. */
  static final class Der {
    /** 1.2.840.113549.1.1.1 */
    static final byte[] RSA_ENCRYPTION = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
        0x01, 0x01};
    /** 1.2.840.10045.2.1 */
    static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] NULL = {0x05, 0x00};

    private Der() {}

    /** PrivateKeyInfo ::= SEQUENCE { 0, AlgorithmIdentifier { oid, params }, OCTET STRING key } */
    static byte[] pkcs8(byte[] algorithm, byte[] parameters, byte[] key) {
      byte[] version = {0x02, 0x01, 0x00};
      byte[] identifier = tlv(0x30, concat(algorithm, parameters == null ? NULL : parameters));
      return tlv(0x30, concat(version, identifier, tlv(0x04, key)));
    }

    /**
     * The named-curve OID of a SEC 1 ECPrivateKey ::= SEQUENCE { version, OCTET STRING,
     * [0] parameters OPTIONAL, [1] public key OPTIONAL }, as a whole OID element.
     */
    static byte[] sec1Curve(byte[] der) throws GeneralSecurityException {
      int[] seq = header(der, 0, 0x30);
      int p = seq[0];
      int end = seq[0] + seq[1];
      while (p < end) {
        int tag = der[p] & 0xff;
        int[] h = header(der, p, tag);
        if (tag == 0xa0) {
          int[] oid = header(der, h[0], 0x06);
          byte[] out = new byte[oid[0] + oid[1] - h[0]];
          System.arraycopy(der, h[0], out, 0, out.length);
          return out;
        }
        p = h[0] + h[1];
      }
      throw new GeneralSecurityException("the EC PRIVATE KEY names no curve");
    }

    /** {@return the start and length of the contents of the element at {@code at}} */
    private static int[] header(byte[] der, int at, int tag) throws GeneralSecurityException {
      if (at + 2 > der.length || (der[at] & 0xff) != tag) {
        throw new GeneralSecurityException("malformed DER in the private key");
      }
      int len = der[at + 1] & 0xff;
      int p = at + 2;
      if (len >= 0x80) {
        int n = len & 0x7f;
        if (n == 0 || n > 3 || p + n > der.length) {
          throw new GeneralSecurityException("malformed DER length in the private key");
        }
        len = 0;
        for (int i = 0; i < n; i++) {
          len = (len << 8) | (der[p++] & 0xff);
        }
      }
      if (p + len > der.length) {
        throw new GeneralSecurityException("truncated DER in the private key");
      }
      return new int[] {p, len};
    }

    private static byte[] tlv(int tag, byte[] value) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
      out.write(tag);
      int n = value.length;
      if (n < 0x80) {
        out.write(n);
      } else if (n < 0x100) {
        out.write(0x81);
        out.write(n);
      } else if (n < 0x10000) {
        out.write(0x82);
        out.write(n >> 8);
        out.write(n);
      } else {
        out.write(0x83);
        out.write(n >> 16);
        out.write(n >> 8);
        out.write(n);
      }
      out.writeBytes(value);
      return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (byte[] p : parts) {
        out.writeBytes(p);
      }
      return out.toByteArray();
    }
  }
}
