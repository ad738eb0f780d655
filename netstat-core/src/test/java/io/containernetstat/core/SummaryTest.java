package io.containernetstat.core;

import io.containernetstat.testkit.ProcfsSamples;

import io.containernetstat.core.NetnsStats.Summary;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@link Summary}: in-use totals are IPv4 plus IPv6, and never the IPv6 part alone. */
class SummaryTest {
  private static final Counters SOCKSTAT6 = ProcfsSamples.parse(ProcNetFile.SOCKSTAT6, "TCP6: inuse 3\nUDP6: inuse 4\n");

  @Test
  void inUseTotalsAddTheIpv6Figures() {
    Counters sockstat = ProcfsSamples.parse(ProcNetFile.SOCKSTAT, "TCP: inuse 5 tw 1\nUDP: inuse 2\n");
    Summary s = Summary.of(sockstat, SOCKSTAT6, null);
    assertThat(s.tcpInuse()).hasValue(8);
    assertThat(s.udpInuse()).hasValue(6);
  }

  @Test
  void withoutSockstat6TheIpv4FiguresAreTheTotals() {
    Counters sockstat = ProcfsSamples.parse(ProcNetFile.SOCKSTAT, "TCP: inuse 5 tw 1\nUDP: inuse 2\n");
    Summary s = Summary.of(sockstat, null, null);
    assertThat(s.tcpInuse()).hasValue(5);
    assertThat(s.udpInuse()).hasValue(2);
  }

  @Test
  void withoutTheIpv4FigureThereIsNoTotalRatherThanTheIpv6CountAlone() {
    Counters noTcpLine = ProcfsSamples.parse(ProcNetFile.SOCKSTAT, "sockets: used 9\nUDP: inuse 2\n");
    Summary s = Summary.of(noTcpLine, SOCKSTAT6, null);
    assertThat(s.tcpInuse()).as("TCP in use without sockstat's TCP inuse").isEqualTo(OptionalLong.empty());
    assertThat(s.udpInuse()).hasValue(6);
    assertThat(Summary.of(null, SOCKSTAT6, null).tcpInuse()).as("sockstat not read").isEmpty();
  }
}
