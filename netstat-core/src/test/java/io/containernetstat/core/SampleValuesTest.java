package io.containernetstat.core;

import io.containernetstat.testkit.ProcfsSamples;

import static io.containernetstat.testkit.ProcfsSamples.FIXTURE_NET;
import static io.containernetstat.testkit.ProcfsSamples.FIXTURE_PID;
import static io.containernetstat.testkit.ProcfsSamples.LIVE;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every real sample parses to the values listed in {@code procfs-fixtures/EXPECTED.md} and in the live
 * capture's {@code README.md}, reachable by the kernel's own group and field names.
 */
class SampleValuesTest {

  @ParameterizedTest(name = "{0}: {1} {2} = {3}")
  @CsvSource(delimiter = '|', textBlock = """
      # ---- live 6.18.44: live-6.18.44-fc-v657/README.md "Values a test can assert"
      live-6.18.44-fc-v657/sockstat  | sockets  | used         | 12
      live-6.18.44-fc-v657/sockstat  | TCP      | inuse        | 5
      live-6.18.44-fc-v657/sockstat  | TCP      | orphan       | 0
      live-6.18.44-fc-v657/sockstat  | TCP      | tw           | 1
      live-6.18.44-fc-v657/sockstat  | TCP      | alloc        | 10
      live-6.18.44-fc-v657/sockstat  | TCP      | mem          | 0
      live-6.18.44-fc-v657/sockstat  | UDP      | inuse        | 2
      live-6.18.44-fc-v657/sockstat  | UDP      | mem          | 0
      live-6.18.44-fc-v657/sockstat  | UDPLITE  | inuse        | 0
      live-6.18.44-fc-v657/sockstat  | RAW      | inuse        | 0
      live-6.18.44-fc-v657/sockstat  | FRAG     | inuse        | 0
      live-6.18.44-fc-v657/sockstat  | FRAG     | memory       | 0
      live-6.18.44-fc-v657/sockstat6 | TCP6     | inuse        | 3
      live-6.18.44-fc-v657/sockstat6 | UDP6     | inuse        | 1
      live-6.18.44-fc-v657/sockstat6 | UDPLITE6 | inuse        | 0
      live-6.18.44-fc-v657/sockstat6 | RAW6     | inuse        | 0
      live-6.18.44-fc-v657/sockstat6 | FRAG6    | inuse        | 0
      live-6.18.44-fc-v657/sockstat6 | FRAG6    | memory       | 0
      live-6.18.44-fc-v657/snmp      | Ip       | Forwarding   | 1
      live-6.18.44-fc-v657/snmp      | Ip       | DefaultTTL   | 64
      live-6.18.44-fc-v657/snmp      | Ip       | OutTransmits | 15
      live-6.18.44-fc-v657/snmp      | Tcp      | MaxConn      | -1
      live-6.18.44-fc-v657/snmp      | Tcp      | ActiveOpens  | 4
      live-6.18.44-fc-v657/snmp      | Tcp      | PassiveOpens | 4
      live-6.18.44-fc-v657/snmp      | Tcp      | CurrEstab    | 6
      live-6.18.44-fc-v657/snmp      | Tcp      | InSegs       | 18
      live-6.18.44-fc-v657/snmp      | Tcp      | OutSegs      | 18
      live-6.18.44-fc-v657/snmp      | Tcp      | RtoMax       | 120000
      live-6.18.44-fc-v657/snmp      | Tcp      | InCsumErrors | 0
      live-6.18.44-fc-v657/snmp      | Udp      | OutDatagrams | 2
      live-6.18.44-fc-v657/snmp      | Udp      | MemErrors    | 0
      live-6.18.44-fc-v657/snmp      | UdpLite  | MemErrors    | 0
      live-6.18.44-fc-v657/snmp      | Icmp     | OutRateLimitHost | 0
      live-6.18.44-fc-v657/snmp6     | Ip6      | InReceives   | 5
      live-6.18.44-fc-v657/snmp6     | Ip6      | OutTransmits | 5
      live-6.18.44-fc-v657/snmp6     | Udp6     | MemErrors    | 0
      live-6.18.44-fc-v657/snmp6     | UdpLite6 | MemErrors    | 0
      live-6.18.44-fc-v657/netstat   | TcpExt   | TW           | 1
      live-6.18.44-fc-v657/netstat   | TcpExt   | DelayedACKs  | 1
      live-6.18.44-fc-v657/netstat   | TcpExt   | TCPPureAcks  | 7
      live-6.18.44-fc-v657/netstat   | TcpExt   | ListenOverflows | 0
      live-6.18.44-fc-v657/netstat   | TcpExt   | TCPAODroppedIcmps | 0
      live-6.18.44-fc-v657/netstat   | IpExt    | InOctets     | 790
      live-6.18.44-fc-v657/netstat   | IpExt    | InNoECTPkts  | 15
      live-6.18.44-fc-v657/netstat   | MPTcpExt | MPCapableSYNRX | 0
      live-6.18.44-fc-v657/netstat   | MPTcpExt | WinProbe     | 0
      live-6.18.44-fc-v657/dev       | lo       | receive_bytes      | 1266
      live-6.18.44-fc-v657/dev       | lo       | receive_packets    | 20
      live-6.18.44-fc-v657/dev       | lo       | transmit_bytes     | 1266
      live-6.18.44-fc-v657/dev       | lo       | transmit_packets   | 20
      live-6.18.44-fc-v657/dev       | lo       | transmit_compressed | 0
      # ---- read from the host through /proc/<pid>/net: the same namespace, the same numbers
      live-6.18.44-fc-v657/read-from-host-via-proc-pid-net/sockstat  | sockets | used      | 12
      live-6.18.44-fc-v657/read-from-host-via-proc-pid-net/sockstat6 | TCP6    | inuse     | 3
      live-6.18.44-fc-v657/read-from-host-via-proc-pid-net/snmp      | Tcp     | CurrEstab | 6
      # ---- prometheus/procfs: procfs-fixtures/EXPECTED.md
      procfs-fixtures/proc/net/sockstat  | sockets  | used   | 1602
      procfs-fixtures/proc/net/sockstat  | TCP      | inuse  | 35
      procfs-fixtures/proc/net/sockstat  | TCP      | orphan | 0
      procfs-fixtures/proc/net/sockstat  | TCP      | tw     | 4
      procfs-fixtures/proc/net/sockstat  | TCP      | alloc  | 59
      procfs-fixtures/proc/net/sockstat  | TCP      | mem    | 22
      procfs-fixtures/proc/net/sockstat  | UDP      | inuse  | 12
      procfs-fixtures/proc/net/sockstat  | UDP      | mem    | 62
      procfs-fixtures/proc/net/sockstat  | UDPLITE  | inuse  | 0
      procfs-fixtures/proc/net/sockstat  | RAW      | inuse  | 0
      procfs-fixtures/proc/net/sockstat  | FRAG     | inuse  | 0
      procfs-fixtures/proc/net/sockstat  | FRAG     | memory | 0
      procfs-fixtures/proc/net/sockstat6 | TCP6     | inuse  | 17
      procfs-fixtures/proc/net/sockstat6 | UDP6     | inuse  | 9
      procfs-fixtures/proc/net/sockstat6 | UDPLITE6 | inuse  | 0
      procfs-fixtures/proc/net/sockstat6 | RAW6     | inuse  | 1
      procfs-fixtures/proc/net/sockstat6 | FRAG6    | inuse  | 0
      procfs-fixtures/proc/net/sockstat6 | FRAG6    | memory | 0
      procfs-fixtures/proc/net/dev | vethf345468 | receive_bytes     | 648
      procfs-fixtures/proc/net/dev | vethf345468 | receive_packets   | 8
      procfs-fixtures/proc/net/dev | vethf345468 | transmit_bytes    | 438
      procfs-fixtures/proc/net/dev | vethf345468 | transmit_packets  | 5
      procfs-fixtures/proc/net/dev | lo          | receive_bytes     | 1664039048
      procfs-fixtures/proc/net/dev | lo          | receive_packets   | 1566805
      procfs-fixtures/proc/net/dev | lo          | transmit_bytes    | 1664039048
      procfs-fixtures/proc/net/dev | lo          | transmit_packets  | 1566805
      procfs-fixtures/proc/net/dev | docker0     | receive_bytes     | 2568
      procfs-fixtures/proc/net/dev | docker0     | receive_packets   | 38
      procfs-fixtures/proc/net/dev | docker0     | transmit_bytes    | 438
      procfs-fixtures/proc/net/dev | docker0     | transmit_packets  | 5
      procfs-fixtures/proc/net/dev | eth0        | receive_bytes     | 874354587
      procfs-fixtures/proc/net/dev | eth0        | receive_packets   | 1036395
      procfs-fixtures/proc/net/dev | eth0        | transmit_bytes    | 563352563
      procfs-fixtures/proc/net/dev | eth0        | transmit_packets  | 732147
      procfs-fixtures/proc/26231/net/snmp | Ip      | Forwarding      | 2
      procfs-fixtures/proc/26231/net/snmp | Ip      | DefaultTTL      | 64
      procfs-fixtures/proc/26231/net/snmp | Icmp    | InMsgs          | 45
      procfs-fixtures/proc/26231/net/snmp | Icmp    | InErrors        | 1
      procfs-fixtures/proc/26231/net/snmp | Icmp    | OutMsgs         | 50
      procfs-fixtures/proc/26231/net/snmp | Icmp    | OutDestUnreachs | 50
      procfs-fixtures/proc/26231/net/snmp | IcmpMsg | InType3         | 45
      procfs-fixtures/proc/26231/net/snmp | IcmpMsg | OutType3        | 50
      procfs-fixtures/proc/26231/net/snmp | Tcp     | RtoAlgorithm    | 1
      procfs-fixtures/proc/26231/net/snmp | Tcp     | RtoMin          | 200
      procfs-fixtures/proc/26231/net/snmp | Tcp     | RtoMax          | 120000
      procfs-fixtures/proc/26231/net/snmp | Tcp     | MaxConn         | -1
      procfs-fixtures/proc/26231/net/snmp | Tcp     | ActiveOpens     | 1103
      procfs-fixtures/proc/26231/net/snmp | Tcp     | PassiveOpens    | 9
      procfs-fixtures/proc/26231/net/snmp | Tcp     | AttemptFails    | 8
      procfs-fixtures/proc/26231/net/snmp | Tcp     | EstabResets     | 51
      procfs-fixtures/proc/26231/net/snmp | Tcp     | CurrEstab       | 15
      procfs-fixtures/proc/26231/net/snmp | Tcp     | InSegs          | 653161
      procfs-fixtures/proc/26231/net/snmp | Tcp     | OutSegs         | 594855
      procfs-fixtures/proc/26231/net/snmp | Tcp     | RetransSegs     | 348
      procfs-fixtures/proc/26231/net/snmp | Tcp     | InErrs          | 98
      procfs-fixtures/proc/26231/net/snmp | Tcp     | OutRsts         | 1038
      procfs-fixtures/proc/26231/net/snmp | Tcp     | InCsumErrors    | 0
      procfs-fixtures/proc/26231/net/snmp | Udp     | InDatagrams     | 10179
      procfs-fixtures/proc/26231/net/snmp | Udp     | NoPorts         | 50
      procfs-fixtures/proc/26231/net/snmp | Udp     | OutDatagrams    | 9846
      procfs-fixtures/proc/26231/net/snmp | Udp     | IgnoredMulti    | 58
      procfs-fixtures/proc/26231/net/snmp | UdpLite | InDatagrams     | 0
      procfs-fixtures/proc/26231/net/snmp | UdpLite | NoPorts         | 0
      procfs-fixtures/proc/26231/net/snmp6 | Ip6      | InReceives   | 92166
      procfs-fixtures/proc/26231/net/snmp6 | Ip6      | InDelivers   | 92053
      procfs-fixtures/proc/26231/net/snmp6 | Ip6      | OutNoRoutes  | 169
      procfs-fixtures/proc/26231/net/snmp6 | Ip6      | InOctets     | 113479132
      procfs-fixtures/proc/26231/net/snmp6 | Icmp6    | InMsgs       | 142
      procfs-fixtures/proc/26231/net/snmp6 | Icmp6    | InType134    | 111
      procfs-fixtures/proc/26231/net/snmp6 | Icmp6    | OutType143   | 25
      procfs-fixtures/proc/26231/net/snmp6 | Udp6     | InDatagrams  | 2016
      procfs-fixtures/proc/26231/net/snmp6 | Udp6     | IgnoredMulti | 12
      procfs-fixtures/proc/26231/net/snmp6 | UdpLite6 | InDatagrams  | 0
      procfs-fixtures/proc/26231/net/netstat | TcpExt | SyncookiesSent  | 0
      procfs-fixtures/proc/26231/net/netstat | TcpExt | EmbryonicRsts   | 1
      procfs-fixtures/proc/26231/net/netstat | TcpExt | TW              | 83
      procfs-fixtures/proc/26231/net/netstat | TcpExt | PAWSEstab       | 3640
      procfs-fixtures/proc/26231/net/netstat | TcpExt | ListenOverflows | 0
      procfs-fixtures/proc/26231/net/netstat | TcpExt | DelayedACKs     | 287
      procfs-fixtures/proc/26231/net/netstat | TcpExt | DelayedACKLost  | 7460
      procfs-fixtures/proc/26231/net/netstat | TcpExt | TCPHPHits       | 134193
      procfs-fixtures/proc/26231/net/netstat | TcpExt | TCPLossProbes   | 32
      procfs-fixtures/proc/26231/net/netstat | TcpExt | TCPKeepAlive    | 456
      procfs-fixtures/proc/26231/net/netstat | IpExt  | InNoRoutes      | 0
      procfs-fixtures/proc/26231/net/netstat | IpExt  | InMcastPkts     | 208
      procfs-fixtures/proc/26231/net/netstat | IpExt  | OutMcastPkts    | 214
      procfs-fixtures/proc/26231/net/netstat | IpExt  | InOctets        | 190585481
      procfs-fixtures/proc/26231/net/netstat | IpExt  | OutOctets       | 7512674
      procfs-fixtures/proc/26231/net/dev | eth0 | receive_bytes    | 438
      procfs-fixtures/proc/26231/net/dev | eth0 | receive_packets  | 5
      procfs-fixtures/proc/26231/net/dev | eth0 | transmit_bytes   | 648
      procfs-fixtures/proc/26231/net/dev | eth0 | transmit_packets | 8
      """)
  void sampleParsesToTheDocumentedValue(String path, String group, String name, String expected) {
    ProcfsSamples.assertField(ProcfsSamples.parse(path), path, group, name, expected);
  }

