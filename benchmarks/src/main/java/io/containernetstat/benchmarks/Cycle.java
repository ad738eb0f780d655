package io.containernetstat.benchmarks;

import io.containernetstat.core.Collector;
import io.containernetstat.core.Snapshot;
import io.containernetstat.sink.openfalcon.FalconItem;
import io.containernetstat.sink.openfalcon.OpenFalconMapper;
import io.containernetstat.sink.openfalcon.OpenFalconOptions;
import io.containernetstat.sink.openfalcon.internal.FalconJson;
import io.containernetstat.sink.prometheus.ContainerNetstatCollector;
import io.containernetstat.sink.prometheus.PrometheusOptions;
import io.containernetstat.sink.prometheus.internal.Exposition;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One collection cycle as the agent runs it: resolve, read every namespace (the summary is derived as
 * it is read), then render for both sinks: the Prometheus text exposition as a scrape of the agent's
 * long-lived {@link ContainerNetstatCollector} writes it, and the open-falcon push payload (items mapped
 * by {@link OpenFalconMapper}, serialised to the JSON body the pusher posts). Not thread-safe: one per
 * benchmark state.
 */
final class Cycle implements AutoCloseable {
  private final Collector collector;
  private final PrometheusRegistry prometheus = new PrometheusRegistry();
  private final PrometheusTextFormatWriter textFormat = PrometheusTextFormatWriter.create();
  private final OpenFalconMapper falcon;
  private final FalconJson falconJson = new FalconJson();
  private final ByteArrayOutputStream exposition = new ByteArrayOutputStream(64 * 1024);
  private Snapshot current;

  Cycle(Collector collector) {
    this.collector = collector;
    prometheus.register(new ContainerNetstatCollector(() -> current, PrometheusOptions.defaults()));
    this.falcon = new OpenFalconMapper(OpenFalconOptions.builder().endpoint("bench-host").build());
  }

  /** {@return the collector the cycle runs} */
  Collector collector() {
    return collector;
  }

  /** Runs one cycle; what it produced goes to {@code bh}. */
  Snapshot run(Blackhole bh) {
    Snapshot snapshot = collector.collect();
    bh.consume(renderPrometheus(snapshot));
    bh.consume(renderFalcon(snapshot));
    return snapshot;
  }

  /**
   * {@return the size of the Prometheus text exposition of {@code snapshot}, as a scrape of the agent's
   * endpoint writes it (the endpoint's own path, less HTTP and gzip)}
   */
  int renderPrometheus(Snapshot snapshot) {
    current = snapshot;
    exposition.reset();
    try {
      Exposition.scrape(prometheus, null, textFormat, EscapingScheme.DEFAULT).write(exposition);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return exposition.size();
  }

  /**
   * {@return the size of the open-falcon push body of {@code snapshot}: the mapped items as one JSON array,
   * written into a buffer kept between cycles as the pusher's delivery thread does}
   */
  int renderFalcon(Snapshot snapshot) {
    List<FalconItem> items = falcon.map(snapshot);
    return falconJson.writeBody(items);
  }

  @Override
  public void close() {
    collector.close();
  }
}
