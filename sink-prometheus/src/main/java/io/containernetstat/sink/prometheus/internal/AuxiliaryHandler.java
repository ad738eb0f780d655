package io.containernetstat.sink.prometheus.internal;

import io.containernetstat.sink.prometheus.internal.http.Exchange;
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
 * cannot trigger procfs reads and keeps answering while a collection runs. Every answer is short and
 * computed without blocking, so it is given on the server's event loop, ahead of scrapes waiting for a
 * request thread: a liveness probe is never queued behind them.
 */
public final class AuxiliaryHandler {
  private final Supplier<Optional<Instant>> lastCollection;
  private final Clock clock;

  /**
   * Creates the handler.
   *
   * @param lastCollection when the last collection started, without collecting and without blocking (it
   *     is called on the event loop); empty before the first
   * @param clock the clock the age is measured with
   */
  public AuxiliaryHandler(Supplier<Optional<Instant>> lastCollection, Clock clock) {
    this.lastCollection = java.util.Objects.requireNonNull(lastCollection, "lastCollection == null");
    this.clock = java.util.Objects.requireNonNull(clock, "clock == null");
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
        exchange.respond(200, "container-netstat\n\n/metrics  per-container network figures\n"
            + "/healthz  health check (does not collect)\n");
        break;
      default:
        exchange.respond(404, "not found: " + path + "\n");
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
}
