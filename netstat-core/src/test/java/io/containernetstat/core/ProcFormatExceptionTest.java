package io.containernetstat.core;

import io.containernetstat.core.internal.ProcFormatException;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link ProcFormatException}: names the file and the line, quotes the line safely and briefly. */
class ProcFormatExceptionTest {

  @Test
  void messageIsSourceLineReasonAndQuotedLine() {
    ProcFormatException e = new ProcFormatException("/proc/1/net/snmp", 7, "Tcp: 1 x", "not a number: 'x'");
    assertThat(e).hasMessage("/proc/1/net/snmp:7: not a number: 'x': \"Tcp: 1 x\"");
    assertThat(e.source()).isEqualTo("/proc/1/net/snmp");
    assertThat(e.lineNumber()).isEqualTo(7);
    assertThat(e.reason()).isEqualTo("not a number: 'x'");
  }

  @Test
  void controlBytesQuotesAndHighBytesAreEscaped() {
    ProcFormatException e = new ProcFormatException("f", 1, "a\u0000b\"c\u00ffd\te", "r");
    assertThat(e).hasMessage("f:1: r: \"a\\x00b\\x22c\\xffd\\x09e\"");
  }

  @Test
  void longLineIsCutWithAnEllipsis() {
    ProcFormatException e = new ProcFormatException("f", 1, "x".repeat(1 << 20), "r");
    assertThat(e.getMessage()).isEqualTo("f:1: r: \"" + "x".repeat(120) + "...\"");
  }

  @Test
  void lineOfExactlyTheLimitIsNotMarkedAsCut() {
    ProcFormatException e = new ProcFormatException("f", 1, "x".repeat(120), "r");
    assertThat(e.getMessage()).isEqualTo("f:1: r: \"" + "x".repeat(120) + "\"");
  }

  @Test
  void lineShortenedBecauseOfEscapesIsMarkedAsCut() {
    // 100 NUL bytes: shorter than the limit in characters, but its escapes fill the quote.
    ProcFormatException e = new ProcFormatException("f", 1, "\u0000".repeat(100), "r");
    assertThat(e.getMessage()).endsWith("...\"").hasSizeLessThan(160);
  }
}
