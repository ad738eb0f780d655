package io.containernetstat.core;

import io.containernetstat.testkit.ProcfsSamples;

import io.containernetstat.core.internal.ProcFormatException;
import io.containernetstat.core.internal.ProcNetParser;
import static io.containernetstat.testkit.ProcfsSamples.FIXTURE_PID;
import static io.containernetstat.testkit.ProcfsSamples.LIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Counters}: signed and unsigned 64-bit values, lookup by kernel names, equality. */
class CountersTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "0",
      "1",
      "9223372036854775807",
      "9223372036854775808",
      "9223372036854776833",
      "18446744073709549568",
      "18446744073709550591",
      "18446744073709550593",
      "18446744073709551614",
      "18446744073709551615",
  })
  void unsignedValuePrintsBackUnchangedAndConvertsToTheNearestDouble(String printed) {
    Counters c = ProcfsSamples.parse(ProcNetFile.SOCKSTAT, "TCP: inuse " + printed + "\n");
    assertThat(c.format(0)).isEqualTo(printed);
    assertThat(c.isSigned(0)).isFalse();
    assertThat(c.value(0)).isEqualTo(new BigInteger(printed).longValue());
    assertThat(c.doubleValue(0)).as("doubleValue of %s", printed).isEqualTo(new BigDecimal(printed).doubleValue());
  }

  @Test
  void doubleValueOfRandomUnsignedValuesIsCorrectlyRounded() {
    Random random = new Random(20260701);
    ProcNetParser parser = ProcNetParser.forFile(ProcNetFile.SOCKSTAT);
    for (int i = 0; i < 20_000; i++) {
      long v = random.nextLong();
      if ((i & 1) == 0) {
        // Stress the rounding boundary: bit 10 set, bits 0..9 arbitrary.
        v = (v | Long.MIN_VALUE) & ~0x7ffL | 0x400L | (random.nextInt(4) == 0 ? 1 : random.nextInt(0x400));
      }
      String printed = Long.toUnsignedString(v);
      byte[] line = ("TCP: inuse " + printed).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Counters c = parser.parse("random", line, 0, line.length);
      assertThat(c.doubleValue(0)).as("doubleValue of %s", printed).isEqualTo(new BigDecimal(printed).doubleValue());
    }
  }

  @Test
  void decimalParsingAgreesWithBigIntegerForRandomDigitStrings() {
    Random random = new Random(64);
    ProcNetParser parser = ProcNetParser.forFile(ProcNetFile.SNMP);
    BigInteger unsignedLimit = BigInteger.ONE.shiftLeft(64);
    BigInteger signedMin = BigInteger.valueOf(Long.MIN_VALUE);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder digits = new StringBuilder(random.nextInt(4) == 0 ? "-" : "");
      int zeros = random.nextInt(8) == 0 ? random.nextInt(30) : 0;
      digits.append("0".repeat(zeros));
      int length = 1 + random.nextInt(22);
      for (int d = 0; d < length; d++) {
        digits.append((char) ('0' + random.nextInt(10)));
      }
      String printed = digits.toString();
      BigInteger expected = new BigInteger(printed);
      boolean inRange = printed.startsWith("-") ? expected.compareTo(signedMin) >= 0 : expected.compareTo(unsignedLimit) < 0;
      // Tcp MaxConn, which may be negative: any other field refuses a sign (MalformedInputTest).
      byte[] line = ("Tcp: MaxConn\nTcp: " + printed).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      try {
        Counters c = parser.parse("random", line, 0, line.length);
        assertThat(inRange).as("%s parsed to %s but is out of range", printed, c.format(0)).isTrue();
        assertThat(new BigInteger(c.format(0))).as(printed).isEqualTo(expected);
      } catch (ProcFormatException e) {
        assertThat(inRange).as("%s is in range but was rejected: %s", printed, e.getMessage()).isFalse();
        assertThat(e.reason()).startsWith("value out of 64-bit range: '");
      }
    }
  }

  @ParameterizedTest(name = "{0} reads {1}")
  @CsvSource({
      "007, 7",
      "000000000000000000000000042, 42",
      "00000000000000000000018446744073709551615, 18446744073709551615",
      "-0000000000000000000000009223372036854775808, -9223372036854775808",
  })
  void leadingZerosDoNotCountTowardsTheRange(String printed, String expected) {
    // Tcp MaxConn: the one field that may be negative.
    Counters c = ProcfsSamples.parse(ProcNetFile.SNMP, "Tcp: MaxConn\nTcp: " + printed + "\n");
    assertThat(c.format(0)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"-1, -1", "-0, 0", "-42, -42", "-9223372036854775808, -9223372036854775808"})
  void negativeValueIsSignedAndPrintsBackAsANegativeNumber(String printed, String expected) {
    // Only Tcp MaxConn may be negative; MalformedInputTest rejects a sign anywhere else.
    Counters c = ProcfsSamples.parse(ProcNetFile.SNMP, "Tcp: Other MaxConn\nTcp: 7 " + printed + "\n");
    assertThat(c.isSigned(0)).as("Other is unsigned").isFalse();
    assertThat(c.isSigned(1)).as("MaxConn is signed").isTrue();
    assertThat(c.format(1)).isEqualTo(expected);
    assertThat(c.value(1)).isEqualTo(Long.parseLong(expected));
    assertThat(c.doubleValue(1)).isEqualTo((double) Long.parseLong(expected));
  }

  @Test
  void maxConnIsSignedEvenWhenTheKernelPrintsAPositiveValue() {
    Counters c = ProcfsSamples.parse(ProcNetFile.SNMP, "Tcp: RtoMin MaxConn\nTcp: 200 5\n");
    assertThat(c.isSigned(c.indexOf("Tcp", "MaxConn"))).isTrue();
    assertThat(c.isSigned(c.indexOf("Tcp", "RtoMin"))).isFalse();
    assertThat(c.format(1)).isEqualTo("5");
  }

  @Test
  void maxConnPrintedUnsignedByAnOldKernelIsPrintedBackUnchanged() {
    // Linux 2.4 printed every Tcp field with %lu, so MaxConn -1 read 18446744073709551615 on 64-bit.
    Counters c = ProcfsSamples.parse(ProcNetFile.SNMP, "Tcp: RtoMin MaxConn\nTcp: 200 18446744073709551615\n");
    int maxConn = c.indexOf("Tcp", "MaxConn");
    assertThat(c.format(maxConn)).isEqualTo("18446744073709551615");
    assertThat(c.doubleValue(maxConn)).isEqualTo(1.8446744073709552E19);
    assertThat(c.isSigned(maxConn)).isFalse();
  }

  @Test
  void maxConnOnlyInTheTcpGroupIsSignedByDefinition() {
    Counters c = ProcfsSamples.parse(ProcNetFile.SNMP, "Udp: MaxConn\nUdp: 3\n");
    assertThat(c.isSigned(0)).isFalse();
  }

  @Test
  void lookupUsesTheKernelGroupAndFieldNames() {
    Counters snmp = ProcfsSamples.parse(LIVE + "snmp");
    assertThat(snmp.get("Tcp", "CurrEstab")).hasValue(6);
    assertThat(snmp.get("tcp", "CurrEstab")).as("names are case-sensitive").isEmpty();
    assertThat(snmp.get("Tcp", "currestab")).isEmpty();
    assertThat(snmp.get("Udp", "CurrEstab")).isEmpty();
    assertThat(snmp.get("", "")).isEmpty();
    int i = snmp.indexOf("Tcp", "CurrEstab");
    assertThat(snmp.group(i)).isEqualTo("Tcp");
    assertThat(snmp.name(i)).isEqualTo("CurrEstab");
    assertThat(ProcfsSamples.parse(LIVE + "netstat").get("TcpExt", "ListenOverflows")).hasValue(0);
    assertThat(ProcfsSamples.parse(LIVE + "sockstat").get("TCP", "tw")).hasValue(1);
    assertThat(ProcfsSamples.parse(LIVE + "snmp6").get("Ip6", "InReceives")).hasValue(5);
    assertThat(ProcfsSamples.parse(LIVE + "dev").get("lo", "receive_bytes")).hasValue(1266);
  }

  @Test
  void aNameRepeatedInTheSameGroupIsRejectedRatherThanOneCopyKept() {
    assertThatThrownBy(() -> ProcfsSamples.parse(ProcNetFile.SOCKSTAT, "TCP: inuse 1 inuse 2\n"))
        .isInstanceOf(ProcFormatException.class)
        .hasMessage("test/sockstat:1: field 'TCP inuse' appears twice (earlier on this line): \"TCP: inuse 1 inuse 2\"");
  }

  @Test
  void groupsAreListedOnceInFileOrderEvenWhenAGroupReturns() {
    Counters c = ProcfsSamples.parse(ProcNetFile.SNMP, "IcmpMsg: A\nIcmpMsg: 1\nTcp: B\nTcp: 2\nIcmpMsg: C\nIcmpMsg: 3\n");
    assertThat(c.groups()).containsExactly("IcmpMsg", "Tcp");
    assertThat(c.get("IcmpMsg", "C")).hasValue(3);
  }

  @Test
  void countersOfTheSameFileFromDifferentParsersAreEqualAndHashAlike() {
    Counters a = ProcfsSamples.parse(FIXTURE_PID + "netstat");
    Counters b = ProcfsSamples.parse(FIXTURE_PID + "netstat");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(ProcfsSamples.parse(LIVE + "netstat"));
    assertThat(a).isNotEqualTo(null).isNotEqualTo("netstat");
  }

  @Test
  void countersWithTheSameValuesUnderOtherNamesAreNotEqual() {
    Counters a = ProcfsSamples.parse(ProcNetFile.SOCKSTAT, "TCP: inuse 1\n");
    Counters b = ProcfsSamples.parse(ProcNetFile.SOCKSTAT, "TCP: tw 1\n");
    Counters c = ProcfsSamples.parse(ProcNetFile.SOCKSTAT, "UDP: inuse 1\n");
    Counters d = ProcfsSamples.parse(ProcNetFile.SNMP, "Tcp: MaxConn\nTcp: -1\n");
    Counters e = ProcfsSamples.parse(ProcNetFile.SNMP, "Tcp: MaxConn\nTcp: 18446744073709551615\n");
    assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
    assertThat(d).as("same bits, different sign").isNotEqualTo(e);
    assertThat(d.format(0)).isEqualTo("-1");
    assertThat(e.format(0)).isEqualTo("18446744073709551615");
  }

  @Test
  void toStringListsEveryFieldAsGroupDotNameEqualsValue() {
    Counters c = ProcfsSamples.parse(ProcNetFile.SNMP, "Tcp: RtoMin MaxConn\nTcp: 200 -1\n");
    assertThat(c).hasToString("Counters{Tcp.RtoMin=200, Tcp.MaxConn=-1}");
  }
}
