package io.containernetstat.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.containernetstat.core.LabelSelection.Label;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link LabelSelection}: cAdvisor's names, whole-key matching, collisions, limits, the representative. */
class LabelSelectionTest {

  private static Container container(String id, Map<String, String> labels) {
    return new Container(id, "web-" + id, "busybox", "docker", 10, 1, labels, null, null, false);
  }

  private static List<String> names(List<Label> labels) {
    return labels.stream().map(Label::name).toList();
  }

  @ParameterizedTest(name = "{0} is named {1}")
  @CsvSource({
      "app,                         container_label_app",
      "com.docker.compose.service,  container_label_com_docker_compose_service",
      "app.kubernetes.io/name,      container_label_app_kubernetes_io_name",
      "9lives,                      container_label_9lives",
      "Team-A_b,                    container_label_Team_A_b",
      "été,                         container_label__t_",
      "a\uD83D\uDE00b,              container_label_a_b",
  })
  void namesAreThePrefixAndTheSanitisedKey(String key, String name) {
    assertThat(LabelSelection.name(key)).isEqualTo(name);
  }

  @Test
  void theRegexMustMatchTheWholeKey() {
    LabelSelection s = LabelSelection.matching("app|com\\.example\\..*");
    List<Label> got = s.select(container("a", Map.of("app", "1", "application", "2", "com.example.team", "3",
        "xcom.example.team", "4")));
    assertThat(got).containsExactly(
        new Label("container_label_app", "app", "1"),
        new Label("container_label_com_example_team", "com.example.team", "3"));
  }

  @Test
  void noneSelectsNothingAndIsOff() {
    assertThat(LabelSelection.none().enabled()).isFalse();
    assertThat(LabelSelection.none().keys()).isEmpty();
    assertThat(LabelSelection.none().select(container("a", Map.of("app", "1")))).isEmpty();
    assertThat(LabelSelection.matching(".*").enabled()).isTrue();
  }

  @Test
  void keysThatReadTheSameOnceSanitisedGiveTheFirstKeysValue() {
    Map<String, String> labels = new HashMap<>();
    labels.put("app_name", "underscore");
    labels.put("app.name", "dot");
    labels.put("app-name", "dash");
    // '-' (0x2d) < '.' (0x2e) < '_' (0x5f): app-name is first, whatever the map's order
    assertThat(LabelSelection.matching(".*").select(container("a", labels)))
        .containsExactly(new Label("container_label_app_name", "app-name", "dash"));
    labels.remove("app-name");
    assertThat(LabelSelection.matching(".*").select(container("a", labels)))
        .containsExactly(new Label("container_label_app_name", "app.name", "dot"));
  }

  @Test
  void atMostMaxLabelsAreKeptTheFirstNamesInOrderAndTheCutIsToldOnce() {
    Map<String, String> labels = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      labels.put(String.format("k%02d", i), "v" + i);
    }
    List<String> told = new ArrayList<>();
    LabelSelection s = LabelSelection.matching(".*").onFirstCut(told::add);
    List<Label> got = s.select(container("a", labels));
    assertThat(got).hasSize(LabelSelection.DEFAULT_MAX_LABELS);
    assertThat(got.get(0).name()).isEqualTo("container_label_k00");
    assertThat(got.get(31).name()).isEqualTo("container_label_k31");
    s.select(container("a", labels));
    s.select(container("b", labels));
    assertThat(told).containsExactly("container web-a (a): 40 labels selected, 32 kept (at most 32 per container); "
        + "0 values cut to 256 characters; later cuts are not reported");
  }

  @Test
  void longValuesAreCutToTheLimitNeverInsideASurrogatePair() {
    List<String> told = new ArrayList<>();
    LabelSelection s = LabelSelection.matching(".*").withLimits(2, 4).onFirstCut(told::add);
    List<Label> got = s.select(container("a", Map.of("a", "12345", "b", "123\uD83D\uDE00", "c", "kept out")));
    assertThat(got).containsExactly(new Label("container_label_a", "a", "1234"),
        new Label("container_label_b", "b", "123"));
    assertThat(told).singleElement().asString().contains("3 labels selected, 2 kept", "2 values cut to 4");
    assertThat(s.select(container("b", Map.of("a", "1234")))).extracting(Label::value).containsExactly("1234");
  }

  @Test
  void noCutNoListenerCall() {
    List<String> told = new ArrayList<>();
    LabelSelection s = LabelSelection.matching(".*").withLimits(1, 3).onFirstCut(told::add);
    assertThat(names(s.select(container("a", Map.of("a", "123"))))).containsExactly("container_label_a");
    assertThat(told).isEmpty();
  }

  @Test
  void aNamespaceTakesItsRepresentativesLabelsAndTheHostsTakesNone() {
    Container sandbox = new Container("s", "pause", "", "docker", 1, 1, Map.of("team", "sandbox"),
        new Container.Pod("default", "p", "u"), null, true);
    Container app = new Container("c", "app", "", "docker", 2, 1, Map.of("team", "app"),
        new Container.Pod("default", "p", "u"), "app", false);
    LabelSelection s = LabelSelection.matching("team");
    NetnsTarget pod = new NetnsTarget(5, 2, 1, false, null, sandbox.pod(), List.of(app, sandbox));
    assertThat(s.select(pod)).extracting(Label::value).containsExactly("sandbox");
    NetnsTarget joined = new NetnsTarget(6, 2, 1, false, "c", null, List.of(sandbox, app));
    assertThat(s.select(joined)).extracting(Label::value).containsExactly("app");
    NetnsTarget host = new NetnsTarget(7, 2, 1, true, "c", null, List.of(app));
    assertThat(s.select(host)).isEmpty();
    assertThat(s.select(new NetnsTarget(8, 2, 1, false, null, null, List.of()))).isEmpty();
  }

  @Test
  void theDecisionPerKeyIsRememberedOnlyUpToTheBound() {
    LabelSelection s = LabelSelection.matching("k[0-9]*");
    for (int i = 0; i < LabelSelection.MAX_REMEMBERED_KEYS + 10; i++) {
      assertThat(names(s.select(container("a", Map.of("k" + i, "v", "x" + i, "v"))))).containsExactly(
          "container_label_k" + i);
    }
  }

  @Test
  void badRegexAndLimitsAreRefused() {
    assertThatThrownBy(() -> LabelSelection.matching("(")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("container label regex does not compile: ");
    assertThatThrownBy(() -> LabelSelection.matching(".*").withLimits(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LabelSelection.matching(".*").withLimits(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void equalWhenTheRegexTextAndLimitsAreEqual() {
    assertThat(LabelSelection.matching("a.*")).isEqualTo(LabelSelection.matching("a.*"))
        .hasSameHashCodeAs(LabelSelection.matching("a.*"))
        .isNotEqualTo(LabelSelection.matching("b.*"))
        .isNotEqualTo(LabelSelection.matching("a.*").withLimits(1, 1))
        .isNotEqualTo(LabelSelection.none());
    assertThat(LabelSelection.none()).isEqualTo(LabelSelection.none());
  }
}
