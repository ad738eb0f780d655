package io.containernetstat.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.containernetstat.core.NetnsResolver;
import io.containernetstat.core.ProcRoot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ResolversTest {
  @ParameterizedTest(name = "--resolver {0}")
  @CsvSource({"auto, AutoResolver", "docker, DockerResolver", "CGROUP, CgroupScanResolver", " netns , NetnsScanResolver"})
  void namesCreateTheirResolver(String name, String type) {
    try (NetnsResolver r = Resolvers.create(name, ResolverOptions.defaults())) {
      assertThat(r.getClass().getSimpleName()).isEqualTo(type);
      assertThat(r.name()).isEqualTo(name.trim().toLowerCase(java.util.Locale.ROOT));
    }
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    assertThatThrownBy(() -> Resolvers.create("k8s", ResolverOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown resolver 'k8s': expected auto, docker, cgroup or netns");
  }

  @Test
  void optionsHaveTheDocumentedDefaultsAndCopy() {
    ResolverOptions d = ResolverOptions.defaults();
    assertThat(d.procRoot()).isEqualTo(ProcRoot.DEFAULT);
    assertThat(d.cgroupRoot()).isEqualTo(Path.of("/sys/fs/cgroup"));
    assertThat(d.cgroupHierarchy()).isNull();
    assertThat(d.containerdRoots()).contains(Path.of("/run/containerd/io.containerd.runtime.v2.task"),
        Path.of("/run/docker/containerd/daemon/io.containerd.runtime.v2.task"));
    String env = System.getenv("DOCKER_HOST");
    assertThat(d.dockerHost()).isEqualTo(env == null || env.isBlank() ? "unix:///var/run/docker.sock" : env);
    assertThat(d.callTimeout()).isEqualTo(Duration.ofSeconds(5));

    ResolverOptions o = d.toBuilder().procRoot(ProcRoot.of("/host/proc")).cgroupHierarchy("pids")
        .containerdRoots(List.of(Path.of("/x"))).dockerHost(null).build();
    assertThat(o.procRoot().path()).isEqualTo(Path.of("/host/proc"));
    assertThat(o.cgroupHierarchy()).isEqualTo("pids");
    assertThat(o.containerdRoots()).containsExactly(Path.of("/x"));
    assertThat(o.dockerHost()).isEqualTo(d.dockerHost());
    assertThat(o.toString()).contains("/host/proc", "pids");
  }

  @Test
  void badOptionsSayWhatIsWrong() {
    assertThatThrownBy(() -> ResolverOptions.builder().callTimeout(Duration.ZERO))
        .hasMessage("callTimeout <= 0: PT0S");
    assertThatThrownBy(() -> ResolverOptions.builder().cgroupHierarchy("a/b"))
        .hasMessage("cgroup hierarchy must be a directory name: a/b");
    assertThatThrownBy(() -> ResolverOptions.builder().procRoot(null)).hasMessage("procRoot == null");
  }
}
