package io.containernetstat.resolver;

import static io.containernetstat.resolver.E2E.must;
import static io.containernetstat.resolver.E2E.podman;
import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Collector;
import io.containernetstat.core.Container;
import io.containernetstat.core.Container.Pod;
import io.containernetstat.core.LabelSelection;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsResolver;
import io.containernetstat.core.NetnsStats;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.Resolution;
import io.containernetstat.core.Snapshot;
import io.containernetstat.core.kernel.Environment;
import io.containernetstat.core.kernel.SsSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The cgroup scan (and auto, with no Docker to answer) against real rootful podman containers, as
 * {@code scripts/test-env/up.sh} prepares podman (its busybox image in podman's storage, a
 * containers.conf whose ulimits fit this host): a {@code --network none} container holding an
 * established nc pair, a {@code podman pod} of two containers sharing its infra container's namespace,
 * and a container restarted in place. Names, ids, images and pods must agree with
 * {@code podman inspect}, namespaces with {@code readlink /proc/<pid>/ns/net}, and the figures with
 * {@code ss -s} inside each namespace. Every container and the pod carry {@code container-netstat-test=1}
 * and are removed afterwards.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class PodmanE2ETest {
  /** A label with characters that --container-labels sanitises; podman copies a pod's labels to its infra. */
  private static final String TEAM = "com.example/team";
  private final String run = E2E.randomId().substring(0, 8);
  private final List<String> containers = new ArrayList<>();
  private String image;
  private String plain;
  private String podId;
  private String podName;
  private String infra;
  private String web;
  private String sidecar;
  private String restarted;

  @BeforeAll
  void startContainers() throws Exception {
    Environment.requireNetworkNamespaces();
    image = E2E.env().get("TEST_PODMAN_IMAGE");
    E2E.Result exists = E2E.run(podman("image", "exists", image));
    Environment.requireOrSkip(exists.ok(), "needs rootful podman with image " + image
        + " (run scripts/test-env/up.sh as root): " + exists.err().strip());
    // busybox nc quits when its stdin ends: each reads from something that never ends (see DockerIT).
    plain = start("run", "-d", "--network", "none", "--label", E2E.TEST_LABEL, "--label", TEAM + "=plain team",
        "--name", "cnt-e2e-plain-" + run,
        image, "sh", "-c", "mkfifo /nc.in; (sleep 600 > /nc.in) & sleep 600 | nc -l -p 8080 & "
            + "until nc 127.0.0.1 8080 < /nc.in; do sleep 0.2; done & exec sleep 600");
    podName = "cnt-e2e-pod-" + run;
    podId = must(podman("pod", "create", "--name", podName, "--network", "none", "--label", E2E.TEST_LABEL,
        "--label", TEAM + "=pod-team"));
    web = start("run", "-d", "--pod", podName, "--label", E2E.TEST_LABEL, "--name", "cnt-e2e-web-" + run, image,
        "sh", "-c", "sleep 600 | nc -l -p 80 & exec sleep 600");
    sidecar = start("run", "-d", "--pod", podName, "--label", E2E.TEST_LABEL, "--name", "cnt-e2e-sidecar-" + run,
        image, "sleep", "600");
    infra = inspect(podId, "{{.InfraContainerID}}", true);
    restarted = start("run", "-d", "--network", "none", "--label", E2E.TEST_LABEL,
        "--name", "cnt-e2e-restarted-" + run, image, "sleep", "600");
    awaitSs(plain, 2, 2); // the pair (busybox nc -l stops listening once it accepted)
    awaitSs(web, 0, 1); // the listener
  }

  private String start(String... args) {
    String id = must(podman(args));
    containers.add(id);
    return id;
  }

  /** Waits until {@code ss -s} in the container's namespace shows the nc sockets (a loaded host is slow). */
  private void awaitSs(String id, long estab, long tcpInuse) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      SsSummary ss = ss(pid(id));
      if (ss.estab() == estab && ss.row("TCP").total() >= tcpInuse) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("container " + id + ": no nc sockets after 60 s: " + ss);
      }
      Thread.sleep(100);
    }
  }

  @AfterAll
  void removeContainers() {
    for (String id : containers) {
      E2E.run(podman("rm", "-f", "-t", "0", id));
    }
    if (podId != null) {
      E2E.run(podman("pod", "rm", "-f", podId));
    }
  }

  private static String inspect(String id, String format, boolean pod) {
    return pod ? must(podman("pod", "inspect", "-f", format, id)) : must(podman("inspect", "-f", format, id));
  }

  private static long pid(String id) {
    return Long.parseLong(inspect(id, "{{.State.Pid}}", false));
  }

  private static SsSummary ss(long pid) {
    return SsSummary.parse(must(List.of("nsenter", "-t", Long.toString(pid), "-n", "ss", "-s")));
  }

  private static ResolverOptions options() {
    // No Docker: auto has only the cgroup scan to choose; the scan reads files only.
    return ResolverOptions.builder().dockerHost("unix:///nonexistent/docker.sock").build();
  }

  private static NetnsTarget holding(Resolution r, String id) {
    return r.namespaces().stream().filter(t -> t.containers().stream().anyMatch(c -> c.id().equals(id)))
        .findFirst().orElseThrow(() -> new AssertionError("no namespace holds podman container " + id + ": " + r));
  }

  private static Container container(NetnsTarget t, String id) {
    return t.containers().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void theCgroupScanNamesPodmanContainersAndGroupsThePod() throws Exception {
    try (CgroupScanResolver resolver = new CgroupScanResolver(options())) {
      assertPodmanLayout(resolver.resolve());
    }
  }

  @Test
  void autoWithoutDockerPicksTheCgroupScanAndNamesTheSame() throws Exception {
    try (NetnsResolver resolver = Resolvers.create(ResolverKind.AUTO, options())) {
      Resolution r = resolver.resolve();
      assertThat(r.resolver()).isEqualTo(CgroupScanResolver.NAME);
      assertPodmanLayout(r);
    }
  }

  private void assertPodmanLayout(Resolution r) throws Exception {
    for (String id : List.of(plain, restarted)) {
      NetnsTarget t = holding(r, id);
      long pid = pid(id);
      assertThat(t.netnsInode()).as("netns of %s", id).isEqualTo(E2E.netnsOf(pid));
      assertThat(t.pid()).isEqualTo(pid);
      assertThat(t.pod()).isNull();
      assertThat(t.containers()).singleElement().satisfies(c -> {
        assertThat(c.id()).hasSize(64).isEqualTo(id);
        assertThat(c.name()).isEqualTo(inspect(id, "{{.Name}}", false));
        assertThat(c.image()).isEqualTo(inspect(id, "{{.ImageName}}", false)).isEqualTo(image);
        assertThat(c.runtime()).isEqualTo("podman");
        assertThat(c.labels()).containsEntry("container-netstat-test", "1");
      });
    }

    NetnsTarget pod = holding(r, infra);
    long infraPid = pid(infra);
    assertThat(pod.netnsInode()).isEqualTo(E2E.netnsOf(infraPid)).isEqualTo(E2E.netnsOf(pid(web)))
        .isEqualTo(E2E.netnsOf(pid(sidecar)));
    assertThat(pod.pod()).isEqualTo(new Pod("", podName, podId));
    assertThat(pod.owner()).as("the pod's infra container").isEqualTo(infra);
    assertThat(pod.pid()).isEqualTo(infraPid);
    assertThat(pod.containers()).extracting(Container::id).containsExactly(infra, web, sidecar);
    assertThat(pod.containers()).extracting(Container::sandbox).containsExactly(true, false, false);
    assertThat(container(pod, infra).name()).isEqualTo(inspect(infra, "{{.Name}}", false));
    assertThat(container(pod, web).name()).isEqualTo("cnt-e2e-web-" + run);
    assertThat(container(pod, web).podContainer()).isEqualTo("cnt-e2e-web-" + run);
    assertThat(container(pod, web).image()).isEqualTo(image);
    assertThat(container(pod, sidecar).name()).isEqualTo("cnt-e2e-sidecar-" + run);

    // --container-labels: libpod's labels, the pod's on its infra container, which names the namespace
    LabelSelection team = LabelSelection.matching("com\\.example/team");
    assertThat(team.select(holding(r, plain)))
        .containsExactly(new LabelSelection.Label("container_label_com_example_team", TEAM, "plain team"));
    assertThat(team.select(pod))
        .containsExactly(new LabelSelection.Label("container_label_com_example_team", TEAM, "pod-team"));
    assertThat(team.select(holding(r, restarted))).isEmpty();
  }

  @Test
  void theFiguresAgreeWithSsInsideEachNamespace() throws Exception {
    ProcRoot proc = ProcRoot.of("/proc");
    try (Collector collector = Collector.builder(new CgroupScanResolver(options())).procRoot(proc)
        .files(ProcNetFile.defaults()).build()) {
      Snapshot snapshot = collector.collect();
      for (String id : List.of(plain, infra, restarted)) {
        NamespaceSnapshot ns = snapshot.namespaces().stream()
            .filter(n -> n.target().containers().stream().anyMatch(c -> c.id().equals(id)))
            .findFirst().orElseThrow(() -> new AssertionError("no namespace holds " + id));
        assertThat(ns.ok()).as("%s read: %s", id, ns.error()).isTrue();
        NetnsStats.Summary m = ns.stats().summary();
        SsSummary ss = ss(ns.target().pid());
        assertThat(m.tcpEstablished()).as("estab of %s", id).hasValue(ss.estab());
        assertThat(m.tcpInuse()).as("TCP of %s", id).hasValue(ss.row("TCP").total());
        assertThat(m.tcpTimewait()).hasValue(ss.timewait());
        assertThat(m.udpInuse()).hasValue(ss.row("UDP").total());
        assertThat(m.socketsUsed()).as("sockets used of %s", id).hasValue(ss.total());
      }
      assertThat(snapshot.namespaces().stream().filter(n -> n.target().owner().equals(plain)).findFirst()
          .orElseThrow().stats().summary().tcpEstablished()).as("the plain container's nc pair").hasValue(2);
    }
  }

  @Test
  void aContainerRestartedInPlaceIsReadThroughItsNewProcessInTheNextCycle() throws Exception {
    String id = start("run", "-d", "--network", "none", "--label", E2E.TEST_LABEL,
        "--name", "cnt-e2e-restart-" + run, image, "sleep", "600");
    try (CgroupScanResolver resolver = new CgroupScanResolver(options())) {
      long before = pid(id);
      assertThat(holding(resolver.resolve(), id).pid()).isEqualTo(before);

      must(podman("restart", "-t", "0", id));
      long after = pid(id);
      assertThat(after).isNotEqualTo(before);
      Resolution r = resolver.resolve();

      NetnsTarget t = holding(r, id);
      assertThat(t.pid()).isEqualTo(after);
      assertThat(t.pidStartTime()).isEqualTo(E2E.startTimeOf(after));
      assertThat(t.netnsInode()).isEqualTo(E2E.netnsOf(after));
      assertThat(t.containers()).singleElement().extracting(Container::name).isEqualTo("cnt-e2e-restart-" + run);
    }
  }
}
