package io.containernetstat.sink.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exposition of {@link Fixtures#golden()} is exactly the golden file under
 * {@code src/test/resources/golden/}.
 *
 * <p>After an intended change of the output, regenerate the files and review the diff:
 * <pre>
 * mvn -B -q -pl sink-prometheus test -Dtest=GoldenExpositionTest -Dgolden.update=true
 * git diff sink-prometheus/src/test/resources/golden/
 * </pre>
 * {@code -Dgolden.update=sockets.prom} (names, comma-separated) rewrites only those files: a new one,
 * without touching the others.
 */
class GoldenExpositionTest {
  static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"default.prom", "host-network.prom", "default.openmetrics", "sockets.prom", "process.prom"})
  void expositionMatchesGoldenFile(String name) throws IOException {
    String actual = render(name);
    Path file = GOLDEN.resolve(name);
    if (updates(name)) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      System.out.println("golden file rewritten: " + file.toAbsolutePath());
    }
    assertThat(file).as("golden file %s (regenerate with -Dgolden.update=true)", file).exists();
    assertThat(actual).as("exposition %s differs from its golden file; if the change is intended, "
        + "regenerate with -Dgolden.update=true and review the diff", name)
        .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** {@return whether {@code -Dgolden.update} asks to rewrite the named file: {@code true}, or a list naming it} */
  private static boolean updates(String name) {
    String update = System.getProperty("golden.update", "false");
    return update.equals("true") || List.of(update.split(",")).contains(name);
  }

  /** The build {@code sockets.prom} exports, the everything-on page. */
  static final BuildInfo BUILD = new BuildInfo("0.1.0", "90eee9a7e2be", "17.0.9");

  /**
   * Renders the golden snapshot (with sockets and build info for {@code sockets.prom}) as the named golden
   * file holds it; {@code process.prom} is the process families of {@link ProcessCollectorTest#tree}.
   */
  static String render(String name) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (name) {
      case "default.prom":
        PrometheusText.write(Fixtures.golden(), out, PrometheusOptions.defaults());
        break;
      case "host-network.prom":
        PrometheusText.write(Fixtures.golden(), out, PrometheusOptions.defaults().withHostNetwork(true));
        break;
      case "sockets.prom":
        PrometheusText.write(Fixtures.goldenWithSockets(), out, PrometheusOptions.defaults().withBuildInfo(BUILD));
        break;
      case "process.prom":
        Path tree = Files.createTempDirectory("proc-self");
        try {
          io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create().write(out,
              new ProcessCollector(ProcessCollectorTest.tree(tree, ProcessCollectorTest.STAT,
                  ProcessCollectorTest.LIMITS)).collect());
        } finally {
          try (java.util.stream.Stream<Path> files = Files.walk(tree)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
          }
        }
        break;
      case "default.openmetrics":
        PrometheusText.writeOpenMetrics(Fixtures.golden(), out, PrometheusOptions.defaults());
        break;
      default:
        throw new IllegalArgumentException("no golden file " + name);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
