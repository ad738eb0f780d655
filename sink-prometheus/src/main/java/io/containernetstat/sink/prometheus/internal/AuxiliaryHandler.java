package io.containernetstat.sink.prometheus.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Serves every path but {@code /metrics}: {@code /healthz}, a landing page at {@code /}, and 404 for the
 * rest; thread-safe. Not API.
 *
 * <p>{@code /healthz} never collects: it answers {@code 200 ok} from what is already known, so a probe
 * cannot trigger procfs reads and keeps answering while a collection runs.
 */
public final class AuxiliaryHandler implements HttpHandler {
  private final Supplier<Optional<Instant>> lastCollection;
  private final Clock clock;

  /**
   * Creates the handler.
   *
   * @param lastCollection when the last collection started, without collecting; empty before the first
   * @param clock the clock the age is measured with
   */
  public AuxiliaryHandler(Supplier<Optional<Instant>> lastCollection, Clock clock) {
    this.lastCollection = java.util.Objects.requireNonNull(lastCollection, "lastCollection == null");
    this.clock = java.util.Objects.requireNonNull(clock, "clock == null");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) { // closing drains a stray request body, at most 64 KiB, then drops the connection
      String path = exchange.getRequestURI().getPath();
      switch (path) {
        case "/healthz":
          respond(exchange, 200, health());
          break;
        case "/":
          respond(exchange, 200, "container-netstat\n\n/metrics  per-container network figures\n"
              + "/healthz  health check (does not collect)\n");
          break;
        default:
          respond(exchange, 404, "not found: " + path + "\n");
      }
    }
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

  /** Sends a short text/plain answer (headers alone for HEAD); the caller closes the exchange. */
  static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    if ("HEAD".equalsIgnoreCase(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
