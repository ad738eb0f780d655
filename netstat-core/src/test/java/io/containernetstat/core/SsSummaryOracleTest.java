package io.containernetstat.core;

import io.containernetstat.testkit.ProcfsSamples;

import static io.containernetstat.testkit.ProcfsSamples.FIXTURE_NET;
import static io.containernetstat.testkit.ProcfsSamples.FIXTURE_PID;
import static io.containernetstat.testkit.ProcfsSamples.LIVE;
import static io.containernetstat.testkit.ProcfsSamples.field;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ss -s} as a test oracle: iproute2's {@code print_summary} (misc/ss.c) reads only sockstat,
 * sockstat6 and snmp, so its figures must follow from the parsed values (see FORMAT-NOTES.md section 8).
 */
class SsSummaryOracleTest {

  /** The numbers {@code ss -s} prints, derived from parsed counters the way misc/ss.c derives them. */
  record SsSummary(long total, long tcp, long estab, long closed, long orphaned, long timewait,
      long raw4, long raw6, long udp4, long udp6, long tcp4, long tcp6, long frag4, long frag6) {

    static SsSummary of(Counters sockstat, Counters sockstat6, Counters snmp) {
      long alloc = field(sockstat, "TCP", "alloc");
      long tw = field(sockstat, "TCP", "tw");
      long tcp4 = field(sockstat, "TCP", "inuse");
      long tcp6 = field(sockstat6, "TCP6", "inuse");
      return new SsSummary(
          field(sockstat, "sockets", "used"),
          alloc + tw,
          field(snmp, "Tcp", "CurrEstab"),
          alloc - (tcp4 + tcp6 - tw),
          field(sockstat, "TCP", "orphan"),
          tw,
          field(sockstat, "RAW", "inuse"), field(sockstat6, "RAW6", "inuse"),
          field(sockstat, "UDP", "inuse"), field(sockstat6, "UDP6", "inuse"),
          tcp4, tcp6,
          field(sockstat, "FRAG", "inuse"), field(sockstat6, "FRAG6", "inuse"));
    }

    long inet4() {
      return raw4 + udp4 + tcp4;
    }

    long inet6() {
      return raw6 + udp6 + tcp6;
    }

    /** The output of {@code ss -s}, byte for byte (misc/ss.c lines 5719-5736, iproute2 ee2a4a86). */
    String print() {
      return "Total: " + total + "\n"
          + "TCP:   " + tcp + " (estab " + estab + ", closed " + closed + ", orphaned " + orphaned
          + ", timewait " + timewait + ")\n"
          + "\n"
          + "Transport Total     IP        IPv6\n"
          + row("RAW", raw4, raw6) + row("UDP", udp4, udp6) + row("TCP", tcp4, tcp6)
          + row("INET", inet4(), inet6()) + row("FRAG", frag4, frag6)
          + "\n";
    }

    private static String row(String label, long ip, long ipv6) {
      return label + "\t  " + pad(ip + ipv6) + " " + pad(ip) + " " + pad(ipv6) + "\n";
    }

    private static String pad(long n) {
      StringBuilder s = new StringBuilder(Long.toString(n));
      while (s.length() < 9) {
        s.append(' ');
      }
      return s.toString();
    }
  }

  private static SsSummary live() {
    return SsSummary.of(ProcfsSamples.parse(LIVE + "sockstat"), ProcfsSamples.parse(LIVE + "sockstat6"),
        ProcfsSamples.parse(LIVE + "snmp"));
  }

  private static SsSummary fixture() {
    return SsSummary.of(ProcfsSamples.parse(FIXTURE_NET + "sockstat"), ProcfsSamples.parse(FIXTURE_NET + "sockstat6"),
        ProcfsSamples.parse(FIXTURE_PID + "snmp"));
  }

  @Test
  void liveSsDashSOutputIsReproducedByteForByteFromTheParsedFiles() {
    assertThat(live().print()).isEqualTo(ProcfsSamples.text(LIVE + "ss-s.txt"));
  }

  @ParameterizedTest(name = "{0}: Total {1}, TCP {2} (estab {3}, closed {4}, orphaned {5}, timewait {6})")
  @CsvSource({
      // sample,  Total, TCP, estab, closed, orphaned, timewait
      "live,      12,    11,  6,     3,      0,        1",
      "fixtures,  1602,  63,  15,    11,     0,        4",
  })
  void ssSummaryLineFollowsFromSockstatAndSnmp(String sample, long total, long tcp, long estab, long closed,
      long orphaned, long timewait) {
    SsSummary s = sample.equals("live") ? live() : fixture();
    assertThat(s.total()).as("Total = sockstat 'sockets: used'").isEqualTo(total);
    assertThat(s.tcp()).as("TCP = alloc + tw").isEqualTo(tcp);
    assertThat(s.estab()).as("estab = snmp Tcp CurrEstab").isEqualTo(estab);
    assertThat(s.closed()).as("closed = alloc - (inuse + inuse6 - tw)").isEqualTo(closed);
    assertThat(s.orphaned()).as("orphaned = TCP orphan").isEqualTo(orphaned);
    assertThat(s.timewait()).as("timewait = TCP tw").isEqualTo(timewait);
  }

  @ParameterizedTest(name = "{0} {1} row: {2} = {3} IP + {4} IPv6")
  @CsvSource({
      // sample,   row,  Total, IP, IPv6
      "live,     RAW,  0,   0,  0",
      "live,     UDP,  3,   2,  1",
      "live,     TCP,  8,   5,  3",
      "live,     INET, 11,  7,  4",
      "live,     FRAG, 0,   0,  0",
      "fixtures, RAW,  1,   0,  1",
      "fixtures, UDP,  21,  12, 9",
      "fixtures, TCP,  52,  35, 17",
      "fixtures, INET, 74,  47, 27",
      "fixtures, FRAG, 0,   0,  0",
  })
  void transportTableRowIsSockstatInUsePlusSockstat6InUse(String sample, String row, long total, long ip, long ipv6) {
    SsSummary s = sample.equals("live") ? live() : fixture();
    long[] actual = switch (row) {
      case "RAW" -> new long[] {s.raw4(), s.raw6()};
      case "UDP" -> new long[] {s.udp4(), s.udp6()};
      case "TCP" -> new long[] {s.tcp4(), s.tcp6()};
      case "INET" -> new long[] {s.inet4(), s.inet6()};
      case "FRAG" -> new long[] {s.frag4(), s.frag6()};
      default -> throw new IllegalArgumentException(row);
    };
    assertThat(actual[0]).as("%s %s IP column", sample, row).isEqualTo(ip);
    assertThat(actual[1]).as("%s %s IPv6 column", sample, row).isEqualTo(ipv6);
    assertThat(actual[0] + actual[1]).as("%s %s Total column", sample, row).isEqualTo(total);
  }

  @Test
  void fixtureSsDashSOutputHasTheDocumentedFigures() {
    assertThat(fixture().print()).isEqualTo("""
        Total: 1602
        TCP:   63 (estab 15, closed 11, orphaned 0, timewait 4)

        Transport Total     IP        IPv6
        RAW\t  1         0         1        \n\
        UDP\t  21        12        9        \n\
        TCP\t  52        35        17       \n\
        INET\t  74        47        27       \n\
        FRAG\t  0         0         0        \n\

        """);
  }
}
