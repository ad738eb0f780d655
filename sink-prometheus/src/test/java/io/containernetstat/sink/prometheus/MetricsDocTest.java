package io.containernetstat.sink.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code METRICS.md} names every family the golden snapshots export (sockets, build info and the process
 * families included), under its exposition name.
 */
class MetricsDocTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"default.prom", "host-network.prom", "sockets.prom", "process.prom"})
  void metricsDocumentListsEveryExportedFamily(String golden) throws Exception {
    String doc = Files.readString(Path.of("METRICS.md"), StandardCharsets.UTF_8);
    List<String> families = GoldenExpositionTest.render(golden).lines()
        .filter(l -> l.startsWith("# TYPE "))
        .map(l -> l.split(" ")[2])
        .collect(Collectors.toList());
    assertThat(families).isNotEmpty();
    assertThat(families).as("families missing from METRICS.md")
        .allSatisfy(f -> assertThat(doc).as(f).contains("`" + f + "`"));
  }
}
