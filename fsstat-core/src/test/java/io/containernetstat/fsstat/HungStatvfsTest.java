package io.containernetstat.fsstat;

import static io.containernetstat.fsstat.StatvfsFilesystemProbeTest.byPoint;
import static io.containernetstat.fsstat.StatvfsFilesystemProbeTest.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Container;
import io.containernetstat.core.filesystem.ContainerFilesystems;
import io.containernetstat.core.filesystem.ContainerFilesystems.FilesystemStat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A statvfs that never returns, as on a dead NFS server, must cost one thread and a bounded wait. */
class HungStatvfsTest {
  private static final Duration TIMEOUT = Duration.ofMillis(300);

  @TempDir Path tmp;
  private FakeProc proc;
  private FakeStatvfs statvfs;
  private final CountDownLatch server = new CountDownLatch(1);
  private StatvfsFilesystemProbe probe;

  @BeforeEach
  void setUp() {
    proc = new FakeProc(tmp);
    statvfs = new FakeStatvfs();
  }

  @AfterEach
  void tearDown() {
    server.countDown();
    if (probe != null) {
      probe.close();
    }
  }

  @Test
  void aHungCallIsReportedWithinTheTimeoutAndNotRetriedWhileItHangs() {
    probe = StatvfsFilesystemProbe.builder().procRoot(proc.root).statvfs(statvfs).timeout(TIMEOUT)
        .parallelism(2).maxHungCalls(4).build();
    Container c = proc.add("a", 100, 5000, Fixtures.DOCKER_VOLUMES);
    String scratch = proc.path(100, "/scratch");
    statvfs.blocks.put(scratch, server);

    long start = System.nanoTime();
    ContainerFilesystems first = only(probe.probe(FakeProc.namespaces(c)));
    long firstMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(firstMillis).as("the probe waited at most about the timeout").isLessThan(2 * TIMEOUT.toMillis() + 500);
    assertThat(byPoint(first, "/scratch").error()).contains("did not return within 300 ms");
    assertThat(first.filesystems()).filteredOn(fs -> fs.error() == null).hasSize(5);
    assertThat(probe.stats().hungCalls()).isEqualTo(1);

    for (int cycle = 0; cycle < 5; cycle++) {
      start = System.nanoTime();
      ContainerFilesystems next = only(probe.probe(FakeProc.namespaces(c)));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(millis).as("a known hung device is not waited for again").isLessThan(TIMEOUT.toMillis());
      assertThat(byPoint(next, "/scratch").error()).contains("blocked for").contains("0:48");
      assertThat(next.filesystems()).filteredOn(fs -> fs.error() == null).hasSize(5);
    }
    assertThat(statvfs.callsTo(scratch)).as("one call, never repeated while it hangs").isEqualTo(1);
    assertThat(probe.stats().threads()).as("parallelism 2 + one replacement for the hung thread")
        .isLessThanOrEqualTo(3);
  }

  @Test
  void whenTheCallReturnsTheMountIsMeasuredAgain() throws Exception {
    probe = StatvfsFilesystemProbe.builder().procRoot(proc.root).statvfs(statvfs).timeout(TIMEOUT).build();
    Container c = proc.add("a", 100, 5000, Fixtures.DOCKER_VOLUMES);
    String scratch = proc.path(100, "/scratch");
    statvfs.blocks.put(scratch, server);
    probe.probe(FakeProc.namespaces(c));

    statvfs.blocks.remove(scratch);
    server.countDown();
    waitFor(() -> probe.stats().hungCalls() == 0);
    FilesystemStat again = byPoint(only(probe.probe(FakeProc.namespaces(c))), "/scratch");

    assertThat(again.error()).isNull();
    assertThat(statvfs.callsTo(scratch)).isEqualTo(2);
  }

  @Test
  void manyDeadServersNeverTakeMoreThanParallelismPlusMaxHungThreads() {
    probe = StatvfsFilesystemProbe.builder().procRoot(proc.root).statvfs(statvfs).timeout(TIMEOUT)
        .parallelism(1).maxHungCalls(2).build();
    StringBuilder table = new StringBuilder("1 0 0:100 / / rw - overlay overlay rw\n");
    for (int i = 1; i <= 6; i++) {
      table.append(1 + i).append(" 1 0:").append(100 + i).append(" / /nfs").append(i)
          .append(" rw - nfs4 server:/export").append(i).append(" rw\n");
    }
    Container c = proc.add("a", 100, 5000, table.toString().getBytes());
    for (int i = 1; i <= 6; i++) {
      statvfs.blocks.put(proc.path(100, "/nfs" + i), server);
    }

    for (int cycle = 0; cycle < 4; cycle++) {
      long start = System.nanoTime();
      ContainerFilesystems result = only(probe.probe(FakeProc.namespaces(c)));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(millis).as("cycle %d", cycle).isLessThan(2 * TIMEOUT.toMillis() + 500);
      assertThat(result.filesystems()).hasSize(7);
      assertThat(result.filesystems()).filteredOn(fs -> fs.mountPoint().startsWith("/nfs"))
          .allSatisfy(fs -> assertThat(fs.error()).isNotNull());
      assertThat(probe.stats().threads()).as("threads after cycle %d", cycle).isLessThanOrEqualTo(3);
    }
    assertThat(probe.stats().hungCalls()).isLessThanOrEqualTo(3);
    List<String> errors = only(probe.probe(FakeProc.namespaces(c))).filesystems().stream()
        .map(FilesystemStat::error).filter(e -> e != null).toList();
    assertThat(errors).anyMatch(e -> e.contains("not started") || e.contains("blocked for"));
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 5 s");
      }
      Thread.sleep(10);
    }
  }
}
