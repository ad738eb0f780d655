package io.containernetstat.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.zjsonpatch.JsonPatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The validation of {@link ManifestsTest} catches what the API server would reject: each case breaks the
 * real rendered manifests in one way (a JSON patch) and must be reported, naming the field. Without these
 * cases a validator that accepts everything would pass ManifestsTest too.
 */
class StrictnessTest {
  /** Which check must catch it: reading into the API type, the unknown-field walk, or the API's rules. */
  enum Caught { READ, UNKNOWN_FIELD, API_RULE }

  record Breakage(String description, String kind, String patch, Caught caughtBy, String message) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Stream<Breakage> breakages() {
    String c = "/spec/template/spec/containers/0";
    return Stream.of(
        new Breakage("hostPID misspelt hostPid", "DaemonSet",
            "[{\"op\":\"remove\",\"path\":\"/spec/template/spec/hostPID\"},"
                + "{\"op\":\"add\",\"path\":\"/spec/template/spec/hostPid\",\"value\":true}]",
            Caught.UNKNOWN_FIELD, ".spec.template.spec: unknown field hostPid"),
        new Breakage("readOnlyRootFilesystem misspelt", "DaemonSet",
            "[{\"op\":\"add\",\"path\":\"" + c + "/securityContext/readOnlyRootFileSystem\",\"value\":true}]",
            Caught.UNKNOWN_FIELD, "securityContext: unknown field readOnlyRootFileSystem"),
        new Breakage("a field at the top of a volume mount", "DaemonSet",
            "[{\"op\":\"add\",\"path\":\"" + c + "/volumeMounts/0/readonly\",\"value\":true}]",
            Caught.UNKNOWN_FIELD, "volumeMounts[0]: unknown field readonly"),
        new Breakage("a boolean given as a string", "DaemonSet",
            "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/hostPID\",\"value\":\"true\"}]",
            Caught.READ, ".spec.template.spec.hostPID: Cannot coerce String value (\"true\")"),
        new Breakage("an env value given as a number", "DaemonSet",
            "[{\"op\":\"replace\",\"path\":\"" + c + "/env/3/value\",\"value\":9465}]",
            Caught.READ, ".spec.template.spec.containers[0].env[3].value: Cannot coerce Integer value (9465)"),
        new Breakage("a memory limit in MB, which Kubernetes does not know", "DaemonSet",
            "[{\"op\":\"replace\",\"path\":\"" + c + "/resources/limits/memory\",\"value\":\"160MB\"}]",
            Caught.UNKNOWN_FIELD, "'160MB' is not a quantity"),
        new Breakage("a hostPath type misspelt", "DaemonSet",
            "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/volumes/0/hostPath/type\",\"value\":\"Directoy\"}]",
            Caught.API_RULE, "hostPath.type 'Directoy'"),
        new Breakage("a probe on a port the container does not have", "DaemonSet",
            "[{\"op\":\"replace\",\"path\":\"" + c + "/livenessProbe/httpGet/port\",\"value\":\"metric\"}]",
            Caught.API_RULE, "'metric' names no port"),
        new Breakage("a mount of a volume that does not exist", "DaemonSet",
            "[{\"op\":\"replace\",\"path\":\"" + c + "/volumeMounts/0/name\",\"value\":\"procfs\"}]",
            Caught.API_RULE, "names no volume 'procfs'"),
        new Breakage("a variable referring to one not defined before it", "DaemonSet",
            "[{\"op\":\"replace\",\"path\":\"" + c + "/env/1/value\",\"value\":\"$(NODENAME)\"}]",
            Caught.API_RULE, "refers to $(NODENAME)"),
        new Breakage("a capability spelt with CAP_", "DaemonSet",
            "[{\"op\":\"replace\",\"path\":\"" + c + "/securityContext/capabilities/add/0\",\"value\":\"CAP_SYS_PTRACE\"}]",
            Caught.API_RULE, "capability 'CAP_SYS_PTRACE'"),
        new Breakage("a selector that misses the template's labels", "DaemonSet",
            "[{\"op\":\"replace\",\"path\":\"/spec/selector/matchLabels/app.kubernetes.io~1name\",\"value\":\"agent\"}]",
            Caught.API_RULE, "does not match the template's labels"),
        new Breakage("a Service aimed at a port name the pods do not have", "Service",
            "[{\"op\":\"replace\",\"path\":\"/spec/ports/0/targetPort\",\"value\":\"http\"}]",
            Caught.API_RULE, "'http' names no port"),
        new Breakage("a PodMonitor field misspelt", "PodMonitor",
            "[{\"op\":\"move\",\"from\":\"/spec/podMetricsEndpoints\",\"path\":\"/spec/podMetricEndpoints\"}]",
            Caught.UNKNOWN_FIELD, ".spec: unknown field podMetricEndpoints"),
        new Breakage("a PodMonitor relabeling field misspelt", "PodMonitor",
            "[{\"op\":\"add\",\"path\":\"/spec/podMetricsEndpoints/0/relabelings/0/source_labels\",\"value\":[\"a\"]}]",
            Caught.UNKNOWN_FIELD, "relabelings[0]: unknown field source_labels"),
        new Breakage("a PodMonitor interval that is not a duration", "PodMonitor",
            "[{\"op\":\"replace\",\"path\":\"/spec/podMetricsEndpoints/0/interval\",\"value\":\"30 seconds\"}]",
            Caught.API_RULE, "'30 seconds' is not a Prometheus duration"),
        new Breakage("a ServiceMonitor field misspelt", "ServiceMonitor",
            "[{\"op\":\"move\",\"from\":\"/spec/endpoints\",\"path\":\"/spec/endpoint\"}]",
            Caught.UNKNOWN_FIELD, ".spec: unknown field endpoint"),
        new Breakage("a ServiceMonitor on a port name the Service does not have", "ServiceMonitor",
            "[{\"op\":\"replace\",\"path\":\"/spec/endpoints/0/port\",\"value\":\"http-metrics\"}]",
            Caught.API_RULE, "endpoints port 'http-metrics' is no port of Service container-netstat"),
        new Breakage("a ServiceMonitor selecting labels the Service does not have", "ServiceMonitor",
            "[{\"op\":\"add\",\"path\":\"/spec/selector/matchLabels/app.kubernetes.io~1component\",\"value\":\"agent\"}]",
            Caught.API_RULE, "selects none of the Services"),
        new Breakage("a ServiceMonitor in another namespace than the Service", "ServiceMonitor",
            "[{\"op\":\"replace\",\"path\":\"/metadata/namespace\",\"value\":\"monitoring\"}]",
            Caught.API_RULE, "selects none of the Services"),
        new Breakage("a ServiceMonitor job label the Service does not carry", "ServiceMonitor",
            "[{\"op\":\"replace\",\"path\":\"/spec/jobLabel\",\"value\":\"app\"}]",
            Caught.API_RULE, "spec.jobLabel 'app' is no label of the selected Services"));
  }

