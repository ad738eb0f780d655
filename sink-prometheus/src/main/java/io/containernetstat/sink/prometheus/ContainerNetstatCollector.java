package io.containernetstat.sink.prometheus;

import io.containernetstat.core.Snapshot;
import io.containernetstat.sink.prometheus.internal.AgentTotals;
import io.containernetstat.sink.prometheus.internal.DirectScrape;
import io.containernetstat.sink.prometheus.internal.SnapshotRenderer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.lang.ref.WeakReference;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A client_java {@link MultiCollector} that exports the per-network-namespace figures of one
 * collection on each scrape; thread-safe.
 *
 * <p>Each scrape takes a snapshot from the supplier. Pass {@code SharedCollector::get} so that
 * concurrent scrapes share one collection and a scrape flood does not multiply procfs reads:
 * <pre>{@code
 * SharedCollector shared = new SharedCollector(collector, Duration.ofSeconds(5));
 * PrometheusRegistry registry = new PrometheusRegistry();
 * registry.register(new ContainerNetstatCollector(shared::get, PrometheusOptions.defaults()));
 * PrometheusEndpoint endpoint = PrometheusEndpoint.start("0.0.0.0", 9477, registry);
 * }</pre>
 *
 * <p>A snapshot is counted once however many scrapes receive it: scrapes that get the same snapshot
 * instance get the same figures, so the agent's error and collection counters
 * ({@code container_netstat_agent_errors_total}, ...) count each collection once. A snapshot older than
 * the last one counted is not counted again; the newer one is served instead. Renderings are not kept
 * between scrapes (at 300 namespaces one is ~10,000 data points, which would otherwise live on in the
 * old generation of a small heap); the rare scrape that shares a snapshot renders it again. The metric
 * families are listed in {@code METRICS.md}.
 */
public final class ContainerNetstatCollector implements MultiCollector {
  private final Supplier<Snapshot> snapshots;
  private final PrometheusOptions options;
  private final SnapshotRenderer renderer;
  private final AgentTotals totals = new AgentTotals();
  private final Object lock = new Object();
  /** The last snapshot counted: weakly, the supplier (SharedCollector) holds the one that matters. */
  private WeakReference<Snapshot> last = new WeakReference<>(null);
  private Instant lastTimestamp;

  /**
   * Creates a collector with {@link PrometheusOptions#defaults()}.
   *
   * @param snapshots gives the snapshot to export on each scrape, typically {@code SharedCollector::get}
   */
  public ContainerNetstatCollector(Supplier<Snapshot> snapshots) {
    this(snapshots, PrometheusOptions.defaults());
  }

  /**
   * Creates a collector.
   *
   * @param snapshots gives the snapshot to export on each scrape, typically {@code SharedCollector::get};
   *     it must not return null
   * @param options what to export
   */
  public ContainerNetstatCollector(Supplier<Snapshot> snapshots, PrometheusOptions options) {
    this.snapshots = Objects.requireNonNull(snapshots, "snapshots == null");
    this.options = Objects.requireNonNull(options, "options == null");
    this.renderer = new SnapshotRenderer(options);
  }

  /**
   * Takes a snapshot from the supplier and renders it.
   *
   * @return the metric families
   * @throws NullPointerException if the supplier returned null
   */
  @Override
  public MetricSnapshots collect() {
    return collect((DirectScrape) null);
  }

  /**
   * As {@link #collect()}; a scrape by this library's endpoint gets the per-namespace families as
   * placeholders, their samples written straight into the page (the same bytes).
   *
   * @param request the scrape
   * @return the metric families
   */
  @Override
  public MetricSnapshots collect(PrometheusScrapeRequest request) {
    return collect(request instanceof DirectScrape ? (DirectScrape) request : null);
  }

  private MetricSnapshots collect(DirectScrape direct) {
    // Outside the lock: the supplier (SharedCollector) does its own sharing of concurrent callers.
    Snapshot snapshot = Objects.requireNonNull(snapshots.get(), "the snapshot supplier returned null");
    for (int attempt = 0; ; attempt++) {
      synchronized (lock) {
        Snapshot previous = last.get();
        boolean counted = lastTimestamp != null
            && (snapshot == previous || snapshot.timestamp().isBefore(lastTimestamp));
        boolean stale = counted && snapshot != previous;
        if (!stale || previous != null || attempt > 0) {
          // a stale snapshot is answered with the newer one counted before it; served itself only if that
          // one is gone and the supplier had nothing newer on a second asking
          Snapshot served = stale && previous != null ? previous : snapshot;
          SnapshotRenderer.Rendered rendered =
              direct == null ? renderer.namespaces(served) : renderer.namespaces(served, direct);
          if (!counted) {
            totals.add(served, rendered.duplicates());
            last = new WeakReference<>(served);
            lastTimestamp = served.timestamp();
          }
          return renderer.assemble(rendered, served, totals);
        }
      }
      // The newer snapshot counted before is no longer held: serving this older one would show counters
      // going backwards. The supplier holds the newest; ask once more, outside the lock.
      snapshot = Objects.requireNonNull(snapshots.get(), "the snapshot supplier returned null");
    }
  }

  /**
   * {@return the last snapshot counted, without collecting; empty before the first scrape, and once
   * nothing else holds it (this collector keeps it only weakly: at 300 namespaces a collection is ~0.4 MB
   * that the supplier already keeps)}
   */
  public Optional<Snapshot> lastSnapshot() {
    synchronized (lock) {
      return Optional.ofNullable(last.get());
    }
  }

  /** {@return what this collector exports} */
  public PrometheusOptions options() {
    return options;
  }
}
