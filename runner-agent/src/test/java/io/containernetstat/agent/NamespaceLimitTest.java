package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamespaceLimitTest {
  /** Runtime.maxMemory() with -Xmx10m -Xmn3m: one survivor space less than 10 MB. */
  private static final long PRODUCTION_HEAP = 10_223_616;

  @Test
  void theProductionHeapReadsTheTargetAndStaysBelowWhereItRanOut() {
    NamespaceLimit limit = NamespaceLimit.choose(0, PRODUCTION_HEAP, OptionalLong.empty(), 3, true);
    assertThat(limit.auto()).isTrue();
    assertThat(limit.forFound(300)).as("the memory target: 300 in 10 MB").isGreaterThanOrEqualTo(300);
    // measured with two clients scraping back to back (PERFORMANCE.md): 438 of 3,000 ran out after ten
    // minutes once the open-falcon receiver fell behind
    assertThat(limit.forFound(3000)).isBetween(250, 437);
    assertThat(limit.forFound(5000)).isBetween(150, 300);
    assertThat(limit.forFound(1_000_000)).as("never below one").isEqualTo(1);
  }

  @Test
  void eachFileAndTheOpenFalconQueueCostHeap() {
    NamespaceLimit three = NamespaceLimit.choose(0, PRODUCTION_HEAP, OptionalLong.empty(), 3, true);
    NamespaceLimit six = NamespaceLimit.choose(0, PRODUCTION_HEAP, OptionalLong.empty(), 6, true);
    NamespaceLimit unqueued = NamespaceLimit.choose(0, PRODUCTION_HEAP, OptionalLong.empty(), 3, false);
    assertThat(six.bytesPerNamespace()).isEqualTo(three.bytesPerNamespace()
        + 3 * (NamespaceLimit.BYTES_PER_FILE + NamespaceLimit.QUEUED_BYTES_PER_FILE));
    assertThat(unqueued.bytesPerNamespace()).isEqualTo(three.bytesPerNamespace()
        - 3 * NamespaceLimit.QUEUED_BYTES_PER_FILE);
    assertThat(six.forFound(3000)).isLessThan(three.forFound(3000));
    assertThat(unqueued.forFound(3000)).isGreaterThan(three.forFound(3000));
    assertThat(six.recommendedMegabytes(3000)).isGreaterThan(three.recommendedMegabytes(3000));
  }

  @Test
  void theBudgetFallsAsMoreNamespacesAreFound() {
    NamespaceLimit limit = NamespaceLimit.choose(0, 64L << 20, OptionalLong.empty(), 3, true);
    int previous = Integer.MAX_VALUE;
    for (int found = 0; found <= 100_000; found += 997) {
      int max = limit.forFound(found);
      assertThat(max).isLessThanOrEqualTo(previous).isPositive();
      previous = max;
    }
  }

  @Test
  void theRecommendedHeapReadsEveryNamespaceFoundWithRoomToSpare() {
    for (int n = 1; n <= 20_000; n += 97) {
      long mb = NamespaceLimit.choose(0, PRODUCTION_HEAP, OptionalLong.empty(), 3, true).recommendedMegabytes(n);
      NamespaceLimit limit = NamespaceLimit.choose(0, mb << 20, OptionalLong.empty(), 3, true);
      assertThat(limit.forFound(n)).as("%d namespaces in -Xmx%dm", n, mb).isGreaterThanOrEqualTo(n + n / 3);
    }
  }

  @Test
  void theOpenFileLimitBoundsItTooWithOneDescriptorPerFileAndOnePerProcess() {
    NamespaceLimit limit = NamespaceLimit.choose(0, 1L << 30, OptionalLong.of(20_000), 3, true);
    assertThat(limit.descriptorCapacity()).isEqualTo((20_000 - NamespaceLimit.RESERVED_DESCRIPTORS) / 4);
    assertThat(limit.forFound(10_000)).isEqualTo(limit.descriptorCapacity());
    assertThat(limit.warning(5064, 10_000)).startsWith("5064 of 10000 network namespaces not collected: the "
        + "open-file limit holds 4936 (one descriptor per file and one per process); raise it (ulimit -n");
  }

  @Test
  void aGivenLimitIsKeptWhateverTheHeapAndIsNamedInTheWarning() {
    NamespaceLimit limit = NamespaceLimit.choose(50, PRODUCTION_HEAP, OptionalLong.of(1024), 3, true);
    assertThat(limit.auto()).isFalse();
    assertThat(limit.forFound(10)).isEqualTo(50);
    assertThat(limit.forFound(5000)).isEqualTo(50);
    assertThat(limit.warning(4950, 5000)).startsWith("4950 of 5000 network namespaces not collected: "
        + "--max-namespaces is 50 (");
    assertThat(limit.describe()).isEqualTo("at most 50 network namespaces per collection (--max-namespaces)");
  }

  @Test
  void theHeapWarningNamesTheHeapAndTheJavaOptionsThatReadEverything() {
    NamespaceLimit limit = NamespaceLimit.choose(0, PRODUCTION_HEAP, OptionalLong.empty(), 3, true);
    int read = limit.forFound(3001);
    assertThat(limit.warning(3001 - read, 3001)).isEqualTo((3001 - read) + " of 3001 network namespaces not "
        + "collected: the heap's maximum (10 MB) holds about " + read + " beside 3001 found; give the JVM -Xmx"
        + limit.recommendedMegabytes(3001) + "m (JAVA_OPTS in the image) and raise the container's "
        + "memory limit by as much (runner-agent/USAGE.md, \"Memory and sizing\")");
  }

  @Test
  void theOpenFileLimitIsTheSoftOneOfProcLimits(@TempDir Path dir) throws IOException {
    Path limits = dir.resolve("limits");
    Files.writeString(limits, "Limit                     Soft Limit           Hard Limit           Units     \n"
        + "Max processes             95541                95541                processes \n"
        + "Max open files            20000                1048576              files     \n");
    assertThat(NamespaceLimit.openFileLimit(limits)).hasValue(20_000);
    Files.writeString(limits, "Max open files            unlimited            unlimited            files     \n");
    assertThat(NamespaceLimit.openFileLimit(limits)).isEmpty();
    assertThat(NamespaceLimit.openFileLimit(dir.resolve("absent"))).isEmpty();
    assertThat(NamespaceLimit.openFileLimit(Path.of("/proc/self/limits"))).isPresent();
  }
}
