package io.containernetstat.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.containernetstat.core.ProcRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeldProcFileTest {
  @TempDir Path tmp;

  @Test
  void aHeldCommReadsItsProcessWhileItLivesFollowsExecAndReadsNothingOnceItExited() throws Exception {
    Process child = new ProcessBuilder("sh", "-c", "read line; exec sleep 60").start();
    try {
      BoundedReader in = new BoundedReader(64);
      try (HeldProcFile comm = HeldProcFile.open(ProcRoot.DEFAULT, child.pid(), "comm", 4096)) {
        assertThat(comm.source()).isEqualTo("/proc/" + child.pid() + "/comm");
        assertThat(text(in, comm.read(in))).isEqualTo("sh\n");

        child.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
        child.getOutputStream().flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!text(in, comm.read(in)).equals("sleep\n") && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(text(in, comm.read(in))).as("exec: the same process, a new command").isEqualTo("sleep\n");

        child.destroyForcibly();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(comm.read(in)).as("exited and reaped: ESRCH, whoever has the PID now").isEqualTo(-1);
      }
      assertThat(HeldProcFile.open(ProcRoot.DEFAULT, child.pid(), "comm", 4096)).as("gone").isNull();
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void aFileLargerThanItsBoundIsRefusedNamingIt() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("42"));
    Files.writeString(dir.resolve("comm"), "x".repeat(100));
    assertThatThrownBy(() -> HeldProcFile.open(new ProcRoot(tmp), 42, "comm", 16))
        .isInstanceOf(RefusedFileException.class).hasMessageContaining(dir.resolve("comm").toString());
  }

  private static String text(BoundedReader in, int n) {
    return n < 0 ? "<gone>" : new String(in.buffer(), 0, n, StandardCharsets.ISO_8859_1);
  }
}
