package io.containernetstat.core;

import io.containernetstat.testkit.ProcfsSamples;

import io.containernetstat.core.internal.ProcNetParser;
import static io.containernetstat.testkit.ProcfsSamples.FIXTURE_PID;
import static io.containernetstat.testkit.ProcfsSamples.LIVE;
import static io.containernetstat.testkit.ProcfsSamples.field;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Format variants of real kernels (FORMAT-NOTES.md) that every parser accepts. */
class ToleratedVariantsTest {

  @ParameterizedTest(name = "{0}")
  @FieldSource(ProcfsSamples.ALL_FIELD)
  void sampleWithoutItsFinalNewlineParsesToTheSameCounters(String path) {
    byte[] bytes = ProcfsSamples.bytes(path);
    assertThat(bytes[bytes.length - 1]).as("%s ends with a newline", path).isEqualTo((byte) '\n');
    Counters expected = ProcfsSamples.parse(path);
    ProcNetFile file = ProcfsSamples.fileOf(path);
    assertThat(ProcfsSamples.parse(file, path, Arrays.copyOf(bytes, bytes.length - 1))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource(ProcfsSamples.ALL_FIELD)
  void sampleInTheMiddleOfALargerBufferParsesOnlyItsOwnRange(String path) {
    byte[] bytes = ProcfsSamples.bytes(path);
    byte[] padded = new byte[bytes.length + 200];
    Arrays.fill(padded, (byte) 0);
    System.arraycopy(bytes, 0, padded, 100, bytes.length);
    Counters counters = ProcNetParser.forFile(ProcfsSamples.fileOf(path)).parse(path, padded, 100, bytes.length);
    assertThat(counters).isEqualTo(ProcfsSamples.parse(path));
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource(ProcfsSamples.ALL_FIELD)
  void sampleWithTrailingSpacesTabsAndBlankLinesParsesToTheSameCounters(String path) {
    String text = ProcfsSamples.text(path).replace("\n", " \t\n") + "\n\n   \n";
    assertThat(ProcfsSamples.parse(ProcfsSamples.fileOf(path), text)).isEqualTo(ProcfsSamples.parse(path));
  }

  @Test
  void netstatOfEarlyMptcpKernelsEndingInMptcpExtValuesWithoutNewlineIsAccepted() {
    String text = ProcfsSamples.text(LIVE + "netstat");
    Counters counters = ProcfsSamples.parse(ProcNetFile.NETSTAT, text.substring(0, text.length() - 1));
    assertThat(counters.groups()).containsExactly("TcpExt", "IpExt", "MPTcpExt");
    assertThat(field(counters, "MPTcpExt", "WinProbe")).isZero();
    assertThat(field(counters, "TcpExt", "TW")).isEqualTo(1);
  }

  /**
   * A real sample edited as another kernel prints it.
   *
   * @param sample the sample edited
   * @param edit the edit
   * @param expected fields ({@code "group name"}) and the values they must keep or take
   * @param addedFields how many fields the edit adds to the sample's
   */
  record EditedSample(String sample, UnaryOperator<String> edit, Map<String, Long> expected, int addedFields) {}

  static Stream<Arguments> editedSamples() {
    return Stream.of(
        edited("snmp column added in the middle of a pair keeps every value under its own name", LIVE + "snmp",
            t -> t.replace("Tcp: RtoAlgorithm RtoMin RtoMax MaxConn",
                    "Tcp: RtoAlgorithm RtoMin NewCounter RtoMax MaxConn")
                .replace("Tcp: 1 200 120000 -1", "Tcp: 1 200 777 120000 -1"),
            Map.of("Tcp NewCounter", 777L, "Tcp RtoMax", 120000L, "Tcp MaxConn", -1L, "Tcp CurrEstab", 6L), 1),
        edited("snmp columns reordered by a kernel are matched by name", FIXTURE_PID + "snmp",
            t -> t.replace("Udp: InDatagrams NoPorts", "Udp: NoPorts InDatagrams")
                .replace("Udp: 10179 50", "Udp: 50 10179"),
            Map.of("Udp InDatagrams", 10179L, "Udp NoPorts", 50L), 0),
        edited("netstat column added at the front of TcpExt shifts nothing", FIXTURE_PID + "netstat",
            t -> t.replaceFirst("TcpExt: ", "TcpExt: TCPBrandNew ")
                .replaceFirst("(?m)^TcpExt: (\\d)", "TcpExt: 42 $1"),
            Map.of("TcpExt TCPBrandNew", 42L, "TcpExt TW", 83L, "TcpExt TCPKeepAlive", 456L,
                "IpExt InOctets", 190585481L), 1),
        edited("sockstat pressure key of a proposed kernel patch is kept under its name", LIVE + "sockstat",
            t -> t.replace("mem 0\nUDP", "mem 0 pressure 1\nUDP"),
            // the edit matches before UDP: and before UDPLITE:, so both TCP and UDP get the key
            Map.of("TCP pressure", 1L, "TCP mem", 0L, "UDP inuse", 2L, "UDP pressure", 1L), 2));
  }

  private static Arguments edited(String name, String sample, UnaryOperator<String> edit, Map<String, Long> expected,
      int addedFields) {
    return Arguments.of(Named.of(name, new EditedSample(sample, edit, expected, addedFields)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("editedSamples")
  void sampleEditedAsAnotherKernelPrintsItKeepsEveryValueUnderItsOwnName(EditedSample v) {
    ProcNetFile file = ProcfsSamples.fileOf(v.sample());
    Counters counters = ProcfsSamples.parse(file, v.edit().apply(ProcfsSamples.text(v.sample())));
    v.expected().forEach((field, value) -> {
      String[] groupAndName = field.split(" ");
      assertThat(field(counters, groupAndName[0], groupAndName[1])).as(field).isEqualTo(value);
    });
    assertThat(counters.size()).isEqualTo(ProcfsSamples.parse(v.sample()).size() + v.addedFields());
  }

  @Test
  void severalIcmpMsgPairsAreAllKept() {
    // icmpmsg_put prints at most 16 types per pair, so a busy host has several IcmpMsg pairs.
    StringBuilder names = new StringBuilder("IcmpMsg:");
    StringBuilder values = new StringBuilder("IcmpMsg:");
    StringBuilder names2 = new StringBuilder("IcmpMsg:");
    StringBuilder values2 = new StringBuilder("IcmpMsg:");
    for (int t = 0; t < 16; t++) {
      names.append(" InType").append(t);
      values.append(' ').append(100 + t);
    }
    for (int t = 0; t < 4; t++) {
      names2.append(" OutType").append(t);
      values2.append(' ').append(200 + t);
    }
    String pairs = names + "\n" + values + "\n" + names2 + "\n" + values2 + "\n";
    String text = ProcfsSamples.text(LIVE + "snmp").replace("Tcp: RtoAlgorithm", pairs + "Tcp: RtoAlgorithm");
    Counters counters = ProcfsSamples.parse(ProcNetFile.SNMP, text);
    assertThat(counters.groups()).containsExactly("Ip", "Icmp", "IcmpMsg", "Tcp", "Udp", "UdpLite");
    assertThat(field(counters, "IcmpMsg", "InType0")).isEqualTo(100);
    assertThat(field(counters, "IcmpMsg", "InType15")).isEqualTo(115);
    assertThat(field(counters, "IcmpMsg", "OutType3")).isEqualTo(203);
    assertThat(field(counters, "Tcp", "CurrEstab")).isEqualTo(6);
  }

  @Test
  void oldKernelSockstatWithoutUdpMemAndUdpliteIsAccepted() {
    Counters counters = ProcfsSamples.parse(ProcNetFile.SOCKSTAT,
        "sockets: used 40\nTCP: inuse 3 orphan 0 tw 0 alloc 4 mem 1\nUDP: inuse 2\nRAW: inuse 0\n"
            + "FRAG: inuse 0 memory 0\n");
    assertThat(counters.get("UDP", "mem")).isEmpty();
    assertThat(counters.get("UDPLITE", "inuse")).isEmpty();
    assertThat(field(counters, "UDP", "inuse")).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = ProcNetFile.class, names = {"SOCKSTAT", "SNMP", "NETSTAT", "SNMP6"})
  void unknownGroupsAreKeptUnderTheirOwnNames(ProcNetFile file) {
    String extra = switch (file) {
      case SOCKSTAT -> "SCTP: inuse 7 assocs 2\n";
      case SNMP, NETSTAT -> "FooExt: Alpha Beta\nFooExt: 7 2\n";
      case SNMP6 -> "Sctp6Alpha 7\nSctp6Beta 2\n";
      default -> throw new IllegalArgumentException();
    };
    String path = file == ProcNetFile.SNMP6 ? FIXTURE_PID + "snmp6" : LIVE + file.fileName();
    Counters counters = ProcfsSamples.parse(file, ProcfsSamples.text(path) + extra);
    String group = switch (file) {
      case SOCKSTAT -> "SCTP";
      case SNMP6 -> "Sctp6";
      default -> "FooExt";
    };
    assertThat(counters.groups()).endsWith(group);
    assertThat(counters.get(group, counters.name(counters.size() - 2))).hasValue(7);
    assertThat(counters.value(counters.size() - 1)).isEqualTo(2);
    assertThat(counters.size()).isEqualTo(ProcfsSamples.parse(path).size() + 2);
  }

  @Test
  void devWithANewSectionAndColumnNamesThemFromTheHeader() {
    String text = "Inter-|   Receive    |  Transmit |  Extra\n"
        + " face |bytes packets|bytes packets|wow\n"
        + "  eth0: 1 2 3 4 5\n";
    Counters counters = ProcfsSamples.parse(ProcNetFile.DEV, text);
    assertThat(counters.toString()).isEqualTo("Counters{eth0.receive_bytes=1, eth0.receive_packets=2, "
        + "eth0.transmit_bytes=3, eth0.transmit_packets=4, eth0.extra_wow=5}");
  }

  @Test
  void devWithItsTwoHeaderLinesAndNoInterfaceParsesToNoFields() {
    String headers = ProcfsSamples.text(LIVE + "dev").substring(0, ProcfsSamples.text(LIVE + "dev").indexOf("    lo:"));
    assertThat(ProcfsSamples.parse(ProcNetFile.DEV, headers).size()).isZero();
  }

  @Test
  void snmp6LabelAndValueLineIsSkippedWhereverItIs() {
    Counters counters = ProcfsSamples.parse(ProcNetFile.SNMP6, "Ip6InReceives 5\nMode: 644\nIp6OutRequests 3\n");
    assertThat(counters).hasToString("Counters{Ip6.InReceives=5, Ip6.OutRequests=3}");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sockstat", "snmp", "netstat", "snmp6", "dev"})
  void unsignedMaximumTwoToTheSixtyFourMinusOneIsAcceptedAndPrintedBackUnchanged(String fileName) {
    ProcNetFile file = ProcNetFile.ofFileName(fileName);
    String max = "18446744073709551615";
    String text = switch (file) {
      case SOCKSTAT -> "TCP: inuse " + max + "\n";
      case SNMP -> "Ip: InReceives\nIp: " + max + "\n";
      case NETSTAT -> "IpExt: InOctets\nIpExt: " + max + "\n";
      case SNMP6 -> "Ip6InOctets " + max + "\n";
      case DEV -> "Inter-| Receive\n face |bytes\n  eth0: " + max + "\n";
      default -> throw new IllegalArgumentException(fileName);
    };
    Counters counters = ProcfsSamples.parse(file, text);
    assertThat(counters.size()).isEqualTo(1);
    assertThat(counters.value(0)).as("raw bits").isEqualTo(-1L);
    assertThat(counters.isSigned(0)).isFalse();
    assertThat(counters.format(0)).isEqualTo(max);
    assertThat(counters.doubleValue(0)).isEqualTo(1.8446744073709552E19);
    assertThat(counters.toString()).endsWith("=" + max + "}");
  }

  @Test
  void veryLongValidLinesAreParsed() {
    // A 1 MB header/value pair: 100,000 columns.
    int n = 100_000;
    StringBuilder header = new StringBuilder("TcpExt:");
    StringBuilder values = new StringBuilder("TcpExt:");
    for (int i = 0; i < n; i++) {
      header.append(" C").append(i);
      values.append(' ').append(i);
    }
    String text = header + "\n" + values + "\n";
    assertThat(text.length()).isGreaterThan(1_000_000);
    Counters counters = ProcfsSamples.parse(ProcNetFile.NETSTAT, text);
    assertThat(counters.size()).isEqualTo(n);
    assertThat(field(counters, "TcpExt", "C99999")).isEqualTo(99999);
    assertThat(counters.indexOf("TcpExt", "C12345")).isEqualTo(12345);
  }

  @Test
  void snmp6ValueSeparatedByATabAfterThePaddedNameIsRead() {
    byte[] line = "Ip6InReceives                   \t92166\n".getBytes(StandardCharsets.US_ASCII);
    Counters counters = ProcfsSamples.parse(ProcNetFile.SNMP6, "t", line);
    assertThat(field(counters, "Ip6", "InReceives")).isEqualTo(92166);
  }
}
