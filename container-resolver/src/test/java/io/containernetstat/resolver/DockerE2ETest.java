package io.containernetstat.resolver;

import static io.containernetstat.resolver.E2E.docker;
import static io.containernetstat.resolver.E2E.must;
import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Container;
import io.containernetstat.core.NetnsResolver;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Container.Pod;
import io.containernetstat.core.Resolution;
import io.containernetstat.resolver.internal.DockerJavaApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The Docker resolver and the cgroup scan against a real Docker engine, checked against
 * {@code docker inspect} and {@code readlink /proc/<pid>/ns/net}.
 *
 * <p>Scenario: two plain containers ({@code --network none}); a pod played the way cri-dockerd plays it
 * (a sandbox plus two app containers joined with {@code --network container:<sandbox>}, the
 * {@code io.kubernetes.*} labels, {@code k8s_<container>_<pod>_<ns>_<uid>_0} names); a host-network
 * container. Tests add a container that exits and one that restarts. Every container carries the
 * label {@code container-netstat-test=1} and this run's own label, and is removed after. The daemon
 * is shared with other tests: only this run's containers are asserted on.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class DockerE2ETest {
  private final String run = E2E.randomId().substring(0, 10);
  private final String uid = E2E.randomUid();
  private final String podName = "web-" + run;
  private final Map<String, String> ids = new LinkedHashMap<>();
  private String image;
  private Path dataRoot;

  @BeforeAll
  void startScenario() {
    Map<String, String> env = E2E.env();
    E2E.Result info = E2E.run(docker("info", "-f", "{{.DockerRootDir}}"));
    E2E.require(info.ok(), "docker does not answer at " + env.get("DOCKER_HOST") + ": " + info.err().strip());
    image = env.get("TEST_IMAGE");
    E2E.require(E2E.run(docker("image", "inspect", image)).ok(), "image " + image + " is missing");
    dataRoot = Path.of(info.line());

    ids.put("plain1", start("cnr-" + run + "-plain1", List.of(), "none", "sleep", "600"));
    ids.put("plain2", start("cnr-" + run + "-plain2", List.of(), "none", "sleep", "600"));
    String sandbox = start("k8s_POD_" + podName + "_shop_" + uid + "_0", k8s("POD", "podsandbox"), "none",
        "sleep", "600");
    ids.put("sandbox", sandbox);
    ids.put("app", start("k8s_app_" + podName + "_shop_" + uid + "_0", k8s("app", "container"),
        "container:" + sandbox, "sleep", "600"));
    ids.put("sidecar", start("k8s_sidecar_" + podName + "_shop_" + uid + "_0", k8s("sidecar", "container"),
        "container:" + sandbox, "sleep", "600"));
    ids.put("hostnet", start("cnr-" + run + "-hostnet", List.of(), "host", "sleep", "600"));
  }

  @AfterAll
  void removeContainers() {
    E2E.Result ps = E2E.run(docker("ps", "-aq", "--filter", "label=container-netstat-test.run=" + run));
    if (ps.ok() && !ps.line().isEmpty()) {
      List<String> rm = new ArrayList<>(docker("rm", "-f"));
      rm.addAll(List.of(ps.line().split("\\s+")));
      E2E.run(rm);
    }
  }

  private List<String> k8s(String container, String type) {
    return List.of("--label", "io.kubernetes.pod.name=" + podName, "--label", "io.kubernetes.pod.namespace=shop",
        "--label", "io.kubernetes.pod.uid=" + uid, "--label", "io.kubernetes.container.name=" + container,
        "--label", "io.kubernetes.docker.type=" + type);
  }

  private String start(String name, List<String> labels, String network, String... command) {
    List<String> cmd = new ArrayList<>(docker("run", "-d", "--name", name, "--network", network,
        "--label", E2E.TEST_LABEL, "--label", "container-netstat-test.run=" + run));
    cmd.addAll(labels);
    cmd.add(image);
    cmd.addAll(List.of(command));
    return must(cmd);
  }

  private long dockerPid(String id) {
    return Long.parseLong(must(docker("inspect", "-f", "{{.State.Pid}}", id)));
  }

  private ResolverOptions options() {
    return ResolverOptions.builder().dockerHost(E2E.env().get("DOCKER_HOST")).dockerDataRoot(dataRoot)
        .callTimeout(Duration.ofSeconds(10)).build();
  }

  private CountingDockerApi countingApi() {
    return new CountingDockerApi(new DockerJavaApi(options().dockerHost(), options().callTimeout()));
  }

  // ---- the scenario, through each resolver -----------------------------------------------------------

  @Test
  void theDockerResolverMatchesDockerInspectAndProc() throws Exception {
    try (DockerResolver resolver = new DockerResolver(options())) {
      checkScenario(resolver.resolve(), "docker");
    }
  }

  @Test
  void theCgroupScanFindsTheSameWithNoApi() throws Exception {
    try (CgroupScanResolver resolver = new CgroupScanResolver(options())) {
      checkScenario(resolver.resolve(), "cgroup");
    }
  }

  @Test
  void autoChoosesDocker() throws Exception {
    try (AutoResolver auto = new AutoResolver(options())) {
      Resolution r = auto.resolve();
      assertThat(auto.chosen()).isEqualTo(ResolverKind.DOCKER);
      assertThat(auto.reason()).startsWith("Docker daemon answered at " + options().dockerHost());
      checkScenario(r, "docker");
    }
  }

  private void checkScenario(Resolution r, String resolver) throws Exception {
    assertThat(r.resolver()).isEqualTo(resolver);
    for (Map.Entry<String, String> e : ids.entrySet()) {
      String id = e.getValue();
      long pid = dockerPid(id);
      Container c = container(r, id).orElseThrow(() -> new AssertionError(
          resolver + ": container " + e.getKey() + " (" + id + ") missing from " + r));
      NetnsTarget t = targetOf(r, id);
      assertThat(c.pid()).as("%s: PID of %s, as docker inspect gives it", resolver, e.getKey()).isEqualTo(pid);
      assertThat(c.startTime()).as("%s: start time of %s", resolver, e.getKey()).isEqualTo(E2E.startTimeOf(pid));
      assertThat(t.netnsInode()).as("%s: namespace of %s = readlink /proc/%d/ns/net", resolver, e.getKey(), pid)
          .isEqualTo(E2E.netnsOf(pid));
      assertThat(c.runtime()).isEqualTo("docker");
      assertThat(c.name()).isEqualTo(must(docker("inspect", "-f", "{{.Name}}", id)).substring(1));
      assertThat(c.image()).isEqualTo(image);
      assertThat(c.labels()).containsEntry("container-netstat-test.run", run);
    }
    for (String plain : List.of("plain1", "plain2")) {
      NetnsTarget t = targetOf(r, ids.get(plain));
      assertThat(t.containers()).as("%s: %s has a namespace of its own", resolver, plain)
          .extracting(Container::id).containsExactly(ids.get(plain));
      assertThat(t.owner()).isEqualTo(ids.get(plain));
      assertThat(t.hostNetwork()).isFalse();
      assertThat(t.pod()).isNull();
    }
    NetnsTarget pod = targetOf(r, ids.get("sandbox"));
    assertThat(pod.containers()).as("%s: the pod's containers share the sandbox's namespace", resolver)
        .extracting(Container::id).containsExactly(ids.get("sandbox"), ids.get("app"), ids.get("sidecar"));
    assertThat(pod.owner()).isEqualTo(ids.get("sandbox"));
    assertThat(pod.pid()).isEqualTo(dockerPid(ids.get("sandbox")));
    assertThat(pod.pod()).isEqualTo(new Pod("shop", podName, uid));
    assertThat(pod.hostNetwork()).isFalse();
    assertThat(pod.containers()).extracting(Container::sandbox).containsExactly(true, false, false);
    assertThat(pod.containers()).extracting(Container::podContainer).containsExactly(null, "app", "sidecar");
    NetnsTarget host = targetOf(r, ids.get("hostnet"));
    assertThat(host.hostNetwork()).as("%s: --network host", resolver).isTrue();
    assertThat(host.netnsInode()).isEqualTo(E2E.netnsOf(ProcessHandle.current().pid()));
  }

  // ---- exits and restarts -----------------------------------------------------------------------------

  @Test
  void aContainerThatExitsDuringTheTestLeavesTheResolution() throws Exception {
    String id = start("cnr-" + run + "-exits", List.of(), "none", "sleep", "600");
    long pid = dockerPid(id);
    try (DockerResolver docker = new DockerResolver(options().toBuilder().dockerEvents(false).build());
        CgroupScanResolver cgroup = new CgroupScanResolver(options())) {
      assertThat(container(docker.resolve(), id)).isPresent();
      assertThat(container(cgroup.resolve(), id)).isPresent();

      // The process dies behind the daemon's back: the next cycles must drop it, never fail.
      must(List.of("kill", "-KILL", Long.toString(pid)));
      E2E.awaitExit(pid);
      for (NetnsResolver resolver : List.of(docker, cgroup)) {
        Resolution r = resolver.resolve();
        assertThat(container(r, id)).as("%s right after the exit", resolver.name()).isEmpty();
      }
      must(docker("wait", id));
      for (NetnsResolver resolver : List.of(docker, cgroup)) {
        Resolution r = resolver.resolve();
        assertThat(container(r, id)).as("%s after the daemon noticed", resolver.name()).isEmpty();
        for (String other : ids.values()) {
          assertThat(container(r, other)).as("%s still has the others", resolver.name()).isPresent();
        }
      }
    }
  }

  @Test
  void aRestartedContainerKeepsItsIdAndGetsItsNewPid() throws Exception {
    String id = start("cnr-" + run + "-restarts", List.of(), "none", "sleep", "600");
    long oldPid = dockerPid(id);
    CountingDockerApi api = countingApi();
    try (DockerResolver docker = new DockerResolver(options(), api);
        CgroupScanResolver cgroup = new CgroupScanResolver(options())) {
      assertThat(container(docker.resolve(), id)).get().extracting(Container::pid).isEqualTo(oldPid);
      assertThat(container(cgroup.resolve(), id)).get().extracting(Container::pid).isEqualTo(oldPid);
      docker.resolve();
      assertThat(api.inspects(id)).as("inspected once while it runs unchanged").isEqualTo(1);

      must(docker("restart", "-t", "0", id));
      long newPid = dockerPid(id);
      assertThat(newPid).isNotEqualTo(oldPid);

      for (NetnsResolver resolver : List.of(docker, cgroup)) {
        Resolution r = resolver.resolve();
        Container c = container(r, id).orElseThrow(() -> new AssertionError(resolver.name() + " lost " + id));
        assertThat(c.pid()).as("%s: the new PID", resolver.name()).isEqualTo(newPid);
        assertThat(c.startTime()).isEqualTo(E2E.startTimeOf(newPid));
        assertThat(targetOf(r, id).netnsInode()).isEqualTo(E2E.netnsOf(newPid));
      }
      assertThat(api.inspects(id)).as("inspected again once, after the restart").isEqualTo(2);
    }
  }

  @Test
  void theSteadyStateInspectsNothingAgainAndListsAtMostOncePerCycle() throws Exception {
    CountingDockerApi api = countingApi();
    try (DockerResolver docker = new DockerResolver(options(), api)) {
      docker.resolve();
      Thread.sleep(300); // the events stream's subscription settles
      docker.resolve();
      int lists = api.lists.get();
      long nanos = 0;
      int cycles = 20;
      for (int i = 0; i < cycles; i++) {
        long t = System.nanoTime();
        docker.resolve();
        nanos += System.nanoTime() - t;
      }
      for (String id : ids.values()) {
        assertThat(api.inspects(id)).as("inspects of %s", id).isEqualTo(1);
      }
      // Other tests share this daemon: their containers' events may cause a list, never more than one a cycle.
      assertThat(api.lists.get() - lists).isLessThanOrEqualTo(cycles);
      System.out.printf("docker resolver steady state: %.3f ms per resolve, %d lists in %d cycles, %d containers%n",
          nanos / 1e6 / cycles, api.lists.get() - lists, cycles, docker.resolve().namespaces().stream()
              .mapToInt(t -> t.containers().size()).sum());
    }
  }

  // ---- helpers --------------------------------------------------------------------------------------

  static Optional<Container> container(Resolution r, String id) {
    return r.namespaces().stream().flatMap(t -> t.containers().stream()).filter(c -> c.id().equals(id)).findFirst();
  }

  static NetnsTarget targetOf(Resolution r, String id) {
    return r.namespaces().stream().filter(t -> t.containers().stream().anyMatch(c -> c.id().equals(id)))
        .findFirst().orElseThrow(() -> new AssertionError("no namespace holds " + id));
  }
}
