package io.containernetstat.sink.prometheus;

import io.containernetstat.sink.prometheus.internal.web.WebConfigParser;
import io.containernetstat.sink.prometheus.internal.web.WebSettings;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * TLS, client certificates, basic authentication, extra response headers and a rate limit for the
 * {@link PrometheusEndpoint}, from a web-config file in the format of Prometheus' exporter-toolkit (the
 * {@code --web.config.file} of node_exporter and the other exporters); immutable and thread-safe.
 *
 * <pre>
 * tls_server_config:
 *   cert_file: tls.crt          # relative paths are taken from the file's directory
 *   key_file: tls.key
 *   client_auth_type: RequireAndVerifyClientCert
 *   client_ca_file: ca.crt
 * basic_auth_users:             # bcrypt: htpasswd -nBC 10 "" | tr -d ':\n'
 *   prometheus: $2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG
 * </pre>
 *
 * <p>The file is read once, by {@link #load(Path)}, with every certificate, key and hash it names; a
 * change takes effect when the agent is restarted (exporter-toolkit re-reads it per request). Every key
 * exporter-toolkit knows is read with its meaning, except two: {@code http_server_config.http2} is
 * accepted and has no effect (the endpoint speaks HTTP/1.1), and {@code tls_server_config.curve_preferences}
 * is refused (Java 17 cannot choose the curves of one server).
 */
public final class WebConfig {
  private static final WebConfig NONE = new WebConfig(WebSettings.NONE, null);

  private final WebSettings settings;
  private final Path source;

  private WebConfig(WebSettings settings, Path source) {
    this.settings = settings;
    this.source = source;
  }

  /** {@return plain HTTP, no authentication: what the endpoint does without a web-config file} */
  public static WebConfig none() {
    return NONE;
  }

  /**
   * Reads a web-config file and everything it names.
   *
   * @param file the file; an empty one means plain HTTP without authentication, as in exporter-toolkit
   * @return its settings
   * @throws WebConfigException naming the file and the key, if the file cannot be read, is not valid YAML,
   *     has an unknown or duplicated key or a bad value, or names a certificate, key or hash that does not load
   */
  public static WebConfig load(Path file) throws WebConfigException {
    Objects.requireNonNull(file, "file == null");
    return new WebConfig(WebConfigParser.parse(file), file);
  }

  /** {@return the file these settings were read from; empty for {@link #none()}} */
  public Optional<Path> source() {
    return Optional.ofNullable(source);
  }

  /** {@return whether the endpoint serves HTTPS (and refuses plain HTTP)} */
  public boolean tls() {
    return settings.tls() != null;
  }

  /** {@return the {@code client_auth_type} in force, {@code NoClientCert} without TLS} */
  public String clientAuthType() {
    return settings.tls() == null ? "NoClientCert" : settings.tls().clientAuth().text();
  }

  /** {@return the users who may authenticate, sorted; empty when no authentication is asked for} */
  public Set<String> users() {
    return java.util.Collections.unmodifiableSet(new TreeSet<>(settings.users().keySet()));
  }

  /** The parsed settings, for the endpoint. */
  WebSettings settings() {
    return settings;
  }

  @Override
  public String toString() {
    return "WebConfig{source=" + source + ", tls=" + tls() + ", clientAuthType=" + clientAuthType()
        + ", users=" + users() + ", headers=" + settings.headers() + ", rateLimit=" + settings.rateLimit() + '}';
  }
}
