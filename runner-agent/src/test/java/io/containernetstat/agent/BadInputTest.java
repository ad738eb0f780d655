package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --once} on fixture proc trees with hostile input: a FIFO where a counter file should be, and
 * process names that hold terminal control sequences. {@link BadInputIT} runs the jar with the
 * production heap against oversized files.
 */
class BadInputTest {
  /** The process name of the issue: ends the row, clears the screen, turns red and forges a row. */
  static final String HOSTILE = "x\n\u001b[2J\u001b[31mFORGED 1";

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS) // a hang guard: a FIFO opened for reading blocks forever
  void aFifoWhereSockstatShouldBeFailsOnlyItsNamespaceAndOnceReturns() throws Exception {
    Path proc = FixtureProc.standard(dir);
    FixtureProc.process(proc, 3300, "fifo", 8000, 4026532500L, "0::/", "live", List.of("snmp"));
    Process mkfifo = new ProcessBuilder("mkfifo", proc.resolve("3300/net/sockstat").toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).as("mkfifo").isZero();

    Run run = Run.once(proc);

    assertThat(run.out()).contains("\nfailed: fifo (pid 3300): /proc/3300/net/sockstat: not a regular file (a FIFO): "
        + "not read\n");
    assertThat(run.out()).containsPattern("(?m)^python3 +2917 +" + FixtureProc.LIVE_NETNS + " +6 +8 +1 +3 +12$");
    assertThat(run.out()).contains("4 network namespaces, 4 containers, 2 failed");
  }

  @Test
  void aHostileProcessNameStaysInItsOwnRowEscapedAndAligned() {
    Path proc = FixtureProc.standard(dir);
    String hostile = HOSTILE;
    FixtureProc.process(proc, 3400, hostile, 8000, 4026532600L, "0::/", "live", List.of("sockstat", "snmp"));
    FixtureProc.process(proc, 3500, hostile.replace("FORGED 1", "FORGED 2"), 8100, 4026532700L, "0::/", "live", List.of("snmp"));
    FixtureProc.write(proc.resolve("3500/net/sockstat"), "TCP: inuse -5\n");

    Run run = Run.once(proc);

    String out = run.out();
    assertThat(out).doesNotContain("\u001b");
    List<String> lines = out.lines().toList();
    assertThat(lines).noneMatch(l -> l.startsWith("FORGED") || l.startsWith("\u001b"));
    List<String> table = lines.subList(0, lines.indexOf(""));
    assertThat(table).as("a header and one row per namespace:%n%s", out).hasSize(1 + 5);
    assertThat(table).anySatisfy(row -> assertThat(row)
        .matches("x\\\\n\\\\x1b\\[2J\\\\x1b\\[31mFORGED 1 +3400 +4026532600 +6 +5 +1 +2 +12"));
    assertThat(lines).contains("failed: x\\n\\x1b[2J\\x1b[31mFORGED 2 (pid 3500): /proc/3500/net/sockstat:1: "
        + "negative value '-5' for an unsigned field: \"TCP: inuse -5\"");
    int pidEnd = table.get(0).indexOf("PID") + "PID".length();
    int socketsEnd = table.get(0).length();
    for (String row : table) {
      assertThat(row.charAt(pidEnd - 1)).as("PID column right-aligned in%n%s", out).isNotEqualTo(' ');
      assertThat(row.charAt(pidEnd)).as("PID column right-aligned in%n%s", out).isEqualTo(' ');
      assertThat(row).as("SOCKETS column right-aligned").hasSize(socketsEnd);
    }
  }

  @Test
  void jsonKeepsTheHostileNameAsEscapedJsonText() throws Exception {
    Path proc = FixtureProc.standard(dir);
    FixtureProc.process(proc, 3400, HOSTILE, 8000, 4026532600L, "0::/", "live",
        List.of("sockstat", "snmp"));

    Run run = Run.once(proc, "--format", "json");

    assertThat(run.out()).doesNotContain("\u001b").contains("\"x\\n\\u001B[2J\\u001B[31mFORGED 1\"");
    com.fasterxml.jackson.databind.JsonNode ns = AgentJarIT.namespace(
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out()), 4026532600L);
    assertThat(ns.at("/containers/0/name").asText()).as("the name itself is kept").isEqualTo(HOSTILE);
  }
}
