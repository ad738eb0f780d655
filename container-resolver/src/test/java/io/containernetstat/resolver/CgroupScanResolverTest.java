package io.containernetstat.resolver;

import io.containernetstat.testkit.OpenDescriptors;

import static io.containernetstat.resolver.FakeHost.HOST_NETNS;
import static io.containernetstat.resolver.FakeHost.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.containernetstat.core.Failure;
import io.containernetstat.core.Container;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Container.Pod;
import io.containernetstat.core.Resolution;
import io.containernetstat.core.ResolverException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CgroupScanResolverTest {
  private static final String UID = "1f3c2a9e-7b4d-4c1e-9a2b-3c4d5e6f7a8b";

  @TempDir Path tmp;

  // ---- Docker -------------------------------------------------------------------------------------

  @Test
  void dockerCgroupfsContainersOnAHybridV1HostAreFoundInThePidsHierarchy() throws Exception {
    FakeHost host = FakeHost.v1(tmp, "memory", "pids", "systemd", "unified");
    String web = id("web");
    String db = id("db");
    host.container("/docker/" + web, 5001, "nginx", 300, 1000, 301, 1001)
        .container("/docker/" + db, 5002, "postgres", 400, 2000)
        .dockerConfig(web, "web", "nginx:1.27", Map.of("app", "web"), "none")
        .dockerConfig(db, "db", "postgres:16", Map.of(), "none");

    CgroupScanResolver resolver = new CgroupScanResolver(host.options().build());
    Resolution r = resolver.resolve();

    assertThat(resolver.hierarchy()).hasValueSatisfying(h -> assertThat(h).contains("pids"));
    assertThat(r.resolver()).isEqualTo("cgroup");
    assertThat(r.skipped()).isZero();
    assertThat(r.warnings()).isEmpty();
    assertThat(r.namespaces()).extracting(NetnsTarget::netnsInode).containsExactly(5001L, 5002L);
    NetnsTarget t = target(r, 5001);
    assertThat(t.pid()).as("lowest live PID of the cgroup").isEqualTo(300);
    assertThat(t.pidStartTime()).isEqualTo(1000);
    assertThat(t.owner()).isEqualTo(web);
    assertThat(t.hostNetwork()).isFalse();
    assertThat(t.pod()).isNull();
    Container c = t.containers().get(0);
    assertThat(c.name()).isEqualTo("web");
    assertThat(c.image()).isEqualTo("nginx:1.27");
    assertThat(c.runtime()).isEqualTo("docker");
    assertThat(c.labels()).containsEntry("app", "web");
    assertThat(c.sandbox()).isFalse();
  }

  @Test
  void dockerSystemdScopesOnAV2HostAreFound() throws Exception {
    FakeHost host = FakeHost.v2(tmp);
    String a = id("a");
    host.container("/system.slice/docker-" + a + ".scope", 5001, "sleep", 300, 1000)
        .procs("/system.slice/ssh.service", 1)
        .procs("/system.slice/docker.service", 1);

    Resolution r = new CgroupScanResolver(host.options().build()).resolve();

    assertThat(r.namespaces()).singleElement().satisfies(t -> {
      assertThat(t.owner()).isEqualTo(a);
      assertThat(t.containers()).singleElement().satisfies(c -> {
        assertThat(c.runtime()).isEqualTo("docker");
        assertThat(c.name()).as("no metadata on disk: the short id").isEqualTo(a.substring(0, 12));
      });
    });
  }

  @Test
  void dockerContainersJoinedWithNetworkContainerShareOneTargetOwnedByTheJoinedContainer() throws Exception {
    FakeHost host = FakeHost.v1(tmp, "pids");
    String base = id("base");
    String side = id("side");
    host.container("/docker/" + base, 5001, "sleep", 300, 1000)
        .container("/docker/" + side, 5001, "sleep", 200, 900)
        .dockerConfig(base, "base", "busybox", Map.of(), "none")
        .dockerConfig(side, "side", "busybox", Map.of(), "container:" + base);

    Resolution r = new CgroupScanResolver(host.options().build()).resolve();

    assertThat(r.namespaces()).singleElement().satisfies(t -> {
      assertThat(t.owner()).as("the container the other joined, though it started later").isEqualTo(base);
      assertThat(t.pid()).isEqualTo(300);
      assertThat(t.containers()).extracting(Container::name).containsExactly("base", "side");
    });
  }

  @Test
  void criDockerdPodsUnderKubepodsAreNamedFromDockerLabels() throws Exception {
    FakeHost host = FakeHost.v1(tmp, "pids");
    String sandbox = id("sandbox");
    String app = id("app");
    String pod = "/kubepods/besteffort/pod" + UID + "/";
    host.container(pod + sandbox, 5001, "pause", 300, 1000)
        .container(pod + app, 5001, "nginx", 310, 1010)
        .dockerConfig(sandbox, "k8s_POD_web-0_shop_" + UID + "_0", "registry.k8s.io/pause:3.9",
            k8sLabels("POD", "podsandbox"), "none")
        .dockerConfig(app, "k8s_nginx_web-0_shop_" + UID + "_0", "nginx",
            k8sLabels("nginx", "container"), "container:" + sandbox);

    Resolution r = new CgroupScanResolver(host.options().build()).resolve();

    assertThat(r.namespaces()).singleElement().satisfies(t -> {
      assertThat(t.owner()).isEqualTo(sandbox);
      assertThat(t.pod()).isEqualTo(new Pod("shop", "web-0", UID));
      assertThat(t.containers()).extracting(Container::runtime).containsOnly("docker");
      assertThat(t.containers().get(0).sandbox()).isTrue();
      assertThat(t.containers().get(1).podContainer()).isEqualTo("nginx");
    });
  }

  // ---- containerd CRI ------------------------------------------------------------------------------

  static Stream<Arguments> criLayouts() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (String version : List.of("v1", "v2")) {
      for (String qos : List.of("guaranteed", "burstable", "besteffort")) {
        b.add(Arguments.of(version, "cgroupfs", qos));
        b.add(Arguments.of(version, "systemd", qos));
      }
    }
    return b.build();
  }

  /** {@return a cgroup v2 host running one Docker container: PID 300 started at 1000, namespace 5001} */
  private FakeHost oneDockerContainer(String id, String comm) {
    return FakeHost.v2(tmp).container("/docker/" + id, 5001, comm, 300, 1000);
  }

  private static CgroupScanResolver scan(FakeHost host) {
    return new CgroupScanResolver(host.options().build());
  }

  /** The cgroup of a container of pod {@link #UID} under kubelet's layout. */
  static String kubeCgroup(String driver, String qos, String prefix, String id) {
    if (driver.equals("cgroupfs")) {
      return "/kubepods/" + (qos.equals("guaranteed") ? "" : qos + "/") + "pod" + UID + "/" + id;
    }
    String uid = UID.replace('-', '_');
    String qosSlice = qos.equals("guaranteed") ? "" : "kubepods-" + qos + ".slice/";
    String podSlice = qos.equals("guaranteed") ? "kubepods-pod" + uid + ".slice" : "kubepods-" + qos + "-pod" + uid + ".slice";
    return "/kubepods.slice/" + qosSlice + podSlice + "/" + prefix + id + ".scope";
  }

  @ParameterizedTest(name = "cgroup {0}, {1} driver, {2}")
  @MethodSource("criLayouts")
  void containerdCriPodIsOneNamespaceOwnedByItsSandbox(String version, String driver, String qos) throws Exception {
    FakeHost host = version.equals("v1") ? FakeHost.v1(tmp, "pids", "memory") : FakeHost.v2(tmp);
    String sandbox = id("sandbox");
    String app = id("app");
    String sidecar = id("sidecar");
    String prefix = "cri-containerd-";
    host.container(kubeCgroup(driver, qos, prefix, sandbox), 6001, "pause", 500, 3000)
        .container(kubeCgroup(driver, qos, prefix, app), 6001, "nginx", 510, 3010, 511, 3011)
        .container(kubeCgroup(driver, qos, prefix, sidecar), 6001, "envoy", 520, 3020)
        .containerdBundle(host.containerdRoot, "k8s.io", sandbox, criAnnotations("sandbox", null, sandbox))
        .containerdBundle(host.containerdRoot, "k8s.io", app, criAnnotations("container", "nginx", sandbox))
        .containerdBundle(host.dockerContainerdRoot, "k8s.io", sidecar, criAnnotations("container", "envoy", sandbox));

    Resolution r = new CgroupScanResolver(host.options().build()).resolve();

    assertThat(r.warnings()).isEmpty();
    assertThat(r.namespaces()).singleElement().satisfies(t -> {
      assertThat(t.netnsInode()).isEqualTo(6001);
      assertThat(t.owner()).isEqualTo(sandbox);
      assertThat(t.pid()).isEqualTo(500);
      assertThat(t.pidStartTime()).isEqualTo(3000);
      assertThat(t.pod()).isEqualTo(new Pod("shop", "web-0", UID));
      assertThat(t.displayName()).isEqualTo("shop/web-0");
      assertThat(t.containers()).extracting(Container::id).containsExactly(sandbox, app, sidecar);
      assertThat(t.containers()).extracting(Container::runtime).containsOnly("containerd");
      assertThat(t.containers()).extracting(Container::podContainer).containsExactly(null, "nginx", "envoy");
      assertThat(t.containers()).extracting(Container::name).containsExactly("web-0", "nginx", "envoy");
      assertThat(t.containers().get(1).image()).isEqualTo("docker.io/library/nginx:1.27");
      assertThat(t.containers().get(1).labels()).containsEntry("io.kubernetes.cri.sandbox-id", sandbox);
    });
  }

  @Test
  void podsOfEveryQosClassAreFoundInOneScan() throws Exception {
    FakeHost host = FakeHost.v2(tmp);
    long inode = 7000;
    for (String driver : List.of("cgroupfs", "systemd")) {
      for (String qos : List.of("guaranteed", "burstable", "besteffort")) {
        String c = id(driver + qos);
        String path = kubeCgroup(driver, qos, "cri-containerd-", c);
        host.container(path.replace(UID, uidFor(inode)).replace(UID.replace('-', '_'), uidFor(inode).replace('-', '_')),
            inode, "pause", inode, inode);
        inode++;
      }
    }

    Resolution r = new CgroupScanResolver(host.options().build()).resolve();

    assertThat(r.namespaces()).hasSize(6);
    assertThat(r.namespaces()).allSatisfy(t ->
        assertThat(t.pod()).as("pod uid from the path of %s", t.owner()).isNotNull()
            .extracting(Pod::uid).isEqualTo(uidFor(t.netnsInode())));
  }

  @Test
  void withoutBundlesThePodIsKnownByItsUidAndTheEarliestContainerOwnsTheNamespace() throws Exception {
    FakeHost host = FakeHost.v1(tmp, "pids");
    String first = id("first");
    String later = id("later");
    host.container(kubeCgroup("cgroupfs", "burstable", "", later), 6001, "app", 400, 3050)
        .container(kubeCgroup("cgroupfs", "burstable", "", first), 6001, "pause", 500, 3000);

    Resolution r = new CgroupScanResolver(host.options().build()).resolve();

    assertThat(r.namespaces()).singleElement().satisfies(t -> {
      assertThat(t.owner()).as("earliest start time, not lowest PID").isEqualTo(first);
      assertThat(t.pid()).isEqualTo(500);
      assertThat(t.pod()).isEqualTo(new Pod("", "", UID));
      assertThat(t.containers()).extracting(Container::runtime).containsOnly("containerd");
    });
  }

  // ---- CRI-O and podman ----------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} driver")
  @MethodSource("drivers")
  void crioPodsAreFoundAndConmonIsSkipped(String driver) throws Exception {
    FakeHost host = FakeHost.v2(tmp);
    String infra = id("infra");
    String app = id("app");
    String suffix = driver.equals("systemd") ? ".scope" : "";
    String podDir = kubeCgroup(driver, "besteffort", "", "x").replace("/x.scope", "").replace("/x", "");
    host.container(podDir + "/crio-" + infra + suffix, 6001, "pause", 500, 3000)
        .container(podDir + "/crio-conmon-" + infra + suffix, HOST_NETNS, "conmon", 499, 2999)
        .container(podDir + "/crio-" + app + suffix, 6001, "nginx", 510, 3010)
        .container(podDir + "/crio-conmon-" + app + suffix, HOST_NETNS, "conmon", 509, 3009)
        .crioBundle(infra, crioAnnotations("POD", "sandbox", "k8s_POD_web-0_shop_" + UID + "_0"))
        .crioBundle(app, crioAnnotations("nginx", "container", "k8s_nginx_web-0_shop_" + UID + "_0"));

    Resolution r = new CgroupScanResolver(host.options().build()).resolve();

    assertThat(r.namespaces()).as("conmon processes live in the host namespace; none may show").singleElement()
        .satisfies(t -> {
          assertThat(t.owner()).isEqualTo(infra);
          assertThat(t.pod()).isEqualTo(new Pod("shop", "web-0", UID));
          assertThat(t.containers()).extracting(Container::runtime).containsOnly("cri-o");
          assertThat(t.containers()).extracting(Container::name)
              .containsExactly("k8s_POD_web-0_shop_" + UID + "_0", "k8s_nginx_web-0_shop_" + UID + "_0");
          assertThat(t.containers().get(0).sandbox()).isTrue();
          assertThat(t.containers().get(1).podContainer()).isEqualTo("nginx");
          assertThat(t.containers().get(1).image()).isEqualTo("docker.io/library/nginx:1.27");
        });
  }

  static Stream<String> drivers() {
    return Stream.of("cgroupfs", "systemd");
  }

  @Test
  void crioPodWithoutInfraContainerIsOwnedByItsEarliestContainer() throws Exception {
    FakeHost host = FakeHost.v2(tmp);
    String a = id("a");
    String b = id("b");
    String podDir = "/kubepods/besteffort/pod" + UID;
    host.container(podDir + "/crio-" + b, 6001, "sidecar", 520, 3020)
        .container(podDir + "/crio-" + a, 6001, "nginx", 510, 3010)
        .crioBundle(a, crioAnnotations("nginx", "container", "k8s_nginx"))
        .crioBundle(b, crioAnnotations("sidecar", "container", "k8s_sidecar"));

    Resolution r = new CgroupScanResolver(host.options().build()).resolve();

    assertThat(r.namespaces()).singleElement().satisfies(t -> {
      assertThat(t.owner()).isEqualTo(a);
      assertThat(t.pod()).isEqualTo(new Pod("shop", "web-0", UID));
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("podmanLayouts")
  void podmanContainersAreFoundAndConmonIsSkipped(String parent, String suffix) throws Exception {
    FakeHost host = FakeHost.v2(tmp);
    String a = id("a");
    host.container(parent + "/libpod-" + a + suffix, 6001, "httpd", 500, 3000)
        .container(parent + "/libpod-conmon-" + a + suffix, HOST_NETNS, "conmon", 499, 2999)
        .procs(parent + "/machine-qemu\\x2d1\\x2dvm.scope", 1);

    Resolution r = new CgroupScanResolver(host.options().build()).resolve();

    assertThat(r.namespaces()).singleElement().satisfies(t -> {
      assertThat(t.owner()).isEqualTo(a);
      assertThat(t.hostNetwork()).isFalse();
      assertThat(t.containers()).singleElement().extracting(Container::runtime).isEqualTo("podman");
    });
  }

  static Stream<Arguments> podmanLayouts() {
    return Stream.of(Arguments.of("/libpod_parent", ""), Arguments.of("/machine.slice", ".scope"));
  }

  // ---- host networking, exits, PID reuse -----------------------------------------------------------

  @Test
  void aContainerInTheHostNamespaceIsFlaggedHostNetwork() throws Exception {
    FakeHost host = FakeHost.v2(tmp);
    String h = id("hostnet");
    String own = id("own");
    host.container("/docker/" + h, HOST_NETNS, "agent", 300, 1000)
        .container("/docker/" + own, 5001, "app", 310, 1010);

    Resolution r = new CgroupScanResolver(host.options().build()).resolve();

    assertThat(target(r, HOST_NETNS).hostNetwork()).isTrue();
    assertThat(target(r, HOST_NETNS).owner()).isEqualTo(h);
    assertThat(target(r, 5001).hostNetwork()).isFalse();
  }

  @Test
  void aContainerWhoseProcessesExitedIsSkippedAndCounted() throws Exception {
    FakeHost host = FakeHost.v2(tmp);
    String gone = id("gone");
    String alive = id("alive");
    host.procs("/docker/" + gone, 300) // listed, but /proc/300 no longer exists
        .procs("/docker/" + id("empty")) // a cgroup whose last process is gone
        .container("/docker/" + alive, 5001, "app", 310, 1010);

    Resolution r = new CgroupScanResolver(host.options().build()).resolve();

    assertThat(r.skipped()).isEqualTo(2);
    assertThat(r.warnings()).isEmpty();
    assertThat(r.namespaces()).singleElement().extracting(NetnsTarget::owner).isEqualTo(alive);
  }

  @Test
  void aReusedPidIsNeverAttributedToTheContainer() throws Exception {
    FakeHost host = FakeHost.v2(tmp);
    String c = id("c");
    host.container("/docker/" + c, 5001, "app", 300, 1000, 301, 1001);
    CgroupScanResolver resolver = new CgroupScanResolver(host.options().build());
    assertThat(resolver.resolve().namespaces()).singleElement().extracting(NetnsTarget::pid).isEqualTo(300L);

    // 300 exits and its PID goes to an unrelated process, while a stale cgroup.procs still lists it.
    host.exit(300).process(300, 5000, 9999, "intruder", "/user.slice/session-1.scope");
    Resolution r = resolver.resolve();

    FakeHost.assertOneNamespace(r, 301, 1001, 5001);

    // The container's last process exits too; only the intruder is left under PID 300.
    host.exit(301);
    Resolution after = resolver.resolve();
    assertThat(after.namespaces()).isEmpty();
    assertThat(after.skipped()).isEqualTo(1);
  }

  @Test
  void aRestartedProcessIsNoticedOnTheNextCycle() throws Exception {
    String c = id("c");
    FakeHost host = oneDockerContainer(c, "app");
    CgroupScanResolver resolver = scan(host);
    resolver.resolve();

    host.exit(300).container("/docker/" + c, 5002, "app", 400, 2000);
    Resolution r = resolver.resolve();

    FakeHost.assertOneNamespace(r, 400, 2000, 5002);
  }

  @Test
  void processesInChildCgroupsOfAContainerAreFound() throws Exception {
    FakeHost host = FakeHost.v2(tmp);
    String c = id("nested");
    host.procs("/system.slice/docker-" + c + ".scope")
        .container("/system.slice/docker-" + c + ".scope/init.scope", 5001, "systemd", 300, 1000);

    Resolution r = new CgroupScanResolver(host.options().build()).resolve();

    assertThat(r.namespaces()).singleElement().extracting(NetnsTarget::pid).isEqualTo(300L);
  }

  // ---- caching -------------------------------------------------------------------------------------

  @Test
  void nothingChangedGivesTheSameResolutionAgain() throws Exception {
    FakeHost host = oneDockerContainer(id("a"), "app");
    CgroupScanResolver resolver = scan(host);

    Resolution first = resolver.resolve();

    assertThat(resolver.resolve()).isSameAs(first);
    host.container("/docker/" + id("b"), 5002, "app", 310, 1010);
    assertThat(resolver.resolve()).isNotSameAs(first).extracting(x -> x.namespaces().size()).isEqualTo(2);
  }

  @Test
  void aContainerAddedToARunningPodIsFoundInTheNextCycle() throws Exception {
    FakeHost host = FakeHost.v2(tmp);
    String pause = id("pause");
    CgroupScanResolver resolver = new CgroupScanResolver(host.container(inPod(pause), 6001, "pause", 500, 3000)
        .options().build());
    resolver.resolve();
    assertThat(containerIds(resolver.resolve())).containsExactly(pause);

    String app = id("app");
    host.container(inPod(app), 6001, "app", 501, 3001);

    assertThat(containerIds(resolver.resolve())).containsExactlyInAnyOrder(pause, app);
  }

  @Test
  void aContainerReplacedInItsPodBetweenTwoCyclesIsFoundInTheSecond() throws Exception {
    // The pod's directory keeps its subdirectory count (its link count): only the old container's
    // lost process tells that the pod's directory must be listed again.
    String pause = id("pause");
    String old = id("old");
    String fresh = id("fresh");
    String oldPath = inPod(old);
    FakeHost host = pausePod().container(oldPath, 6001, "app", 501, 3001);
    Path podDir = host.cgroupRoot.resolve(oldPath.substring(1)).getParent();
    Object links = java.nio.file.Files.getAttribute(podDir, "unix:nlink");
    CgroupScanResolver resolver = new CgroupScanResolver(host.options().build());
    assertThat(containerIds(resolver.resolve())).containsExactlyInAnyOrder(pause, old);

    host.exit(501).removeCgroup(oldPath)
        .container(inPod(fresh), 6001, "app", 502, 3002);
    assertThat(java.nio.file.Files.getAttribute(podDir, "unix:nlink")).as("same count").isEqualTo(links);

    assertThat(containerIds(resolver.resolve())).containsExactlyInAnyOrder(pause, fresh);
  }

  @Test
  void everyContainersProcessIsCheckedInEveryCycleSoTheCollectorNeedNotCheckAgain() throws Exception {
    // The collector skips its own check of a target's process because the resolver says it checks:
    // a process that turns zombie in a pod whose directory did not change must still be left out.
    String pause = id("pause");
    String app = id("app");
    String plain = id("plain");
    FakeHost host = pausePod()
        .container(inPod(app), 6001, "app", 501, 3001)
        .container("/docker/" + plain, 6002, "web", 600, 4000);
    CgroupScanResolver resolver = new CgroupScanResolver(host.options().build());
    assertThat(resolver.checksProcesses()).isTrue();
    assertThat(containerIds(resolver.resolve())).containsExactlyInAnyOrder(pause, app, plain);
    assertThat(containerIds(resolver.resolve())).containsExactlyInAnyOrder(pause, app, plain);

    // Killed behind the runtime's back: same start time, state Z, still listed in cgroup.procs.
    zombie(host, 501, "app", 3001);
    zombie(host, 600, "web", 4000);

    Resolution r = resolver.resolve();
    assertThat(containerIds(r)).containsExactly(pause);
    assertThat(r.skipped()).isEqualTo(2);
  }

  @Test
  void aProcessTheCollectorFoundOutOfItsNamespaceIsIdentifiedAgainAndItsNewNamespaceTaken() throws Exception {
    String plain = id("plain");
    FakeHost host = pausePod().container("/docker/" + plain, 6002, "web", 600, 4000);
    CgroupScanResolver resolver = new CgroupScanResolver(host.options().build());
    resolver.resolve();
    host.netLink(600, "net:[6009]"); // a moved process: same PID and start time, another namespace
    Resolution held = resolver.resolve();
    assertThat(held.namespaces()).extracting(NetnsTarget::netnsInode).as("a held process is not re-read")
        .containsExactlyInAnyOrder(6001L, 6002L);

    resolver.targetGone(held.namespaces().stream().filter(t -> t.pid() == 600).findFirst().orElseThrow());
    Resolution again = resolver.resolve();
    assertThat(again.namespaces()).extracting(NetnsTarget::netnsInode).containsExactlyInAnyOrder(6001L, 6009L);
    assertThat(again.namespaces()).filteredOn(t -> t.netnsInode() == 6009L).singleElement()
        .satisfies(t -> assertThat(t.containers()).extracting(Container::id).containsExactly(plain));
    assertThat(again.skipped()).isZero();
  }

  private static void zombie(FakeHost host, long pid, String comm, long startTime) throws IOException {
    FakeHost.write(host.proc.resolve(pid + "/stat"), pid + " (" + comm + ") Z 1 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20"
        + " 0 1 0 " + startTime + " 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");
    java.nio.file.Files.delete(host.proc.resolve(pid + "/ns/net"));
  }

  @Test
  void aContainerWithoutAProcessYetIsFoundOnceItHasOneAndItsPodsNewContainersToo() throws Exception {
    FakeHost host = FakeHost.v2(tmp);
    String pause = id("pause");
    CgroupScanResolver resolver = new CgroupScanResolver(host.procs(inPod(pause)).options().build());
    assertThat(resolver.resolve().skipped()).isEqualTo(1);

    host.container(inPod(pause), 6001, "pause", 500, 3000);
    assertThat(containerIds(resolver.resolve())).containsExactly(pause);

    host.container(inPod(id("app")), 6001, "app", 501, 3001);
    assertThat(containerIds(resolver.resolve())).containsExactlyInAnyOrder(pause, id("app"));
  }

  /** {@return the cgroup of container {@code id} in a besteffort pod, cgroupfs driver} */
  /** {@return a v2 host with one pod, namespace 6001, holding its pause container: PID 500 started at 3000} */
  private FakeHost pausePod() {
    return FakeHost.v2(tmp).container(inPod(id("pause")), 6001, "pause", 500, 3000);
  }

  private static String inPod(String id) {
    return kubeCgroup("cgroupfs", "besteffort", "", id);
  }

  private static List<String> containerIds(Resolution r) {
    return r.namespaces().stream().flatMap(t -> t.containers().stream()).map(Container::id).toList();
  }

  @Test
  void bundleMetadataIsReadOnceAndForgottenWhenTheContainerGoes() throws Exception {
    FakeHost host = FakeHost.v2(tmp);
    String c = id("c");
    String path = kubeCgroup("cgroupfs", "besteffort", "", c);
    host.container(path, 6001, "pause", 500, 3000)
        .containerdBundle(host.containerdRoot, "k8s.io", c, criAnnotations("sandbox", null, c));
    CgroupScanResolver resolver = new CgroupScanResolver(host.options().build());
    assertThat(resolver.resolve().namespaces().get(0).pod().name()).isEqualTo("web-0");

    Map<String, String> renamed = new java.util.HashMap<>(criAnnotations("sandbox", null, c));
    renamed.put("io.kubernetes.cri.sandbox-name", "renamed");
    host.containerdBundle(host.containerdRoot, "k8s.io", c, renamed);
    host.exit(500).container(path, 6001, "pause", 501, 3100);
    assertThat(resolver.resolve().namespaces().get(0).pod().name())
        .as("a container's bundle never changes: not read again").isEqualTo("web-0");

    host.removeCgroup(path);
    assertThat(resolver.resolve().namespaces()).isEmpty();
    host.container(path, 6001, "pause", 502, 3200);
    assertThat(resolver.resolve().namespaces().get(0).pod().name())
        .as("evicted when the cgroup went: read again").isEqualTo("renamed");
  }

  @Test
  void aMalformedBundleGivesAWarningNamingTheFileAndTheContainerStillResolves() throws Exception {
    FakeHost host = FakeHost.v2(tmp);
    String c = id("c");
    host.container(kubeCgroup("cgroupfs", "besteffort", "", c), 6001, "pause", 500, 3000);
    FakeHost.write(host.containerdRoot.resolve("k8s.io").resolve(c).resolve("config.json"), "{\"annotations\": {");

    Resolution r = new CgroupScanResolver(host.options().build()).resolve();

    assertThat(r.namespaces()).singleElement().satisfies(t ->
        assertThat(t.containers().get(0).name()).isEqualTo(c.substring(0, 12)));
    assertThat(r.warnings()).singleElement().asString().contains(c, "config.json", "malformed JSON");
  }

  @Test
  void heldStatFilesAreClosedWhenTheirContainersGoAndOnClose() throws Exception {
    FakeHost host = FakeHost.v2(tmp);
    for (int i = 0; i < 3; i++) {
      host.container("/docker/" + id("c" + i), 5001 + i, "app", 300 + i, 1000 + i);
    }
    long before = openFiles();
    CgroupScanResolver resolver = new CgroupScanResolver(host.options().build());
    resolver.resolve();
    assertThat(openFiles() - before).as("one stat file per container").isEqualTo(3);

    host.removeCgroup("/docker/" + id("c0")).exit(301);
    resolver.resolve();
    assertThat(openFiles() - before).as("closed for the container gone and the process gone").isEqualTo(1);

    resolver.close();
    assertThat(openFiles() - before).isZero();
  }

  // ---- files that are there but wrong -------------------------------------------------------------

  @Test
  void aContainerWhoseProcessHasAMalformedNamespaceLinkFailsUnderItsNameNotSkipped() throws Exception {
    FakeHost host = FakeHost.v2(tmp);
    String web = id("web");
    host.container("/docker/" + web, 5001, "nginx", 300, 1000)
        .container("/docker/" + id("db"), 5002, "postgres", 400, 2000)
        .dockerConfig(web, "web", "nginx:1.27", Map.of(), "none")
        .netLink(300, "net:[50x1]");

    Resolution r = new CgroupScanResolver(host.options().build()).resolve();

    assertThat(r.skipped()).isZero();
    assertThat(r.warnings()).as("a failure, not a warning").isEmpty();
    assertThat(r.namespaces()).extracting(NetnsTarget::netnsInode).containsExactly(5002L);
    NamespaceSnapshot f = r.failed().get(0);
    assertThat(r.failed()).hasSize(1);
    assertThat(f.failure()).isEqualTo(Failure.MALFORMED);
    assertThat(f.error()).isEqualTo(host.proc.resolve("300/ns/net") + ":1: not a number: '50x1': \"net:[50x1]\"");
    assertThat(f.target().displayName()).isEqualTo("web");
    assertThat(f.target().pid()).isEqualTo(300);
    assertThat(f.target().containers()).singleElement().extracting(Container::image).isEqualTo("nginx:1.27");
  }

  @Test
  void aHeldStatThatReadsEmptyFailsTheContainerInEveryCycleUntilItIsRightAgain() throws Exception {
    String web = id("web");
    FakeHost host = oneDockerContainer(web, "nginx");
    CgroupScanResolver resolver = scan(host);
    assertThat(resolver.resolve().namespaces()).hasSize(1);
    Path stat = host.proc.resolve("300/stat");
    String content = java.nio.file.Files.readString(stat);
    FakeHost.write(stat, "");

    for (int cycle = 0; cycle < 2; cycle++) {
      Resolution r = resolver.resolve();
      assertThat(r.skipped()).as("cycle %d: not an exit", cycle).isZero();
      assertThat(r.namespaces()).as("cycle %d", cycle).isEmpty();
      assertThat(r.failed()).as("cycle %d", cycle).singleElement().satisfies(f -> {
        assertThat(f.failure()).isEqualTo(Failure.MALFORMED);
        assertThat(f.error()).isEqualTo(stat + ":1: empty file: \"\"");
        assertThat(f.target().netnsInode()).isEqualTo(5001L);
      });
    }
    FakeHost.write(stat, content);
    Resolution healed = resolver.resolve();
    assertThat(healed.failed()).isEmpty();
    assertThat(healed.namespaces()).extracting(NetnsTarget::owner).containsExactly(web);
    resolver.close();
  }

  @Test
  @org.junit.jupiter.api.Timeout(30) // a hang guard: opening a FIFO blocks until a writer comes
  void aFifoWhereCgroupProcsShouldBeFailsTheContainerWithoutBlocking() throws Exception {
    FakeHost host = FakeHost.v2(tmp);
    String web = id("web");
    host.container("/docker/" + web, 5001, "nginx", 300, 1000)
        .container("/docker/" + id("db"), 5002, "postgres", 400, 2000);
    Path procs = host.cgroupRoot.resolve("docker/" + web + "/cgroup.procs");
    FakeHost.fifo(procs);

    Resolution r = new CgroupScanResolver(host.options().build()).resolve();

    assertThat(r.namespaces()).extracting(NetnsTarget::netnsInode).containsExactly(5002L);
    assertThat(r.failed()).singleElement().satisfies(f -> {
      assertThat(f.failure()).isEqualTo(Failure.NOT_REGULAR_FILE);
      assertThat(f.error()).isEqualTo(procs + ": not a regular file (a FIFO): not read");
    });
  }

  /**
   * Counts this JVM's descriptors open on files under the test's directory: counting every descriptor
   * is flaky, as other threads (JUnit, cleaners of earlier tests' streams) open and close their own.
   */
  /** {@return how many of this JVM's descriptors are open under this test's directory} */
  private long openFiles() {
    return OpenDescriptors.countUnder(tmp);
  }


  // ---- hierarchies ---------------------------------------------------------------------------------

  @Test
  void theHierarchyIsChosenInOrderPidsMemorySystemdAndCanBeConfigured() throws Exception {
    FakeHost host = FakeHost.v1(tmp, "systemd", "memory");
    host.container("/docker/" + id("a"), 5001, "app", 300, 1000);

    CgroupScanResolver chosen = new CgroupScanResolver(host.options().build());
    chosen.resolve();
    assertThat(chosen.hierarchy()).hasValueSatisfying(h -> assertThat(h).contains("memory"));

    CgroupScanResolver configured = new CgroupScanResolver(host.options().cgroupHierarchy("systemd").build());
    assertThat(configured.resolve().namespaces()).hasSize(1);
    assertThat(configured.hierarchy()).hasValueSatisfying(h -> assertThat(h).contains("systemd"));
  }

  @Test
  void aV2HostIsScannedAtItsRoot() throws Exception {
    CgroupScanResolver resolver = scan(oneDockerContainer(id("a"), "app"));

    resolver.resolve();

    assertThat(resolver.hierarchy()).hasValueSatisfying(h -> assertThat(h).startsWith("cgroup v2"));
  }

  @Test
  void noHierarchyIsOneClearError() {
    FakeHost host = FakeHost.v1(tmp, "cpu");

    assertThatThrownBy(() -> new CgroupScanResolver(host.options().build()).resolve())
        .isInstanceOf(ResolverException.class)
        .hasMessageContaining("no cgroup hierarchy found under " + host.cgroupRoot)
        .hasMessageContaining("pids");
    assertThatThrownBy(() -> new CgroupScanResolver(host.options().cgroupHierarchy("blkio").build()).resolve())
        .hasMessageContaining("'blkio'");
  }

  // ---- helpers -------------------------------------------------------------------------------------

  static NetnsTarget target(Resolution r, long inode) {
    return r.namespaces().stream().filter(t -> t.netnsInode() == inode).findFirst()
        .orElseThrow(() -> new AssertionError("no namespace " + inode + " in " + r.namespaces()));
  }

  static String uidFor(long n) {
    return String.format("%08x-0000-4000-8000-%012x", n, n);
  }

  static Map<String, String> k8sLabels(String container, String type) {
    return Map.of("io.kubernetes.pod.name", "web-0", "io.kubernetes.pod.namespace", "shop",
        "io.kubernetes.pod.uid", UID, "io.kubernetes.container.name", container,
        "io.kubernetes.docker.type", type);
  }

  static Map<String, String> criAnnotations(String type, String container, String sandboxId) {
    Map<String, String> m = new java.util.HashMap<>(Map.of(
        "io.kubernetes.cri.container-type", type,
        "io.kubernetes.cri.sandbox-name", "web-0",
        "io.kubernetes.cri.sandbox-namespace", "shop",
        "io.kubernetes.cri.sandbox-uid", UID,
        "io.kubernetes.cri.sandbox-id", sandboxId));
    if (container != null) {
      m.put("io.kubernetes.cri.container-name", container);
      m.put("io.kubernetes.cri.image-name", "docker.io/library/nginx:1.27");
    }
    return m;
  }

  static Map<String, String> crioAnnotations(String container, String type, String name) {
    return Map.of("io.kubernetes.pod.name", "web-0", "io.kubernetes.pod.namespace", "shop",
        "io.kubernetes.pod.uid", UID, "io.kubernetes.container.name", container,
        "io.kubernetes.cri-o.ContainerType", type, "io.kubernetes.cri-o.Name", name,
        "io.kubernetes.cri-o.ImageName", "docker.io/library/nginx:1.27");
  }
}
