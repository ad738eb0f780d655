package io.containernetstat.sink.prometheus;

import io.containernetstat.core.Snapshot;
import io.containernetstat.sink.prometheus.internal.Exposition;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Renders one {@link Snapshot} in the Prometheus exposition formats without a server (for example to
 * print one collection on the command line); stateless and thread-safe.
 *
 * <p>The output is what a scrape of {@link ContainerNetstatCollector} would return for that snapshot
 * alone: its agent counters ({@code container_netstat_agent_errors_total}, ...) count just this one
 * collection.
 */
public final class PrometheusText {
  /** The content type of {@link #write}: the Prometheus text format 0.0.4. */
  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
  /** The content type of {@link #writeOpenMetrics}: OpenMetrics text 1.0.0. */
  public static final String OPENMETRICS_CONTENT_TYPE = OpenMetricsTextFormatWriter.CONTENT_TYPE;

  private PrometheusText() {}

  /**
   * Writes a snapshot in the Prometheus text format 0.0.4 (UTF-8). The stream is not closed.
   *
   * @param snapshot the collection
   * @param out where to write
   * @param options what to export
   * @throws IOException if writing fails
   */
  public static void write(Snapshot snapshot, OutputStream out, PrometheusOptions options) throws IOException {
    write(snapshot, out, options, PrometheusTextFormatWriter.create());
  }

  /**
   * Writes a snapshot in the OpenMetrics text format 1.0.0 (UTF-8), ending with {@code # EOF}. The
   * stream is not closed.
   *
   * @param snapshot the collection
   * @param out where to write
   * @param options what to export
   * @throws IOException if writing fails
   */
  public static void writeOpenMetrics(Snapshot snapshot, OutputStream out, PrometheusOptions options)
      throws IOException {
    write(snapshot, out, options, OpenMetricsTextFormatWriter.create());
  }

  /** Writes the page a scrape of a fresh collector would be answered, through the endpoint's own path. */
  private static void write(Snapshot snapshot, OutputStream out, PrometheusOptions options,
      ExpositionFormatWriter writer) throws IOException {
    java.util.Objects.requireNonNull(snapshot, "snapshot == null");
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new ContainerNetstatCollector(() -> snapshot, options));
    Exposition.scrape(registry, null, writer, EscapingScheme.DEFAULT).write(out);
  }

  /**
   * {@return a snapshot in the Prometheus text format 0.0.4}
   *
   * @param snapshot the collection
   * @param options what to export
   */
  public static String toText(Snapshot snapshot, PrometheusOptions options) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(snapshot, out, options);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * {@return the metric families of a snapshot, as a scrape of a fresh collector would give them}
   *
   * @param snapshot the collection
   * @param options what to export
   */
  public static MetricSnapshots render(Snapshot snapshot, PrometheusOptions options) {
    java.util.Objects.requireNonNull(snapshot, "snapshot == null");
    return new ContainerNetstatCollector(() -> snapshot, options).collect();
  }
}
