package io.containernetstat.core.internal;

import io.containernetstat.testkit.ProcfsSamples;

import io.containernetstat.core.Counters;
import io.containernetstat.core.ProcNetFile;
import static io.containernetstat.testkit.ProcfsSamples.LIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Parsing the same kernel's file again reuses the names and the layout of the previous parse: steady
 * state allocates no names, only the values array and the {@link Counters} holding it.
 */
class LayoutReuseTest {

  /**
   * The same file parsed again (from a copy of its bytes), and again after a parse of other content and a
   * failed parse: equal counters whose group and field names are the same instances.
   */
  @ParameterizedTest(name = "{0}")
  @FieldSource(ProcfsSamples.ALL_FIELD)
  void parsingTheSameFileAgainReusesItsNamesEvenAfterOtherAndFailedParses(String path) {
    byte[] bytes = ProcfsSamples.bytes(path);
    ProcNetParser parser = ProcNetParser.forFile(ProcfsSamples.fileOf(path));
    Counters first = parser.parse(path, bytes, 0, bytes.length);
    assertSameNames(path + ", parsed again", first, parser.parse(path, bytes.clone(), 0, bytes.length));
    try {
      parser.parse("empty", new byte[0], 0, 0);
    } catch (ProcFormatException expected) {
      // an empty file is malformed; the parser must stay usable
    }
    try {
      parse(parser, "broken", "\u0000garbage: 1 2 3\n");
    } catch (ProcFormatException expected) {
      // the parser must stay usable
    }
    assertSameNames(path + ", after a failed parse", first, parser.parse(path, bytes, 0, bytes.length));
  }

  private static void assertSameNames(String what, Counters first, Counters again) {
    assertThat(again).as(what).isEqualTo(first);
    for (int i = 0; i < first.size(); i++) {
      assertThat(again.group(i)).as("%s: group of field %d is the same instance", what, i).isSameAs(first.group(i));
      assertThat(again.name(i)).as("%s: name of field %d is the same instance", what, i).isSameAs(first.name(i));
    }
  }

  private static Counters parse(ProcNetParser parser, String source, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    return parser.parse(source, bytes, 0, bytes.length);
  }

  @Test
  void twoNamespacesOfTheSameKernelShareNamesThroughOneParser() {
    // Same header, other values: what a collector sees when it reads 300 containers' snmp in a row.
    ProcNetParser parser = ProcNetParser.forFile(ProcNetFile.SNMP);
    String a = ProcfsSamples.text(LIVE + "snmp");
    Counters ca = parse(parser, "a", a);
    Counters cb = parse(parser, "b", a.replace("Tcp: 1 200 120000 -1 4 4 0 0 6", "Tcp: 1 200 120000 -1 9 9 0 0 7"));
    assertThat(cb).isNotEqualTo(ca);
    assertThat(cb.get("Tcp", "CurrEstab")).hasValue(7);
    assertThat(ca.get("Tcp", "CurrEstab")).as("the first result is not changed by the second parse").hasValue(6);
    for (int i = 0; i < ca.size(); i++) {
      assertThat(cb.name(i)).isSameAs(ca.name(i));
    }
  }

  @Test
  void aLayoutChangeBetweenParsesIsPickedUp() {
    ProcNetParser parser = ProcNetParser.forFile(ProcNetFile.SNMP);
    Counters c1 = parse(parser, "old", "Tcp: A B\nTcp: 1 2\n");
    Counters c2 = parse(parser, "grown", "Tcp: A B C\nTcp: 1 2 3\n");
    Counters c3 = parse(parser, "old", "Tcp: A B\nTcp: 1 2\n");
    assertThat(c1).hasToString("Counters{Tcp.A=1, Tcp.B=2}");
    assertThat(c2).hasToString("Counters{Tcp.A=1, Tcp.B=2, Tcp.C=3}");
    assertThat(c3).isEqualTo(c1);
    assertThat(c2.name(0)).isSameAs(c1.name(0));
  }

  /** A header kept from the last parse: its value lines are checked exactly as a fresh parser checks them. */
  @Test
  void aKeptHeaderChecksItsValueLinesAsAFreshParserDoes() {
    ProcNetParser kept = ProcNetParser.forFile(ProcNetFile.SNMP);
    Counters first = parse(kept, "ok", "Tcp: MaxConn A\nTcp: -1 2\n");
    assertThat(first.get("Tcp", "MaxConn")).hasValue(-1);
    assertThat(parse(kept, "again", "Tcp: MaxConn A\nTcp: -1 7\n").get("Tcp", "A")).hasValue(7);
    for (String bad : new String[] {"Tcp: MaxConn A\nTcp: -1 2 3\n", "Tcp: MaxConn A\nTcp: -1\n",
        "Tcp: MaxConn A\nUdp: -1 2\n", "Tcp: MaxConn A\nTcp: -1 -2\n", "Tcp: MaxConn A\n",
        "Tcp: MaxConn A\nTcp: -1 2\nTcp: MaxConn A\nTcp: -1 2\n"}) {
      String fresh = failure(ProcNetParser.forFile(ProcNetFile.SNMP), bad);
      assertThat(fresh).as("fresh parser on %s", bad).isNotNull();
      assertThat(failure(kept, bad)).as("parser with the header kept, on %s", bad).isEqualTo(fresh);
    }
  }

  private static String failure(ProcNetParser parser, String text) {
    try {
      parse(parser, "bad", text);
      return null;
    } catch (ProcFormatException e) {
      return e.getMessage();
    }
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource(ProcfsSamples.ALL_FIELD)
  void steadyStateParsingAllocatesOnlyTheValuesAndTheCounters(String path) {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeThat(bean).isInstanceOf(com.sun.management.ThreadMXBean.class);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeThat(threads.isThreadAllocatedMemorySupported()).isTrue();
    threads.setThreadAllocatedMemoryEnabled(true);

    byte[] bytes = ProcfsSamples.bytes(path);
    ProcNetParser parser = ProcNetParser.forFile(ProcfsSamples.fileOf(path));
    int fields = 0;
    for (int i = 0; i < 200; i++) {
      fields = parser.parse(path, bytes, 0, bytes.length).size();
    }
    long tid = Thread.currentThread().getId();
    int rounds = 1_000;
    long before = threads.getThreadAllocatedBytes(tid);
    for (int i = 0; i < rounds; i++) {
      parser.parse(path, bytes, 0, bytes.length);
    }
    long perParse = (threads.getThreadAllocatedBytes(tid) - before) / rounds;
    // long[n] (16-byte header + 8n) + Counters (at most 32 bytes) + slack for the measurement itself.
    long budget = 16 + 8L * fields + 32 + 64;
    assertThat(perParse).as("%s: bytes allocated per parse of %d fields", path, fields).isLessThanOrEqualTo(budget);
  }
}
