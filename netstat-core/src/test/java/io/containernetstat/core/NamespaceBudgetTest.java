package io.containernetstat.core;

import io.containernetstat.testkit.FixtureResolver;
import io.containernetstat.testkit.ProcTree;

import io.containernetstat.core.filesystem.FilesystemProbe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector's namespace budget: what it reads when more namespaces are found than it may read. */
class NamespaceBudgetTest {
  @TempDir
  Path dir;

  private final AtomicReference<List<NetnsTarget>> found = new AtomicReference<>(List.of());
  private final List<List<NetnsTarget>> probed = new ArrayList<>();

  @Test
  void readsAtMostTheBudgetAndCountsTheRestAsNotCollected() {
    ProcTree tree = tree(1, 2, 3, 4, 5);
    found.set(tree.targets());
    try (Collector collector = collector(tree, 3)) {
      Snapshot s = collector.collect();
      assertThat(pids(s)).containsExactly(1L, 2L, 3L);
      assertThat(s.notCollected()).isEqualTo(2);
      assertThat(s.namespaces()).allMatch(NamespaceSnapshot::ok);
      assertThat(probed).hasSize(1);
      assertThat(probed.get(0)).extracting(NetnsTarget::pid).containsExactly(1L, 2L, 3L);
    }
  }

  @Test
  void keepsTheSameNamespacesWhateverOrderTheResolverFindsThemIn() {
    ProcTree tree = tree(1, 2, 3, 4, 5, 6);
    List<NetnsTarget> all = tree.targets();
    found.set(all.subList(0, 5));
    try (Collector collector = collector(tree, 3)) {
      assertThat(pids(collector.collect())).containsExactly(1L, 2L, 3L);
      // a new namespace first, the rest reversed: the three read before stay, the newcomer waits
      found.set(List.of(all.get(5), all.get(4), all.get(3), all.get(2), all.get(1), all.get(0)));
      Snapshot second = collector.collect();
      assertThat(pids(second)).containsExactly(3L, 2L, 1L);
      assertThat(second.notCollected()).isEqualTo(3);
      // one of them goes: its place goes to the first other namespace in the resolver's order
      found.set(List.of(all.get(5), all.get(4), all.get(3), all.get(2), all.get(0)));
      Snapshot third = collector.collect();
      assertThat(pids(third)).containsExactly(6L, 3L, 1L);
      assertThat(third.notCollected()).isEqualTo(2);
    }
  }

  @Test
  void theHostNamespaceComesFirst() {
    ProcTree tree = tree(1, 2, 3);
    List<NetnsTarget> all = new ArrayList<>(tree.targets());
    NetnsTarget last = all.get(2);
    all.set(2, new NetnsTarget(last.netnsInode(), last.pid(), last.pidStartTime(), true, last.owner(), last.pod(),
        last.containers()));
    found.set(all);
    try (Collector collector = collector(tree, 1)) {
      Snapshot s = collector.collect();
      assertThat(pids(s)).containsExactly(3L);
      assertThat(s.notCollected()).isEqualTo(2);
    }
  }

  @Test
  void everythingFoundIsReadWhileItFits() {
    ProcTree tree = tree(1, 2, 3, 4);
    List<NetnsTarget> all = tree.targets();
    found.set(all.subList(0, 2));
    try (Collector collector = collector(tree, 2)) {
      Snapshot fits = collector.collect();
      assertThat(pids(fits)).containsExactly(1L, 2L);
      assertThat(fits.notCollected()).isZero();
      found.set(List.of(all.get(3), all.get(2), all.get(1), all.get(0)));
      assertThat(pids(collector.collect())).containsExactly(2L, 1L); // those already read keep their places
    }
    try (Collector unlimited = Collector.builder(FixtureResolver.of(found::get)).procRoot(tree.procRoot()).build()) {
      found.set(all);
      assertThat(unlimited.collect().notCollected()).isZero();
    }
  }

  @Test
  void aBudgetThatDependsOnWhatWasFoundIsAskedEachCycle() {
    ProcTree tree = tree(1, 2, 3, 4, 5, 6);
    List<NetnsTarget> all = tree.targets();
    List<Integer> asked = new ArrayList<>();
    try (Collector collector = Collector.builder(FixtureResolver.of(found::get)).procRoot(tree.procRoot())
        .maxNamespaces(found -> {
          asked.add(found);
          return 7 - found;   // every namespace found takes room from those read
        }).build()) {
      found.set(all.subList(0, 3));
      assertThat(pids(collector.collect())).containsExactly(1L, 2L, 3L);
      found.set(all.subList(0, 5));
      Snapshot five = collector.collect();
      assertThat(pids(five)).containsExactly(1L, 2L);
      assertThat(five.notCollected()).isEqualTo(3);
      found.set(all);
      Snapshot six = collector.collect();
      assertThat(pids(six)).as("never fewer than one").containsExactly(1L);
      assertThat(six.notCollected()).isEqualTo(5);
    }
    assertThat(asked).containsExactly(3, 5, 6);
  }

  @Test
  void aBudgetBelowOneIsRefused() {
    assertThatThrownBy(() -> Collector.builder(FixtureResolver.of(found::get)).maxNamespaces(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("max namespaces must be at least 1, got 0");
  }

  private ProcTree tree(long... pids) {
    ProcTree tree = new ProcTree(dir);
    for (long pid : pids) {
      tree.process(pid, "p" + pid);
    }
    return tree;
  }

  private Collector collector(ProcTree tree, int max) {
    FilesystemProbe probe = namespaces -> {
      probed.add(List.copyOf(namespaces));
      return List.of();
    };
    return Collector.builder(FixtureResolver.of(found::get)).procRoot(tree.procRoot()).maxNamespaces(max).filesystemProbe(probe).build();
  }

  private static List<Long> pids(Snapshot s) {
    return s.namespaces().stream().map(ns -> ns.target().pid()).toList();
  }
}