  @ParameterizedTest(name = "{0} has groups {1}")
  @CsvSource(delimiter = '|', textBlock = """
      live-6.18.44-fc-v657/sockstat          | sockets=1 TCP=5 UDP=2 UDPLITE=1 RAW=1 FRAG=2
      live-6.18.44-fc-v657/sockstat6         | TCP6=1 UDP6=1 UDPLITE6=1 RAW6=1 FRAG6=2
      live-6.18.44-fc-v657/snmp              | Ip=20 Icmp=29 Tcp=15 Udp=9 UdpLite=9
      live-6.18.44-fc-v657/netstat           | TcpExt=135 IpExt=18 MPTcpExt=76
      live-6.18.44-fc-v657/snmp6             | Ip6=33 Icmp6=36 Udp6=9 UdpLite6=8
      live-6.18.44-fc-v657/dev               | lo=16
      procfs-fixtures/proc/net/sockstat      | sockets=1 TCP=5 UDP=2 UDPLITE=1 RAW=1 FRAG=2
      procfs-fixtures/proc/net/sockstat6     | TCP6=1 UDP6=1 UDPLITE6=1 RAW6=1 FRAG6=2
      procfs-fixtures/proc/26231/net/snmp    | Ip=19 Icmp=27 IcmpMsg=2 Tcp=15 Udp=8 UdpLite=8
      procfs-fixtures/proc/26231/net/netstat | TcpExt=113 IpExt=18
      procfs-fixtures/proc/26231/net/snmp6   | Ip6=32 Icmp6=44 Udp6=8 UdpLite6=7
      procfs-fixtures/proc/net/dev           | vethf345468=16 lo=16 docker0=16 eth0=16
      procfs-fixtures/proc/26231/net/dev     | lo=16 eth0=16
      """)
  void sampleHasExactlyTheseGroupsWithTheseFieldCounts(String path, String groupsAndCounts) {
    Counters counters = ProcfsSamples.parse(path);
    Map<String, Integer> actual = new LinkedHashMap<>();
    for (int i = 0; i < counters.size(); i++) {
      actual.merge(counters.group(i), 1, Integer::sum);
    }
    Map<String, Integer> expected = new LinkedHashMap<>();
    for (String entry : groupsAndCounts.trim().split(" ")) {
      String[] kv = entry.split("=");
      expected.put(kv[0], Integer.parseInt(kv[1]));
    }
    assertThat(actual).as("%s: fields per group, in file order", path).containsExactlyEntriesOf(expected);
    assertThat(counters.groups()).as("%s: groups()", path).containsExactlyElementsOf(expected.keySet());
  }

