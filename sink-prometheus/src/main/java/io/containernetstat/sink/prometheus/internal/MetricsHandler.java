package io.containernetstat.sink.prometheus.internal;

import io.containernetstat.sink.prometheus.internal.http.Exchange;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.MetricNameFilter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;

/**
 * Serves {@code /metrics} from a registry with client_java's exposition writers, streaming the page;
 * thread-safe. Not API.
 *
 * <p>What client_java's own handler does, except that the response is written as it is rendered
 * (chunked) instead of into a buffer sized to the whole page first: at 300 namespaces an uncompressed
 * page is about 1 MB, which a small heap would otherwise hold once per concurrent scrape, twice while
 * the buffer grows.
 * <ul>
 *   <li>Format by the {@code Accept} header: Prometheus text 0.0.4 (default), OpenMetrics 1.0.0, or the
 *       protobuf format when {@code prometheus-metrics-exposition-formats} is on the class path; name
 *       escaping as the header asks.</li>
 *   <li>gzip when {@code Accept-Encoding} lists it.</li>
 *   <li>{@code ?name[]=a&name[]=b}: only those families.</li>
 *   <li>{@code ?debug=text|openmetrics|prometheus-protobuf}: that format as plain text, for people.</li>
 *   <li>{@code HEAD}: the headers alone, without collecting.</li>
 * </ul>
 * A scrape that fails before the first byte is answered {@code 500} with the reason; one that fails later
 * is cut off, which the scraper sees as a broken response, never as a short page.
 */
public final class MetricsHandler {
  private static final int BUFFER = 8192;

  private final PrometheusRegistry registry;
  private final ExpositionFormats formats = ExpositionFormats.init();

  /**
   * Creates the handler.
   *
   * @param registry what is exported
   */
  public MetricsHandler(PrometheusRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry == null");
  }

  /**
   * What a {@code GET /metrics} asks for, once checked: requests with the same {@link #key()} get the
   * same bytes, so they can share one render.
   *
   * @param key format, escaping, compression, debug and names, as one string
   * @param writer the exposition writer
   * @param contentType the response's content type
   * @param debug whether the format is shown as plain text
   * @param gzip whether the page is compressed
   * @param escaping the name escaping the scraper asked for
   * @param filter the families asked for
   */
  public record Page(String key, ExpositionFormatWriter writer, String contentType, boolean debug, boolean gzip,
      EscapingScheme escaping, Predicate<String> filter) {}

  /**
   * Reads a request for {@code /metrics}: answers at once what needs no page ({@code HEAD}, a wrong
   * method, a bad {@code debug=}); does not block, so it runs on the server's event loop.
   *
   * @param exchange the request
   * @return the page to render for it, or null when it was answered
   */
  public Page prepare(Exchange exchange) {
    String method = exchange.method();
    if (!"GET".equalsIgnoreCase(method) && !"HEAD".equalsIgnoreCase(method)) {
      exchange.respond(405, "method not allowed: " + method + "\n", "Allow", "GET, HEAD");
      return null;
    }
    Query query = Query.parse(exchange.rawQuery());
    String accept = exchange.header("Accept");
    ExpositionFormatWriter writer;
    if (query.debug != null) {
      writer = debugWriter(query.debug);
      if (writer == null) {
        exchange.respond(400, "debug=" + query.debug
            + ": unsupported; use debug=text, debug=openmetrics or debug=prometheus-protobuf\n");
        return null;
      }
    } else {
      writer = formats.findWriter(accept);
    }
    boolean debug = query.debug != null;
    String contentType = debug ? "text/plain; charset=utf-8" : writer.getContentType();
    if (exchange.head()) {
      exchange.respond(200, "", "Content-Type", contentType);
      return null;
    }
    EscapingScheme escaping = EscapingScheme.fromAcceptHeader(accept);
    boolean gzip = !debug && acceptsGzip(exchange.headers("Accept-Encoding"));
    String key = contentType + '|' + escaping + '|' + gzip + '|' + query.debug + '|' + query.names;
    return new Page(key, writer, contentType, debug, gzip, escaping, query.filter());
  }

