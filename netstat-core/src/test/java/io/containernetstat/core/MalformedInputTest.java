package io.containernetstat.core;

import io.containernetstat.testkit.ProcfsSamples;

import io.containernetstat.core.internal.ProcFormatException;
import io.containernetstat.core.internal.ProcNetParser;
import static io.containernetstat.testkit.ProcfsSamples.FIXTURE_PID;
import static io.containernetstat.testkit.ProcfsSamples.LIVE;
import static io.containernetstat.core.ProcNetFile.DEV;
import static io.containernetstat.core.ProcNetFile.NETSTAT;
import static io.containernetstat.core.ProcNetFile.SNMP;
import static io.containernetstat.core.ProcNetFile.SNMP6;
import static io.containernetstat.core.ProcNetFile.SOCKSTAT;
import static io.containernetstat.core.ProcNetFile.SOCKSTAT6;
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
    List<Arguments> cases = new ArrayList<>(List.of(
        row("sockstat key without a value is rejected",
            SOCKSTAT, 1, "key 'used' has no value",
            "sockets: used\n"),
        row("sockstat line with an odd number of key and value tokens is rejected",
            SOCKSTAT, 2, "key 'orphan' has no value",
            "sockets: used 1591\nTCP: inuse 32 orphan\n"),
        row("sockstat line without a NAME colon is rejected",
            SOCKSTAT, 1, "expected 'NAME:' at the start of the line",
            "sockets used 12\n"),
        row("sockstat line starting with a lone colon is rejected",
            SOCKSTAT, 2, "expected 'NAME:' at the start of the line",
            "sockets: used 1\n : inuse 3\n"),
        row("sockstat group without any pair is rejected",
            SOCKSTAT6, 2, "no key/value pairs after 'UDP6:'",
            "TCP6: inuse 1\nUDP6:\n"),
        row("sockstat value where a key belongs is rejected",
            SOCKSTAT, 1, "expected a key, found '5'",
            "TCP: 5 inuse\n"),
        row("sockstat non-numeric value is rejected",
            SOCKSTAT, 1, "not a number: 'five'",
            "TCP: inuse five\n"),
        row("sockstat value with a sign inside is rejected",
            SOCKSTAT, 1, "not a number: '5-3'",
            "TCP: inuse 5-3\n"),
        row("sockstat lone minus sign is rejected",
            SOCKSTAT, 1, "not a number: '-'",
            "TCP: inuse -\n"),
        row("sockstat value above two to the sixty-four minus one is rejected",
            SOCKSTAT, 1, "value out of 64-bit range: '18446744073709551616'",
            "TCP: inuse 18446744073709551616\n"),
        row("sockstat value below the signed 64-bit minimum is rejected",
            SOCKSTAT, 1, "value out of 64-bit range",
            "TCP: inuse -9223372036854775809\n"),
        row("sockstat overlong number ending in a letter is not a number rather than out of range",
            SOCKSTAT, 1, "not a number: '123456789012345678901234x'",
            "TCP: inuse 123456789012345678901234x\n"),
        row("sockstat NUL byte is rejected",
            SOCKSTAT, 2, "unexpected byte 0x00",
            "sockets: used 12\nTCP: inuse 5\0\n"),
        row("sockstat CR LF line ending is rejected",
            SOCKSTAT, 1, "unexpected byte 0x0d",
            "sockets: used 12\r\n"),
        row("snmp header without its value line is rejected",
            SNMP, 1, "header line has no value line after it",
            "Tcp: RtoAlgorithm RtoMin\n"),
        row("snmp value line with more values than header names is rejected",
            SNMP, 2, "more values than the 2 names of the header line 1",
            "Tcp: A B\nTcp: 1 2 3\n"),
        row("snmp value line with fewer values than header names is rejected",
            SNMP, 2, "2 values for the 3 names of the header line 1",
            "Udp: A B C\nUdp: 1 2\n"),
        row("snmp value line of another protocol is rejected",
            SNMP, 2, "value line does not start with the header's 'Tcp:'",
            "Tcp: A B\nUdp: 1 2\n"),
        row("snmp value line without its header is rejected",
            SNMP, 1, "expected a header line of names, found '1'",
            "Tcp: 1 2\nTcp: 1 2\n"),
        row("snmp header with a negative number among its names is rejected",
            SNMP, 1, "expected a header line of names, found '-1'",
            "Tcp: A -1\nTcp: 1 2\n"),
        row("snmp blank line between header and values is rejected",
            SNMP, 2, "value line does not start with the header's 'Tcp:'",
            "Tcp: A\n\nTcp: 1\n"),
        row("snmp header without names is rejected",
            SNMP, 3, "header line has no names",
            "Ip: A\nIp: 1\nTcp:\nTcp:\n"),
        row("snmp line without a Proto colon is rejected",
            SNMP, 1, "expected 'Proto:' at the start of the line",
            "Tcp A B\nTcp 1 2\n"),
        row("snmp non-numeric value is rejected",
            SNMP, 2, "not a number: 'x2'",
            "Tcp: A B\nTcp: 1 x2\n"),
        row("snmp hexadecimal value is rejected",
            SNMP, 2, "not a number: '0x10'",
            "Tcp: A B\nTcp: 1 0x10\n"),
        row("snmp value above two to the sixty-four minus one is rejected",
            SNMP, 2, "value out of 64-bit range",
            "Ip: InReceives\nIp: 18446744073709551616\n"),
        row("snmp NUL byte in a value line is rejected",
            SNMP, 2, "unexpected byte 0x00",
            "Tcp: A B\nTcp: 1\0002\n"),
        row("snmp6 name without a six is rejected",
            SNMP6, 2, "expected a name like 'Ip6InReceives', found 'InReceives'",
            "Ip6InReceives 1\nInReceives 5\n"),
        row("snmp6 name ending at its six is rejected",
            SNMP6, 1, "found 'Ip6'",
            "Ip6 5\n"),
        row("snmp6 name starting with a digit is rejected",
            SNMP6, 1, "found '6Ip'",
            "6Ip 5\n"),
        row("snmp6 name without a value is rejected",
            SNMP6, 1, "'Ip6InReceives' has no value",
            "Ip6InReceives\n"),
        row("snmp6 line with two values is rejected",
            SNMP6, 1, "expected one name and one value",
            "Ip6InReceives 5 6\n"),
        row("snmp6 non-numeric value is rejected",
            SNMP6, 1, "not a number: 'five'",
            "Ip6InReceives five\n"),
        row("snmp6 value above two to the sixty-four minus one is rejected",
            SNMP6, 1, "value out of 64-bit range",
            "Ip6InOctets 18446744073709551616\n"),
        row("snmp6 NUL byte is rejected",
            SNMP6, 1, "unexpected byte 0x00",
            "Ip6InReceives\0 5\n"),
        row("snmp6 line of a label and two tokens is rejected",
            SNMP6, 2, "found 'Mode:'",
            "Ip6InReceives 1\nMode: 644 755\n"),
        row("dev with only the first header line is rejected",
            DEV, 1, "the column header line is missing",
            "Inter-|   Receive  |  Transmit\n"),
        row("dev first header line without sections is rejected",
            DEV, 1, "expected a header like 'Inter-|   Receive   |  Transmit'",
            "Interfaces\n face |bytes\n"),
        row("dev header with an empty section name is rejected",
            DEV, 1, "empty section name in the header",
            "Inter-| |  Transmit\n face |bytes|bytes\n"),
        row("dev column header without bars is rejected",
            DEV, 2, "expected column names like",
            "Inter-| Receive\n face bytes packets\n"),
        row("dev column header with more groups than sections is rejected",
            DEV, 2, "more column groups than the 1 sections of line 1",
            "Inter-| Receive\n face |bytes|bytes\n"),
        row("sockstat negative inuse is rejected",
            SOCKSTAT, 2, "negative value '-5' for an unsigned field",
            "sockets: used 3\nTCP: inuse -5 orphan 0\n"),
        row("sockstat6 negative value is rejected",
            SOCKSTAT6, 1, "negative value '-1' for an unsigned field",
            "TCP6: inuse -1\n"),
        row("sockstat minus zero is rejected as a sign on an unsigned field",
            SOCKSTAT, 1, "negative value '-0'",
            "TCP: inuse -0\n"),
        row("snmp negative value outside Tcp MaxConn is rejected",
            SNMP, 2, "negative value '-3' for an unsigned field",
            "Tcp: RtoMin MaxConn CurrEstab\nTcp: 200 -1 -3\n"),
        row("snmp MaxConn name in another group is unsigned and refuses a sign",
            SNMP, 2, "negative value '-1' for an unsigned field",
            "Udp: MaxConn\nUdp: -1\n"),
        row("netstat negative counter is rejected",
            NETSTAT, 2, "negative value '-7'",
            "TcpExt: SyncookiesSent ListenDrops\nTcpExt: 0 -7\n"),
        row("snmp6 negative counter is rejected",
            SNMP6, 2, "negative value '-2'",
            "Ip6InReceives 5\nIp6InDelivers -2\n"),
        row("sockstat key repeated on its line is rejected",
            SOCKSTAT, 2, "field 'TCP inuse' appears twice (earlier on this line)",
            "sockets: used 3\nTCP: inuse 1 tw 0 inuse 2\n"),
        row("sockstat group repeated with the same key is rejected",
            SOCKSTAT, 3, "field 'TCP inuse' appears twice (first on line 1)",
            "TCP: inuse 1\nUDP: inuse 0\nTCP: inuse 2\n"),
        row("snmp header naming a column twice is rejected at the header line",
            SNMP, 3, "field 'Tcp CurrEstab' appears twice (earlier on this line)",
            "Ip: A B\nIp: 1 2\nTcp: CurrEstab RtoMin CurrEstab\nTcp: 1 2 3\n"),
        row("netstat TcpExt pair given twice is rejected",
            NETSTAT, 5, "field 'TcpExt TW' appears twice (first on line 1)",
            "TcpExt: TW\nTcpExt: 1\nIpExt: InOctets\nIpExt: 5\nTcpExt: TW\nTcpExt: 2\n"),
        row("snmp6 counter listed twice is rejected",
            SNMP6, 3, "field 'Ip6 InReceives' appears twice (first on line 1)",
            "Ip6InReceives 5\nIp6OutRequests 1\nIp6InReceives 6\n"),
        row("dev column named twice in a section is rejected",
            DEV, 3, "field 'eth0 receive_bytes' appears twice (earlier on this line)",
            "Inter-| Receive\n face |bytes bytes\n  eth0: 1 2\n"),
        // ---- inputs made from the samples, binary or too long to write out
        row("netstat TcpExt pair with one value missing is rejected",
            NETSTAT, 2, "112 values for the 113 names of the header line 1",
            editedFirst(FIXTURE_PID + "netstat", "TcpExt: 0 0 ", "TcpExt: 0 ")),
        row("netstat IpExt pair with an extra value is rejected",
            NETSTAT, 4, "more values than the 18 names of the header line 3",
            editedFirst(FIXTURE_PID + "netstat", "IpExt: 0 ", "IpExt: 0 0 ")),
        row("dev interface line with fifteen values is rejected",
            DEV, 3, "15 values for the 16 columns of the header",
            edited(LIVE + "dev", "       0          0\n", "       0\n")),
        row("dev interface line with seventeen values is rejected",
            DEV, 3, "more values than the 16 columns of the header",
            edited(LIVE + "dev", "          0\n", "          0 0\n")),
        row("dev interface line without a colon is rejected",
            DEV, 3, "expected 'interface: counters'",
            edited(LIVE + "dev", "lo:", "lo ")),
        row("dev interface line with an empty name is rejected",
            DEV, 3, "expected 'interface: counters'",
            edited(LIVE + "dev", "lo:", "  :")),
        row("dev non-numeric value is rejected",
            DEV, 3, "not a number: '2O'",
            edited(LIVE + "dev", "1266      20", "1266      2O")),
        row("dev value above two to the sixty-four minus one is rejected",
            DEV, 3, "value out of 64-bit range",
            edited(LIVE + "dev", "1266      20", "18446744073709551616 20")),
        row("dev negative counter is rejected",
            DEV, 3, "negative value '-20'",
            edited(LIVE + "dev", "1266      20", "1266     -20")),
        row("sockstat truncated in the middle of a line is rejected",
            SOCKSTAT, 2, "key 'tw' has no value",
            cut(LIVE + "sockstat", "TCP: inuse 5 orphan 0 tw")),
        row("snmp value line truncated mid-line is rejected as a value count mismatch",
            SNMP, 6, "6 values for the 15 names of the header line 5",
            cut(LIVE + "snmp", "Tcp: 1 200 120000 -1 4 4")),
        row("netstat truncated in the middle of the MPTcpExt values is rejected",
            NETSTAT, 6, "5 values for the 76 names of the header line 5",
            cut(LIVE + "netstat", "MPTcpExt: 0 0 0 0 0")),
        row("netstat whose MPTcpExt header has no values is rejected",
            NETSTAT, 5, "header line has no value line after it",
            cut(LIVE + "netstat", "SimultConnectFallback FallbackFailed WinProbe\n")),
        row("snmp6 truncated after the padded name is rejected",
            SNMP6, 9, "'Ip6InDelivers' has no value",
            cut(FIXTURE_PID + "snmp6", "Ip6InDelivers                   \t")),
        row("dev truncated mid-line is rejected as a value count mismatch",
            DEV, 3, "3 values for the 16 columns of the header",
            cut(LIVE + "dev", "    lo:    1266      20    0")),
        row("sockstat real sample with a line repeated is rejected",
            SOCKSTAT, 7, "field 'sockets used' appears twice (first on line 1)",
            appended(LIVE + "sockstat", "sockets: used 99\n")),
        row("snmp pair repeated is rejected at the second header",
            SNMP, 11, "field 'Udp InDatagrams' appears twice (first on line 7)",
            appended(LIVE + "snmp", "Udp: InDatagrams\nUdp: 5\n")),
        row("dev interface listed twice is rejected",
            DEV, 4, "field 'lo receive_bytes' appears twice (first on line 3)",
            appended(LIVE + "dev", "    lo: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n")),
        row("sockstat megabyte-long number is rejected as out of range",
            SOCKSTAT, 1, "value out of 64-bit range",
            "TCP: inuse " + MEGABYTE_OF_DIGITS + "\n"),
        row("sockstat megabyte-long key without a value is rejected",
            SOCKSTAT, 1, "has no value",
            "TCP: " + MEGABYTE_OF_LETTERS + "\n"),
        row("sockstat binary garbage is rejected",
            SOCKSTAT, 1, "unexpected byte 0x89",
            bytes(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n')),
        row("snmp binary garbage after a real sample is rejected",
            SNMP, 11, "unexpected byte 0xff",
            concat(ProcfsSamples.bytes(LIVE + "snmp"), bytes(0xff, 0xfe, 0, 1))),
        row("snmp megabyte-long header name without values is rejected",
            SNMP, 2, "0 values for the 1 names",
            "Tcp: " + MEGABYTE_OF_LETTERS + "\nTcp:\n"),
        row("snmp6 parser given the snmp file rejects it instead of skipping its Proto lines",
            SNMP6, 1, "expected a name like 'Ip6InReceives', found 'Ip:'",
            ProcfsSamples.text(LIVE + "snmp")),
        row("snmp6 megabyte-long name without a value is rejected",
            SNMP6, 1, "has no value",
            "Ip6" + MEGABYTE_OF_LETTERS + "\n"),
        row("dev binary garbage is rejected",
            DEV, 1, "unexpected byte 0x7f",
            bytes(0x7f, 'E', 'L', 'F', 2, 1, 1, 0))));
    for (ProcNetFile file : ProcNetFile.values()) {
      cases.add(row(file.fileName() + " that is empty is rejected", file, 1, "empty file", ""));
      cases.add(row(file.fileName() + " of blank lines only is rejected", file, 1, "empty file (blank lines only)",
          "\n  \n\t\n"));
    }
    return cases.stream();
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

  private static Arguments row(String name, ProcNetFile file, int line, String reason, String input) {
    return row(name, file, line, reason, input.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static Arguments row(String name, ProcNetFile file, int line, String reason, byte[] input) {
    return Arguments.of(Named.of(name, new Case(file, input, line, reason)));
  }

  /** The sample with every {@code from} replaced by {@code to}. */
  private static String edited(String path, String from, String to) {
    return ProcfsSamples.text(path).replace(from, to);
  }

  /** The sample with its first {@code from} replaced by {@code to}. */
  private static String editedFirst(String path, String from, String to) {
    return ProcfsSamples.text(path).replaceFirst(java.util.regex.Pattern.quote(from), to);
  }

  /** The sample followed by {@code more}. */
  private static String appended(String path, String more) {
    return ProcfsSamples.text(path) + more;
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
