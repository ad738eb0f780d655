package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapAdviceTest {
  @Test
  void theProductionHeapHoldsTheTargetAndWarnsWellBeforeWhereItRanOut() {
    long tenMb = 10L << 20;
    assertThat(HeapAdvice.capacity(tenMb)).isBetween(300L, 700L); // 300: the target; 1000 ran out in 10 MB
    assertThat(HeapAdvice.check(300, tenMb)).isNull();
    assertThat(HeapAdvice.check(1000, tenMb)).isEqualTo("1000 network namespaces, but the heap's maximum (10 MB)"
        + " holds about 614: give the JVM -Xmx21m (JAVA_OPTS in the image), or it may exit with OutOfMemoryError"
        + " under concurrent scrapes");
    long seenWithXmx10m = 10_223_616; // Runtime.maxMemory() with -Xmx10m -Xmn3m: one survivor space less
    assertThat(HeapAdvice.check(580, seenWithXmx10m)).as("600 ran in 10 MB").isNull();
    assertThat(HeapAdvice.check(1000, seenWithXmx10m)).startsWith("1000 network namespaces, but the heap's maximum"
        + " (10 MB) holds about 588:");
  }

  @Test
  void theRecommendedHeapHoldsTheNamespacesWithRoomToSpare() {
    for (int n = 0; n <= 20_000; n += 97) {
      long mb = HeapAdvice.recommendedMegabytes(n);
      assertThat(HeapAdvice.check(n, mb << 20)).as("%d namespaces in -Xmx%dm", n, mb).isNull();
      assertThat(HeapAdvice.capacity(mb << 20)).isGreaterThanOrEqualTo(n + n / 3);
    }
  }
}
