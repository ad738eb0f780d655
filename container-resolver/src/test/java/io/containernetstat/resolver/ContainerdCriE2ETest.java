package io.containernetstat.resolver;

import static io.containernetstat.resolver.E2E.ctr;
import static io.containernetstat.resolver.E2E.must;
import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Container;
import io.containernetstat.core.LabelSelection;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Container.Pod;
import io.containernetstat.core.Resolution;
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
 * The cgroup scan against real containerd tasks laid out as Kubernetes' CRI plugin lays them out,
 * made with {@code ctr} (no Kubernetes): per pod a sandbox task in cgroup
 * {@code kubepods/<qos>/pod<uid>/<id>} with the CRI annotations, and an app task joining the sandbox's
 * network namespace with {@code --with-ns network:/proc/<pid>/ns/net}. Guaranteed pods sit directly under
 * {@code kubepods}. The resolver reads only cgroupfs, procfs and the task bundles: no API call.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class ContainerdCriE2ETest {
  /** One pod made with ctr. */
  record FakePod(String qos, String name, String uid, String sandbox, String app) {
    String cgroup(String id) {
      return "kubepods/" + (qos.equals("guaranteed") ? "" : qos + "/") + "pod" + uid + "/" + id;
    }
  }

  private final List<FakePod> pods = new ArrayList<>();
  private final List<String> tasks = new ArrayList<>();
  private Path taskRoot;
  private String image;
  private String namespace;

  @BeforeAll
  void startPods() throws Exception {
    Map<String, String> env = E2E.env();
    E2E.Result version = E2E.run(ctr("version"));
    E2E.require(version.ok(), "ctr cannot reach containerd at " + env.get("CONTAINERD_ADDRESS") + ": "
        + version.err().strip());
    image = env.get("TEST_IMAGE_CTR");
    E2E.Result images = E2E.run(ctr("images", "ls", "-q"));
    E2E.require(images.ok() && images.out().lines().anyMatch(image::equals),
        "image " + image + " is not in containerd namespace " + env.get("TEST_CONTAINERD_NAMESPACE"));
    taskRoot = Path.of(env.get("TEST_CONTAINERD_TASK_ROOT"));
    namespace = env.get("TEST_CONTAINERD_NAMESPACE");

    for (String qos : List.of("besteffort", "burstable", "guaranteed")) {
      pods.add(startPod(qos));
    }
  }

  private FakePod startPod(String qos) throws Exception {
    String tag = E2E.randomId().substring(0, 6);
    FakePod pod = new FakePod(qos, "web-" + qos + "-" + tag, E2E.randomUid(), E2E.randomId(), E2E.randomId());
    runTask(pod, pod.sandbox(), "sandbox", null, List.of());
    long sandboxPid = initPid(pod.sandbox());
    runTask(pod, pod.app(), "container", "app", List.of("--with-ns", "network:/proc/" + sandboxPid + "/ns/net"));
    return pod;
  }

  private void runTask(FakePod pod, String id, String type, String container, List<String> extra) {
    List<String> cmd = new ArrayList<>(ctr("run", "-d", "--label", E2E.TEST_LABEL, "--cgroup", pod.cgroup(id),
        "--annotation", "io.kubernetes.cri.container-type=" + type,
        "--annotation", "io.kubernetes.cri.sandbox-name=" + pod.name(),
        "--annotation", "io.kubernetes.cri.sandbox-namespace=shop",
        "--annotation", "io.kubernetes.cri.sandbox-uid=" + pod.uid(),
        "--annotation", "io.kubernetes.cri.sandbox-id=" + pod.sandbox(),
        "--annotation", "io.kubernetes.cri.image-name=" + image,
        "--annotation", "com.example.team=" + type + "-" + pod.qos()));
    if (container != null) {
      cmd.addAll(List.of("--annotation", "io.kubernetes.cri.container-name=" + container));
    }
    cmd.addAll(extra);
    cmd.addAll(List.of(image, id, "sleep", "600"));
    tasks.add(id);
    must(cmd);
  }

  private long initPid(String id) throws Exception {
    return Long.parseLong(Files.readString(taskRoot.resolve(namespace).resolve(id).resolve("init.pid")).strip());
  }

  @AfterAll
  void removeTasks() {
    for (String id : tasks) {
      E2E.run(ctr("tasks", "delete", "-f", id));
      E2E.run(ctr("containers", "delete", id));
    }
  }

  private CgroupScanResolver resolver() {
    List<Path> roots = new ArrayList<>(ResolverOptions.DEFAULT_CONTAINERD_ROOTS);
    if (!roots.contains(taskRoot)) {
      roots.add(taskRoot);
    }
    // No Docker, no containerd socket: the scan reads files only.
    return new CgroupScanResolver(ResolverOptions.builder().containerdRoots(roots)
        .dockerHost("unix:///nonexistent/docker.sock").build());
  }

  @Test
  void everyPodIsOneNamespaceOwnedByItsSandboxWithItsKubernetesNames() throws Exception {
    Resolution r = resolver().resolve();

    for (FakePod pod : pods) {
      long sandboxPid = initPid(pod.sandbox());
      long appPid = initPid(pod.app());
      NetnsTarget t = r.namespaces().stream()
          .filter(n -> n.containers().stream().anyMatch(c -> c.id().equals(pod.sandbox())))
          .findFirst().orElseThrow(() -> new AssertionError(pod.qos() + " pod sandbox missing from " + r));
      assertThat(t.netnsInode()).as("%s: readlink /proc/%d/ns/net", pod.qos(), sandboxPid)
          .isEqualTo(E2E.netnsOf(sandboxPid)).isEqualTo(E2E.netnsOf(appPid));
      assertThat(t.owner()).isEqualTo(pod.sandbox());
      assertThat(t.pid()).isEqualTo(sandboxPid);
      assertThat(t.pidStartTime()).isEqualTo(E2E.startTimeOf(sandboxPid));
      assertThat(t.hostNetwork()).isFalse();
      assertThat(t.pod()).isEqualTo(new Pod("shop", pod.name(), pod.uid()));
      assertThat(t.containers()).extracting(Container::id).containsExactly(pod.sandbox(), pod.app());
      assertThat(t.containers()).extracting(Container::runtime).containsOnly("containerd");
      assertThat(t.containers()).extracting(Container::name).containsExactly(pod.name(), "app");
      assertThat(t.containers()).extracting(Container::pid).containsExactly(sandboxPid, appPid);
      assertThat(t.containers()).extracting(Container::image).containsOnly(image);
      assertThat(t.containers().get(0).sandbox()).isTrue();
      assertThat(t.containers().get(1).podContainer()).isEqualTo("app");
      // --container-labels: the OCI annotations of the sandbox, which names the namespace (ctr 1.6 writes its
      // --label into the bundle's annotations too; CRI keeps a pod's labels in containerd's database only)
      assertThat(LabelSelection.matching("com\\.example\\..*|io\\.kubernetes\\.cri\\.sandbox-name|container-netstat-test")
          .select(t)).containsExactly(
              new LabelSelection.Label("container_label_com_example_team", "com.example.team", "sandbox-" + pod.qos()),
              new LabelSelection.Label("container_label_container_netstat_test", "container-netstat-test", "1"),
              new LabelSelection.Label("container_label_io_kubernetes_cri_sandbox_name",
                  "io.kubernetes.cri.sandbox-name", pod.name()));
    }
  }

  @Test
  void anAppThatExitsLeavesItsPodWithTheSandbox() throws Exception {
    FakePod pod = startPod("besteffort");
    CgroupScanResolver resolver = resolver();
    long appPid = initPid(pod.app());
    resolver.resolve();
    long cycleStart = System.nanoTime();
    resolver.resolve();
    System.out.printf("cgroup scan steady state with %d pods on a real hierarchy: %.3f ms%n", pods.size() + 1,
        (System.nanoTime() - cycleStart) / 1e6);

    must(List.of("kill", "-KILL", Long.toString(appPid)));
    long deadline = System.nanoTime() + 10_000_000_000L;
    Resolution r;
    do {
      r = resolver.resolve();
    } while (Files.exists(Path.of("/proc/" + appPid)) && System.nanoTime() < deadline);
    r = resolver.resolve();

    NetnsTarget t = r.namespaces().stream()
        .filter(n -> n.containers().stream().anyMatch(c -> c.id().equals(pod.sandbox())))
        .findFirst().orElseThrow();
    assertThat(t.containers()).extracting(Container::id).containsExactly(pod.sandbox());
    assertThat(t.owner()).isEqualTo(pod.sandbox());
  }
}
