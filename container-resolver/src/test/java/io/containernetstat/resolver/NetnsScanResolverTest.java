package io.containernetstat.resolver;

import static io.containernetstat.resolver.FakeHost.HOST_NETNS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.containernetstat.core.Failure;
import io.containernetstat.core.Container;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Resolution;
import io.containernetstat.core.ResolverException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class NetnsScanResolverTest {
  @TempDir Path tmp;

  /** {@return a cgroup v2 host with process 811 {@code first} (started at 800) in namespace 5001} */
  private FakeHost firstIn5001() {
    return FakeHost.v2(tmp).process(811, 800, 5001, "first", "/");
  }

  private static Resolution scan(FakeHost host) throws Exception {
    return new NetnsScanResolver(host.options().build()).resolve();
  }

  @Test
  void eachNamespaceAppearsOnceReadThroughItsLowestPidAndIdentifiedByItsInode() throws Exception {
    FakeHost host = FakeHost.v2(tmp)
        .process(2, 2, HOST_NETNS, "kthreadd", "/")
        .process(812, 900, 5001, "sleep", "/")
        .process(811, 800, 5001, "unshare", "/")
        .process(1200, 1500, 5002, "nginx", "/");
    FakeHost.mkdirs(host.proc.resolve("self"));
    FakeHost.mkdirs(host.proc.resolve("net"));
    FakeHost.write(host.proc.resolve("uptime"), "1.0 1.0\n");

    Resolution r = scan(host);

    assertThat(r.resolver()).isEqualTo("netns");
    assertThat(r.skipped()).isZero();
    assertThat(r.warnings()).isEmpty();
    assertThat(r.namespaces()).extracting(NetnsTarget::netnsInode).containsExactly(HOST_NETNS, 5001L, 5002L);
    NetnsTarget hostNs = r.namespaces().get(0);
    assertThat(hostNs.hostNetwork()).isTrue();
    assertThat(hostNs.pid()).isEqualTo(1);
    NetnsTarget t = r.namespaces().get(1);
    assertThat(t.hostNetwork()).isFalse();
    assertThat(t.pid()).isEqualTo(811);
    assertThat(t.pidStartTime()).isEqualTo(800);
    assertThat(t.owner()).as("named by its namespace, not by a PID that changes at every restart").isEqualTo("5001");
    assertThat(t.displayName()).isEqualTo("unshare");
    assertThat(t.containers()).singleElement().satisfies(c -> {
      assertThat(c).isEqualTo(new Container("5001", "unshare", "", "process", 811, 800, java.util.Map.of(), null,
          null, false));
    });
    assertThat(t.representative()).map(Container::id).hasValue("5001");
  }

  @Test
  void processesThatVanishMidScanAreSkippedAndCounted() throws Exception {
    FakeHost host = firstIn5001()
        .process(812, 801, 5001, "second", "/")
        .process(900, 950, 5002, "x", "/");
    // 811 has exited after its namespace was read (its stat is gone): 812 names the namespace.
    Files.delete(host.proc.resolve("811/stat"));
    // 900's directory is listed but empty: it exited before its namespace was read.
    FakeHost.deleteTree(host.proc.resolve("900/ns"));

    Resolution r = scan(host);

    assertThat(r.skipped()).isEqualTo(2);
    assertThat(r.namespaces()).extracting(NetnsTarget::netnsInode).containsExactly(HOST_NETNS, 5001L);
    assertThat(r.namespaces().get(1).pid()).isEqualTo(812);
    assertThat(r.namespaces().get(1).displayName()).isEqualTo("second");
  }

  @Test
  void aNamespaceKeepsItsIdWhenTheProcessItIsReadThroughChanges() throws Exception {
    FakeHost host = firstIn5001().process(812, 801, 5001, "first", "/");
    NetnsScanResolver resolver = new NetnsScanResolver(host.options().build());
    NetnsTarget before = resolver.resolve().namespaces().get(1);
    FakeHost.deleteTree(host.proc.resolve("811")); // the lowest PID exits; 812 holds the namespace now

    NetnsTarget after = resolver.resolve().namespaces().get(1);

    assertThat(after.pid()).isEqualTo(812);
    assertThat(after.representative()).map(Container::id).hasValue("5001")
        .isEqualTo(before.representative().map(Container::id));
    assertThat(after.representative()).map(Container::name).hasValue("first");
  }

  @Test
  void aMissingProcRootIsOneClearError() {
    ResolverOptions options = ResolverOptions.builder()
        .procRoot(new io.containernetstat.core.ProcRoot(tmp.resolve("nowhere"))).build();

    assertThatThrownBy(() -> new NetnsScanResolver(options).resolve())
        .isInstanceOf(ResolverException.class)
        .hasMessageContaining("cannot list the proc root " + tmp.resolve("nowhere"));
  }

  @Test
  void scansTheRealProcRoot() throws Exception {
    Resolution r = new NetnsScanResolver(ResolverOptions.defaults()).resolve();

    long self = ProcessHandle.current().pid();
    String link = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
    long inode = Long.parseLong(link.substring(link.indexOf('[') + 1, link.length() - 1));
    assertThat(r.namespaces()).extracting(NetnsTarget::netnsInode).contains(inode).doesNotHaveDuplicates();
    assertThat(r.namespaces().stream().filter(t -> t.netnsInode() == inode).findFirst().orElseThrow().pid())
        .isLessThanOrEqualTo(self);
  }

  @Test
  void aProcessWithAMalformedNamespaceLinkIsAFailureNamedByItsPidNotAnExit() throws Exception {
    FakeHost host = firstIn5001()
        .process(900, 950, 5002, "odd", "/")
        .netLink(900, "garbage");

    Resolution r = scan(host);

    assertThat(r.skipped()).as("not counted as exited").isZero();
    assertThat(r.namespaces()).extracting(NetnsTarget::netnsInode).containsExactly(HOST_NETNS, 5001L);
    assertThat(r.failed()).singleElement().satisfies(f -> {
      assertThat(f.failure()).isEqualTo(Failure.MALFORMED);
      assertThat(f.error()).isEqualTo(host.proc.resolve("900/ns/net")
          + ":1: expected a link like 'net:[4026532177]': \"garbage\"");
      assertThat(f.target().pid()).isEqualTo(900);
      assertThat(f.target().netnsInode()).as("unknown").isZero();
      assertThat(f.target().displayName()).isEqualTo("pid 900");
    });
  }

  @Test
  void aNamespaceWhoseFirstProcessHasAMalformedStatFailsRatherThanBeingReadThroughAnother() throws Exception {
    FakeHost host = firstIn5001()
        .process(812, 801, 5001, "second", "/");
    FakeHost.write(host.proc.resolve("811/stat"), "811 garbage\n");

    Resolution r = scan(host);

    assertThat(r.skipped()).isZero();
    assertThat(r.namespaces()).extracting(NetnsTarget::netnsInode).containsExactly(HOST_NETNS);
    NamespaceSnapshot f = r.failed().get(0);
    assertThat(r.failed()).hasSize(1);
    assertThat(f.failure()).isEqualTo(Failure.MALFORMED);
    assertThat(f.error()).isEqualTo(host.proc.resolve("811/stat") + ":1: no ')' after the command: \"811 garbage\"");
    assertThat(f.target().netnsInode()).as("known from the link").isEqualTo(5001L);
    assertThat(f.target().pid()).isEqualTo(811);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS) // a hang guard: opening a FIFO blocks until a writer comes
  void fifosWhereStatOrCommShouldBeAreRefusedWithoutBlocking() throws Exception {
    FakeHost host = firstIn5001()
        .process(900, 950, 5002, "second", "/")
        .process(1000, 960, 5003, "third", "/");
    List<Path> fifos = List.of(host.proc.resolve("811/stat"), host.proc.resolve("900/comm"));
    for (Path fifo : fifos) {
      FakeHost.fifo(fifo);
    }

    Resolution r = scan(host);

    assertThat(r.namespaces()).extracting(NetnsTarget::netnsInode).containsExactly(HOST_NETNS, 5003L);
    assertThat(r.failed()).extracting(NamespaceSnapshot::failure).containsOnly(Failure.NOT_REGULAR_FILE);
    assertThat(r.failed()).extracting(NamespaceSnapshot::error)
        .containsExactlyElementsOf(fifos.stream().map(f -> f + ": not a regular file (a FIFO): not read").toList());
  }

  @Test
  void aNamespaceKeptBetweenCyclesFollowsItsProcessNameStartTimeAndNamespace() throws Exception {
    FakeHost host = firstIn5001().process(900, 950, 5002, "other", "/");
    try (NetnsScanResolver resolver = new NetnsScanResolver(host.options().build())) {
      NetnsTarget first = byInode(resolver.resolve(), 5001);
      assertThat(first.displayName()).isEqualTo("first");
      assertThat(resolver.checksProcesses()).isTrue();
      // Unchanged: the same target again, from one read of the held comm.
      assertThat(byInode(resolver.resolve(), 5001)).isSameAs(first);

      host.process(811, 800, 5001, "renamed", "/"); // exec, prctl(PR_SET_NAME): the name follows
      NetnsTarget renamed = byInode(resolver.resolve(), 5001);
      assertThat(renamed.displayName()).isEqualTo("renamed");
      assertThat(renamed.pidStartTime()).isEqualTo(800);

      host.process(811, 870, 5001, "reused", "/"); // the PID reused by another process
      NetnsTarget reused = byInode(resolver.resolve(), 5001);
      assertThat(reused.pidStartTime()).isEqualTo(870);
      assertThat(reused.displayName()).isEqualTo("reused");

      host.process(811, 870, 5002, "reused", "/"); // setns into 5002, whose first process it now is
      Resolution moved = resolver.resolve();
      assertThat(moved.namespaces()).extracting(NetnsTarget::netnsInode).containsExactly(HOST_NETNS, 5002L);
      assertThat(byInode(moved, 5002).pid()).isEqualTo(811);

      // A zombie, as the kernel shows one: state Z, and no namespaces (its ns/net cannot be read): 900 names 5002.
      FakeHost.write(host.proc.resolve("811/stat"), "811 (reused) Z 1 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 870"
          + " 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");
      Files.delete(host.proc.resolve("811/ns/net"));
      Resolution zombie = resolver.resolve();
      assertThat(byInode(zombie, 5002).pid()).isEqualTo(900);
      assertThat(zombie.skipped()).isEqualTo(1);
    }
  }

  @Test
  void withPid1HiddenTheHostIsFoundThroughKthreaddOnceNotEveryCycle() throws Exception {
    FakeHost host = firstIn5001().process(2, 2, HOST_NETNS, "kthreadd", "/");
    Files.delete(host.proc.resolve("1/ns/net")); // a sandbox that hides pid 1
    try (NetnsScanResolver resolver = new NetnsScanResolver(host.options().build())) {
      Resolution first = resolver.resolve();
      assertThat(first.warnings()).isEmpty();
      assertThat(byInode(first, HOST_NETNS).pid()).isEqualTo(2);
      assertThat(byInode(first, HOST_NETNS).hostNetwork()).isTrue();

      // Read again each cycle, this would no longer be kthreadd: the initial namespace does not change.
      FakeHost.write(host.proc.resolve("2/comm"), "renamed\n");
      Resolution next = resolver.resolve();
      assertThat(next.warnings()).isEmpty();
      assertThat(byInode(next, HOST_NETNS).hostNetwork()).isTrue();
      assertThat(byInode(next, HOST_NETNS).displayName()).isEqualTo("renamed");
    }
  }

  private static NetnsTarget byInode(Resolution r, long inode) {
    return r.namespaces().stream().filter(t -> t.netnsInode() == inode).findFirst().orElseThrow();
  }
}
