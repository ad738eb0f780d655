package io.containernetstat.resolver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FirstProcessesTest {
  @Test
  void keepsEachNamespacesFirstProcessInTheOrderFound() {
    FirstProcesses f = new FirstProcesses();
    f.add(4026531840L, 0);
    f.add(4026532177L, 1);
    f.add(4026531840L, 2);
    f.add(4026532177L, 3);
    f.add(0L, 4); // not a real inode, but no value is a free-slot marker
    assertThat(f.size()).isEqualTo(3);
    assertThat(new long[] {f.inode(0), f.inode(1), f.inode(2)}).containsExactly(4026531840L, 4026532177L, 0L);
    assertThat(new int[] {f.first(0), f.first(1), f.first(2)}).containsExactly(0, 1, 4);
  }

  @Test
  void growsPastItsFirstArraysAndForgetsEverythingOnClear() {
    FirstProcesses f = new FirstProcesses();
    Random random = new Random(42);
    for (int cycle = 0; cycle < 3; cycle++) {
      f.clear();
      Map<Long, Integer> expected = new LinkedHashMap<>();
      for (int i = 0; i < 20_000; i++) {
        long inode = 4026531840L + random.nextInt(5_000) * (cycle + 1); // thousands of namespaces, each many times
        f.add(inode, i);
        expected.putIfAbsent(inode, i);
      }
      assertThat(f.size()).isEqualTo(expected.size());
      int k = 0;
      for (Map.Entry<Long, Integer> e : expected.entrySet()) {
        assertThat(f.inode(k)).isEqualTo(e.getKey());
        assertThat(f.first(k)).isEqualTo(e.getValue());
        k++;
      }
    }
    f.clear();
    assertThat(f.size()).isZero();
    f.add(7, 9);
    assertThat(f.first(0)).isEqualTo(9);
  }
}
