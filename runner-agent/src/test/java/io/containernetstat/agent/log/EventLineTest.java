package io.containernetstat.agent.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.event.Level;

/** logfmt and JSON lines: their fields, their escaping (read back unchanged), one line per event whatever it holds. */
class EventLineTest {
  static final ObjectMapper JSON = new ObjectMapper();
  /** Everything a host can put in a name: quotes, backslash, line breaks, controls, C1, bidi, separators. */
  static final String NASTY = "a \"q\" b\\c=d\ne\rf\tg\u0001h\u001b[31mi\u007fj\u009bk\u202el\u2028m\ud800n日本🙂\udb40\udc01o";

  final LoggerOutput output = new LoggerOutput();

  @Test
  void jsonIsOneObjectPerLineWithTsLevelLoggerMsg() throws Exception {
    output.settings.set(new LogSettings(Level.INFO, "", Level.INFO, LogFormat.JSON));
    long before = System.currentTimeMillis();
    output.logger("container-netstat").warn("{} namespace(s) failed: {}", 2, NASTY);
    String line = output.printed();
    assertThat(line.lines()).hasSize(1);
    JsonNode event = JSON.readTree(line);
    assertThat(event.fieldNames()).toIterable().containsExactly("ts", "level", "logger", "msg");
    assertThat(Instant.parse(event.get("ts").asText()).toEpochMilli()).isBetween(before, System.currentTimeMillis());
    assertThat(event.get("level").asText()).isEqualTo("warn");
    assertThat(event.get("logger").asText()).isEqualTo("container-netstat");
    assertThat(event.get("msg").asText()).as("read back unchanged").isEqualTo("2 namespace(s) failed: " + NASTY);
  }

  @Test
  void jsonEscapesControlBidiAndSeparatorCharactersAsUnicodeEscapes() {
    StringBuilder b = new StringBuilder();
    EventLine.jsonString(NASTY, b);
    assertThat(b).hasToString("\"a \\\"q\\\" b\\\\c=d\\ne\\rf\\tg\\u0001h\\u001b[31mi\\u007fj\\u009bk\\u202el\\u2028m"
        + "\\ud800n日本🙂\\udb40\\udc01o\"");
    assertThat(b.toString()).as("nothing a terminal obeys").doesNotContain("\u001b", "\u009b", "\u202e", "\n");
  }

  @Test
  void logfmtQuotesOnlyWhatNeedsItAndReadsBackAsJsonStrings() throws Exception {
    output.settings.set(new LogSettings(Level.INFO, "", Level.INFO, LogFormat.LOGFMT));
    StderrLogger log = output.logger("container-netstat");
    log.info("stopped");
    log.info("{}", NASTY);
    log.info("");
    String[] lines = output.printed().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).matches("ts=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z level=info "
        + "logger=container-netstat msg=stopped");
    String quoted = lines[1].substring(lines[1].indexOf(" msg=") + 5);
    assertThat(quoted).startsWith("\"").endsWith("\"");
    assertThat(JSON.readTree(quoted).asText()).as("logfmt's quoted value, read back").isEqualTo(NASTY);
    assertThat(lines[2]).as("an empty value is quoted").endsWith(" msg=\"\"");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "plain             | plain",
      "with space        | \"with space\"",
      "k=v               | \"k=v\"",
      "a\"b              | \"a\\\"b\"",
      "back\\slash       | back\\slash",
      "/proc/42/net/snmp | /proc/42/net/snmp"})
  void logfmtValues(String value, String written) {
    StringBuilder b = new StringBuilder();
    EventLine.logfmtValue(value, b);
    assertThat(b).hasToString(written);
  }

  @Test
  void aThrowableIsAFieldOfTheSameLine() throws Exception {
    output.settings.set(new LogSettings(Level.INFO, "", Level.INFO, LogFormat.JSON));
    output.logger("x").error("cycle failed", new IllegalStateException("boom\n" + NASTY));
    assertThat(output.printed().lines()).hasSize(1);
    JsonNode event = JSON.readTree(output.printed());
    assertThat(event.get("level").asText()).isEqualTo("error");
    assertThat(event.get("exception").asText()).startsWith("java.lang.IllegalStateException: boom\n" + NASTY + "\n")
        .contains("\tat io.containernetstat.agent.log.EventLineTest");

    output.bytes.reset();
    output.settings.set(new LogSettings(Level.INFO, "", Level.INFO, LogFormat.LOGFMT));
    output.logger("x").error("cycle failed", new IllegalStateException("boom"));
    assertThat(output.printed().lines()).hasSize(1);
    assertThat(output.printed()).contains(" msg=\"cycle failed\" exception=\"java.lang.IllegalStateException: boom\\n\\tat ");
  }

  @Test
  void levelsAreLowerCase() {
    assertThat(EventLine.levelName(Level.TRACE)).isEqualTo("trace");
    assertThat(EventLine.levelName(Level.DEBUG)).isEqualTo("debug");
    assertThat(EventLine.levelName(Level.INFO)).isEqualTo("info");
    assertThat(EventLine.levelName(Level.WARN)).isEqualTo("warn");
    assertThat(EventLine.levelName(Level.ERROR)).isEqualTo("error");
  }
}
