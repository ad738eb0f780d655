package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes: 0 when the collection ran (failed namespaces included), 1 when nothing could be read. */
class ExitCodeTest {
  @TempDir
  Path dir;

  @Test
  void aCollectionWithSomeFailedNamespacesExitsZeroAndReportsThem() throws Exception {
    Path proc = FixtureProc.standard(dir);
    Run run = Run.of("--once", "--format", "json", "--resolver", "netns", "--proc-root", proc.toString());
    assertThat(run.code()).as("exit code; stderr: %s", run.err()).isZero();
    JsonNode broken = null;
    for (JsonNode ns : new ObjectMapper().readTree(run.out()).get("namespaces")) {
      if (ns.get("pid").asLong() == 3200) {
        broken = ns;
      }
    }
    assertThat(broken).as("namespace of pid 3200").isNotNull();
    assertThat(broken.get("error").asText()).contains("3200/net/sockstat:2").contains("'five'");
    assertThat(broken.has("summary")).as("a failed namespace has no figures").isFalse();
  }

  @Test
  void nothingReadableExitsOneWithTheReason() {
    Path proc = FixtureProc.allBroken(dir);
    Run run = Run.of("--once", "--format", "json", "--resolver", "netns", "--proc-root", proc.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).as("no document on stdout").isEmpty();
    assertThat(run.err()).startsWith("container-netstat: nothing could be read: all 2 network namespaces failed")
        .contains("(first: ");
    assertThat(run.err().strip().lines()).hasSize(1);
  }

  @Test
  void aProcRootThatDoesNotExistExitsOneAndSaysWhatToMount() {
    Run run = Run.of("--once", "--resolver", "netns", "--proc-root", dir.resolve("missing").toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).startsWith("container-netstat: nothing could be read: ")
        .contains("cannot list the proc root").contains("mount the host's /proc there");
  }

  @Test
  void aDaemonWhoseFirstCollectionReadsNothingDoesNotStart() {
    Path proc = FixtureProc.allBroken(dir);
    Run run = Run.of("--sink", "prometheus", "--listen", "127.0.0.1:0", "--resolver", "netns", "--proc-root",
        proc.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).startsWith("container-netstat: nothing could be read: all 2 network namespaces failed");
  }

  @Test
  void aDaemonThatCannotListenDoesNotStart() throws Exception {
    Path proc = FixtureProc.standard(dir);
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Run run = Run.of("--sink", "prometheus", "--listen", "127.0.0.1:" + taken.getLocalPort(), "--resolver", "netns",
          "--proc-root", proc.toString());
      assertThat(run.code()).isEqualTo(1);
      assertThat(run.err()).startsWith("container-netstat: cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }
}
