package io.containernetstat.agent.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** {@code --falcon-url}: an {@code http} or {@code https} URL with a host. */
public final class UrlConverter extends ParsingConverter<URI> {
  /** Made by picocli, from the option's {@code converter} attribute. */
  public UrlConverter() {}

  @Override
  protected URI parse(String value) {
    URI uri;
    try {
      uri = new URI(value.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + value + "' is not a URL: " + e.getReason(), e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new IllegalArgumentException("'" + value + "' is not an http(s) URL with a host");
    }
    return uri;
  }
}
