package io.containernetstat.sink.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Container;
import io.containernetstat.core.Container.Pod;
import io.containernetstat.core.LabelSelection;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.Snapshot;
import io.containernetstat.core.filesystem.ContainerFilesystems;
import io.containernetstat.testkit.Snapshots;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link PrometheusOptions#withContainerLabels}: cAdvisor's {@code container_label_<name>} on our series. */
class ContainerLabelsTest {
  static final String WEB_ID = "ab" + "1".repeat(62);
  static final String DB_ID = "cd" + "2".repeat(62);
  static final String HOST_ID = "ef" + "3".repeat(62);

  /** A labelled plain container, a pod whose sandbox and app carry different labels, the host's namespace. */
  static Snapshot snapshot() {
    Container web = new Container(WEB_ID, "web", "nginx:1.27", "docker", 11, 1,
        Map.of("com.docker.compose.service", "web", "team", "shop \"front\"\n", "app.name", "dot", "app_name",
            "underscore", "unselected", "x"), null, null, false);
    Pod pod = new Pod("shop", "db-0", "uid-1");
    Container sandbox = new Container(DB_ID, "k8s_POD_db-0", "pause:3.9", "docker", 21, 1,
        Map.of("team", "db-pod"), pod, null, true);
    Container db = new Container("99" + "9".repeat(62), "k8s_db_db-0", "postgres:16", "docker", 22, 1,
        Map.of("team", "db-app"), pod, "db", false);
    Container host = new Container(HOST_ID, "node-agent", "agent:1", "docker", 31, 1, Map.of("team", "infra"),
        null, null, false);
    List<NamespaceSnapshot> namespaces = List.of(
        NamespaceSnapshot.read(new NetnsTarget(4026532001L, 11, 1, false, WEB_ID, null, List.of(web)), Fixtures.live()),
        NamespaceSnapshot.read(new NetnsTarget(4026532002L, 21, 1, false, DB_ID, pod, List.of(sandbox, db)),
            Fixtures.live()),
        NamespaceSnapshot.read(new NetnsTarget(4026531840L, 31, 1, true, null, null, List.of(host)), Fixtures.live()));
    Snapshot s = Snapshots.of(Fixtures.TIMESTAMP, EnumSet.allOf(ProcNetFile.class), namespaces);
    return new Snapshot(s.timestamp(), s.resolver(), s.resolveNanos(), s.durationNanos(), s.hostNetns(),
        s.hostWide(), s.files(), s.namespaces(), 0, 0, null, List.of(), List.of(
            new ContainerFilesystems(db, List.of(Fixtures.overlayRoot(1_000_000_000L)), null, null)));
  }

  static final PrometheusOptions SELECTED = PrometheusOptions.defaults().withHostNetwork(true)
      .withContainerLabels(LabelSelection.matching("com\\.docker\\.compose\\..*|team|app.name"));

  @Test
  void aNamespaceCarriesItsRepresentativesSelectedLabelsSanitisedAndEscaped() {
    String text = PrometheusText.toText(snapshot(), SELECTED);
    assertThat(text).contains("container_sockstat_sockets_used{container=\"\",container_label_app_name=\"dot\","
        + "container_label_com_docker_compose_service=\"web\",container_label_team=\"shop \\\"front\\\"\\n\","
        + "host_network=\"false\",id=\"" + WEB_ID + "\"");
    // the pod's namespace is named after its sandbox: the sandbox's labels, not the app's
    assertThat(text).contains("container_sockstat_sockets_used{container=\"\",container_label_team=\"db-pod\",host_network=\"false\","
        + "id=\"" + DB_ID + "\"");
    assertThat(text).doesNotContain("db-app\",host_network").doesNotContain("unselected").doesNotContain("underscore");
  }

  @Test
  void theHostsNamespaceTakesNoContainersLabels() {
    String text = PrometheusText.toText(snapshot(), SELECTED);
    assertThat(text).contains("container_sockstat_sockets_used{container=\"\",host_network=\"true\",id=\"\"")
        .doesNotContain("infra");
  }

  @Test
  void aFilesystemCarriesItsOwnContainersLabels() {
    String text = PrometheusText.toText(snapshot(), SELECTED);
    assertThat(text).contains("container_filesystem_size_bytes{container=\"db\",container_label_team=\"db-app\",device=");
  }

  @Test
  void offByDefaultTheExpositionIsTheSameAsWithoutLabels() {
    Snapshot s = snapshot();
    String text = PrometheusText.toText(s, PrometheusOptions.defaults().withHostNetwork(true));
    assertThat(text).doesNotContain("container_label_");
    assertThat(PrometheusText.toText(s, PrometheusOptions.defaults().withHostNetwork(true)
        .withContainerLabels(LabelSelection.matching("nothing-matches")))).isEqualTo(text);
  }

  @Test
  void optionsCompareTheirSelection() {
    assertThat(PrometheusOptions.defaults().containerLabels()).isEqualTo(LabelSelection.none());
    assertThat(PrometheusOptions.defaults().withContainerLabels(LabelSelection.matching("a")))
        .isEqualTo(PrometheusOptions.defaults().withContainerLabels(LabelSelection.matching("a")))
        .isNotEqualTo(PrometheusOptions.defaults());
  }
}
