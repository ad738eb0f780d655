package io.containernetstat.resolver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Container;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Container.Pod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetnsGrouperTest {
  private static final Pod POD_A = new Pod("ns", "a", "ua");
  private static final Pod POD_B = new Pod("ns", "b", "ub");

  static Container c(String id, long pid, long start, Pod pod, boolean sandbox) {
    return new Container(id, "n-" + id, "", "docker", pid, start, Map.of(), pod, sandbox ? null : id, sandbox);
  }

  static NetnsGrouper.Member m(Container c, long inode) {
    return new NetnsGrouper.Member(c, inode, null, false);
  }

  @Test
  void theSandboxOwnsThePodNamespaceEvenWhenItStartedLater() {
    Container app = c("app", 10, 100, POD_A, false);
    Container sandbox = c("sandbox", 20, 200, POD_A, true);

    List<NetnsTarget> targets = NetnsGrouper.group(List.of(m(app, 7), m(sandbox, 7)), -1);

    assertThat(targets).singleElement().satisfies(t -> {
      assertThat(t.owner()).isEqualTo("sandbox");
      assertThat(t.representative()).contains(sandbox);
      assertThat(t.pid()).isEqualTo(20);
      assertThat(t.pidStartTime()).isEqualTo(200);
      assertThat(t.containers()).containsExactly(sandbox, app);
      assertThat(t.pod()).isEqualTo(POD_A);
    });
  }

  @Test
  void theJoinedContainerOwnsTheNamespaceWhenThereIsNoSandbox() {
    Container base = c("b".repeat(64), 20, 200, null, false);
    Container joiner = c("joiner", 10, 100, null, false);
    for (String ref : List.of("b".repeat(64), "b".repeat(12), "n-" + "b".repeat(64))) {
      List<NetnsTarget> targets = NetnsGrouper.group(
          List.of(new NetnsGrouper.Member(joiner, 7, ref, false), m(base, 7)), -1);
      assertThat(targets).singleElement().extracting(NetnsTarget::owner).as("ref %s", ref).isEqualTo(base.id());
      assertThat(targets.get(0).representative()).as("ref %s", ref).contains(base);
      assertThat(targets.get(0).containers()).as("owner first").containsExactly(base, joiner);
    }
  }

  @Test
  void otherwiseTheEarliestStartedOwnsIt() {
    Container late = c("late", 5, 300, null, false);
    Container early = c("early", 50, 100, null, false);

    assertThat(NetnsGrouper.group(List.of(m(late, 7), m(early, 7)), -1)).singleElement().satisfies(t -> {
      assertThat(t.owner()).isEqualTo("early");
      assertThat(t.representative()).contains(early);
      assertThat(t.containers()).containsExactly(early, late);
    });
  }

  @Test
  void theHostNamespaceSharedByTwoPodsBelongsToNoPod() {
    Container a = c("a", 10, 100, POD_A, true);
    Container b = c("b", 11, 101, POD_B, true);

    List<NetnsTarget> targets = NetnsGrouper.group(List.of(m(a, 1), m(b, 1), m(c("x", 12, 102, null, false), 9)), 1);

    assertThat(targets).extracting(NetnsTarget::netnsInode).containsExactly(1L, 9L);
    assertThat(targets.get(0).hostNetwork()).isTrue();
    assertThat(targets.get(0).pod()).isNull();
    assertThat(targets.get(1).hostNetwork()).isFalse();
  }

  @Test
  void withoutAKnownHostNamespaceTheRuntimesHostModeFlagsIt() {
    Container a = c("a", 10, 100, null, false);

    assertThat(NetnsGrouper.group(List.of(new NetnsGrouper.Member(a, 1, null, true)), -1))
        .singleElement().extracting(NetnsTarget::hostNetwork).isEqualTo(true);
  }
}