  /** The parser's field list is exactly what a naive whitespace split of the sample yields. */
  @ParameterizedTest(name = "{0}")
  @FieldSource(ProcfsSamples.ALL_FIELD)
  void everyFieldOfTheSampleMatchesANaiveSplitOfTheFile(String path) {
    Counters counters = ProcfsSamples.parse(path);
    List<String[]> naive = naiveFields(ProcfsSamples.fileOf(path), ProcfsSamples.text(path));
    assertThat(counters.size()).as("%s: number of fields", path).isEqualTo(naive.size());
    for (int i = 0; i < naive.size(); i++) {
      String[] f = naive.get(i);
      assertThat(counters.group(i) + " " + counters.name(i) + " = " + counters.format(i))
          .as("%s: field %d", path, i)
          .isEqualTo(f[0] + " " + f[1] + " = " + f[2]);
      assertThat(counters.isSigned(i)).as("%s: %s %s is signed", path, f[0], f[1]).isEqualTo(f[2].startsWith("-")
          || (f[0].equals("Tcp") && f[1].equals("MaxConn")));
    }
  }

  @Test
  void fixtureDevListsExactlyFourInterfacesAndEveryUnlistedFieldIsZero() {
    Counters dev = ProcfsSamples.parse(FIXTURE_NET + "dev");
    assertThat(dev.groups()).containsExactly("vethf345468", "lo", "docker0", "eth0");
    for (int i = 0; i < dev.size(); i++) {
      String name = dev.name(i);
      if (!name.equals("receive_bytes") && !name.equals("receive_packets")
          && !name.equals("transmit_bytes") && !name.equals("transmit_packets")) {
        assertThat(dev.value(i)).as("%s %s", dev.group(i), name).isZero();
      }
    }
  }