  /**
   * Renders a page once and sends it to every exchange that asked for it; blocks while clients read.
   *
   * @param page what to render
   * @param exchanges who asked for it (at least one)
   */
  public void render(Page page, List<Exchange> exchanges) {
    MetricSnapshots snapshots;
    Exposition scrape;
    try {
      scrape = page.debug() && page.writer() == formats.getPrometheusProtobufWriter()
          ? null : Exposition.scrape(registry, page.filter(), page.writer(), page.escaping());
      snapshots = scrape == null ? registry.scrape(page.filter()) : null;
    } catch (RuntimeException e) {
      for (Exchange exchange : exchanges) {
        exchange.respond(500, "collection failed: " + e + "\n");
      }
      return;
    }
    for (Exchange exchange : exchanges) {
      if (page.gzip()) {
        exchange.begin(200, "Content-Type", page.contentType(), "Content-Encoding", "gzip");
      } else {
        exchange.begin(200, "Content-Type", page.contentType());
      }
    }
    PageStream raw = new PageStream(exchanges);
    Gzip gz = null;
    try {
      gz = page.gzip() ? new Gzip(raw) : null;
      OutputStream body = gz != null ? gz : raw;
      if (scrape == null) {
        body.write(page.writer().toDebugString(snapshots, page.escaping()).getBytes(StandardCharsets.UTF_8));
      } else {
        scrape.write(body);
      }
      body.close(); // the end of the gzip stream and the last bytes
      for (Exchange exchange : raw.clients()) {
        exchange.finish();
      }
    } catch (IOException | RuntimeException e) {
      // Not finished: closing the connections without the last chunk hands the scrapers a broken
      // response; finishing would hand them a well-formed page with series missing.
      if (gz != null) {
        gz.abandon();
      }
      for (Exchange exchange : raw.clients()) {
        exchange.abort();
      }
    }
  }

  /** A gzip stream whose native deflater can be freed without writing the stream's end. */
  private static final class Gzip extends GZIPOutputStream {
    Gzip(OutputStream out) throws IOException {
      super(out, BUFFER);
    }

    void abandon() {
      def.end();
    }
  }

  private ExpositionFormatWriter debugWriter(String debug) {
    switch (debug) {
      case "text":
        return formats.getPrometheusTextFormatWriter();
      case "openmetrics":
        return formats.getOpenMetricsTextFormatWriter();
      case "prometheus-protobuf":
        ExpositionFormatWriter protobuf = formats.getPrometheusProtobufWriter();
        return protobuf.isAvailable() ? protobuf : null;
      default:
        return null;
    }
  }

  static boolean acceptsGzip(List<String> acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String header : acceptEncoding) {
      for (String coding : header.split(",")) {
        String c = coding.trim();
        int semicolon = c.indexOf(';');
        String name = semicolon < 0 ? c : c.substring(0, semicolon).trim();
        if (name.equalsIgnoreCase("gzip") && !refused(c.substring(name.length()))) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code ;q=0} (or 0.0, 0.00...) refuses a coding. */
  private static boolean refused(String parameters) {
    for (String p : parameters.split(";")) {
      String t = p.trim();
      if (t.startsWith("q=") || t.startsWith("Q=")) {
        try {
          return Double.parseDouble(t.substring(2).trim()) == 0;
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return false;
  }

  /** The query parameters {@code /metrics} understands; others are ignored. */
  static final class Query {
    final List<String> names = new ArrayList<>();
    String debug;

    static Query parse(String raw) {
      Query q = new Query();
      if (raw == null || raw.isEmpty()) {
        return q;
      }
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (key.equals("name[]") && !value.isEmpty()) {
          q.names.add(value);
        } else if (key.equals("debug")) {
          q.debug = value;
        }
      }
      return q;
    }

    Predicate<String> filter() {
      return names.isEmpty() ? MetricNameFilter.ALLOW_ALL : MetricNameFilter.builder().nameMustBeEqualTo(names).build();
    }

    private static String decode(String s) {
      try {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return s; // a malformed %-escape: taken as written
      }
    }
  }
}
