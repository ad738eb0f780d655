package io.containernetstat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMetricsEndpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way deploy/kubernetes can be applied (the default, each component, the open-falcon overlay) is
 * rendered and checked: each object strictly against the Kubernetes API types (no unknown field, no
 * coerced scalar), the API's own rules, the agent's permissions, and the agent's option names.
 */
class ManifestsTest {
  static final Path KUBERNETES = Path.of("kubernetes").toAbsolutePath().normalize();
  private static final Path COMPONENTS = KUBERNETES.resolve("components");

  /** A way to apply the manifests: a kustomization directory plus components added on top. */
  record Variant(String description, Path dir, List<String> components) {
    Kustomize.Result render() {
      return Kustomize.render(dir, components.stream().map(COMPONENTS::resolve).toList());
    }

    @Override
    public String toString() {
      return description;
    }
  }

  static Stream<Variant> variants() {
    Path falcon = KUBERNETES.resolve("openfalcon");
    return Stream.of(
        new Variant("the default (kubectl apply -k deploy/kubernetes)", KUBERNETES, List.of()),
        new Variant("with the Prometheus Operator's PodMonitor", KUBERNETES, List.of("prometheus-operator")),
        new Variant("with the Prometheus Operator's ServiceMonitor", KUBERNETES, List.of("service-monitor")),
        new Variant("on CRI-O nodes", KUBERNETES, List.of("cri-o")),
        new Variant("with the Docker API", KUBERNETES, List.of("docker")),
        new Variant("with HTTPS and basic auth from a Secret", KUBERNETES, List.of("web-config")),
        new Variant("with listen queues from sock_diag", KUBERNETES, List.of("sockets")),
        new Variant("with every component", KUBERNETES,
            List.of("prometheus-operator", "service-monitor", "cri-o", "docker", "web-config", "sockets")),
        new Variant("pushing to open-falcon", falcon, List.of()),
        new Variant("pushing to open-falcon with the Docker API on CRI-O nodes", falcon, List.of("docker", "cri-o")));
  }

  private static List<HasMetadata> typed(Variant v) {
    return ManifestChecks.typed(v.render().objects());
  }

