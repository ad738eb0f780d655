package io.containernetstat.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Counters;
import io.containernetstat.core.NetnsStats;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.internal.ProcNetParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one copy of the real kernel samples, netstat-core's {@code src/test/resources/procfs-samples/}
 * (see the README and NOTICE there): loads and parses them, for every module's tests through
 * netstat-core's test-jar.
 *
 * <p>Samples are read as class-path streams, never as paths: in another module under {@code mvn verify}
 * they are entries of the test JAR ({@code jar:} URLs). A test that needs files on disk copies them
 * ({@link #copy(String, Path)}, {@link #copyTree(Path)}).
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

  /** {@link #ALL} for JUnit: {@code @FieldSource(ProcfsSamples.ALL_FIELD)} runs a test once per sample. */
  public static final String ALL_FIELD = "io.containernetstat.testkit.ProcfsSamples#ALL";

  private ProcfsSamples() {}

  /** {@return the bytes of {@code path}, relative to {@code procfs-samples/}} */
  public static byte[] bytes(String path) {
    return TestResources.bytes(ProcfsSamples.class, "/procfs-samples/" + path);
  }

  /** Copies the sample at {@code path} to {@code file}, creating its directory; {@return {@code file}} */
  public static Path copy(String path, Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.write(file, bytes(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies every sample of {@link #ALL} under {@code dir}, keeping their paths; {@return {@code dir}} */
  public static Path copyTree(Path dir) {
    for (String path : ALL) {
      copy(path, dir.resolve(path));
    }
    return dir;
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

  /** {@return the sample at {@code path} parsed by a new parser for {@code file}, whatever its name} */
  public static Counters parseAs(ProcNetFile file, String path) {
    return parse(file, path, bytes(path));
  }

  /**
   * Builds a namespace's stats from samples.
   *
   * @param requested the files that were asked for (those not in {@code present} count as absent)
   * @param present the sample path read for each file present
   * @return the stats
   */
  public static NetnsStats stats(Set<ProcNetFile> requested, Map<ProcNetFile, String> present) {
    Map<ProcNetFile, Counters> counters = new EnumMap<>(ProcNetFile.class);
    present.forEach((file, path) -> counters.put(file, parseAs(file, path)));
    return NetnsStats.of(requested, counters);
  }

  /**
   * {@return the prometheus/procfs fixture of {@code file} as a host reads it: sockstat and sockstat6 of
   * {@code /proc/net}, the rest of {@code /proc/26231/net}}
   */
  public static String fixture(ProcNetFile file) {
    boolean sockstat = file == ProcNetFile.SOCKSTAT || file == ProcNetFile.SOCKSTAT6;
    return (sockstat ? FIXTURE_NET : FIXTURE_PID) + file.fileName();
  }

  /**
   * {@return the stats of the live capture's files {@code present}}
   *
   * @param requested the files that were asked for
   */
  public static NetnsStats liveStats(Set<ProcNetFile> requested, Set<ProcNetFile> present) {
    Map<ProcNetFile, String> paths = new EnumMap<>(ProcNetFile.class);
    present.forEach(f -> paths.put(f, LIVE + f.fileName()));
    return stats(requested, paths);
  }

  /**
   * {@return the stats of the prometheus/procfs fixtures' files {@code present} (see {@link #fixture})}
   *
   * @param requested the files that were asked for
   */
  public static NetnsStats fixtureStats(Set<ProcNetFile> requested, Set<ProcNetFile> present) {
    Map<ProcNetFile, String> paths = new EnumMap<>(ProcNetFile.class);
    present.forEach(f -> paths.put(f, fixture(f)));
    return stats(requested, paths);
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
