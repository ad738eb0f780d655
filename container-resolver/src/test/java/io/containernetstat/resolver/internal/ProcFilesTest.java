package io.containernetstat.resolver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.containernetstat.core.internal.HeldStat;
import io.containernetstat.core.internal.ProcFormatException;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.internal.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcFilesTest {
  @TempDir Path tmp;

  @Test
  void aHeldStatFileReadsWhileItsProcessLivesAndNeverAfter() throws Exception {
    ProcFiles proc = new ProcFiles(ProcRoot.DEFAULT);
    Process child = new ProcessBuilder("sleep", "60").start();
    try {
      long pid = child.pid();
      try (HeldStat stat = proc.openStat(pid)) {
        assertThat(stat.source()).isEqualTo("/proc/" + pid + "/stat");
        long start = proc.startTime(stat);
        assertThat(start).isEqualTo(Processes.startTime(ProcRoot.DEFAULT, pid).getAsLong());
        assertThat(proc.startTime(stat)).as("read again: same process").isEqualTo(start);

        child.destroyForcibly();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(proc.startTime(stat)).as("exited (and reaped): the held file reads nothing").isEqualTo(-1);
      }
      assertThat(proc.openStat(pid)).as("no such process any more").isNull();
      assertThat(proc.startTime(proc.statPath(pid))).isEqualTo(-1);
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void aZombieHasExited() throws Exception {
    ProcFiles proc = new ProcFiles(ProcRoot.DEFAULT);
    // sh starts a child and becomes a sleep that never reaps it: the child stays a zombie
    Process parent = new ProcessBuilder("sh", "-c", "sleep 0.2 & echo $!; exec sleep 60").start();
    try {
      long pid = Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(
          parent.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII)).readLine().trim());
      try (HeldStat stat = proc.openStat(pid)) {
        String source = "/proc/" + pid + "/stat";
        assertThat(proc.startTime(stat)).as("alive").isPositive();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.readString(Path.of(source)).contains(") Z ") && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(Files.readString(Path.of(source))).contains(") Z ");
        assertThat(proc.startTime(stat)).as("a zombie through the held file").isEqualTo(-1);
        assertThat(proc.startTime(proc.statPath(pid))).as("a zombie by path").isEqualTo(-1);
        assertThat(Processes.startTime(ProcRoot.DEFAULT, pid)).as("a zombie in the core").isEmpty();
      }
    } finally {
      parent.destroyForcibly();
    }
  }

  @Test
  void aStatLineTellsAnExitedProcessByItsState() {
    String rest = " 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 4242 0";   // fields 4-23: start time 4242
    for (String line : new String[] {"7 (a) Z" + rest, "7 (a b) c) X" + rest, "7 (x) Z"}) {
      byte[] b = line.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      assertThat(Processes.liveStartTime(line, b, b.length)).as(line).isEqualTo(-1);
    }
    for (String line : new String[] {"7 (a) S" + rest, "7 (Z) R" + rest, "7 (a) Z) S" + rest, "7 (a)Z" + rest}) {
      byte[] b = line.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      assertThat(Processes.liveStartTime(line, b, b.length)).as(line).isEqualTo(4242);
    }
    for (String line : new String[] {"7 (a)", ""}) {
      byte[] b = line.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      assertThatThrownBy(() -> Processes.liveStartTime(line, b, b.length)).as(line)
          .isInstanceOf(ProcFormatException.class);
    }
  }

  @Test
  void cgroupProcsAreSortedWithoutRepeats() throws Exception {
    Path file = tmp.resolve("cgroup.procs");
    Files.writeString(file, "42\n7\n42\n1000\n");
    ProcFiles proc = new ProcFiles(new ProcRoot(tmp));

    assertThat(proc.cgroupProcs(file)).containsExactly(7, 42, 1000);
    Files.writeString(file, "");
    assertThat(proc.cgroupProcs(file)).isEmpty();
    Files.writeString(file, "5");
    assertThat(proc.cgroupProcs(file)).containsExactly(5);
    assertThat(proc.cgroupProcs(tmp.resolve("gone/cgroup.procs"))).as("cgroup removed").isNull();
  }

  @Test
  void aCgroupProcsFileThatIsNotAPidListNamesTheFile() throws Exception {
    Path file = tmp.resolve("cgroup.procs");
    Files.writeString(file, "12\nabc\n");
    ProcFiles proc = new ProcFiles(new ProcRoot(tmp));

    assertThatThrownBy(() -> proc.cgroupProcs(file))
        .isInstanceOf(ProcFormatException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void commIsReadWithoutItsNewline() throws Exception {
    Files.createDirectories(tmp.resolve("5"));
    Files.writeString(tmp.resolve("5/comm"), "my prog\n");
    ProcFiles proc = new ProcFiles(new ProcRoot(tmp));

    assertThat(proc.comm(5)).isEqualTo("my prog");
    assertThat(proc.comm(6)).isNull();
  }

  @Test
  void eachFileIsReadUpToItsCapAndNoFurther() throws Exception {
    Files.createDirectories(tmp.resolve("5"));
    ProcFiles proc = new ProcFiles(new ProcRoot(tmp));
    Path procs = tmp.resolve("cgroup.procs");
    Files.writeString(procs, "7\n".repeat(ProcFiles.PROCS_MAX_BYTES / 2));
    assertThat(proc.cgroupProcs(procs)).as("exactly at the cap").containsExactly(7);
    Files.writeString(procs, "7\n", java.nio.file.StandardOpenOption.APPEND);
    assertThatThrownBy(() -> proc.cgroupProcs(procs))
        .isInstanceOf(io.containernetstat.core.internal.RefusedFileException.class)
        .hasMessage(procs + ": 1048578 bytes, larger than the cap of 1048576 bytes for this file: not read");
    Files.writeString(tmp.resolve("5/comm"), "x".repeat(ProcFiles.COMM_MAX_BYTES + 1));
    assertThatThrownBy(() -> proc.comm(5))
        .isInstanceOf(io.containernetstat.core.internal.RefusedFileException.class)
        .hasMessageStartingWith(tmp.resolve("5/comm") + ": 4097 bytes, larger than the cap of 4096 bytes");
    Files.writeString(tmp.resolve("5/stat"), "");
    assertThatThrownBy(() -> proc.startTime(proc.statPath(5)))
        .as("an empty stat is malformed, not a process that is gone")
        .isInstanceOf(ProcFormatException.class)
        .hasMessage(tmp.resolve("5/stat") + ":1: empty file: \"\"");
  }
}
