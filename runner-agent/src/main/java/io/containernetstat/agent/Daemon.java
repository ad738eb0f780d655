package io.containernetstat.agent;

import io.containernetstat.agent.cli.Durations;
import io.containernetstat.agent.cli.ListenAddress;
import io.containernetstat.agent.cli.Version;
import io.containernetstat.core.Collector;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.sockets.NamespaceSockets;
import io.containernetstat.core.NetnsResolver;
import io.containernetstat.core.SharedCollector;
import io.containernetstat.core.Snapshot;
import io.containernetstat.resolver.AutoResolver;
import io.containernetstat.resolver.ResolverKind;
import io.containernetstat.sink.openfalcon.OpenFalconPusher;
import io.containernetstat.sink.openfalcon.PushStats;
import io.containernetstat.sink.prometheus.ContainerNetstatCollector;
import io.containernetstat.sink.prometheus.PrometheusEndpoint;
import io.containernetstat.sink.prometheus.ProcessCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: a collection every interval, the Prometheus endpoint and the open-falcon pusher.
 * Thread-safe; {@link #close()} stops everything within a bounded time.
 *
 * <p>Threads and what they may wait for:
 * <ul>
 *   <li>{@code collect}: one scheduled thread; every interval it takes a collection, hands it to the
 *       pusher (which only queues it) and logs what went wrong. A collection never overlaps another:
 *       the {@link Collector} serialises them, and a late tick starts after the previous one ends.</li>
 *   <li>the HTTP server's threads: a scrape takes the shared collection; scrapes within
 *       {@link #shareWindow(Duration)} of each other or of a tick reuse one, so a scrape flood costs one
 *       procfs read per window.</li>
 *   <li>{@code openfalcon-push}: the pusher's own; a slow or dead receiver fills its bounded queue,
 *       never the collection thread.</li>
 * </ul>
 *
 * <p>Why a tick even with only the Prometheus sink: held descriptors pin the namespaces of departed
 * containers until a collection notices they left; without scrapes nothing else would release them.
 */
final class Daemon implements AutoCloseable {
  static final Logger LOG = LoggerFactory.getLogger("container-netstat");

  /** Warnings of one kind are logged at most this often. */
  static final Duration WARNING_PERIOD = Duration.ofMinutes(10);
  /** The longest a collection in progress is waited for on close. */
  private static final Duration COLLECTION_GRACE = Duration.ofSeconds(3);

  private final Settings settings;
  private final Collector collector;
  private final NamespaceLimit limit;
  private final SharedCollector shared;
  private final ScheduledExecutorService scheduler;
  private final RateLimitedLog warnings = new RateLimitedLog(LOG, WARNING_PERIOD.toNanos());
  private final java.util.concurrent.atomic.AtomicLong ticks = new java.util.concurrent.atomic.AtomicLong();
  private PrometheusEndpoint endpoint;
  private OpenFalconPusher pusher;
  private long pushFailures;
  private long pushDropped;
  private boolean closed;

  private Daemon(Settings settings, Collector collector, NamespaceLimit limit) {
    this.settings = settings;
    this.collector = collector;
    this.limit = limit;
    this.shared = new SharedCollector(collector, shareWindow(settings.interval()));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "collect");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * How long one collection is shared between scrapes and ticks: half the interval, at most 5 s. Short
   * enough that a scrape every 15 s sees fresh figures; long enough that Prometheus replicas scraping
   * together, or a scrape just before a tick, cost one read.
   */
  static Duration shareWindow(Duration interval) {
    Duration half = interval.dividedBy(2);
    return half.compareTo(Duration.ofSeconds(5)) < 0 ? half : Duration.ofSeconds(5);
  }

  /**
   * Collects once, then starts the sinks and the schedule.
   *
   * @throws StartException if the first collection read nothing at all, or a sink cannot start; all
   *     that was opened is closed again
   */
  static Daemon start(Settings settings) throws StartException {
    NetnsResolver resolver = Wiring.resolver(settings);
    NamespaceLimit limit = Wiring.namespaceLimit(settings);
    Collector collector = Wiring.collector(settings, resolver, limit);
    Daemon daemon;
    try {
      daemon = new Daemon(settings, collector, limit);
    } catch (RuntimeException | Error e) {
      collector.close();
      throw e;
    }
    try {
      Snapshot first = daemon.shared.get();
      String failure = Failures.nothingRead(first);
      if (failure != null) {
        if (resolver instanceof AutoResolver auto && auto.chosen() != ResolverKind.AUTO) {
          LOG.info("resolver: {}", Wiring.resolverChoice(resolver)); // the start line that says it is not reached
        }
        throw new StartException(failure);
      }
      daemon.startSinks();
      if (daemon.pusher != null) {
        daemon.pusher.submit(first);
      }
      LOG.info("{}", daemon.startLine(resolver, first));
      for (String w : first.warnings()) {
        daemon.warnings.warn("resolver-warning", "resolver: " + w);
      }
      daemon.logFailures(first);
      daemon.warnNotCollected(first);
      long period = settings.interval().toNanos();
      daemon.scheduler.scheduleAtFixedRate(daemon::tick, period, period, TimeUnit.NANOSECONDS);
      return daemon;
    } catch (StartException | RuntimeException e) {
      daemon.close();
      throw e;
    }
  }

  private void startSinks() throws StartException {
    if (settings.sinks().contains(Settings.Sink.PROMETHEUS)) {
      PrometheusRegistry registry = new PrometheusRegistry();
      registry.register(new ContainerNetstatCollector(shared::get, SinkOptions.prometheus(settings)));
      // the daemon's own process_* families; --once --format prometheus leaves them out (a short-lived process)
      registry.register(new ProcessCollector());
      ListenAddress listen = settings.listen();
      try {
        endpoint = PrometheusEndpoint.start(listen.host(), listen.port(), registry,
            () -> shared.last().map(Snapshot::timestamp), settings.web());
      } catch (IOException | RuntimeException e) {
        throw new StartException("cannot listen on " + listen + ": " + io.containernetstat.core.internal.Failures.describe(e));
      }
    }
    if (settings.sinks().contains(Settings.Sink.OPENFALCON)) {
      pusher = OpenFalconPusher.start(SinkOptions.openFalcon(settings));
    }
  }

  /** One scheduled cycle; never throws (an exception would cancel the schedule). */
  private void tick() {
    ticks.incrementAndGet();
    try {
      Snapshot s = shared.get();
      if (pusher != null) {
        pusher.submit(s);
        logPushProblems();
      }
      if (LOG.isDebugEnabled()) {
        LOG.debug("collected {} namespaces ({} failed, {} gone) in {}", s.namespaces().size(),
            s.namespaces().stream().filter(ns -> !ns.ok()).count(), s.gone(), Durations.millis(s.durationNanos()));
      }
      if (s.resolverError() != null) {
        warnings.warn("resolver", "resolver " + s.resolver() + " failed, nothing collected: " + s.resolverError());
      }
      for (String w : s.warnings()) {
        warnings.warn("resolver-warning", "resolver: " + w);
      }
      logFailures(s);
      warnNotCollected(s);
    } catch (RuntimeException | Error e) {
      warnings.warn("cycle", "collection cycle failed: " + io.containernetstat.core.internal.Failures.describe(e));
    }
  }

  /** Warns (rate-limited) when namespaces were left out by the namespace limit. */
  private void warnNotCollected(Snapshot s) {
    if (s.notCollected() > 0) {
      int found = s.notCollected() + s.namespaces().size();
      warnings.warn("not-collected", limit.warning(s.notCollected(), found));
    }
  }

  /** One line per failure reason, naming the first namespace that failed for it. */
  private void logFailures(Snapshot s) {
    for (Map.Entry<String, Integer> e : s.errorsByReason().entrySet()) {
      if (e.getKey().equals("resolver")) {
        continue;
      }
      String first = "";
      for (NamespaceSnapshot ns : s.namespaces()) {
        if (!ns.ok() && e.getKey().equals(ns.failure().label())) {
          first = ": " + ns.target().displayName() + ": " + ns.error();
          break;
        }
      }
      if (e.getKey().equals("sockets")) {
        for (NamespaceSockets ns : s.sockets()) {
          if (!ns.ok()) {
            first = ": " + ns.target().displayName() + ": " + ns.error();
            break;
          }
        }
      }
      warnings.warn("namespace:" + e.getKey(), e.getValue() + " network namespace(s) failed ("
          + e.getKey() + ")" + first);
    }
  }

  private void logPushProblems() {
    PushStats stats = pusher.stats();
    if (stats.batchesFailed() > pushFailures) {
      warnings.warn("openfalcon-failed", "openfalcon: " + (stats.batchesFailed() - pushFailures)
          + " batch(es) not delivered to " + settings.falconUrl() + ": " + stats.lastError());
      pushFailures = stats.batchesFailed();
    }
    if (stats.batchesDropped() > pushDropped) {
      warnings.warn("openfalcon-dropped", "openfalcon: queue full, " + stats.itemsDropped()
          + " items dropped so far (the receiver at " + settings.falconUrl() + " is too slow or down"
          + (stats.lastError() == null ? "" : ": " + stats.lastError()) + ")");
      pushDropped = stats.batchesDropped();
    }
  }

  private String startLine(NetnsResolver resolver, Snapshot first) {
    String chosen = Wiring.resolverChoice(resolver);
    List<String> sinks = new ArrayList<>();
    if (endpoint != null) {
      sinks.add("prometheus on " + new ListenAddress(settings.listen().host(), endpoint.port())
          + settings.web().metricsPath());
    }
    if (pusher != null) {
      sinks.add("openfalcon to " + settings.falconUrl() + " as " + settings.endpoint());
    }
    return "container-netstat " + Version.projectVersion() + " started: resolver " + chosen
        + "; sinks " + String.join(", ", sinks) + "; files " + settings.filesText() + "; interval "
        + Durations.format(settings.interval()) + "; filesystems " + (settings.filesystems()
            ? first.filesystems().size() + " containers" + (settings.tmpfs() ? "" : " (no tmpfs)") : "off")
        + "; " + first.namespaces().size()
        + " namespaces in the first collection (" + Durations.millis(first.durationNanos()) + "); "
        + limit.describe();
  }

  /** {@return how many scheduled cycles have started} */
  long ticks() {
    return ticks.get();
  }

  /** {@return the Prometheus endpoint's port, if that sink runs} */
  Optional<Integer> prometheusPort() {
    return endpoint == null ? Optional.empty() : Optional.of(endpoint.port());
  }

  /**
   * Stops: no new cycle, the HTTP server closed, what the pusher holds delivered within its close
   * timeout (5 s), every descriptor and the filesystem probe released (even when a sink fails to
   * close). Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(COLLECTION_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (endpoint != null) {
        endpoint.close();
      }
      if (pusher != null) {
        pusher.close();
        PushStats stats = pusher.stats();
        if (stats.itemsDropped() > 0 || stats.itemsFailed() > 0) {
          LOG.warn("openfalcon: {} items delivered, {} failed, {} dropped since start{}", stats.itemsSent(),
              stats.itemsFailed(), stats.itemsDropped(),
              stats.lastError() == null ? " (the receiver did not answer before the stop)" : "; last error: "
                  + stats.lastError());
        }
      }
    } finally {
      // whatever a sink did: the namespaces' descriptors, the resolver and the filesystem probe (its
      // threads and held mountinfo descriptors) are released by the collector
      collector.close();
    }
  }

  /** The daemon could not start; the message says why and what to check. */
  static final class StartException extends Exception {
    private static final long serialVersionUID = 1L;

    StartException(String message) {
      super(message);
    }
  }
}
