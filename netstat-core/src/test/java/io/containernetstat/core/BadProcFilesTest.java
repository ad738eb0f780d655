package io.containernetstat.core;

import io.containernetstat.testkit.ProcTree;

import io.containernetstat.testkit.ProcfsSamples;

import io.containernetstat.core.internal.NetnsReader;
import io.containernetstat.core.internal.ProcFormatException;
import io.containernetstat.core.internal.Processes;
import io.containernetstat.core.internal.ReadResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files that are not what the kernel writes, under a fixture proc root: each fails only its namespace,
 * with a reason and a message naming the file (and the line, for content), never as "gone" and never
 * by blocking. The timeouts are hang guards, not timing assertions: a FIFO that is opened blocks forever.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BadProcFilesTest {
  @TempDir Path dir;

  /** How one file of process 200 is broken; {@code message} is what follows {@code <root>/200/}. */
  interface Breaker {
    void breakIt(ProcTree tree) throws Exception;
  }

  static Stream<Arguments> brokenFiles() {
    return Stream.of(
        c("a FIFO where net/sockstat should be", t -> t.fifo("200/net/sockstat"),
            "not_regular_file", "net/sockstat: not a regular file (a FIFO): not read"),
        c("a directory where net/snmp should be", t -> {
          Files.delete(t.path("200/net/snmp"));
          Files.createDirectories(t.path("200/net/snmp"));
        }, "not_regular_file", "net/snmp: not a regular file (a directory): not read"),
        c("a link to /dev/zero where net/sockstat6 should be", t -> {
          Files.delete(t.path("200/net/sockstat6"));
          Files.createSymbolicLink(t.path("200/net/sockstat6"), Path.of("/dev/zero"));
        }, "not_regular_file", "net/sockstat6: not a regular file (a character device): not read"),
        c("a 50 MB sockstat", t -> t.sparse("200/net/sockstat", 50L << 20),
            "too_large", "net/sockstat: 52428800 bytes, larger than the cap of 16384 bytes for this file: not read"),
        c("a sockstat one byte over its cap", t -> t.sparse("200/net/sockstat", ProcNetFile.SOCKSTAT.maxBytes() + 1),
            "too_large", "net/sockstat: 16385 bytes, larger than the cap of 16384 bytes for this file: not read"),
        c("an snmp over its cap", t -> t.sparse("200/net/snmp", ProcNetFile.SNMP.maxBytes() + 1L),
            "too_large", "net/snmp: 65537 bytes, larger than the cap of 65536 bytes"),
        c("an empty sockstat", t -> t.write("200/net/sockstat", ""),
            "malformed", "net/sockstat:1: empty file: \"\""),
        c("a sockstat with a negative inuse", t -> t.write("200/net/sockstat", "sockets: used 1\nTCP: inuse -5\n"),
            "malformed", "net/sockstat:2: negative value '-5' for an unsigned field: \"TCP: inuse -5\""),
        c("a sockstat with a repeated key", t -> t.write("200/net/sockstat", "TCP: inuse 1\nTCP: inuse 2\n"),
            "malformed", "net/sockstat:2: field 'TCP inuse' appears twice (first on line 1): \"TCP: inuse 2\""),
        c("a FIFO where stat should be", t -> t.fifo("200/stat"),
            "not_regular_file", "stat: not a regular file (a FIFO): not read"),
        c("a stat without the command's parenthesis", t -> t.write("200/stat", "200 garbage\n"),
            "malformed", "stat:1: no ')' after the command: \"200 garbage\""),
        c("a stat cut before its start time", t -> t.write("200/stat", "200 (bad) S 1 1 1\n"),
            "malformed", "stat:1: fewer than 22 fields"),
        c("an empty stat", t -> t.write("200/stat", ""),
            "malformed", "stat:1: empty file"),
        c("a stat over its cap", t -> t.sparse("200/stat", Processes.STAT_MAX_BYTES + 1),
            "too_large", "stat: 4097 bytes, larger than the cap of 4096 bytes for this file: not read"));
  }

  private static Arguments c(String name, Breaker breaker, String reason, String message) {
    return Arguments.of(Named.of(name, breaker), reason, message);
  }

  @ParameterizedTest(name = "{0} fails only its namespace")
  @MethodSource("brokenFiles")
  void aBrokenFileFailsOnlyItsNamespaceNamingTheFile(Breaker breaker, String reason, String message) throws Exception {
    ProcTree tree = new ProcTree(dir).process(100, "good").process(200, "bad").process(300, "good2");
    breaker.breakIt(tree);

    Snapshot s = collect(tree);

    assertThat(s.gone()).as("a broken file is not an exit").isZero();
    assertThat(s.namespaces()).hasSize(3);
    assertThat(s.namespaces().get(0).ok()).as("namespace before the broken one: %s", s.namespaces().get(0)).isTrue();
    assertThat(s.namespaces().get(2).ok()).as("namespace after the broken one: %s", s.namespaces().get(2)).isTrue();
    NamespaceSnapshot bad = s.namespaces().get(1);
    assertThat(bad.failure().label()).as("reason of %s", bad.error()).isEqualTo(reason);
    assertThat(bad.error()).startsWith(tree.path("200") + "/" + message);
  }

  @Test
  void theResolversFailuresAreReportedAfterTheNamespacesReadAndAreNotGone() {
    ProcTree tree = new ProcTree(dir).process(100, "good");
    NetnsTarget unknown = new NetnsTarget(0, 200, -1, false, "200", null, List.of());
    NamespaceSnapshot failure = NamespaceSnapshot.failed(unknown, Failure.MALFORMED, "/proc/200/ns/net:1: bad");
    try (Collector collector = Collector.builder(tree.resolver(List.of(failure))).procRoot(tree.procRoot()).build()) {
      Snapshot s = collector.collect();
      assertThat(s.namespaces()).hasSize(2);
      assertThat(s.namespaces().get(0).ok()).isTrue();
      assertThat(s.namespaces().get(1)).isEqualTo(failure);
      assertThat(s.gone()).isZero();
      assertThat(s.errorsByReason()).containsExactly(java.util.Map.entry("malformed", 1));
    }
  }

  @Test
  void aSockstatExactlyAtItsCapIsRead() {
    ProcTree tree = new ProcTree(dir).process(100, "good");
    String sample = ProcfsSamples.text(ProcfsSamples.LIVE + "sockstat");
    tree.write("100/net/sockstat", sample + "\n".repeat(ProcNetFile.SOCKSTAT.maxBytes() - sample.length()));

    NamespaceSnapshot ns = collect(tree).namespaces().get(0);

    assertThat(ns.ok()).as("%s", ns.error()).isTrue();
    assertThat(ns.stats().summary().socketsUsed()).hasValue(12);
  }

  @Test
  void aHeldDescriptorWhoseFileGrowsPastItsCapFailsTheNamespaceOnTheNextRead() throws IOException {
    ProcTree tree = new ProcTree(dir).process(100, "good");
    try (NetnsReader reader = new NetnsReader(tree.procRoot(), ProcNetFile.defaults(), true)) {
      assertThat(reader.read(100, 1000)).isInstanceOf(ReadResult.Read.class);
      assertThat(reader.heldDescriptors()).as("stat and three net files held").isEqualTo(4);
      // Same inode, more content: what a held procfs descriptor sees when a file grows.
      Files.write(tree.path("100/net/snmp"), new byte[ProcNetFile.SNMP.maxBytes()], StandardOpenOption.APPEND);

      ReadResult again = reader.read(100, 1000);

      assertThat(again).isInstanceOf(ReadResult.Failed.class);
      ReadResult.Failed failed = (ReadResult.Failed) again;
      assertThat(failed.reason()).isEqualTo(Failure.TOO_LARGE);
      assertThat(failed.message()).isEqualTo(tree.path("100/net/snmp")
          + ": larger than the cap of 65536 bytes for this file: read stopped at 65537 bytes");
    }
  }

  @Test
  void aHeldStatThatReadsEmptyIsMalformedNotAnExit() throws IOException {
    ProcTree tree = new ProcTree(dir).process(100, "good");
    try (NetnsReader reader = new NetnsReader(tree.procRoot(), ProcNetFile.defaults(), true)) {
      assertThat(reader.read(100, 1000)).isInstanceOf(ReadResult.Read.class);
      Files.write(tree.path("100/stat"), new byte[0]);

      ReadResult again = reader.read(100, 1000);

      assertThat(again).isEqualTo(new ReadResult.Failed(Failure.MALFORMED,
          tree.path("100/stat") + ":1: empty file: \"\"", ((ReadResult.Failed) again).cause()));
    }
  }

  @Test
  void aProcessThatReallyWentAwayIsStillGone() throws IOException {
    ProcTree tree = new ProcTree(dir).process(100, "good").process(200, "gone");
    deleteTree(tree.path("200"));

    Snapshot s = collect(tree);

    assertThat(s.gone()).isEqualTo(1);
    assertThat(s.namespaces()).singleElement().satisfies(ns -> assertThat(ns.ok()).isTrue());
  }

  @Test
  void theReadBufferGoesBackToItsSizeAfterAFileWasRefusedAsTooLarge() throws IOException {
    ProcTree tree = new ProcTree(dir).process(100, "good");
    try (NetnsReader reader = new NetnsReader(tree.procRoot(), ProcNetFile.defaults(), true)) {
      assertThat(reader.read(100, 1000)).isInstanceOf(ReadResult.Read.class);
      Files.write(tree.path("100/net/snmp"), new byte[ProcNetFile.SNMP.maxBytes()], StandardOpenOption.APPEND);
      assertThat(reader.read(100, 1000)).isInstanceOf(ReadResult.Failed.class);
      Files.writeString(tree.path("100/net/snmp"), ProcfsSamples.text(ProcfsSamples.LIVE + "snmp"));

      assertThat(reader.read(100, 1000)).as("the namespace recovers once the file does")
          .isInstanceOf(ReadResult.Read.class);
    }
  }

  @Test
  void processesRefusesAFifoStatWithoutBlocking() throws Exception {
    ProcTree tree = new ProcTree(dir).process(100, "good");
    tree.fifo("100/stat");

    assertThatThrownBy(() -> Processes.startTime(tree.procRoot(), 100))
        .isInstanceOf(io.containernetstat.core.internal.RefusedFileException.class)
        .hasMessage(tree.path("100/stat") + ": not a regular file (a FIFO): not read");
  }

  static Stream<Arguments> badLinks() {
    return Stream.of(
        Arguments.of("garbage", "expected a link like 'net:[4026532177]': \"garbage\""),
        Arguments.of("mnt:[4026531840]", "expected a link like 'net:[4026532177]': \"mnt:[4026531840]\""),
        Arguments.of("net:[]", "not a number: '': \"net:[]\""),
        Arguments.of("net:[-5]", "not a number: '-5': \"net:[-5]\""),
        Arguments.of("net:[12x]", "not a number: '12x': \"net:[12x]\""),
        Arguments.of("net:[4026531840", "expected a link like 'net:[4026532177]'"));
  }

  @ParameterizedTest(name = "ns/net -> {0} is malformed")
  @MethodSource("badLinks")
  void aMalformedNamespaceLinkIsAnErrorNamingTheLinkNotAnExit(String target, String message) throws IOException {
    ProcTree tree = new ProcTree(dir).process(100, "good");
    Files.createDirectories(tree.path("100/ns"));
    Files.createSymbolicLink(tree.path("100/ns/net"), Path.of(target));

    assertThatThrownBy(() -> Processes.netnsInode(tree.procRoot(), 100))
        .isInstanceOf(ProcFormatException.class)
        .hasMessageStartingWith(tree.path("100/ns/net") + ":1: " + message);
  }

  @Test
  void aNamespaceEntryThatIsNotALinkIsMalformed() throws IOException {
    ProcTree tree = new ProcTree(dir).process(100, "good");
    tree.write("100/ns/net", "net:[4026531840]\n");

    assertThatThrownBy(() -> Processes.netnsInode(tree.procRoot(), 100))
        .isInstanceOf(ProcFormatException.class)
        .hasMessageStartingWith(tree.path("100/ns/net") + ":1: not a symbolic link");
  }

  @Test
  void aMissingNamespaceLinkIsAProcessThatWentAway() throws IOException {
    ProcTree tree = new ProcTree(dir).process(100, "good");
    assertThat(Processes.netnsInode(tree.procRoot(), 100)).isEmpty();
  }

  private static Snapshot collect(ProcTree tree) {
    try (Collector collector = Collector.builder(tree.resolver()).procRoot(tree.procRoot()).build()) {
      return collector.collect();
    }
  }

  private static void deleteTree(Path path) throws IOException {
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
