package io.containernetstat.sink.prometheus.internal;

import io.containernetstat.sink.prometheus.internal.http.Exchange;
import io.containernetstat.sink.prometheus.internal.web.BasicAuth;
import io.containernetstat.sink.prometheus.internal.web.TokenBucket;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Decides what becomes of each request, on the server's event loop: the rate limit, then basic
 * authentication, then the path. Short answers are given at once; a page to render goes to the request
 * threads, in arrival order; requests for the same page that wait at the same time share one render
 * ({@link SharedRenders}). Thread-safe. Not API.
 *
 * <p>The same rules hold for every path, {@code /healthz} included, as in exporter-toolkit.
 */
public final class Routes implements Consumer<Exchange> {
  private final MetricsHandler metrics;
  private final String metricsPath;
  private final String metricsPathSlash;
  private final AuxiliaryHandler auxiliary;
  private final BasicAuth auth;
  private final TokenBucket limit;
  private final Executor renderers;
  private final SharedRenders shared = new SharedRenders();

  /**
   * @param metrics serves the metrics
   * @param metricsPath where: {@code /metrics} unless told otherwise (with or without a trailing slash)
   * @param auxiliary serves the other paths
   * @param auth checks credentials, or null when none are asked for
   * @param limit the rate limit, or null for none
   * @param renderers the request threads that render pages
   */
  public Routes(MetricsHandler metrics, String metricsPath, AuxiliaryHandler auxiliary, BasicAuth auth,
      TokenBucket limit, Executor renderers) {
    this.metrics = metrics;
    this.metricsPath = metricsPath;
    this.metricsPathSlash = metricsPath.endsWith("/") ? metricsPath : metricsPath + "/";
    this.auxiliary = auxiliary;
    this.auth = auth;
    this.limit = limit;
    this.renderers = renderers;
  }

  @Override
  public void accept(Exchange exchange) {
    if (limit != null && !limit.allow()) {
      exchange.respond(429, "too many requests\n");
      return;
    }
    if (auth == null) {
      serve(exchange);
      return;
    }
    auth.check(exchange.header("Authorization"), verdict -> {
      switch (verdict) {
        case ALLOWED:
          serve(exchange);
          break;
        case BUSY:
          exchange.respond(503, "too many password checks waiting; try again\n", "Retry-After", "1");
          break;
        default:
          exchange.respond(401, "unauthorized\n", "WWW-Authenticate", "Basic realm=\"container-netstat\", charset=\"UTF-8\"");
      }
    });
  }

  private void serve(Exchange exchange) {
    String path = exchange.path();
    if (!path.equals(metricsPath) && !path.equals(metricsPathSlash)) {
      auxiliary.handle(exchange);
      return;
    }
    MetricsHandler.Page page = metrics.prepare(exchange);
    if (page == null) {
      return; // answered
    }
    SharedRenders.Group group = shared.enter(page.key(), exchange);
    if (group == null) {
      return; // joined a render queued for the same page
    }
    try {
      renderers.execute(() -> metrics.render(page, shared.start(group)));
    } catch (RejectedExecutionException e) {
      for (Exchange waiting : shared.start(group)) {
        waiting.respond(503, "the endpoint is shutting down; try again\n", "Retry-After", "1");
      }
    }
  }
}