  @Test
  void devFieldsAreTheSixteenKernelColumnsInOrder() {
    Counters dev = ProcfsSamples.parse(LIVE + "dev");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < dev.size(); i++) {
      names.add(dev.name(i));
    }
    assertThat(names).containsExactly(
        "receive_bytes", "receive_packets", "receive_errs", "receive_drop", "receive_fifo", "receive_frame",
        "receive_compressed", "receive_multicast", "transmit_bytes", "transmit_packets", "transmit_errs",
        "transmit_drop", "transmit_fifo", "transmit_colls", "transmit_carrier", "transmit_compressed");
  }

  @Test
  void fixtureSnmp6SkipsTheStrayModeLineAndKeepsAllNinetyOneCounters() {
    Counters snmp6 = ProcfsSamples.parse(FIXTURE_PID + "snmp6");
    assertThat(snmp6.size()).isEqualTo(91);
    assertThat(snmp6.groups()).doesNotContain("Mode", "Mode:");
    assertThat(snmp6.get("Mode:", "644")).isEmpty();
    assertThat(snmp6.name(snmp6.size() - 1)).isEqualTo("InCsumErrors");
    assertThat(snmp6.group(snmp6.size() - 1)).isEqualTo("UdpLite6");
  }

  @Test
  void maxConnIsSignedMinusOneAndEveryOtherSnmpFieldIsUnsigned() {
    for (String path : List.of(LIVE + "snmp", FIXTURE_PID + "snmp")) {
      Counters snmp = ProcfsSamples.parse(path);
      int maxConn = snmp.indexOf("Tcp", "MaxConn");
      assertThat(snmp.value(maxConn)).as(path).isEqualTo(-1L);
      assertThat(snmp.isSigned(maxConn)).as(path).isTrue();
      assertThat(snmp.doubleValue(maxConn)).as(path).isEqualTo(-1.0);
      assertThat(snmp.format(maxConn)).as(path).isEqualTo("-1");
      for (int i = 0; i < snmp.size(); i++) {
        if (i != maxConn) {
          assertThat(snmp.isSigned(i)).as("%s: %s %s is signed", path, snmp.group(i), snmp.name(i)).isFalse();
        }
      }
    }
  }

  @Test
  void keysThatAreNotOnALineAreAbsentNotZero() {
    Counters sockstat = ProcfsSamples.parse(FIXTURE_NET + "sockstat");
    assertThat(sockstat.get("UDP", "orphan")).as("UDP orphan").isEmpty();
    assertThat(sockstat.get("UDP", "tw")).as("UDP tw").isEmpty();
    assertThat(sockstat.get("FRAG", "mem")).as("FRAG has memory, not mem").isEmpty();
    assertThat(sockstat.get("TCP", "memory")).as("TCP has mem, not memory").isEmpty();
    assertThat(sockstat.indexOf("TCP", "pressure")).as("6.18 prints no pressure").isEqualTo(-1);

    Counters sockstat6 = ProcfsSamples.parse(FIXTURE_NET + "sockstat6");
    assertThat(sockstat6.get("sockets", "used")).as("sockstat6 has no 'sockets: used'").isEmpty();
    assertThat(sockstat6.group(0)).as("first protocol of sockstat6").isEqualTo("TCP6");
    assertThat(sockstat.group(1)).as("first protocol of sockstat").isEqualTo("TCP");

    Counters liveSnmp = ProcfsSamples.parse(LIVE + "snmp");
    assertThat(liveSnmp.groups()).as("no ICMP traffic, so no IcmpMsg pair").doesNotContain("IcmpMsg");
    Counters fixtureNetstat = ProcfsSamples.parse(FIXTURE_PID + "netstat");
    assertThat(fixtureNetstat.groups()).as("fixture kernel has no MPTCP").doesNotContain("MPTcpExt");
    assertThat(fixtureNetstat.get("TcpExt", "PAWSPassive")).as("column removed by newer kernels").isEmpty();
  }

  @Test
  void filesReadFromTheHostThroughProcPidNetEqualTheFilesReadInsideTheNamespace() {
    for (String file : List.of("sockstat", "sockstat6", "snmp")) {
      assertThat(ProcfsSamples.parse(LIVE + "read-from-host-via-proc-pid-net/" + file))
          .as(file)
          .isEqualTo(ProcfsSamples.parse(LIVE + file));
    }
  }

  @Test
  void inlineSockstatTextsFromTheUpstreamTestsParseByKey() {
    Counters v4 = ProcfsSamples.parse(ProcNetFile.SOCKSTAT, """
        sockets: used 1591
        TCP: inuse 32 orphan 0 tw 0 alloc 58 mem 13
        UDP: inuse 8 mem 115
        UDPLITE: inuse 0
        RAW: inuse 0
        FRAG: inuse 0 memory 0""");
    assertThat(v4.toString()).isEqualTo("Counters{sockets.used=1591, TCP.inuse=32, TCP.orphan=0, TCP.tw=0, "
        + "TCP.alloc=58, TCP.mem=13, UDP.inuse=8, UDP.mem=115, UDPLITE.inuse=0, RAW.inuse=0, FRAG.inuse=0, "
        + "FRAG.memory=0}");
    Counters v6 = ProcfsSamples.parse(ProcNetFile.SOCKSTAT6,
        "TCP6: inuse 24\nUDP6: inuse 9\nUDPLITE6: inuse 0\nRAW6: inuse 1\nFRAG6: inuse 0 memory 0\n");
    assertThat(v6.get("sockets", "used")).isEmpty();
    assertThat(v6.toString()).isEqualTo(
        "Counters{TCP6.inuse=24, UDP6.inuse=9, UDPLITE6.inuse=0, RAW6.inuse=1, FRAG6.inuse=0, FRAG6.memory=0}");
  }

  @ParameterizedTest(name = "interface name ''{0}''")
  @CsvSource({"eth0", "eth0:1"})
  void devLineSplitsAtTheLastColonSoAnAliasKeepsItsName(String iface) {
    String header = "Inter-|   Receive                                                |  Transmit\n"
        + " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo "
        + "colls carrier compressed\n";
    String line = "  " + iface + ": 1 2 3    4    5     6          7         8 9  10    11    12    13     14"
        + "       15          16\n";
    Counters dev = ProcfsSamples.parse(ProcNetFile.DEV, header + line);
    assertThat(dev.groups()).containsExactly(iface);
    assertThat(dev.size()).isEqualTo(16);
    for (int i = 0; i < 16; i++) {
      assertThat(dev.value(i)).as("%s %s", iface, dev.name(i)).isEqualTo(i + 1);
    }
    assertThat(ProcfsSamples.field(dev, iface, "receive_bytes")).isEqualTo(1);
    assertThat(ProcfsSamples.field(dev, iface, "transmit_compressed")).isEqualTo(16);
  }

  @Test
  void devValueGluedToTheColonIsRead() {
    // The kernel prints "%6s:%8llu": a counter of 8+ digits touches the colon.
    String dev = new String(ProcfsSamples.bytes(LIVE + "dev"), StandardCharsets.US_ASCII)
        .replace("lo:    1266", "lo:123456789");
    Counters counters = ProcfsSamples.parse(ProcNetFile.DEV, dev);
    assertThat(ProcfsSamples.field(counters, "lo", "receive_bytes")).isEqualTo(123456789L);
  }

  /** A reference split written the obvious way (String.split), used to cross-check the parsers. */
  static List<String[]> naiveFields(ProcNetFile file, String text) {
    List<String[]> out = new ArrayList<>();
    String[] lines = text.split("\n");
    switch (file) {
      case SOCKSTAT, SOCKSTAT6 -> {
        for (String line : lines) {
          String[] t = line.trim().split("\\s+");
          for (int i = 1; i + 1 < t.length; i += 2) {
            out.add(new String[] {t[0].substring(0, t[0].length() - 1), t[i], t[i + 1]});
          }
        }
      }
      case SNMP, NETSTAT -> {
        for (int l = 0; l + 1 < lines.length; l += 2) {
          String[] h = lines[l].trim().split("\\s+");
          String[] v = lines[l + 1].trim().split("\\s+");
          for (int i = 1; i < h.length; i++) {
            out.add(new String[] {h[0].substring(0, h[0].length() - 1), h[i], v[i]});
          }
        }
      }
      case SNMP6 -> {
        for (String line : lines) {
          String[] t = line.trim().split("\\s+");
          if (!t[0].endsWith(":")) {
            int six = t[0].indexOf('6');
            out.add(new String[] {t[0].substring(0, six + 1), t[0].substring(six + 1), t[1]});
          }
        }
      }
      case DEV -> {
        String[] sections = lines[0].split("\\|");
        String[] columnGroups = lines[1].split("\\|");
        for (int l = 2; l < lines.length; l++) {
          int colon = lines[l].lastIndexOf(':');
          String iface = lines[l].substring(0, colon).trim();
          String[] v = lines[l].substring(colon + 1).trim().split("\\s+");
          int k = 0;
          for (int s = 1; s < columnGroups.length; s++) {
            for (String column : columnGroups[s].trim().split("\\s+")) {
              out.add(new String[] {iface, sections[s].trim().toLowerCase(java.util.Locale.ROOT) + "_" + column, v[k++]});
            }
          }
        }
      }
      default -> throw new IllegalArgumentException(file.toString());
    }
    return out;
  }
}
