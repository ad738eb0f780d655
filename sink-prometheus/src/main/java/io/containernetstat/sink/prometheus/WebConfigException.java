package io.containernetstat.sink.prometheus;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A web-config file that cannot be used: unreadable, not YAML, an unknown key, a bad value, or a
 * certificate, key or password hash that does not load. The message names the file and the key:
 * {@code /etc/cn/web.yml: tls_server_config.cert_file: cannot read /etc/cn/tls.crt (no such file)}.
 */
public final class WebConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The file. */
  private final transient Path file;
  /** The key, dotted ({@code tls_server_config.cert_file}); empty for the file as a whole. */
  private final String key;

  /**
   * Creates the exception.
   *
   * @param file the web-config file
   * @param key the dotted key that is wrong, or empty for the file as a whole
   * @param problem what is wrong with it
   * @param cause the underlying failure, or null
   */
  public WebConfigException(Path file, String key, String problem, Throwable cause) {
    super(file + ": " + (key.isEmpty() ? "" : key + ": ") + problem, cause);
    this.file = Objects.requireNonNull(file, "file == null");
    this.key = Objects.requireNonNull(key, "key == null");
  }

  /** {@return the web-config file} */
  public Path file() {
    return file;
  }

  /** {@return the dotted key that is wrong ({@code tls_server_config.cert_file}), empty for the whole file} */
  public String key() {
    return key;
  }
}
