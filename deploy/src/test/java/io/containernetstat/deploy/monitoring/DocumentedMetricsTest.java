package io.containernetstat.deploy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The families {@link DocumentedMetrics} adds to METRICS.md's until METRICS.md lists them: once a table of
 * METRICS.md defines any family of such a set (a row begins with its name), METRICS.md must name all of
 * them, so that a family renamed there cannot hide behind the old name listed here.
 */
class DocumentedMetricsTest {
  @Test
  void aFamilySetMetricsMdHasStartedToListIsListedThereWhole() throws Exception {
    Set<String> defined = DocumentedMetrics.definedInMetricsMd();
    assertThat(defined).as("families in METRICS.md's tables").contains("container_sockstat_TCP_inuse");
    for (Set<String> families : List.of(DocumentedMetrics.FILESYSTEM_FAMILIES)) {
      if (families.stream().anyMatch(defined::contains)) {
        assertThat(DocumentedMetrics.inMetricsMd()).as("METRICS.md defines some of %s, so it must name them all"
            + " (or one was renamed: change DocumentedMetrics, the rules and the dashboard too)",
            new TreeSet<>(families)).containsAll(families);
      }
    }
  }
}
