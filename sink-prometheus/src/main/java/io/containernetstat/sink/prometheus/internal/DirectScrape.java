package io.containernetstat.sink.prometheus.internal;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * A scrape whose page {@link Exposition} writes: passed through the registry to the collectors, it tells
 * {@code ContainerNetstatCollector} to return its per-namespace families as placeholders and to attach
 * their samples here as a {@link DirectPage}. One per scrape; used by one thread. Not API.
 */
public final class DirectScrape implements PrometheusScrapeRequest {
  private final ExpositionFormatWriter writer;
  private final TextEncoding encoding;
  private final List<DirectPage> pages = new ArrayList<>(1);

  DirectScrape(ExpositionFormatWriter writer, TextEncoding encoding) {
    this.writer = writer;
    this.encoding = encoding;
  }

  ExpositionFormatWriter writer() {
    return writer;
  }

  TextEncoding encoding() {
    return encoding;
  }

  void attach(DirectPage page) {
    pages.add(page);
  }

  /** {@return the page holding {@code family}'s samples, or null when the writer writes it} */
  DirectPage pageOf(MetricSnapshot family) {
    for (DirectPage p : pages) {
      if (p.holds(family)) {
        return p;
      }
    }
    return null;
  }

  @Override
  public String getRequestPath() {
    return "/metrics";
  }

  @Override
  public String[] getParameterValues(String name) {
    return null;
  }
}
