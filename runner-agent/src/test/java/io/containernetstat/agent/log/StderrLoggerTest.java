package io.containernetstat.agent.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

class StderrLoggerTest {
  final LoggerOutput output = new LoggerOutput();

  @Test
  void aLineIsTimeLevelAndTheFormattedMessage() {
    long before = System.currentTimeMillis();
    output.logger("x").warn("{} namespace(s) failed ({})", 3, "permission_denied");
    long after = System.currentTimeMillis();
    String line = output.printed();
    assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z WARN 3 namespace\\(s\\) failed "
        + "\\(permission_denied\\)\\R");
    long logged = Instant.parse(line.substring(0, line.indexOf(' '))).toEpochMilli();
    assertThat(logged).isBetween(before, after);
  }

  @Test
  void aThrowableFollowsWithItsStackTrace() {
    output.logger("x").error("cycle failed", new IllegalStateException("boom"));
    assertThat(output.printed()).contains(" ERROR cycle failed\n").contains("java.lang.IllegalStateException: boom\n")
        .contains("\tat io.containernetstat.agent.log.StderrLoggerTest");
  }

  @Test
  void aHostileNameInAnArgumentCannotForgeALineNorDriveTheTerminal() {
    StderrLogger log = output.logger("x");
    log.warn("{} network namespace(s) failed (first: {}: {})", 1, TerminalTextTest.HOSTILE, "/proc/9/net/sockstat:1: empty file");
    log.warn("next");

    List<String> lines = output.printed().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).endsWith(" WARN 1 network namespace(s) failed (first: x\\n\\x1b[2J\\x1b[31mFORGED 1: "
        + "/proc/9/net/sockstat:1: empty file)");
    assertThat(output.printed()).doesNotContain("\u001b");
  }

  @Test
  void aHostileExceptionMessageIsEscapedInItsStackTraceAndItsCauses() {
    IllegalStateException e = new IllegalStateException("cannot read " + TerminalTextTest.HOSTILE,
        new java.io.IOException("\tat forged.Frame(Forged.java:1)"));
    output.logger("x").error("cycle failed", e);

    String printed = output.printed();
    assertThat(printed).contains("java.lang.IllegalStateException: cannot read x\\n\\x1b[2J\\x1b[31mFORGED 1\n")
        .contains("\tat io.containernetstat.agent.log.StderrLoggerTest")
        .contains("Caused by: java.io.IOException: \\tat forged.Frame(Forged.java:1)\n")
        .doesNotContain("\u001b");
    assertThat(printed.lines()).noneMatch(l -> l.startsWith("FORGED") || l.startsWith("\tat forged"));
  }

  @Test
  void levelsBelowTheThresholdArePrintedNotAndAQuietPrefixKeepsToItsOwn() {
    StderrLogger ours = output.logger("container-netstat");
    StderrLogger docker = output.logger("shaded.com.github.dockerjava.Http");
    output.settings.set(new LogSettings(Level.INFO, "shaded.com.github.dockerjava", Level.WARN));
    ours.debug("hidden");
    ours.info("shown");
    docker.info("retrying");
    docker.warn("daemon gone");
    assertThat(ours.isDebugEnabled()).isFalse();
    assertThat(docker.isInfoEnabled()).isFalse();
    output.settings.set(new LogSettings(Level.DEBUG, "", Level.DEBUG)); // reaches existing loggers
    ours.debug("now shown");
    docker.info("now retrying");
    assertThat(output.printed().lines().map(l -> l.substring(l.indexOf(' ') + 1)))
        .containsExactly("INFO shown", "WARN daemon gone", "DEBUG now shown", "INFO now retrying");
  }

  @Test
  void timesAreIsoUtcAcrossTheCalendar() {
    for (long t = -86_400_000L * 365 * 70; t < 86_400_000L * 365 * 130; t += 86_400_000L * 3 + 3_723_456L) {
      StringBuilder b = new StringBuilder();
      IsoTime.appendUtc(t, b);
      String expected = Instant.ofEpochMilli(t).toString();
      if (t % 1000 == 0) {
        expected = expected.replace("Z", ".000Z");
      }
      assertThat(b.toString()).isEqualTo(expected);
    }
    StringBuilder leap = new StringBuilder();
    IsoTime.appendUtc(Instant.parse("2024-02-29T23:59:59.999Z").toEpochMilli(), leap);
    assertThat(leap).hasToString("2024-02-29T23:59:59.999Z");
  }

  @Test
  void slf4jFindsThisBinding() {
    assertThat(LoggerFactory.getILoggerFactory().getLogger("a")).isInstanceOf(StderrLogger.class);
  }
}
