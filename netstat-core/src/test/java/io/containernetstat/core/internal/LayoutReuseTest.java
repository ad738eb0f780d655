package io.containernetstat.core.internal;

import io.containernetstat.testkit.ProcfsSamples;

import io.containernetstat.core.Counters;
import io.containernetstat.core.ProcNetFile;
import static io.containernetstat.testkit.ProcfsSamples.LIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Parsing the same kernel's file again reuses the names and the layout of the previous parse: steady
 * state allocates no names, only the values array and the {@link Counters} holding it.
 */
class LayoutReuseTest {

  static final List<String> ALL_SAMPLES = ProcfsSamples.ALL;

  @ParameterizedTest(name = "{0}")
  @FieldSource("ALL_SAMPLES")
  void parsingTheSameFileTwiceGivesEqualCountersWithIdenticalNameInstances(String path) {
    byte[] bytes = ProcfsSamples.bytes(path);
    ProcNetParser parser = ProcNetParser.forFile(ProcfsSamples.fileOf(path));
    Counters first = parser.parse(path, bytes, 0, bytes.length);
    Counters second = parser.parse(path, bytes.clone(), 0, bytes.length);
    assertThat(second).isEqualTo(first);
    for (int i = 0; i < first.size(); i++) {
      assertThat(second.group(i)).as("%s: group of field %d is the same instance", path, i).isSameAs(first.group(i));
      assertThat(second.name(i)).as("%s: name of field %d is the same instance", path, i).isSameAs(first.name(i));
    }
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("ALL_SAMPLES")
  void namesSurviveAParseOfOtherContentAndAFailedParse(String path) {
    byte[] bytes = ProcfsSamples.bytes(path);
    ProcNetParser parser = ProcNetParser.forFile(ProcfsSamples.fileOf(path));
    Counters first = parser.parse(path, bytes, 0, bytes.length);
    try {
      parser.parse("empty", new byte[0], 0, 0);
    } catch (ProcFormatException expected) {
      // an empty file is malformed; the parser must stay usable
    }
    byte[] broken = "\u0000garbage: 1 2 3\n".getBytes(StandardCharsets.ISO_8859_1);
    try {
      parser.parse("broken", broken, 0, broken.length);
    } catch (ProcFormatException expected) {
      // the parser must stay usable
    }
    Counters again = parser.parse(path, bytes, 0, bytes.length);
    assertThat(again).isEqualTo(first);
    for (int i = 0; i < first.size(); i++) {
      assertThat(again.name(i)).as("%s: name of field %d", path, i).isSameAs(first.name(i));
    }
  }

  @Test
  void twoNamespacesOfTheSameKernelShareNamesThroughOneParser() {
    // Same header, other values: what a collector sees when it reads 300 containers' snmp in a row.
    ProcNetParser parser = ProcNetParser.forFile(ProcNetFile.SNMP);
    byte[] a = ProcfsSamples.bytes(LIVE + "snmp");
    byte[] b = ProcfsSamples.text(LIVE + "snmp").replace("Tcp: 1 200 120000 -1 4 4 0 0 6", "Tcp: 1 200 120000 -1 9 9 0 0 7")
        .getBytes(StandardCharsets.US_ASCII);
    Counters ca = parser.parse("a", a, 0, a.length);
    Counters cb = parser.parse("b", b, 0, b.length);
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
    byte[] old = "Tcp: A B\nTcp: 1 2\n".getBytes(StandardCharsets.US_ASCII);
    byte[] grown = "Tcp: A B C\nTcp: 1 2 3\n".getBytes(StandardCharsets.US_ASCII);
    Counters c1 = parser.parse("old", old, 0, old.length);
    Counters c2 = parser.parse("grown", grown, 0, grown.length);
    Counters c3 = parser.parse("old", old, 0, old.length);
    assertThat(c1).hasToString("Counters{Tcp.A=1, Tcp.B=2}");
    assertThat(c2).hasToString("Counters{Tcp.A=1, Tcp.B=2, Tcp.C=3}");
    assertThat(c3).isEqualTo(c1);
    assertThat(c2.name(0)).isSameAs(c1.name(0));
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("ALL_SAMPLES")
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
