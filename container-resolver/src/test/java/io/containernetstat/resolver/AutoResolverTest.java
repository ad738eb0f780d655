package io.containernetstat.resolver;

import static io.containernetstat.resolver.FakeHost.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Resolution;
import io.containernetstat.resolver.internal.DockerCallException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class AutoResolverTest {
  @TempDir Path tmp;

  @Test
  void withoutDockerTheCgroupScanIsChosenWhenItFindsContainers() throws Exception {
    FakeHost host = FakeHost.v2(tmp);
    host.container("/kubepods/besteffort/pod1f3c2a9e-7b4d-4c1e-9a2b-3c4d5e6f7a8b/" + id("a"), 5001, "pause", 300, 1000);
    AutoResolver auto = new AutoResolver(host.options().build());
    assertThat(auto.name()).isEqualTo("auto");
    assertThat(auto.chosen()).isEqualTo(ResolverKind.AUTO);

    Resolution r = auto.resolve();

    assertThat(auto.chosen()).isEqualTo(ResolverKind.CGROUP);
    assertThat(auto.name()).isEqualTo("cgroup");
    assertThat(r.resolver()).isEqualTo("cgroup");
    assertThat(r.namespaces()).hasSize(1);
    assertThat(auto.reason()).contains("no-docker.sock", "unreachable", "cgroup v2", "found 1 containers");
    assertThat(r.warnings()).as("the first choice is the caller's to report (chosen(), reason())")
        .noneSatisfy(w -> assertThat(w).startsWith("auto: using"));
    assertThat(auto.resolve().warnings()).isEmpty();
  }

  @Test
  void withNeitherDockerNorContainersTheNetnsScanIsChosen() throws Exception {
    FakeHost host = FakeHost.v2(tmp).process(400, 900, 5001, "unshare", "/user.slice");
    AutoResolver auto = new AutoResolver(host.options().build());

    Resolution r = auto.resolve();

    assertThat(auto.chosen()).isEqualTo(ResolverKind.NETNS);
    assertThat(r.resolver()).isEqualTo("netns");
    assertThat(r.namespaces()).hasSize(2);
    assertThat(auto.reason()).contains("unreachable", "found 0 containers",
        "every process's network namespace is reported");
  }

  /** {@return an auto resolver over {@code options} whose Docker resolver calls {@code api}} */
  private static AutoResolver over(ResolverOptions options, FakeDockerApi api) {
    return new AutoResolver(options, new DockerResolver(options, api));
  }

  /**
   * {@return an auto resolver over a host running Docker container {@code a} (PID 300), known to {@code api},
   * probing again every {@code reprobe}}
   */
  private AutoResolver overDockerRunningA(FakeDockerApi api, Duration reprobe) {
    FakeHost host = FakeHost.v2(tmp);
    host.container("/docker/" + id("a"), 5001, "sleep", 300, 1000);
    api.run(id("a"), "a", 300, "t", Map.of(), "none");
    return over(host.options().reprobeInterval(reprobe).build(), api);
  }

  @Test
  void dockerIsChosenWhenItAnswersWithContainers() throws Exception {
    FakeHost host = FakeHost.v2(tmp);
    FakeDockerApi api = new FakeDockerApi();
    host.process(300, 1000, 5001, "sleep", "/docker/" + id("a"));
    api.run(id("a"), "a", 300, "t", Map.of(), "none");
    AutoResolver auto = over(host.options().build(), api);

    Resolution r = auto.resolve();

    assertThat(auto.chosen()).isEqualTo(ResolverKind.DOCKER);
    assertThat(r.resolver()).isEqualTo("docker");
    assertThat(auto.reason()).contains("Docker daemon answered at unix:///fake/docker.sock with 1 containers");
  }

  @Test
  void anIdleDockerNextToKubernetesPodsLosesToTheCgroupScan() throws Exception {
    FakeHost host = FakeHost.v2(tmp);
    host.container("/kubepods.slice/kubepods-pod1f3c2a9e_7b4d_4c1e_9a2b_3c4d5e6f7a8b.slice/cri-containerd-"
        + id("a") + ".scope", 5001, "pause", 300, 1000);
    FakeDockerApi api = new FakeDockerApi();
    AutoResolver auto = over(host.options().build(), api);

    auto.resolve();

    assertThat(auto.chosen()).isEqualTo(ResolverKind.CGROUP);
    assertThat(auto.reason()).contains("answered but runs no container", "found 1 containers");
  }

  @Test
  void theCgroupScanAsksDockerForItsDataRootOnlyWhenTheProbeFoundTheDaemonUp() throws Exception {
    for (boolean up : new boolean[] {true, false}) {
      FakeHost host = FakeHost.v2(tmp.resolve(up ? "up" : "down"));
      String a = id("a");
      host.container("/docker/" + a, 5001, "sleep", 300, 1000).dockerConfig(a, "web", "nginx", Map.of(), "bridge");
      FakeDockerApi api = new FakeDockerApi();
      if (!up) {
        api.down(DockerCallException.Kind.UNREACHABLE);
      }
      int[] asked = {0};
      ResolverOptions options = DockerDataRootTest.asking(host, tmp.resolve("no-default"));
      try (AutoResolver auto = new AutoResolver(options, new DockerResolver(options, api), () -> {
        asked[0]++;
        return host.dockerData.toString();
      })) {
        Resolution r = auto.resolve();
        assertThat(auto.chosen()).as("Docker lists no container: up %s", up).isEqualTo(ResolverKind.CGROUP);
        assertThat(asked[0]).as("asked, with the daemon up: %s", up).isEqualTo(up ? 1 : 0);
        String name = r.namespaces().get(0).containers().get(0).name();
        assertThat(name).isEqualTo(up ? "web" : a.substring(0, 12));
      }
    }
  }

  @Test
  void whenDockerStopsAnsweringItSwitchesAtOnceAndProbesAgainOnlyWhenDue() throws Exception {
    FakeDockerApi api = new FakeDockerApi();
    AutoResolver auto = overDockerRunningA(api, Duration.ofHours(1));
    auto.resolve();
    assertThat(auto.chosen()).isEqualTo(ResolverKind.DOCKER);

    api.down(DockerCallException.Kind.UNREACHABLE);
    Resolution r = auto.resolve();

    assertThat(auto.chosen()).isEqualTo(ResolverKind.CGROUP);
    assertThat(r.resolver()).isEqualTo("cgroup");
    assertThat(r.namespaces()).hasSize(1);
    assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("using cgroup instead of docker"));

    api.up();
    int calls = api.pings + api.lists;
    for (int i = 0; i < 5; i++) {
      auto.resolve();
    }
    assertThat(api.pings + api.lists).as("no probe before the re-probe interval").isEqualTo(calls);
    assertThat(auto.chosen()).isEqualTo(ResolverKind.CGROUP);
  }

  @Test
  void aDueReprobeGoesBackToDockerWhenItAnswersAgain() throws Exception {
    FakeDockerApi api = new FakeDockerApi();
    api.down(DockerCallException.Kind.UNREACHABLE);
    AutoResolver auto = overDockerRunningA(api, Duration.ofMillis(1));
    auto.resolve();
    assertThat(auto.chosen()).isEqualTo(ResolverKind.CGROUP);

    api.up();
    Thread.sleep(1100); // the Docker resolver's back-off after the failure
    auto.resolve();

    assertThat(auto.chosen()).isEqualTo(ResolverKind.DOCKER);
  }

  @Test
  void aHangingDockerSocketCostsOneCallTimeoutThenTheCgroupScanIsUsed() throws Exception {
    FakeHost host = FakeHost.v2(tmp);
    host.container("/docker/" + id("a"), 5001, "sleep", 300, 1000);
    try (HangingDaemon daemon = new HangingDaemon(tmp.resolve("hang.sock"))) {
      ResolverOptions options = host.options().dockerHost(daemon.host()).callTimeout(Duration.ofMillis(300)).build();
      try (AutoResolver auto = new AutoResolver(options)) {
        long start = System.nanoTime();
        Resolution r = auto.resolve();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(auto.chosen()).isEqualTo(ResolverKind.CGROUP);
        assertThat(r.namespaces()).hasSize(1);
        assertThat(auto.reason()).contains("did not answer");
        assertThat(millis).isLessThan(2_000L);
      }
    }
  }
}
