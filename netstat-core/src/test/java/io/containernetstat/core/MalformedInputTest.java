package io.containernetstat.core;

import io.containernetstat.testkit.ProcfsSamples;

import io.containernetstat.core.internal.ProcFormatException;
import io.containernetstat.core.internal.ProcNetParser;
import static io.containernetstat.testkit.ProcfsSamples.FIXTURE_PID;
import static io.containernetstat.testkit.ProcfsSamples.LIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken inputs and their documented outcome: a {@link ProcFormatException} naming the file, the
 * 1-based number of the offending line and what is wrong with it. Nothing else escapes a parser.
 */
class MalformedInputTest {
  private static final String MAX_PLUS_ONE = "18446744073709551616";
  private static final String MEGABYTE_OF_DIGITS = "9".repeat(1 << 20);
  private static final String MEGABYTE_OF_LETTERS = "k".repeat(1 << 20);

  /**
   * One broken input.
   *
   * @param file which parser reads it
   * @param input the bytes
   * @param line the line the exception must name
   * @param reason a fragment the exception's reason must contain
   */
  record Case(ProcNetFile file, byte[] input, int line, String reason) {
    @Override
    public String toString() {
      return file + " input of " + input.length + " bytes, expecting line " + line + ": " + reason;
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    // ---- sockstat / sockstat6
    add(cases, "sockstat key without a value is rejected",
        ProcNetFile.SOCKSTAT, "sockets: used\n", 1, "key 'used' has no value");
    add(cases, "sockstat line with an odd number of key and value tokens is rejected",
        ProcNetFile.SOCKSTAT, "sockets: used 1591\nTCP: inuse 32 orphan\n", 2, "key 'orphan' has no value");
    add(cases, "sockstat truncated in the middle of a line is rejected",
        ProcNetFile.SOCKSTAT, cut(LIVE + "sockstat", "TCP: inuse 5 orphan 0 tw"), 2, "key 'tw' has no value");
    add(cases, "sockstat line without a NAME colon is rejected",
        ProcNetFile.SOCKSTAT, "sockets used 12\n", 1, "expected 'NAME:' at the start of the line");
    add(cases, "sockstat line starting with a lone colon is rejected",
        ProcNetFile.SOCKSTAT, "sockets: used 1\n : inuse 3\n", 2, "expected 'NAME:' at the start of the line");
    add(cases, "sockstat group without any pair is rejected",
        ProcNetFile.SOCKSTAT6, "TCP6: inuse 1\nUDP6:\n", 2, "no key/value pairs after 'UDP6:'");
    add(cases, "sockstat value where a key belongs is rejected",
        ProcNetFile.SOCKSTAT, "TCP: 5 inuse\n", 1, "expected a key, found '5'");
    add(cases, "sockstat non-numeric value is rejected",
        ProcNetFile.SOCKSTAT, "TCP: inuse five\n", 1, "not a number: 'five'");
    add(cases, "sockstat value with a sign inside is rejected",
        ProcNetFile.SOCKSTAT, "TCP: inuse 5-3\n", 1, "not a number: '5-3'");
    add(cases, "sockstat lone minus sign is rejected",
        ProcNetFile.SOCKSTAT, "TCP: inuse -\n", 1, "not a number: '-'");
    add(cases, "sockstat value above two to the sixty-four minus one is rejected",
        ProcNetFile.SOCKSTAT, "TCP: inuse " + MAX_PLUS_ONE + "\n", 1,
        "value out of 64-bit range: '" + MAX_PLUS_ONE + "'");
    add(cases, "sockstat value below the signed 64-bit minimum is rejected",
        ProcNetFile.SOCKSTAT, "TCP: inuse -9223372036854775809\n", 1, "value out of 64-bit range");
    add(cases, "sockstat megabyte-long number is rejected as out of range",
        ProcNetFile.SOCKSTAT, "TCP: inuse " + MEGABYTE_OF_DIGITS + "\n", 1, "value out of 64-bit range");
    add(cases, "sockstat overlong number ending in a letter is not a number rather than out of range",
        ProcNetFile.SOCKSTAT, "TCP: inuse 123456789012345678901234x\n", 1, "not a number: '123456789012345678901234x'");
    add(cases, "sockstat megabyte-long key without a value is rejected",
        ProcNetFile.SOCKSTAT, "TCP: " + MEGABYTE_OF_LETTERS + "\n", 1, "has no value");
    add(cases, "sockstat NUL byte is rejected",
        ProcNetFile.SOCKSTAT, "sockets: used 12\nTCP: inuse 5\0\n", 2, "unexpected byte 0x00");
    add(cases, "sockstat CR LF line ending is rejected",
        ProcNetFile.SOCKSTAT, "sockets: used 12\r\n", 1, "unexpected byte 0x0d");
    add(cases, "sockstat binary garbage is rejected",
        ProcNetFile.SOCKSTAT, bytes(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'), 1, "unexpected byte 0x89");
    // ---- snmp
    add(cases, "snmp header without its value line is rejected",
        ProcNetFile.SNMP, "Tcp: RtoAlgorithm RtoMin\n", 1, "header line has no value line after it");
    add(cases, "snmp value line truncated mid-line is rejected as a value count mismatch",
        ProcNetFile.SNMP, cut(LIVE + "snmp", "Tcp: 1 200 120000 -1 4 4"), 6,
        "6 values for the 15 names of the header line 5");
    add(cases, "snmp value line with more values than header names is rejected",
        ProcNetFile.SNMP, "Tcp: A B\nTcp: 1 2 3\n", 2, "more values than the 2 names of the header line 1");
    add(cases, "snmp value line with fewer values than header names is rejected",
        ProcNetFile.SNMP, "Udp: A B C\nUdp: 1 2\n", 2, "2 values for the 3 names of the header line 1");
    add(cases, "snmp value line of another protocol is rejected",
        ProcNetFile.SNMP, "Tcp: A B\nUdp: 1 2\n", 2, "value line does not start with the header's 'Tcp:'");
    add(cases, "snmp value line without its header is rejected",
        ProcNetFile.SNMP, "Tcp: 1 2\nTcp: 1 2\n", 1, "expected a header line of names, found '1'");
    add(cases, "snmp header with a negative number among its names is rejected",
        ProcNetFile.SNMP, "Tcp: A -1\nTcp: 1 2\n", 1, "expected a header line of names, found '-1'");
    add(cases, "snmp blank line between header and values is rejected",
        ProcNetFile.SNMP, "Tcp: A\n\nTcp: 1\n", 2, "value line does not start with the header's 'Tcp:'");
    add(cases, "snmp header without names is rejected",
        ProcNetFile.SNMP, "Ip: A\nIp: 1\nTcp:\nTcp:\n", 3, "header line has no names");
    add(cases, "snmp line without a Proto colon is rejected",
        ProcNetFile.SNMP, "Tcp A B\nTcp 1 2\n", 1, "expected 'Proto:' at the start of the line");
    add(cases, "snmp non-numeric value is rejected",
        ProcNetFile.SNMP, "Tcp: A B\nTcp: 1 x2\n", 2, "not a number: 'x2'");
    add(cases, "snmp hexadecimal value is rejected",
        ProcNetFile.SNMP, "Tcp: A B\nTcp: 1 0x10\n", 2, "not a number: '0x10'");
    add(cases, "snmp value above two to the sixty-four minus one is rejected",
        ProcNetFile.SNMP, "Ip: InReceives\nIp: " + MAX_PLUS_ONE + "\n", 2, "value out of 64-bit range");
    add(cases, "snmp NUL byte in a value line is rejected",
        ProcNetFile.SNMP, "Tcp: A B\nTcp: 1\0002\n", 2, "unexpected byte 0x00");
    add(cases, "snmp binary garbage after a real sample is rejected",
        ProcNetFile.SNMP, concat(ProcfsSamples.bytes(LIVE + "snmp"), bytes(0xff, 0xfe, 0, 1)), 11,
        "unexpected byte 0xff");
    add(cases, "snmp megabyte-long header name without values is rejected",
        ProcNetFile.SNMP, "Tcp: " + MEGABYTE_OF_LETTERS + "\nTcp:\n", 2, "0 values for the 1 names");
    // ---- netstat
    add(cases, "netstat truncated in the middle of the MPTcpExt values is rejected",
        ProcNetFile.NETSTAT, cut(LIVE + "netstat", "MPTcpExt: 0 0 0 0 0"), 6,
        "5 values for the 76 names of the header line 5");
    add(cases, "netstat whose MPTcpExt header has no values is rejected",
        ProcNetFile.NETSTAT, cut(LIVE + "netstat", "SimultConnectFallback FallbackFailed WinProbe\n"), 5,
        "header line has no value line after it");
    add(cases, "netstat TcpExt pair with one value missing is rejected",
        ProcNetFile.NETSTAT, ProcfsSamples.text(FIXTURE_PID + "netstat").replaceFirst("TcpExt: 0 0 ", "TcpExt: 0 "),
        2, "112 values for the 113 names of the header line 1");
    add(cases, "netstat IpExt pair with an extra value is rejected",
        ProcNetFile.NETSTAT, ProcfsSamples.text(FIXTURE_PID + "netstat").replaceFirst("IpExt: 0 ", "IpExt: 0 0 "),
        4, "more values than the 18 names of the header line 3");
    // ---- snmp6
    add(cases, "snmp6 name without a six is rejected",
        ProcNetFile.SNMP6, "Ip6InReceives 1\nInReceives 5\n", 2,
        "expected a name like 'Ip6InReceives', found 'InReceives'");
    add(cases, "snmp6 name ending at its six is rejected",
        ProcNetFile.SNMP6, "Ip6 5\n", 1, "found 'Ip6'");
    add(cases, "snmp6 name starting with a digit is rejected",
        ProcNetFile.SNMP6, "6Ip 5\n", 1, "found '6Ip'");
    add(cases, "snmp6 name without a value is rejected",
        ProcNetFile.SNMP6, "Ip6InReceives\n", 1, "'Ip6InReceives' has no value");
    add(cases, "snmp6 truncated after the padded name is rejected",
        ProcNetFile.SNMP6, cut(FIXTURE_PID + "snmp6", "Ip6InDelivers                   \t"), 9,
        "'Ip6InDelivers' has no value");
    add(cases, "snmp6 line with two values is rejected",
        ProcNetFile.SNMP6, "Ip6InReceives 5 6\n", 1, "expected one name and one value");
    add(cases, "snmp6 non-numeric value is rejected",
        ProcNetFile.SNMP6, "Ip6InReceives five\n", 1, "not a number: 'five'");
    add(cases, "snmp6 value above two to the sixty-four minus one is rejected",
        ProcNetFile.SNMP6, "Ip6InOctets " + MAX_PLUS_ONE + "\n", 1, "value out of 64-bit range");
    add(cases, "snmp6 NUL byte is rejected",
        ProcNetFile.SNMP6, "Ip6InReceives\0 5\n", 1, "unexpected byte 0x00");
    add(cases, "snmp6 parser given the snmp file rejects it instead of skipping its Proto lines",
        ProcNetFile.SNMP6, ProcfsSamples.text(LIVE + "snmp"), 1, "expected a name like 'Ip6InReceives', found 'Ip:'");
    add(cases, "snmp6 line of a label and two tokens is rejected",
        ProcNetFile.SNMP6, "Ip6InReceives 1\nMode: 644 755\n", 2, "found 'Mode:'");
    add(cases, "snmp6 megabyte-long name without a value is rejected",
        ProcNetFile.SNMP6, "Ip6" + MEGABYTE_OF_LETTERS + "\n", 1, "has no value");
    // ---- dev
    add(cases, "dev with only the first header line is rejected",
        ProcNetFile.DEV, "Inter-|   Receive  |  Transmit\n", 1, "the column header line is missing");
    add(cases, "dev first header line without sections is rejected",
        ProcNetFile.DEV, "Interfaces\n face |bytes\n", 1, "expected a header like 'Inter-|   Receive   |  Transmit'");
    add(cases, "dev header with an empty section name is rejected",
        ProcNetFile.DEV, "Inter-| |  Transmit\n face |bytes|bytes\n", 1, "empty section name in the header");
    add(cases, "dev column header without bars is rejected",
        ProcNetFile.DEV, "Inter-| Receive\n face bytes packets\n", 2, "expected column names like");
    add(cases, "dev column header with more groups than sections is rejected",
        ProcNetFile.DEV, "Inter-| Receive\n face |bytes|bytes\n", 2,
        "more column groups than the 1 sections of line 1");
    add(cases, "dev interface line with fifteen values is rejected",
        ProcNetFile.DEV, ProcfsSamples.text(LIVE + "dev").replace("       0          0\n", "       0\n"), 3,
        "15 values for the 16 columns of the header");
    add(cases, "dev interface line with seventeen values is rejected",
        ProcNetFile.DEV, ProcfsSamples.text(LIVE + "dev").replace("          0\n", "          0 0\n"), 3,
        "more values than the 16 columns of the header");
    add(cases, "dev truncated mid-line is rejected as a value count mismatch",
        ProcNetFile.DEV, cut(LIVE + "dev", "    lo:    1266      20    0"), 3,
        "3 values for the 16 columns of the header");
    add(cases, "dev interface line without a colon is rejected",
        ProcNetFile.DEV, ProcfsSamples.text(LIVE + "dev").replace("lo:", "lo "), 3, "expected 'interface: counters'");
    add(cases, "dev interface line with an empty name is rejected",
        ProcNetFile.DEV, ProcfsSamples.text(LIVE + "dev").replace("lo:", "  :"), 3, "expected 'interface: counters'");
    add(cases, "dev non-numeric value is rejected",
        ProcNetFile.DEV, ProcfsSamples.text(LIVE + "dev").replace("1266      20", "1266      2O"), 3,
        "not a number: '2O'");
    add(cases, "dev value above two to the sixty-four minus one is rejected",
        ProcNetFile.DEV, ProcfsSamples.text(LIVE + "dev").replace("1266      20", MAX_PLUS_ONE + " 20"), 3,
        "value out of 64-bit range");
    add(cases, "dev binary garbage is rejected",
        ProcNetFile.DEV, bytes(0x7f, 'E', 'L', 'F', 2, 1, 1, 0), 1, "unexpected byte 0x7f");
    strictCases(cases);
    return cases.stream();
  }

  /** Empty files, signs on unsigned fields and repeated fields: each kernel prints none of them. */
  private static void strictCases(List<Arguments> cases) {
    for (ProcNetFile file : ProcNetFile.values()) {
      add(cases, file.fileName() + " that is empty is rejected", file, "", 1, "empty file");
      add(cases, file.fileName() + " of blank lines only is rejected", file, "\n  \n\t\n", 1,
          "empty file (blank lines only)");
    }
    add(cases, "sockstat negative inuse is rejected",
        ProcNetFile.SOCKSTAT, "sockets: used 3\nTCP: inuse -5 orphan 0\n", 2,
        "negative value '-5' for an unsigned field");
    add(cases, "sockstat6 negative value is rejected",
        ProcNetFile.SOCKSTAT6, "TCP6: inuse -1\n", 1, "negative value '-1' for an unsigned field");
    add(cases, "sockstat minus zero is rejected as a sign on an unsigned field",
        ProcNetFile.SOCKSTAT, "TCP: inuse -0\n", 1, "negative value '-0'");
    add(cases, "snmp negative value outside Tcp MaxConn is rejected",
        ProcNetFile.SNMP, "Tcp: RtoMin MaxConn CurrEstab\nTcp: 200 -1 -3\n", 2,
        "negative value '-3' for an unsigned field");
    add(cases, "snmp MaxConn name in another group is unsigned and refuses a sign",
        ProcNetFile.SNMP, "Udp: MaxConn\nUdp: -1\n", 2, "negative value '-1' for an unsigned field");
    add(cases, "netstat negative counter is rejected",
        ProcNetFile.NETSTAT, "TcpExt: SyncookiesSent ListenDrops\nTcpExt: 0 -7\n", 2, "negative value '-7'");
    add(cases, "snmp6 negative counter is rejected",
        ProcNetFile.SNMP6, "Ip6InReceives 5\nIp6InDelivers -2\n", 2, "negative value '-2'");
    add(cases, "dev negative counter is rejected",
        ProcNetFile.DEV, ProcfsSamples.text(LIVE + "dev").replace("1266      20", "1266     -20"), 3,
        "negative value '-20'");
    add(cases, "sockstat key repeated on its line is rejected",
        ProcNetFile.SOCKSTAT, "sockets: used 3\nTCP: inuse 1 tw 0 inuse 2\n", 2,
        "field 'TCP inuse' appears twice (earlier on this line)");
    add(cases, "sockstat group repeated with the same key is rejected",
        ProcNetFile.SOCKSTAT, "TCP: inuse 1\nUDP: inuse 0\nTCP: inuse 2\n", 3,
        "field 'TCP inuse' appears twice (first on line 1)");
    add(cases, "sockstat real sample with a line repeated is rejected",
        ProcNetFile.SOCKSTAT, ProcfsSamples.text(LIVE + "sockstat") + "sockets: used 99\n", 7,
        "field 'sockets used' appears twice (first on line 1)");
    add(cases, "snmp header naming a column twice is rejected at the header line",
        ProcNetFile.SNMP, "Ip: A B\nIp: 1 2\nTcp: CurrEstab RtoMin CurrEstab\nTcp: 1 2 3\n", 3,
        "field 'Tcp CurrEstab' appears twice (earlier on this line)");
    add(cases, "snmp pair repeated is rejected at the second header",
        ProcNetFile.SNMP, ProcfsSamples.text(LIVE + "snmp") + "Udp: InDatagrams\nUdp: 5\n", 11,
        "field 'Udp InDatagrams' appears twice (first on line 7)");
    add(cases, "netstat TcpExt pair given twice is rejected",
        ProcNetFile.NETSTAT, "TcpExt: TW\nTcpExt: 1\nIpExt: InOctets\nIpExt: 5\nTcpExt: TW\nTcpExt: 2\n", 5,
        "field 'TcpExt TW' appears twice (first on line 1)");
    add(cases, "snmp6 counter listed twice is rejected",
        ProcNetFile.SNMP6, "Ip6InReceives 5\nIp6OutRequests 1\nIp6InReceives 6\n", 3,
        "field 'Ip6 InReceives' appears twice (first on line 1)");
    add(cases, "dev interface listed twice is rejected",
        ProcNetFile.DEV, ProcfsSamples.text(LIVE + "dev") + "    lo: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n", 4,
        "field 'lo receive_bytes' appears twice (first on line 3)");
    add(cases, "dev column named twice in a section is rejected",
        ProcNetFile.DEV, "Inter-| Receive\n face |bytes bytes\n  eth0: 1 2\n", 3,
        "field 'eth0 receive_bytes' appears twice (earlier on this line)");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void brokenInputIsRejectedWithTheFileTheLineAndTheReason(Case c) {
    String source = "/proc/4242/net/" + c.file().fileName();
    ProcNetParser parser = ProcNetParser.forFile(c.file());
    ProcFormatException e = catchThrowableOfType(ProcFormatException.class,
        () -> parser.parse(source, c.input(), 0, c.input().length));
    assertThat(e).as("exception for %s", c).isNotNull();
    assertThat(e.source()).as("source").isEqualTo(source);
    assertThat(e.lineNumber()).as("line number in: %s", e.getMessage()).isEqualTo(c.line());
    assertThat(e.reason()).as("reason").contains(c.reason());
    assertThat(e.getMessage())
        .as("message names file and line")
        .startsWith(source + ":" + c.line() + ": " + e.reason() + ": \"");
    assertThat(e.getMessage()).as("message quotes the line, shortened").endsWith("\"").hasSizeLessThan(500);
    assertThat(e.reason()).as("reason stays short even for a long line").hasSizeLessThan(300);
    // The parser is still usable after the failure.
    String samplePath = samplePathFor(c.file());
    byte[] sample = ProcfsSamples.bytes(samplePath);
    assertThat(parser.parse(samplePath, sample, 0, sample.length)).isEqualTo(ProcfsSamples.parse(samplePath));
  }

  static Stream<Arguments> samplesGivenToTheWrongParser() {
    List<Arguments> out = new ArrayList<>();
    for (String path : ProcfsSamples.ALL) {
      ProcNetFile actual = ProcfsSamples.fileOf(path);
      for (ProcNetFile parser : ProcNetFile.values()) {
        if (family(parser) != family(actual)) {
          out.add(Arguments.of(parser, path));
        }
      }
    }
    return out.stream();
  }

  /** sockstat and sockstat6 share one format, and so do snmp and netstat. */
  private static int family(ProcNetFile file) {
    return switch (file) {
      case SOCKSTAT, SOCKSTAT6 -> 0;
      case SNMP, NETSTAT -> 1;
      case SNMP6 -> 2;
      case DEV -> 3;
    };
  }

  @ParameterizedTest(name = "{0} parser rejects {1}")
  @MethodSource("samplesGivenToTheWrongParser")
  void sampleOfAnotherFormatIsRejectedNotReadAsNoCounters(ProcNetFile parser, String path) {
    byte[] bytes = ProcfsSamples.bytes(path);
    assertThatThrownBy(() -> ProcNetParser.forFile(parser).parse(path, bytes, 0, bytes.length))
        .isInstanceOf(ProcFormatException.class)
        .hasMessageStartingWith(path + ":");
  }

  @Test
  void exceptionQuotesTheOffendingLineWithControlBytesEscaped() {
    assertThatThrownBy(() -> ProcfsSamples.parse(ProcNetFile.SOCKSTAT, "sockets: used 12\nTCP: inuse \"5\"\0\n"))
        .isInstanceOf(ProcFormatException.class)
        .hasMessage("test/sockstat:2: unexpected byte 0x00: \"TCP: inuse \\x225\\x22\\x00\"");
  }

  @Test
  void exceptionForAnOverflowNamesFileLineReasonAndLine() {
    assertThatThrownBy(() -> ProcfsSamples.parse(ProcNetFile.SNMP, "Ip: A B\nIp: 1 " + MAX_PLUS_ONE + "\n"))
        .isInstanceOf(ProcFormatException.class)
        .hasMessage("test/snmp:2: value out of 64-bit range: '18446744073709551616': \"Ip: 1 18446744073709551616\"");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ProcNetFile.class)
  void offsetAndLengthOutsideTheBufferAreAnIndexOutOfBoundsException(ProcNetFile file) {
    ProcNetParser parser = ProcNetParser.forFile(file);
    byte[] buf = new byte[10];
    assertThatThrownBy(() -> parser.parse("x", buf, 5, 6)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> parser.parse("x", buf, -1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> parser.parse("x", buf, 0, -1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void fileWithoutAParserIsRefusedByName() {
    assertThatThrownBy(() -> ProcNetFile.ofFileName("tcp"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown file 'tcp'");
  }

  static String samplePathFor(ProcNetFile file) {
    return LIVE + file.fileName();
  }

  private static void add(List<Arguments> cases, String name, ProcNetFile file, String input, int line, String reason) {
    add(cases, name, file, input.getBytes(StandardCharsets.ISO_8859_1), line, reason);
  }

  private static void add(List<Arguments> cases, String name, ProcNetFile file, byte[] input, int line, String reason) {
    cases.add(Arguments.of(Named.of(name, new Case(file, input, line, reason))));
  }

  /** The sample up to and including the first occurrence of {@code through}: a file cut short. */
  private static String cut(String path, String through) {
    String text = ProcfsSamples.text(path);
    int at = text.indexOf(through);
    if (at < 0) {
      throw new IllegalArgumentException(path + " has no '" + through + "'");
    }
    return text.substring(0, at + through.length());
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
