package io.containernetstat.resolver;

import static io.containernetstat.resolver.FakeHost.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Collector;
import io.containernetstat.core.NetnsResolver;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.Resolution;
import io.containernetstat.core.ResolverException;
import io.containernetstat.core.Snapshot;
import io.containernetstat.testkit.ProcTree;
import io.containernetstat.testkit.ProcfsSamples;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container's process that moves to another network namespace after its resolver identified it: the
 * collector, which the cgroup scan and Docker resolvers spare its own check of each process, finds it out
 * of the namespace it was resolved in when it opens its files, and the resolver reports it in its new
 * namespace from the next cycle on (not as gone in every cycle).
 */
class MovedProcessTest {
  @TempDir Path tmp;

  @Test
  void theCgroupScanReportsAMovedProcessInItsNewNamespaceOneCycleLater() {
    FakeHost host = FakeHost.v2(tmp).container("/docker/" + id("web"), 6002, "web", 600, 4000);
    netFiles(host, 600);
    assertMovedIsFoundAgain(new CgroupScanResolver(host.options().build()), host, 600);
  }

  @Test
  void theDockerResolverReportsAMovedProcessInItsNewNamespaceOneCycleLater() {
    FakeHost host = FakeHost.v2(tmp).process(600, 4000, 6002, "web", "/docker/" + id("web"));
    netFiles(host, 600);
    FakeDockerApi api = new FakeDockerApi();
    api.run(id("web"), "web", 600, "2026-01-01T00:00:4000Z", Map.of(), "none");
    ResolverOptions options = host.options().dockerEvents(true).dockerResync(Duration.ofHours(1)).build();
    assertMovedIsFoundAgain(new DockerResolver(options, api), host, 600);
  }

  /** Moves {@code pid} to namespace 6009 right after the first resolve, before the collector reads it. */
  private static void assertMovedIsFoundAgain(NetnsResolver resolver, FakeHost host, long pid) {
    NetnsResolver movesAfterFirstResolve = new NetnsResolver() {
      private boolean moved;

      @Override
      public String name() {
        return resolver.name();
      }

      @Override
      public Resolution resolve() throws ResolverException {
        Resolution r = resolver.resolve();
        if (!moved) {
          host.netLink(pid, "net:[6009]");
          moved = true;
        }
        return r;
      }

      @Override
      public boolean checksProcesses() {
        return resolver.checksProcesses();
      }

      @Override
      public void targetGone(NetnsTarget target) {
        resolver.targetGone(target);
      }
    };
    try (Collector collector = Collector.builder(movesAfterFirstResolve).procRoot(new io.containernetstat.core.ProcRoot(host.proc))
        .files(Set.of(ProcNetFile.SOCKSTAT)).build()) {
      Snapshot first = collector.collect();
      assertThat(first.namespaces()).as("out of the namespace it was resolved in").isEmpty();
      assertThat(first.gone()).isEqualTo(1);

      for (int cycle = 0; cycle < 3; cycle++) {
        Snapshot s = collector.collect();
        assertThat(s.namespaces()).singleElement().satisfies(ns -> {
          assertThat(ns.ok()).isTrue();
          assertThat(ns.target().pid()).isEqualTo(pid);
          assertThat(ns.target().netnsInode()).isEqualTo(6009L);
        });
        assertThat(s.gone()).isZero();
      }
    }
  }

  private static void netFiles(FakeHost host, long pid) {
    ProcTree.at(host.proc).netFiles(pid, ProcfsSamples.LIVE, List.of("sockstat"));
  }
}