  /** CAP_SYS_ADMIN only where components/sockets asks for it: setns into each namespace, for sock_diag. */
  private static List<String> capabilities(Variant v) {
    return v.components().contains("sockets") ? List.of("SYS_PTRACE", "SYS_ADMIN") : List.of("SYS_PTRACE");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void everyObjectHasOnlyFieldsTheKubernetesApiKnows(Variant v) {
    assertThat(ManifestChecks.unknownFields(typed(v))).as("unknown fields").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void everyObjectPassesTheApiServersRules(Variant v) {
    assertThat(ApiRules.check(typed(v))).as("API rule violations").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void theAgentGetsOnlyThePermissionsItNeeds(Variant v) {
    ManifestChecks.assertOnlyNeededPermissions(typed(v), capabilities(v));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void theRuntimesMetadataIsMountedWhereTheAgentReadsIt(Variant v) {
    ManifestChecks.assertRuntimeMetadataWhereTheAgentReadsIt(typed(v));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void theAgentsSettingsAreOptionsTheAgentKnows(Variant v) throws Exception {
    ManifestChecks.assertSettingsAreAgentOptions(typed(v));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void theAgentsArgumentsAreOptionsTheAgentKnows(Variant v) throws Exception {
    ManifestChecks.assertArgumentsAreAgentOptions(typed(v));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void rendersAsKubectlKustomizeDoes(Variant v) throws Exception {
    io.containernetstat.core.kernel.Environment.requireOrSkip(Kubectl.hasKustomizeV4(),
        "kubectl with kustomize v4 or later is not installed: the renderer is not compared here");
    // kustomize accepts only relative paths: a temporary kustomization beside the real ones
    Path dir = Files.createTempDirectory(KUBERNETES.getParent().resolve("target"), "kustomize-");
    try {
      StringBuilder k = new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n");
      k.append("resources:\n  - ").append(dir.relativize(v.dir())).append('\n');
      if (!v.components().isEmpty()) {
        k.append("components:\n");
        for (String c : v.components()) {
          k.append("  - ").append(dir.relativize(COMPONENTS.resolve(c))).append('\n');
        }
      }
      Files.writeString(dir.resolve("kustomization.yaml"), k);
      Path out = dir.resolve("out.yaml");
      Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectOutput(out.toFile())
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
      assertThat(p.exitValue()).as("kubectl kustomize exit code").isZero();
      Map<String, JsonNode> expected = Kustomize.byId(Kustomize.readYamlDocuments(out));
      Map<String, JsonNode> actual = Kustomize.byId(new ArrayList<>(v.render().objects()));
      assertThat(actual.keySet()).as("objects").isEqualTo(expected.keySet());
      for (String id : expected.keySet()) {
        assertThat(actual.get(id)).as(id).isEqualTo(expected.get(id));
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(f -> f.toFile().delete());
      }
    }
  }

  @Test
  void everyYamlFileUnderDeployKubernetesIsUsedBySomeVariant() throws IOException {
    Set<Path> used = new HashSet<>();
    variants().forEach(v -> used.addAll(v.render().filesRead()));
    Set<Path> all;
    try (Stream<Path> files = Files.walk(KUBERNETES)) {
      all = files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .map(f -> f.toAbsolutePath().normalize()).collect(Collectors.toCollection(TreeSet::new));
    }
    all.removeAll(used);
    assertThat(all).as("YAML files no variant renders, so no test validates").isEmpty();
  }

  @Test
  void theDefaultServesPrometheusAndTheOverlayPushesToTheNodesFalconAgent() {
    List<HasMetadata> prometheus = typed(variants().findFirst().orElseThrow());
    Container c = ManifestChecks.agent(prometheus);
    assertThat(ManifestChecks.env(c)).containsEntry("CONTAINER_NETSTAT_SINK", "prometheus")
        .containsEntry("CONTAINER_NETSTAT_LISTEN", "0.0.0.0:9465")
        .containsEntry("CONTAINER_NETSTAT_PROC_ROOT", "/host/proc")
        .containsEntry("CONTAINER_NETSTAT_CGROUP_ROOT", "/host/sys/fs/cgroup")
        .containsEntry("CONTAINER_NETSTAT_ENDPOINT", "$(NODE_NAME)");
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(c.getPorts()).extracting(p -> p.getContainerPort()).containsExactly(9465);

    Variant falcon = variants().filter(x -> x.dir().endsWith("openfalcon") && x.components().isEmpty()).findFirst().orElseThrow();
    Container f = ManifestChecks.agent(typed(falcon));
    assertThat(ManifestChecks.env(f)).containsEntry("CONTAINER_NETSTAT_SINK", "openfalcon")
        .containsEntry("CONTAINER_NETSTAT_FALCON_URL", "http://$(HOST_IP):1988/v1/push");
    assertThat(f.getEnv()).filteredOn(e -> e.getName().equals("HOST_IP"))
        .singleElement().satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.hostIP"));
    assertThat(f.getLivenessProbe()).as("no HTTP server to probe when only pushing").isNull();
    assertThat(f.getPorts()).isEmpty();
  }

  @Test
  void theBaseMountsDockersContainersAndPodmansStorageReadOnlyOnEveryVariant() {
    variants().forEach(v -> {
      var pod = ManifestChecks.daemonSet(typed(v)).getSpec().getTemplate().getSpec();
      assertThat(pod.getVolumes()).as(v.description()).filteredOn(x -> x.getHostPath() != null)
          .extracting(x -> x.getName() + "=" + x.getHostPath().getPath() + " " + x.getHostPath().getType())
          .contains("docker-containers=/var/lib/docker/containers DirectoryOrCreate",
              "podman-containers=" + ManifestChecks.PODMAN_CONTAINERS + " DirectoryOrCreate",
              "podman-state=" + ManifestChecks.PODMAN_STATE + " DirectoryOrCreate");
      Container c = pod.getContainers().get(0);
      assertThat(ManifestChecks.env(c)).as(v.description()).containsEntry("CONTAINER_NETSTAT_DOCKER_ROOT", "/host/docker-root");
      assertThat(c.getVolumeMounts()).as(v.description())
          .filteredOn(m -> m.getName().startsWith("docker-containers") || m.getName().startsWith("podman-"))
          .hasSize(3).allSatisfy(m -> assertThat(m.getReadOnly()).isTrue());
    });
  }

  @Test
  void theWebConfigComponentMountsItsSecretReadOnlyAndProbesByTcp() {
    Variant web = variants().filter(x -> x.components().equals(List.of("web-config"))).findFirst().orElseThrow();
    var pod = ManifestChecks.daemonSet(typed(web)).getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    assertThat(ManifestChecks.env(c)).containsEntry("CONTAINER_NETSTAT_WEB_CONFIG_FILE", "/etc/container-netstat/web-config.yml");
    assertThat(c.getVolumeMounts()).filteredOn(m -> m.getName().equals("web-config")).singleElement()
        .satisfies(m -> {
          assertThat(m.getMountPath()).isEqualTo("/etc/container-netstat");
          assertThat(m.getReadOnly()).isTrue();
        });
    assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("web-config")).singleElement()
        .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("container-netstat-web-config"));
    assertThat(c.getLivenessProbe().getHttpGet()).as("the kubelet has no client certificate or password").isNull();
    assertThat(c.getLivenessProbe().getTcpSocket().getPort().getStrVal()).isEqualTo("metrics");
    assertThat(c.getStartupProbe().getTcpSocket().getPort().getStrVal()).isEqualTo("metrics");
  }

  @Test
  void theServiceMonitorScrapesTheServicesMetricsPortLikeThePodMonitor() {
    Variant v = variants().filter(x -> x.components().equals(List.of("service-monitor"))).findFirst().orElseThrow();
    List<HasMetadata> objects = typed(v);
    Service service = ManifestChecks.one(objects, Service.class);
    ServiceMonitor sm = ManifestChecks.one(objects, ServiceMonitor.class);
    assertThat(sm.getMetadata().getNamespace()).as("namespace").isEqualTo(service.getMetadata().getNamespace());
    assertThat(sm.getSpec().getNamespaceSelector()).as("namespaceSelector: its own namespace").isNull();
    assertThat(service.getMetadata().getLabels()).as("the Service's labels")
        .containsAllEntriesOf(sm.getSpec().getSelector().getMatchLabels())
        .containsKey(sm.getSpec().getJobLabel());
    assertThat(service.getSpec().getSelector()).as("the Service selects the agent's pods")
        .isEqualTo(Map.of("app.kubernetes.io/name", "container-netstat"));
    Endpoint e = sm.getSpec().getEndpoints().get(0);
    assertThat(sm.getSpec().getEndpoints()).hasSize(1);
    assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName).contains(e.getPort());
    assertThat(e.getPath()).isEqualTo("/metrics");

    // the same scrape as the PodMonitor's: same job label, interval, timeout and relabelings
    Variant pmv = variants().filter(x -> x.components().equals(List.of("prometheus-operator"))).findFirst().orElseThrow();
    PodMonitor pm = ManifestChecks.one(typed(pmv), PodMonitor.class);
    PodMetricsEndpoint pe = pm.getSpec().getPodMetricsEndpoints().get(0);
    assertThat(sm.getSpec().getJobLabel()).isEqualTo(pm.getSpec().getJobLabel());
    assertThat(List.of(e.getPort(), e.getInterval(), e.getScrapeTimeout()))
        .isEqualTo(List.of(pe.getPort(), pe.getInterval(), pe.getScrapeTimeout()));
    assertThat(e.getRelabelings()).as("relabelings: node kept, the agent pod's namespace/pod/container dropped")
        .isEqualTo(pe.getRelabelings());
  }

  @Test
  void theSocketsComponentAddsCapSysAdminOnceAndAsksForListenQueues() {
    Container base = ManifestChecks.agent(typed(variants().findFirst().orElseThrow()));
    assertThat(base.getSecurityContext().getCapabilities().getAdd()).as("the default's capabilities")
        .doesNotContain("SYS_ADMIN");
    assertThat(base.getArgs()).as("the default's arguments: the sockets are off").isEmpty();

    for (Variant v : variants().filter(x -> x.components().contains("sockets")).toList()) {
      Container c = ManifestChecks.agent(typed(v));
      assertThat(c.getSecurityContext().getCapabilities().getAdd()).as("%s: capabilities", v)
          .containsOnlyOnce("SYS_ADMIN", "SYS_PTRACE").hasSize(2);
      assertThat(c.getArgs()).as("%s: arguments", v).containsExactly("--sockets=listen");
    }
  }

  @Test
  void theSocketStatesExamplePatchSwitchesTheComponentToStates() {
    Variant sockets = variants().filter(x -> x.components().equals(List.of("sockets"))).findFirst().orElseThrow();
    List<ObjectNode> objects = new ArrayList<>(sockets.render().objects());
    JsonNode patch = Kustomize.readYamlDocuments(COMPONENTS.resolve("sockets/sockets-states.yaml.example")).get(0);
    objects.replaceAll(o -> o.path("kind").asText().equals("DaemonSet") ? (ObjectNode) JsonPatch.apply(patch, o) : o);
    List<HasMetadata> typed = objects.stream().map(StrictKubernetes::read).toList();
    assertThat(ApiRules.check(typed)).as("API rule violations").isEmpty();
    Container c = ManifestChecks.agent(typed);
    assertThat(c.getArgs()).containsExactly("--sockets=states");
    assertThat(c.getSecurityContext().getCapabilities().getAdd()).containsExactly("SYS_PTRACE", "SYS_ADMIN");
    assertThat(patch.toString()).as("the example guards the argument it replaces").contains("\"op\":\"test\"");
  }

  /** Whether a kubectl whose built-in kustomize knows components (v4, kubectl 1.21) is on the PATH. */
  static final class Kubectl {
    static boolean hasKustomizeV4() {
      try {
        Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
          return false;
        }
        Matcher m = Pattern.compile("Kustomize Version: v(\\d+)").matcher(out);
        return m.find() && Integer.parseInt(m.group(1)) >= 4;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
