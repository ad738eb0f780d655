package io.containernetstat.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Collector;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.Snapshot;
import io.containernetstat.core.internal.Processes;
import io.containernetstat.core.kernel.Environment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The netns scan on real namespaces, with a process that changes its network namespace itself between
 * two cycles ({@code unshare} or {@code setns}, then {@code exec}: same PID, same start time): the next
 * cycle reports it in its new namespace with that namespace's counters, never the old namespace's
 * (descriptors held for the process keep reading the namespace they were opened in). Needs root,
 * {@code unshare}, {@code nsenter}, {@code ip} and {@code bash} (its {@code /dev/udp} sends the datagrams
 * that tell the namespaces apart: {@code Udp OutDatagrams} in {@code snmp}).
 */
@Timeout(120)
class NetnsScanMoveTest {
  private final List<Process> started = new ArrayList<>();
  private Collector collector;

  @BeforeEach
  void requireTools() {
    Environment.requireNetworkNamespaces();
    for (String tool : List.of("unshare", "nsenter", "ip", "bash")) {
      Environment.requireOrSkip(Environment.executable(tool).isPresent(), tool + " is needed");
    }
    collector = Collector.builder(new NetnsScanResolver(ResolverOptions.defaults()))
        .files(ProcNetFile.defaults()).build();
  }

  @AfterEach
  void stopAll() throws InterruptedException {
    if (collector != null) {
      collector.close();
    }
    for (Process p : started) {
      p.destroyForcibly();
    }
    for (Process p : started) {
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void processThatUnsharesIsReadInItsNewNamespaceTheNextCycle() throws Exception {
    Process mover = namespace(5, "read line; exec unshare -n sleep 600");
    long before = inode(mover);
    assertRead(collector.collect(), before, mover.pid(), 5);

    say(mover, "go");
    long after = awaitMove(mover, before);

    Snapshot next = collector.collect();
    assertRead(next, after, mover.pid(), 0);
    assertThat(next.namespaces()).noneMatch(ns -> ns.target().netnsInode() == before);
  }

  @Test
  void processThatCallsSetnsIsReadInTheNamespaceItJoinedTheNextCycle() throws Exception {
    Process mover = namespace(5, "read pid; exec nsenter --net=/proc/$pid/ns/net sleep 600");
    long before = inode(mover);
    // Started after the mover: a higher PID, so the mover names the namespace once it joins.
    Process holder = namespace(2, "exec sleep 600");
    long joined = inode(holder);
    Snapshot first = collector.collect();
    assertRead(first, before, mover.pid(), 5);
    assertRead(first, joined, holder.pid(), 2);

    say(mover, Long.toString(holder.pid()));
    assertThat(awaitMove(mover, before)).isEqualTo(joined);

    Snapshot next = collector.collect();
    assertRead(next, joined, mover.pid(), 2);
    assertThat(next.namespaces()).noneMatch(ns -> ns.target().netnsInode() == before);
  }

  @Test
  void processThatExecsIsNamedAfterItsNewCommandTheNextCycle() throws Exception {
    Process p = namespace(1, "read line; exec sleep 600");
    long inode = inode(p);
    NamespaceSnapshot first = read(collector.collect(), inode);
    assertThat(first.target().displayName()).isEqualTo("bash");

    say(p, "go");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!comm(p.pid()).equals("sleep") && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    NamespaceSnapshot next = read(collector.collect(), inode);
    assertThat(next.target().displayName()).isEqualTo("sleep");
    assertThat(next.target().pid()).isEqualTo(p.pid());
    assertThat(next.target().pidStartTime()).as("exec keeps the process").isEqualTo(first.target().pidStartTime());
  }

  @Test
  void namespaceWhoseOnlyProcessIsAZombieIsNoLongerReported() throws Exception {
    // The child, alone in its namespace, exits on a line; its parent becomes a sleep that never reaps it.
    Process parent = new ProcessBuilder(Environment.executable("bash").orElseThrow().toString(), "-c",
        Environment.executable("unshare").orElseThrow() + " -n bash -c 'echo $$; read x' <&0 & exec sleep 600")
        .redirectErrorStream(true).start();
    started.add(parent);
    long child = Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream(),
        StandardCharsets.US_ASCII)).readLine().trim());
    long inode = Processes.netnsInode(ProcRoot.DEFAULT, child).orElseThrow();
    assertThat(read(collector.collect(), inode).target().pid()).isEqualTo(child);

    say(parent, "exit");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!stat(child).contains(") Z ") && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(stat(child)).as("the child is a zombie").contains(") Z ");
    assertThat(collector.collect().namespaces()).as("a zombie has no namespace to read")
        .noneMatch(ns -> ns.target().netnsInode() == inode);
  }

  private static String comm(long pid) throws IOException {
    return Files.readString(Path.of("/proc/" + pid + "/comm")).trim();
  }

  private static String stat(long pid) throws IOException {
    return Files.readString(Path.of("/proc/" + pid + "/stat"));
  }

  private static NamespaceSnapshot read(Snapshot s, long inode) {
    NamespaceSnapshot ns = s.namespaces().stream().filter(n -> n.target().netnsInode() == inode).findFirst()
        .orElseThrow(() -> new AssertionError("namespace " + inode + " not in the snapshot"));
    assertThat(ns.ok()).as("%s read: %s", inode, ns.error()).isTrue();
    return ns;
  }

  /**
   * Starts a process in a new network namespace of its own (unshare without a fork: the process is the
   * namespace's first) that sends {@code datagrams} UDP datagrams to its loopback, says ready and runs
   * {@code then}.
   */
  private Process namespace(int datagrams, String then) throws IOException {
    String script = "ip link set lo up || exit 1; for i in $(seq " + datagrams + "); do echo x >/dev/udp/127.0.0.1/9;"
        + " done; echo ready; " + then;
    Process p = new ProcessBuilder(Environment.executable("unshare").orElseThrow().toString(), "-n",
        Environment.executable("bash").orElseThrow().toString(), "-c", script)
        .redirectErrorStream(true).start();
    started.add(p);
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
    String line = out.readLine();
    assertThat(line).as("the namespace's process says ready").isEqualTo("ready");
    return p;
  }

  private static void say(Process p, String line) throws IOException {
    OutputStream in = p.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
    in.flush();
  }

  private static long inode(Process p) throws IOException {
    return Processes.netnsInode(ProcRoot.DEFAULT, p.pid()).orElseThrow();
  }

  /** Waits (10 s at most) until the process is in another namespace than {@code before}; {@return that one} */
  private static long awaitMove(Process p, long before) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      long now = inode(p);
      if (now != before) {
        return now;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("process " + p.pid() + " did not leave namespace " + before);
  }

  /** Asserts the snapshot read namespace {@code inode} through {@code pid}, with {@code datagrams} sent in it. */
  private static void assertRead(Snapshot s, long inode, long pid, long datagrams) {
    NamespaceSnapshot ns = read(s, inode);
    assertThat(ns.target().pid()).isEqualTo(pid);
    assertThat(ns.stats().file(ProcNetFile.SNMP).orElseThrow().get("Udp", "OutDatagrams"))
        .as("datagrams sent in namespace %s", inode).hasValue(datagrams);
  }
}
