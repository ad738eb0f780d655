package io.containernetstat.resolver;

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
import io.containernetstat.resolver.internal.DockerCallException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Docker resolver's logic against a scripted daemon and a fixture proc tree. */
class DockerResolverTest {
  private static final String UID = "1f3c2a9e-7b4d-4c1e-9a2b-3c4d5e6f7a8b";

  @TempDir Path tmp;
  FakeHost host;
  FakeDockerApi api;

  @BeforeEach
  void setUp() {
    host = FakeHost.v2(tmp);
    api = new FakeDockerApi();
  }

  DockerResolver resolver(boolean events) {
    return new DockerResolver(host.options().dockerEvents(events).dockerResync(Duration.ofHours(1)).build(), api);
  }

  /** Starts a container: its process in the proc tree, and the daemon's record of it. */
  void start(String id, String name, long pid, long startTime, long netns, Map<String, String> labels, String mode) {
    host.process(pid, startTime, netns, "sleep", "/docker/" + id);
    api.run(id, name, pid, "2026-01-01T00:00:" + startTime + "Z", labels, mode);
  }

  /** {@return a resolver that has resolved once container {@code a}: PID 300 started at 1000, namespace 5001} */
  DockerResolver resolvedWithA(boolean events) throws Exception {
    start(id("a"), "a", 300, 1000, 5001, Map.of(), "none");
    DockerResolver resolver = resolver(events);
    resolver.resolve();
    return resolver;
  }

