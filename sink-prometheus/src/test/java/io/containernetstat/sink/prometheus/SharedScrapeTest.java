package io.containernetstat.sink.prometheus;

import io.containernetstat.testkit.ProcTree;
import io.containernetstat.testkit.ProcfsSamples;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Collector;
import io.containernetstat.core.NetnsResolver;
import io.containernetstat.core.Resolution;
import io.containernetstat.core.ResolverException;
import io.containernetstat.core.SharedCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scrapes through the real stack (fixture proc tree, real {@link Collector}, {@link SharedCollector},
 * {@link ContainerNetstatCollector}, {@link PrometheusEndpoint}) share collections: a flood of concurrent
 * scrapes costs one resolution and one read of each namespace, and counts its errors once.
 */
class SharedScrapeTest {
  static final int SCRAPES = 16;

  @TempDir
  Path dir;

  ProcTree tree() throws Exception {
    return new ProcTree(dir).hostInit()
        .add(Fixtures.webPod(), "sockstat=" + ProcfsSamples.LIVE + "sockstat", "sockstat6=" + ProcfsSamples.LIVE + "sockstat6",
            "snmp=" + ProcfsSamples.LIVE + "snmp")
        .add(Fixtures.legacy(), "sockstat=" + ProcfsSamples.LIVE + "sockstat",
            "snmp=@Tcp: RtoAlgorithm RtoMin\nTcp: 1\n");
  }

  @Test
  void concurrentScrapesShareOneCollection() throws Exception {
    ProcTree tree = tree();
    NetnsResolver slow = slow(tree.resolver(), 300);
    try (Collector collector = Collector.builder(slow).procRoot(tree.procRoot()).build()) {
      SharedCollector shared = new SharedCollector(collector, Duration.ofSeconds(30));
      PrometheusRegistry registry = new PrometheusRegistry();
      registry.register(new ContainerNetstatCollector(shared::get));
      List<String> bodies = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(SCRAPES);
      try (PrometheusEndpoint endpoint = PrometheusEndpoint.start("127.0.0.1", 0, registry)) {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < SCRAPES; i++) {
          futures.add(pool.submit(() -> {
            go.await();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body();
          }));
        }
        go.countDown();
        for (Future<String> f : futures) {
          bodies.add(f.get(30, TimeUnit.SECONDS));
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(tree.resolver().resolves()).as("resolutions for %d concurrent scrapes", SCRAPES).isEqualTo(1);
      assertThat(bodies).as("every scrape got the same collection").allMatch(b -> b.equals(bodies.get(0)));
      String body = bodies.get(0);
      assertThat(body).contains("container_netstat_agent_errors_total{reason=\"malformed\"} 1.0\n")
          .contains("container_netstat_agent_collections_total 1.0\n")
          .contains("container_netstat_Tcp_CurrEstab{container=\"\",id=\"" + Fixtures.SANDBOX_ID + "\"");
    }
  }

  @Test
  void eachNewCollectionIsCountedOnce() throws Exception {
    ProcTree tree = tree();
    try (Collector collector = Collector.builder(tree.resolver()).procRoot(tree.procRoot()).build()) {
      SharedCollector shared = new SharedCollector(collector, Duration.ZERO);
      ContainerNetstatCollector prometheus = new ContainerNetstatCollector(shared::get);
      MetricSnapshots last = null;
      for (int i = 0; i < 3; i++) {
        last = prometheus.collect();
      }
      assertThat(tree.resolver().resolves()).isEqualTo(3);
      assertThat(Series.value(last, "container_netstat_agent_errors", "reason", "malformed")).isEqualTo(3);
      assertThat(Series.value(last, "container_netstat_agent_collections")).isEqualTo(3);
      assertThat(Series.value(last, "container_sockstat_TCP_inuse", "pod", "web-0")).isEqualTo(5);
      assertThat(Series.value(last, "container_netstat_host_sockstat_TCP_alloc")).isEqualTo(10);
    }
  }

  /** Makes resolution slow enough that every concurrent scrape arrives while the first one collects. */
  static NetnsResolver slow(NetnsResolver resolver, long millis) {
    return new NetnsResolver() {
      @Override
      public String name() {
        return resolver.name();
      }

      @Override
      public Resolution resolve() throws ResolverException {
        try {
          Thread.sleep(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ResolverException("interrupted", e);
        }
        return resolver.resolve();
      }
    };
  }
}
