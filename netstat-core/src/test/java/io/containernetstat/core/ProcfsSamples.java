package io.containernetstat.core;

import io.containernetstat.core.internal.ProcNetParser;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Loads the real procfs captures under {@code src/test/resources/procfs-samples/} (see the README there)
 * and parses them; shared with other modules' tests through the test-jar.
 */
public final class ProcfsSamples {
  /** Kernel 6.18.44 capture in a fresh network namespace. */
  public static final String LIVE = "live-6.18.44-fc-v657/";
  /** prometheus/procfs fixtures read through a pid: snmp, snmp6, netstat, dev. */
  public static final String FIXTURE_PID = "procfs-fixtures/proc/26231/net/";
  /** prometheus/procfs fixtures read through /proc/net: sockstat, sockstat6, dev. */
  public static final String FIXTURE_NET = "procfs-fixtures/proc/net/";

  /** Every sample a parser reads, as {@code directory + file name}. */
  public static final List<String> ALL = List.of(
      LIVE + "sockstat", LIVE + "sockstat6", LIVE + "snmp", LIVE + "snmp6", LIVE + "netstat", LIVE + "dev",
      FIXTURE_NET + "sockstat", FIXTURE_NET + "sockstat6", FIXTURE_NET + "dev",
      FIXTURE_PID + "snmp", FIXTURE_PID + "snmp6", FIXTURE_PID + "netstat", FIXTURE_PID + "dev");

  private ProcfsSamples() {}

  /** {@return the bytes of {@code path}, relative to {@code procfs-samples/}} */
  public static byte[] bytes(String path) {
    String resource = "/procfs-samples/" + path;
    try (InputStream in = ProcfsSamples.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@return the text of {@code path}, relative to {@code procfs-samples/}} */
  public static String text(String path) {
    return new String(bytes(path), StandardCharsets.US_ASCII);
  }

  /** {@return which file {@code path} is, from its last path segment} */
  public static ProcNetFile fileOf(String path) {
    return ProcNetFile.ofFileName(path.substring(path.lastIndexOf('/') + 1));
  }

  /** {@return the sample at {@code path} parsed by a new parser for its file} */
  public static Counters parse(String path) {
    return parse(fileOf(path), path, bytes(path));
  }

  /** {@return {@code content} parsed by a new parser for {@code file}} */
  public static Counters parse(ProcNetFile file, String source, byte[] content) {
    return ProcNetParser.forFile(file).parse(source, content, 0, content.length);
  }

  /** {@return {@code content} parsed by a new parser for {@code file}} */
  public static Counters parse(ProcNetFile file, String content) {
    return parse(file, "test/" + file.fileName(), content.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * Returns a field's value, failing with a message that names the field when it is missing.
   *
   * @return the raw 64-bit value
   */
  public static long field(Counters counters, String group, String name) {
    int i = counters.indexOf(group, name);
    assertThat(i).as("field %s %s is missing (groups present: %s)", group, name, counters.groups()).isNotNegative();
    return counters.value(i);
  }

  /** Asserts that a field exists and prints exactly as {@code expected}; the message names the field. */
  public static void assertField(Counters counters, String source, String group, String name, String expected) {
    int i = counters.indexOf(group, name);
    assertThat(i).as("%s: field %s %s is missing", source, group, name).isNotNegative();
    assertThat(counters.format(i)).as("%s: value of %s %s", source, group, name).isEqualTo(expected);
  }
}