  @Test
  void aPodPlayedByCriDockerdIsOneNamespaceOwnedByItsSandbox() throws Exception {
    String sandbox = id("sandbox");
    String app = id("app");
    String sidecar = id("sidecar");
    start(app, "k8s_app_web-0_shop_" + UID + "_0", 310, 1010, 6001, labels("app", "container"), "container:" + sandbox);
    start(sandbox, "k8s_POD_web-0_shop_" + UID + "_0", 300, 1000, 6001, labels("POD", "podsandbox"), "none");
    start(sidecar, "k8s_sidecar_web-0_shop_" + UID + "_0", 320, 1020, 6001, labels("sidecar", "container"),
        "container:" + sandbox);
    String plain = id("plain");
    start(plain, "plain", 400, 2000, 6002, Map.of(), "none");

    Resolution r = resolver(false).resolve();

    assertThat(r.resolver()).isEqualTo("docker");
    assertThat(r.namespaces()).extracting(NetnsTarget::netnsInode).containsExactly(6001L, 6002L);
    NetnsTarget pod = r.namespaces().get(0);
    assertThat(pod.owner()).isEqualTo(sandbox);
    assertThat(pod.pid()).isEqualTo(300);
    assertThat(pod.pod()).isEqualTo(new Pod("shop", "web-0", UID));
    assertThat(pod.containers()).extracting(Container::id).containsExactly(sandbox, app, sidecar);
    assertThat(pod.containers()).extracting(Container::podContainer).containsExactly(null, "app", "sidecar");
    assertThat(pod.containers().get(0).sandbox()).isTrue();
    assertThat(pod.containers()).extracting(Container::runtime).containsOnly("docker");
    assertThat(r.namespaces().get(1).containers()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("plain");
      assertThat(c.pod()).isNull();
    });
  }

  @Test
  void hostModeContainersAreFlagged() throws Exception {
    start(id("h"), "h", 300, 1000, HOST_NETNS, Map.of(), "host");

    assertThat(resolver(false).resolve().namespaces()).singleElement().satisfies(t -> {
      assertThat(t.hostNetwork()).isTrue();
      assertThat(t.netnsInode()).isEqualTo(HOST_NETNS);
    });
  }

  @Test
  void withoutEventsItListsOncePerCycleAndInspectsOnlyNewContainers() throws Exception {
    start(id("a"), "a", 300, 1000, 5001, Map.of(), "none");
    start(id("b"), "b", 310, 1010, 5002, Map.of(), "none");
    DockerResolver resolver = resolver(false);

    resolver.resolve();
    resolver.resolve();
    resolver.resolve();

    assertThat(api.lists).isEqualTo(3);
    assertThat(api.inspects).as("each container once").isEqualTo(2);
    start(id("c"), "c", 320, 1020, 5003, Map.of(), "none");
    assertThat(resolver.resolve().namespaces()).hasSize(3);
    assertThat(api.inspects).isEqualTo(3);
  }

  @Test
  void withEventsTheSteadyStateMakesNoCallAtAll() throws Exception {
    DockerResolver resolver = resolvedWithA(true);
    int lists = api.lists;
    for (int i = 0; i < 5; i++) {
      assertThat(resolver.resolve().namespaces()).hasSize(1);
    }
    assertThat(api.lists).as("no list while the stream is quiet").isEqualTo(lists);
    assertThat(api.inspects).isEqualTo(1);

    start(id("b"), "b", 310, 1010, 5002, Map.of(), "none");
    api.event("start", id("b"));
    assertThat(resolver.resolve().namespaces()).hasSize(2);
    assertThat(api.lists).isEqualTo(lists + 1);
    assertThat(resolver.resolve().namespaces()).hasSize(2);
    assertThat(api.lists).isEqualTo(lists + 1);
  }

  @Test
  void everyContainersProcessIsCheckedInEveryCycleSoTheCollectorNeedNotCheckAgain() throws Exception {
    // The collector skips its own check because the resolver says it checks: a process that turns zombie
    // without an event from the daemon, or while the daemon is down, must still be left out.
    start(id("b"), "b", 310, 1010, 5002, Map.of(), "none");
    start(id("c"), "c", 320, 1020, 5003, Map.of(), "none");
    DockerResolver resolver = resolvedWithA(true);
    assertThat(resolver.checksProcesses()).isTrue();
    assertThat(resolver.resolve().namespaces()).hasSize(3);

    zombie(300, 1000);
    assertThat(resolver.resolve().namespaces()).extracting(NetnsTarget::netnsInode).containsExactlyInAnyOrder(5002L, 5003L);

    api.down(DockerCallException.Kind.UNREACHABLE);
    zombie(310, 1010);
    assertThat(resolver.resolve().namespaces()).extracting(NetnsTarget::netnsInode).containsExactly(5003L);
  }

  @Test
  void aProcessTheCollectorFoundOutOfItsNamespaceIsInspectedAgainAndItsNewNamespaceTaken() throws Exception {
    start(id("b"), "b", 310, 1010, 5002, Map.of(), "none");
    DockerResolver resolver = resolvedWithA(true);
    host.netLink(300, "net:[5009]"); // a moved process: same PID and start time, another namespace
    Resolution held = resolver.resolve();
    assertThat(held.namespaces()).extracting(NetnsTarget::netnsInode).as("a held process is not re-read")
        .containsExactlyInAnyOrder(5001L, 5002L);
    int inspects = api.inspects;

    resolver.targetGone(target(held, 300));
    assertThat(resolver.resolve().namespaces()).extracting(NetnsTarget::netnsInode)
        .containsExactlyInAnyOrder(5009L, 5002L);
    assertThat(api.inspects).as("only the lost one").isEqualTo(inspects + 1);

    // While the daemon does not answer, the lost process is identified again from the proc root alone.
    api.down(DockerCallException.Kind.UNREACHABLE);
    host.netLink(310, "net:[5010]");
    Resolution down = resolver.resolve();
    resolver.targetGone(target(down, 310));
    assertThat(resolver.resolve().namespaces()).extracting(NetnsTarget::netnsInode)
        .containsExactlyInAnyOrder(5009L, 5010L);
  }

  private static NetnsTarget target(Resolution r, long pid) {
    return r.namespaces().stream().filter(t -> t.pid() == pid).findFirst().orElseThrow();
  }

  /** Turns a process into a zombie in place, as a kill behind the daemon's back leaves it before the reap. */
  private void zombie(long pid, long startTime) throws java.io.IOException {
    FakeHost.write(host.proc.resolve(pid + "/stat"), pid + " (sleep) Z 1 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 "
        + startTime + " 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");
    java.nio.file.Files.delete(host.proc.resolve(pid + "/ns/net"));
  }

  @Test
  void aRestartedContainerIsInspectedAgainAndItsNewPidTaken() throws Exception {
    String a = id("a");
    DockerResolver resolver = resolvedWithA(true);

    host.exit(300);
    start(a, "a", 400, 2000, 5003, Map.of(), "none"); // same id, new PID, new namespace
    Resolution r = resolver.resolve();

    assertThat(api.inspects).isEqualTo(2);
    FakeHost.assertOneNamespace(r, 400, 2000, 5003);
  }

  @Test
  void aContainerThatExitsWhileBeingResolvedIsSkippedAndCounted() throws Exception {
    String a = id("a");
    start(a, "a", 300, 1000, 5001, Map.of(), "none");
    start(id("b"), "b", 310, 1010, 5002, Map.of(), "none");
    host.exit(300); // the daemon still lists it, its process is gone

    Resolution r = resolver(false).resolve();

    assertThat(r.skipped()).isEqualTo(1);
    assertThat(r.namespaces()).singleElement().extracting(NetnsTarget::owner).isEqualTo(id("b"));
  }

  @Test
  void aPidReusedByAnotherProcessIsNotAttributedToTheContainer() throws Exception {
    String a = id("a");
    api.run(a, "a", 300, "t", Map.of(), "none");
    // The container has stopped, its PID now belongs to an unrelated process (not in its cgroup).
    host.process(300, 5000, 9999, "intruder", "/user.slice/session-1.scope");

    Resolution r = resolver(false).resolve();

    assertThat(r.namespaces()).isEmpty();
    assertThat(r.skipped()).isEqualTo(1);
  }

  @Test
  void whenTheDaemonGoesDownTheLastMappingIsKeptOnlyWhileItIsStillTrue() throws Exception {
    start(id("a"), "a", 300, 1000, 5001, Map.of(), "none");
    start(id("b"), "b", 310, 1010, 5002, Map.of(), "none");
    start(id("c"), "c", 320, 1020, 5003, Map.of(), "none");
    DockerResolver resolver = resolver(true);
    resolver.resolve();

    api.down(DockerCallException.Kind.UNREACHABLE);
    host.exit(310); // b stopped
    host.exit(320).process(320, 1020, 5003, "sleep", "/user.slice/other"); // c's process moved cgroup
    Resolution r = resolver.resolve();

    assertThat(resolver.daemonReachable()).isFalse();
    assertThat(r.namespaces()).singleElement().extracting(NetnsTarget::owner).isEqualTo(id("a"));
    assertThat(r.warnings()).singleElement().asString()
        .contains("unix:///fake/docker.sock", "Check that dockerd is running", "1 last known containers",
            "2 gone since");

    host.exit(300);
    assertThatThrownBy(resolver::resolve)
        .as("nothing left that is still true: one clear error")
        .isInstanceOf(ResolverException.class)
        .hasMessageContaining("unix:///fake/docker.sock")
        .hasMessageContaining("Check that dockerd is running");
  }

  @Test
  void aDaemonThatIsDownFromTheStartIsOneClearError() {
    api.down(DockerCallException.Kind.UNREACHABLE);

    assertThatThrownBy(() -> resolver(true).resolve())
        .isInstanceOf(ResolverException.class)
        .hasMessageStartingWith("Docker daemon at unix:///fake/docker.sock is unreachable")
        .hasMessageContaining("DOCKER_HOST");
  }

  @Test
  void afterAFailureTheDaemonIsNotCalledAgainUntilTheBackOffIsOver() throws Exception {
    DockerResolver resolver = resolvedWithA(false);
    api.down(DockerCallException.Kind.TIMEOUT);

    resolver.resolve();
    int calls = api.lists + api.inspects;
    resolver.resolve();
    resolver.resolve();

    assertThat(api.lists + api.inspects).isEqualTo(calls);
    api.up();
    Thread.sleep(1100);
    assertThat(resolver.resolve().warnings()).isEmpty();
    assertThat(resolver.daemonReachable()).isTrue();
  }

  @Test
  void aBrokenEventsStreamFallsBackToListingEveryCycle() throws Exception {
    DockerResolver resolver = resolvedWithA(true);
    int lists = api.lists;

    api.listener.failed("stream reset");
    resolver.resolve();
    resolver.resolve();

    assertThat(api.lists).isEqualTo(lists + 2);
  }

  static Map<String, String> labels(String container, String type) {
    return Map.of("io.kubernetes.pod.name", "web-0", "io.kubernetes.pod.namespace", "shop",
        "io.kubernetes.pod.uid", UID, "io.kubernetes.container.name", container,
        "io.kubernetes.docker.type", type);
  }

  @Test
  void aContainerWhoseStatIsMalformedFailsUnderItsDockerNameInsteadOfBeingSkipped() throws Exception {
    start(id("a"), "web", 300, 1000, 5001, Map.of(), "none");
    start(id("b"), "db", 310, 1010, 5002, Map.of(), "none");
    FakeHost.write(host.proc.resolve("300/stat"), "300 (sleep) S 1\n");
    DockerResolver resolver = resolver(false);

    for (int cycle = 0; cycle < 2; cycle++) {
      Resolution r = resolver.resolve();
      assertThat(r.skipped()).as("cycle %d: not a stop", cycle).isZero();
      assertThat(r.namespaces()).extracting(NetnsTarget::owner).containsExactly(id("b"));
      assertThat(r.failed()).as("cycle %d", cycle).singleElement().satisfies(f -> {
        assertThat(f.failure()).isEqualTo(Failure.MALFORMED);
        assertThat(f.error()).startsWith(host.proc.resolve("300/stat") + ":1: fewer than 22 fields");
        assertThat(f.target().displayName()).isEqualTo("web");
        assertThat(f.target().pid()).isEqualTo(300);
      });
    }
  }

  @Test
  void aHeldStatThatReadsEmptyIsAFailureNotAStoppedContainer() throws Exception {
    start(id("a"), "web", 300, 1000, 5001, Map.of(), "none");
    DockerResolver resolver = resolver(true);
    assertThat(resolver.resolve().namespaces()).hasSize(1);
    FakeHost.write(host.proc.resolve("300/stat"), "");

    Resolution r = resolver.resolve();

    assertThat(r.skipped()).isZero();
    assertThat(r.namespaces()).isEmpty();
    NamespaceSnapshot f = r.failed().get(0);
    assertThat(f.error()).isEqualTo(host.proc.resolve("300/stat") + ":1: empty file: \"\"");
    assertThat(f.target().netnsInode()).as("known from before").isEqualTo(5001L);
    assertThat(f.target().displayName()).isEqualTo("web");
  }
}
