package io.containernetstat.sink.prometheus.internal;

import io.containernetstat.sink.prometheus.BuildInfo;
import io.containernetstat.sink.prometheus.internal.http.Exchange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Serves every path but the metrics': {@code /healthz}, a landing page at {@code /}, and 404 for the
 * rest; thread-safe. Not API.
 *
 * <p>The landing page is HTML in the manner of exporter-toolkit's (node_exporter's {@code /}): the name, a
 * line saying what the agent exports, links to the metrics and {@code /healthz}, and the version, revision
 * and Java runtime when they are known. It is made once, when the handler is.
 *
 * <p>{@code /healthz} never collects: it answers {@code 200 ok} from what is already known, so a probe
 * cannot trigger procfs reads and keeps answering while a collection runs. Every answer is short and
 * computed without blocking, so it is given on the server's event loop, ahead of scrapes waiting for a
 * request thread: a liveness probe is never queued behind them.
 */
public final class AuxiliaryHandler {
  private final Supplier<Optional<Instant>> lastCollection;
  private final Clock clock;
  private final String landingPage;

  /**
   * Creates the handler.
   *
   * @param lastCollection when the last collection started, without collecting and without blocking (it
   *     is called on the event loop); empty before the first
   * @param clock the clock the age is measured with
   * @param metricsPath where the metrics are served, which the landing page links to
   * @param buildInfo the version the landing page shows, or null for none
   */
  public AuxiliaryHandler(Supplier<Optional<Instant>> lastCollection, Clock clock, String metricsPath,
      BuildInfo buildInfo) {
    this.lastCollection = java.util.Objects.requireNonNull(lastCollection, "lastCollection == null");
    this.clock = java.util.Objects.requireNonNull(clock, "clock == null");
    this.landingPage = landingPage(java.util.Objects.requireNonNull(metricsPath, "metricsPath == null"), buildInfo);
  }

  /**
   * Answers a request for any path but {@code /metrics}.
   *
   * @param exchange the request
   */
  public void handle(Exchange exchange) {
    String path = exchange.path();
    String method = exchange.method();
    if (!"GET".equalsIgnoreCase(method) && !"HEAD".equalsIgnoreCase(method)) {
      exchange.respond(405, "method not allowed: " + method + "\n", "Allow", "GET, HEAD");
      return;
    }
    switch (path) {
      case "/healthz":
        exchange.respond(200, health());
        break;
      case "/":
        exchange.respond(200, landingPage, "Content-Type", "text/html; charset=utf-8");
        break;
      default:
        exchange.respond(404, "not found: " + path + "\n");
    }
  }

  /** {@return the landing page: exporter-toolkit's layout, without its style sheet} */
  static String landingPage(String metricsPath, BuildInfo build) {
    StringBuilder html = new StringBuilder(1024);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n  <head>\n    <meta charset=\"UTF-8\">\n")
        .append("    <title>container-netstat</title>\n  </head>\n  <body>\n")
        .append("    <header>\n      <h1>container-netstat</h1>\n    </header>\n")
        .append("    <div id=\"description\">\n      <p>TCP/UDP figures per container network namespace, "
            + "for Prometheus</p>\n    </div>\n")
        .append("    <div>\n      <ul>\n        <li><a href=\"");
    escapeHtml(metricsPath, html).append("\">Metrics</a></li>\n")
        .append("        <li><a href=\"/healthz\">Health check</a> (does not collect)</li>\n      </ul>\n    </div>\n");
    if (build != null) {
      html.append("    <div id=\"version\">\n      <h2>Version</h2>\n      <pre>version=");
      escapeHtml(build.version(), html).append(", revision=");
      escapeHtml(build.revision(), html).append(", java_version=");
      escapeHtml(build.javaVersion(), html).append("</pre>\n    </div>\n");
    }
    return html.append("  </body>\n</html>\n").toString();
  }

  /** Appends text as HTML text or attribute value: {@code & < > " '} as entities. */
  static StringBuilder escapeHtml(String text, StringBuilder out) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out;
  }

  private String health() {
    Optional<Instant> last = lastCollection.get();
    if (last.isEmpty()) {
      return "ok\n";
    }
    long millis = Duration.between(last.get(), clock.instant()).toMillis();
    return "ok\nlast_collection_age_seconds " + seconds(millis) + "\n";
  }

  /**
   * Milliseconds as seconds with three decimals, {@code 3.007}; by arithmetic, because
   * {@code String.format} would load the JDK's locale machinery (~300 classes) for a liveness probe.
   */
  static String seconds(long millis) {
    String sign = millis < 0 ? "-" : "";
    long abs = Math.abs(millis);
    return sign + abs / 1000 + "." + Long.toString(1000 + abs % 1000).substring(1);
  }
}
