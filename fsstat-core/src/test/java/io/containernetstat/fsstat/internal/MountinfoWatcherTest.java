package io.containernetstat.fsstat.internal;

import static io.containernetstat.fsstat.TestHost.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.internal.Processes;
import io.containernetstat.core.kernel.Environment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher on real processes of this machine: this JVM and a child {@code sleep}. Mount changes are
 * proven with containers in {@code DockerMountChangesTest}; here, what needs no privilege.
 */
class MountinfoWatcherTest {
  @TempDir Path tmp;

  @Test
  void aWatchReadsTheSameTableAsAPlainRead() throws Exception {
    watching(privateMountNamespace(), (watcher, w, child) -> {
      int n = watcher.read(w);

      String viaWatch = new String(watcher.bytes(), 0, n, StandardCharsets.UTF_8);
      assertThat(viaWatch).isEqualTo(Files.readString(Path.of("/proc/" + child.pid() + "/mountinfo")));
      assertThat(w.alive()).isTrue();
    });
  }

  @Test
  void aMountIsReportedByOnePollAndTheRereadShowsIt() throws Exception {
    watching(privateMountNamespace(), (watcher, w, child) -> {
      int n = watcher.read(w);
      byte[] first = java.util.Arrays.copyOf(watcher.bytes(), n);
      watcher.poll(List.of(w));
      assertThat(w.changed()).as("nothing mounted in the child's namespace since the open").isFalse();

      run("nsenter", "-t", Long.toString(child.pid()), "-m", "mount", "-t", "tmpfs", "-o", "size=1m",
          "fsstat-watch-test", "/mnt");
      watcher.poll(List.of(w));
      assertThat(w.changed()).as("after the mount").isTrue();
      watcher.poll(List.of(w));
      assertThat(w.changed()).as("the poll itself acknowledged the change, without a read").isFalse();

      int again = watcher.read(w);
      String table = new String(watcher.bytes(), 0, again, StandardCharsets.UTF_8);
      assertThat(table).contains(" /mnt ").contains("fsstat-watch-test");
      assertThat(new String(first, StandardCharsets.UTF_8)).doesNotContain("fsstat-watch-test");
    });
  }

  @Test
  void aWatchOfAProcessThatExitedIsNotAlive() throws Exception {
    watching(new ProcessBuilder("sleep", "60").start(), (watcher, w, sleep) -> {
      assertThat(w.alive()).isTrue();

      sleep.destroy();
      assertThat(sleep.waitFor(10, TimeUnit.SECONDS)).isTrue();

      assertThat(w.alive()).as("comm of the exited (and reaped) process").isFalse();
      assertThat(watcher.read(w)).as("the held mountinfo still reads: it pins the namespace").isPositive();
    });
  }

  @Test
  void aProcessWithAnotherStartTimeIsNotWatched() throws Exception {
    MountinfoWatcher watcher = pollingWatcher();
    long pid = ProcessHandle.current().pid();

    assertThat(watcher.open(pid, start(pid) + 1)).as("the PID names another process now").isNull();
  }

  @Test
  void aMissingProcessIsNotWatched() throws Exception {
    MountinfoWatcher watcher = pollingWatcher();

    assertThat(watcher.open(Integer.MAX_VALUE, -1)).isNull();
  }

  @Test
  void aDirectoryThatIsNotProcfsCannotBeWatched() {
    ProcRoot fake = new ProcRoot(tmp);

    assertThat(MountinfoWatcher.problem(fake)).contains("is not a procfs mount");
    assertThatThrownBy(() -> MountinfoWatcher.create(fake)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(tmp.toString());
  }

  /** {@return a watcher of this machine's {@code /proc}}; skips the test where polling is not possible */
  private static MountinfoWatcher pollingWatcher() {
    String problem = MountinfoWatcher.problem(ProcRoot.DEFAULT);
    Environment.requireOrSkip(problem == null, "polling /proc/<pid>/mountinfo is not possible here: " + problem);
    return MountinfoWatcher.create(ProcRoot.DEFAULT);
  }

  /** A test of a watch on a child process. */
  private interface WatchTest {
    void run(MountinfoWatcher watcher, MountinfoWatcher.Watch w, Process child) throws Exception;
  }

  /** Runs {@code test} with a watch opened on {@code child}, then closes the watch and kills the child. */
  private static void watching(Process child, WatchTest test) throws Exception {
    try {
      MountinfoWatcher watcher = pollingWatcher();
      try (MountinfoWatcher.Watch w = watcher.open(child.pid(), start(child.pid()))) {
        assertThat(w).isNotNull();
        test.run(watcher, w, child);
      }
    } finally {
      child.destroyForcibly();
    }
  }

  /**
   * {@return a child {@code sleep} in a mount namespace of its own, with private propagation, so that
   * what the machine mounts meanwhile (dockerd starting containers) does not reach it}; skips the test
   * where that needs privileges this run lacks
   */
  private static Process privateMountNamespace() throws Exception {
    Process child = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sleep", "60")
        .redirectErrorStream(true).start();
    String own = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString();
    for (int i = 0; i < 200 && child.isAlive(); i++) {
      try {
        if (!Files.readSymbolicLink(Path.of("/proc/" + child.pid() + "/ns/mnt")).toString().equals(own)) {
          return child;
        }
      } catch (java.io.IOException e) {
        // not there yet
      }
      Thread.sleep(10);
    }
    child.destroyForcibly();
    Environment.requireOrSkip(false, "unshare --mount does not work here (needs root or CAP_SYS_ADMIN)");
    return child;
  }

  private static long start(long pid) throws Exception {
    return Processes.startTime(ProcRoot.DEFAULT, pid).orElseThrow();
  }
}
