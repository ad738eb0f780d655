package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar, with the production JVM options ({@code -Xmx10m}, {@code -XX:+ExitOnOutOfMemoryError}),
 * against a proc root holding files far larger than the heap: they fail their namespaces, the others
 * are reported, and the process ends normally.
 */
class BadInputIT {
  private static final long FIFTY_MB = 50L << 20;

  @TempDir
  Path dir;

  /**
   * pid 3300's sockstat is a 50 MB file (refused by its size, unread); pid 3301's dev is procfs's
   * {@code /proc/kallsyms}, several MB of many records that stat reports as 0 bytes, so only the cap on
   * the bytes read stops it; pid 3302's sockstat is a FIFO nobody writes.
   */
  private Path tree() throws Exception {
    Path proc = FixtureProc.standard(dir);
    FixtureProc.process(proc, 3300, "big", 8000, 4026532500L, "0::/", "live", List.of("snmp"));
    try (RandomAccessFile f = new RandomAccessFile(proc.resolve("3300/net/sockstat").toFile(), "rw")) {
      f.setLength(FIFTY_MB);
    }
    FixtureProc.process(proc, 3301, "unbounded", 8100, 4026532600L, "0::/", "live", List.of("sockstat", "snmp"));
    Files.createSymbolicLink(proc.resolve("3301/net/dev"), Path.of("/proc/kallsyms"));
    FixtureProc.process(proc, 3302, "fifo", 8200, 4026532700L, "0::/", "live", List.of("snmp"));
    assertThat(new ProcessBuilder("mkfifo", proc.resolve("3302/net/sockstat").toString()).start().waitFor()).isZero();
    return proc;
  }

  @Test
  void oversizedFilesFailTheirNamespacesUnderTheProductionHeapAndTheRunEndsNormally() throws Exception {
    assertThat(Files.size(Path.of("/proc/kallsyms"))).as("procfs reports size 0").isZero();
    try (java.io.InputStream in = Files.newInputStream(Path.of("/proc/kallsyms"))) {
      assertThat(in.readNBytes(1 << 20)).as("but holds over 1 MB").hasSize(1 << 20);
    }
    Path proc = tree();

    AgentJar.Result json = AgentJar.run("--once", "--format", "json", "--resolver", "netns", "--proc-root",
        proc.toString(), "--no-filesystems", "--files", "sockstat,snmp,dev");

    assertThat(json.code()).as("exit code; stderr: %s", json.err()).isZero();
    assertThat(json.err()).doesNotContain("OutOfMemoryError");
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertThat(AgentJarIT.namespace(doc, FixtureProc.LIVE_NETNS).at("/summary/socketsUsed").asLong())
        .as("the other namespaces are read").isEqualTo(12);
    assertThat(AgentJarIT.namespace(doc, 4026532500L).get("error").asText()).isEqualTo(proc.resolve("3300/net/sockstat")
        + ": 52428800 bytes, larger than the cap of 16384 bytes for this file: not read");
    assertThat(AgentJarIT.namespace(doc, 4026532600L).get("error").asText()).isEqualTo(proc.resolve("3301/net/dev")
        + ": larger than the cap of 262144 bytes for this file: read stopped at 262145 bytes");
    assertThat(AgentJarIT.namespace(doc, 4026532700L).get("error").asText()).isEqualTo(proc.resolve("3302/net/sockstat")
        + ": not a regular file (a FIFO): not read");

    AgentJar.Result table = AgentJar.run("--once", "--resolver", "netns", "--proc-root", proc.toString(),
        "--no-filesystems", "--files", "sockstat,snmp,dev");
    assertThat(table.code()).as("exit code; stderr: %s", table.err()).isZero();
    assertThat(table.out()).contains("failed: big (pid 3300): " + proc.resolve("3300/net/sockstat") + ": 52428800 bytes")
        .contains("failed: unbounded (pid 3301): " + proc.resolve("3301/net/dev") + ": larger than the cap")
        .contains("failed: fifo (pid 3302): " + proc.resolve("3302/net/sockstat") + ": not a regular file")
        .contains("6 network namespaces, 6 containers, 4 failed");
  }
}