  private static List<ObjectNode> rendered() {
    return Kustomize.render(ManifestsTest.KUBERNETES,
        List.of(ManifestsTest.KUBERNETES.resolve("components/prometheus-operator"),
            ManifestsTest.KUBERNETES.resolve("components/service-monitor"))).objects();
  }

  @Test
  void theRealManifestsPassEveryCheck() {
    List<HasMetadata> typed = rendered().stream().map(StrictKubernetes::read).toList();
    assertThat(typed).extracting(HasMetadata::getKind).contains("DaemonSet", "Service", "PodMonitor", "ServiceMonitor");
    typed.forEach(o -> assertThat(StrictKubernetes.unknownFields(o)).as(o.getKind()).isEmpty());
    assertThat(ApiRules.check(typed)).isEmpty();
  }

  @ParameterizedTest(name = "{0} is rejected")
  @MethodSource("breakages")
  void eachBreakageIsRejectedNamingTheField(Breakage b) throws Exception {
    List<ObjectNode> objects = new ArrayList<>(rendered());
    int i = indexOf(objects, b.kind());
    JsonNode patch = Kustomize.YAML.readTree(b.patch());
    objects.set(i, (ObjectNode) JsonPatch.apply(patch, objects.get(i)));

    switch (b.caughtBy()) {
      case READ -> assertThatThrownBy(() -> StrictKubernetes.read(objects.get(i)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(b.message());
      case UNKNOWN_FIELD -> assertThat(StrictKubernetes.unknownFields(StrictKubernetes.read(objects.get(i))))
          .anySatisfy(p -> assertThat(p).contains(b.message()));
      case API_RULE -> {
        List<HasMetadata> typed = objects.stream().map(StrictKubernetes::read).toList();
        typed.forEach(o -> assertThat(StrictKubernetes.unknownFields(o)).as("no unknown field in %s", o.getKind()).isEmpty());
        assertThat(ApiRules.check(typed)).anySatisfy(p -> assertThat(p).contains(b.message()));
      }
    }
  }

  @Test
  void aKeyGivenTwiceInAFileIsRejected(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("twice.yaml");
    Files.writeString(file, "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n  name: b\n");
    assertThatThrownBy(() -> Kustomize.readYamlDocuments(file)).hasMessageContaining("Duplicate field 'name'");
  }

  @Test
  void aKindWithoutAKnownApiTypeIsRejected() throws Exception {
    JsonNode cm = Kustomize.YAML.readTree("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
    assertThatThrownBy(() -> StrictKubernetes.read(cm)).hasMessageContaining("no API type known for v1/ConfigMap");
  }

  private static int indexOf(List<ObjectNode> objects, String kind) {
    for (int i = 0; i < objects.size(); i++) {
      if (objects.get(i).path("kind").asText().equals(kind)) {
        return i;
      }
    }
    throw new AssertionError("no " + kind + " rendered");
  }
}
