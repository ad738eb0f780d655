package io.containernetstat.sink.prometheus.internal.web;

/**
 * exporter-toolkit's {@code client_auth_type} values, which are Go's {@code tls.ClientAuthType}. Not API.
 */
public enum ClientAuthType {
  /** No client certificate is asked for (the default). */
  NO_CLIENT_CERT("NoClientCert", false, false),
  /** A certificate is asked for, not required, and not verified. Insecure; for tests and migrations. */
  REQUEST_CLIENT_CERT("RequestClientCert", false, false),
  /** A certificate is required but not verified. Insecure; for tests and migrations. */
  REQUIRE_ANY_CLIENT_CERT("RequireAnyClientCert", true, false),
  /** A certificate is not required; one that is given must verify against the client CAs. */
  VERIFY_CLIENT_CERT_IF_GIVEN("VerifyClientCertIfGiven", false, true),
  /** A certificate is required and must verify against the client CAs: client authentication proper. */
  REQUIRE_AND_VERIFY_CLIENT_CERT("RequireAndVerifyClientCert", true, true);

  private final String text;
  private final boolean required;
  private final boolean verified;

  ClientAuthType(String text, boolean required, boolean verified) {
    this.text = text;
    this.required = required;
    this.verified = verified;
  }

  /** {@return the value as written in the file} */
  public String text() {
    return text;
  }

  /** {@return whether a client without a certificate is refused} */
  public boolean required() {
    return required;
  }

  /** {@return whether a given certificate must verify against the client CAs} */
  public boolean verified() {
    return verified;
  }

  /**
   * Finds a value by its text; {@code RequireClientCert} is exporter-toolkit's old name of
   * {@code RequireAnyClientCert}, and empty means {@code NoClientCert}.
   *
   * @return the value, or null if {@code text} is none of them
   */
  public static ClientAuthType of(String text) {
    if (text.isEmpty()) {
      return NO_CLIENT_CERT;
    }
    if (text.equals("RequireClientCert")) {
      return REQUIRE_ANY_CLIENT_CERT;
    }
    for (ClientAuthType t : values()) {
      if (t.text.equals(text)) {
        return t;
      }
    }
    return null;
  }
}
