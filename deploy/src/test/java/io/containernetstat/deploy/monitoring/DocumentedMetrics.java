package io.containernetstat.deploy.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names the agent may export: every complete name written in backticks in
 * {@code sink-prometheus/METRICS.md} (whose own test keeps it in step with the code), plus the filesystem
 * families of issue 7 and the sockets families of issue 15 until METRICS.md lists them, plus Prometheus's
 * own {@code up}. A rule or a panel that uses any other name has a typo or uses a renamed metric. Stateless.
 */
final class DocumentedMetrics {
  /**
   * The filesystem families issue 7 specifies (names binding: node_exporter's with the {@code container_}
   * prefix). Listed here because they may not be in METRICS.md yet; harmless once they are.
   */
  static final Set<String> FILESYSTEM_FAMILIES = Set.of(
      "container_filesystem_size_bytes",
      "container_filesystem_free_bytes",
      "container_filesystem_avail_bytes",
      "container_filesystem_files",
      "container_filesystem_files_free",
      "container_filesystem_readonly");

  /** Series Prometheus itself writes for every target. */
  static final Set<String> PROMETHEUS_SERIES = Set.of("up");

  private static final Pattern BACKTICKED = Pattern.compile("`(container_[A-Za-z0-9_]+)`");
  private static final Pattern TABLE_ROW = Pattern.compile("^\\| `(container_[A-Za-z0-9_]+)`", Pattern.MULTILINE);

  private DocumentedMetrics() {}

  /**
   * {@return every documented name}
   *
   * @throws IOException if METRICS.md cannot be read
   */
  static Set<String> names() throws IOException {
    Set<String> names = new TreeSet<>(FILESYSTEM_FAMILIES);
    names.addAll(PROMETHEUS_SERIES);
    names.addAll(inMetricsMd());
    return names;
  }

  /**
   * {@return the names METRICS.md itself writes in backticks}
   *
   * @throws IOException if METRICS.md cannot be read
   */
  static Set<String> inMetricsMd() throws IOException {
    return matches(BACKTICKED);
  }

  /**
   * {@return the families METRICS.md defines: the names that begin a row of one of its tables} (a name
   * in the text may be one it says is not exported)
   *
   * @throws IOException if METRICS.md cannot be read
   */
  static Set<String> definedInMetricsMd() throws IOException {
    return matches(TABLE_ROW);
  }

  private static Set<String> matches(Pattern pattern) throws IOException {
    Set<String> names = new TreeSet<>();
    Matcher m = pattern.matcher(Files.readString(MonitoringFiles.metricsDoc()));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
