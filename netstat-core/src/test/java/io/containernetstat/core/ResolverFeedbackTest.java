package io.containernetstat.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.testkit.FixtureResolver;
import io.containernetstat.testkit.ProcTree;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the collector tells a resolver that checks its targets' processes itself: each target read as gone
 * (exited, or moved out of the namespace the resolver found it in), so that the resolver looks again.
 */
class ResolverFeedbackTest {
  @TempDir
  Path dir;

  /** The resolver finds namespaces 4026530000 + pid through PIDs 2 and 3; 3's ns/net is {@code link3}. */
  private ProcTree tree(long link3) {
    return new ProcTree(dir).hostInit().process(2, "stays").process(3, "moves")
        .netnsLink(2, 4026530002L).netnsLink(3, link3);
  }

  @Test
  void aTargetWhoseProcessMovedNamespaceIsGoneAndTheResolverIsTold() {
    ProcTree tree = tree(4026539999L); // moved after the resolver read its ns/net
    FixtureResolver resolver = tree.resolver().checkingProcesses();
    try (Collector collector = Collector.builder(resolver).procRoot(tree.procRoot()).build()) {
      assertThreeGoneAndTold(collector, resolver, 1);
    }
  }

  @Test
  void aTargetWhoseProcessExitedBeforeItWasReadIsGoneAndTheResolverIsToldInEveryCycle() {
    ProcTree tree = tree(4026530003L).delete("3");
    FixtureResolver resolver = tree.resolver().checkingProcesses();
    try (Collector collector = Collector.builder(resolver).procRoot(tree.procRoot()).build()) {
      assertThreeGoneAndTold(collector, resolver, 1);
      assertThreeGoneAndTold(collector, resolver, 2);
    }
  }

  /** Collects: only PID 2's namespace is read, PID 3's is gone, and the resolver has been told so {@code times}. */
  private static void assertThreeGoneAndTold(Collector collector, FixtureResolver resolver, int times) {
    Snapshot s = collector.collect();
    assertThat(pids(s)).containsExactly(2L);
    assertThat(s.gone()).isEqualTo(1);
    assertThat(resolver.gone()).hasSize(times).extracting(NetnsTarget::pid).containsOnly(3L);
  }

  @Test
  void aResolverThatDoesNotCheckIsNeitherToldNorTrustedWithTheNamespace() {
    // The collector checks each process itself (its held stat) and does not compare namespaces.
    ProcTree tree = tree(4026539999L).process(4, "exited").delete("4");
    FixtureResolver resolver = tree.resolver();
    try (Collector collector = Collector.builder(resolver).procRoot(tree.procRoot()).build()) {
      Snapshot s = collector.collect();
      assertThat(pids(s)).containsExactly(2L, 3L);
      assertThat(s.gone()).isEqualTo(1);
      assertThat(resolver.gone()).isEmpty();
    }
  }

  private static List<Long> pids(Snapshot s) {
    return s.namespaces().stream().map(ns -> ns.target().pid()).toList();
  }
}
