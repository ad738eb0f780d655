package io.containernetstat.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.NetnsStats.Summary;
import io.containernetstat.testkit.ProcfsSamples;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Summary}: in-use totals are IPv4 plus IPv6, and never the IPv6 part alone. */
class SummaryTest {
  private static final String SOCKSTAT = "TCP: inuse 5 tw 1\nUDP: inuse 2\n";
  private static final String SOCKSTAT6 = "TCP6: inuse 3\nUDP6: inuse 4\n";
  private static final OptionalLong NONE = OptionalLong.empty();

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("in-use totals add the IPv6 figures", SOCKSTAT, SOCKSTAT6, OptionalLong.of(8), OptionalLong.of(6)),
        Arguments.of("without sockstat6 the IPv4 figures are the totals", SOCKSTAT, null, OptionalLong.of(5),
            OptionalLong.of(2)),
        Arguments.of("without the IPv4 figure there is no total rather than the IPv6 count alone",
            "sockets: used 9\nUDP: inuse 2\n", SOCKSTAT6, NONE, OptionalLong.of(6)),
        Arguments.of("sockstat not read: no totals from sockstat6 alone", null, SOCKSTAT6, NONE, NONE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void inUseTotals(String name, String sockstat, String sockstat6, OptionalLong tcp, OptionalLong udp) {
    Summary s = Summary.of(sockstat == null ? null : ProcfsSamples.parse(ProcNetFile.SOCKSTAT, sockstat),
        sockstat6 == null ? null : ProcfsSamples.parse(ProcNetFile.SOCKSTAT6, sockstat6), null);
    assertThat(s.tcpInuse()).as("TCP in use").isEqualTo(tcp);
    assertThat(s.udpInuse()).as("UDP in use").isEqualTo(udp);
  }
}
