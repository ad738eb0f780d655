package io.containernetstat.sink.prometheus.internal;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A scrape of a registry written as client_java's writer would write it, byte for byte, with the
 * per-namespace families of {@code ContainerNetstatCollector} written straight into the page
 * ({@link DirectPage}) instead of through one data point object per sample. The other families (the
 * agent's own, sockets, filesystems, any other collector's) are written by the writer, in runs between
 * them; formats other than the two text formats are written by the writer alone. Not API.
 */
public final class Exposition {
  private final ExpositionFormatWriter writer;
  private final EscapingScheme scheme;
  private final MetricSnapshots snapshots;
  private final DirectScrape direct;

  private Exposition(ExpositionFormatWriter writer, EscapingScheme scheme, MetricSnapshots snapshots,
      DirectScrape direct) {
    this.writer = writer;
    this.scheme = scheme;
    this.snapshots = snapshots;
    this.direct = direct;
  }

  /**
   * Collects a scrape.
   *
   * @param registry what is exported
   * @param filter the families asked for, or null for all
   * @param writer the format
   * @param scheme the name escaping
   * @return the scrape, to {@link #write}
   * @throws RuntimeException when a collector fails
   */
  public static Exposition scrape(PrometheusRegistry registry, Predicate<String> filter,
      ExpositionFormatWriter writer, EscapingScheme scheme) {
    TextEncoding encoding = TextEncoding.of(writer, scheme);
    if (encoding == null) {
      return new Exposition(writer, scheme, registry.scrape(filter), null);
    }
    DirectScrape direct = new DirectScrape(writer, encoding);
    return new Exposition(writer, scheme, registry.scrape(filter, direct), direct);
  }

  /** {@return the families scraped; the per-namespace ones are empty placeholders in the text formats} */
  public MetricSnapshots snapshots() {
    return snapshots;
  }

  /** {@return how many of the scrape's families are written straight into the page, not by the writer} */
  public int directFamilies() {
    int n = 0;
    for (MetricSnapshot family : snapshots) {
      if (direct != null && direct.pageOf(family) != null) {
        n++;
      }
    }
    return n;
  }

  /**
   * Writes the page; the stream is not closed.
   *
   * @param out where to write
   * @throws IOException if writing fails
   */
  public void write(OutputStream out) throws IOException {
    if (direct == null) {
      writer.write(out, snapshots, scheme);
      return;
    }
    TextEncoding encoding = direct.encoding();
    TextEncoding.Scratch scratch = new TextEncoding.Scratch();
    byte[] buf = new byte[DirectPage.BUFFER];
    List<MetricSnapshot> run = new ArrayList<>();
    for (MetricSnapshot family : snapshots) {
      DirectPage page = direct.pageOf(family);
      if (page == null) {
        run.add(family);
        continue;
      }
      if (!run.isEmpty()) {
        encoding.writeRun(writer, run, scratch, out);
        run.clear();
      }
      page.write(family, out, buf);
    }
    if (!run.isEmpty()) {
      encoding.writeRun(writer, run, scratch, out);
    }
    out.write(encoding.trailer());
  }
}
