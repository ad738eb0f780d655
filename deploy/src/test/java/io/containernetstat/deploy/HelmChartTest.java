package io.containernetstat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/helm/container-netstat, rendered by Helm itself ({@link HelmChart}) with its defaults and with
 * value sets that switch on each option, passes the same checks as every kustomize variant
 * ({@link ManifestChecks}, {@link ApiRules}, {@link StrictKubernetes}); where a value set means what a
 * kustomize variant does, its objects equal that variant's, but for the differences {@link #comparable}
 * lists. Without Helm's native library the tests skip, and fail under CI=true.
 */
class HelmChartTest {
  /**
   * A way to install the chart.
   *
   * @param kustomize the {@link ManifestsTest} variant it must equal (by its kustomization directory and
   *     components), or null where kustomize has none
   * @param capabilities the capabilities the agent must get, in order
   */
  record ValueSet(String description, String release, String values, Kustomized kustomize, List<String> capabilities) {
    @Override
    public String toString() {
      return description;
    }
  }

  /** A {@link ManifestsTest.Variant}, named by its directory under deploy/kubernetes and its components. */
  record Kustomized(String dir, List<String> components) {
    ManifestsTest.Variant variant() {
      Path d = ManifestsTest.KUBERNETES.resolve(dir).normalize();
      return ManifestsTest.variants().filter(v -> v.dir().equals(d) && v.components().equals(components))
          .findFirst().orElseThrow(() -> new AssertionError("no ManifestsTest variant " + this));
    }
  }

  private static final List<String> PTRACE = List.of("SYS_PTRACE");
  private static final List<String> PTRACE_ADMIN = List.of("SYS_PTRACE", "SYS_ADMIN");
  private static final String FALCON = "sinks: [openfalcon]\ninterval: 60s\n";

  static Stream<ValueSet> valueSets() {
    String r = HelmChart.RELEASE;
    return Stream.of(
        new ValueSet("the defaults", r, "", new Kustomized(".", List.of()), PTRACE),
        new ValueSet("podMonitor.enabled", r, "podMonitor: {enabled: true}\n",
            new Kustomized(".", List.of("prometheus-operator")), PTRACE),
        new ValueSet("serviceMonitor.enabled", r, "serviceMonitor: {enabled: true}\n",
            new Kustomized(".", List.of("service-monitor")), PTRACE),
        new ValueSet("runtimes.crio.enabled", r, "runtimes: {crio: {enabled: true}}\n",
            new Kustomized(".", List.of("cri-o")), PTRACE),
        new ValueSet("runtimes.docker.enabled", r, "runtimes: {docker: {enabled: true}}\n",
            new Kustomized(".", List.of("docker")), PTRACE),
        new ValueSet("webConfig.existingSecret", r, "webConfig: {existingSecret: container-netstat-web-config}\n",
            new Kustomized(".", List.of("web-config")), PTRACE),
        new ValueSet("sockets: listen", r, "sockets: listen\n", new Kustomized(".", List.of("sockets")), PTRACE_ADMIN),
        new ValueSet("every option of the kustomize components", r, """
            podMonitor: {enabled: true}
            serviceMonitor: {enabled: true}
            runtimes: {crio: {enabled: true}, docker: {enabled: true}}
            webConfig: {existingSecret: container-netstat-web-config}
            sockets: listen
            """, new Kustomized(".", List.of("prometheus-operator", "service-monitor", "cri-o", "docker", "web-config",
            "sockets")), PTRACE_ADMIN),
        new ValueSet("sinks: [openfalcon]", r, FALCON, new Kustomized("openfalcon", List.of()), PTRACE),
        new ValueSet("sinks: [openfalcon] with the Docker API on CRI-O nodes", r,
            FALCON + "runtimes: {docker: {enabled: true}, crio: {enabled: true}}\n",
            new Kustomized("openfalcon", List.of("docker", "cri-o")), PTRACE),
        new ValueSet("sockets: states, more listeners, extra capabilities (SYS_ADMIN given twice)", r, """
            sockets: states
            listenPorts: 64
            extraCapabilities: [SYS_ADMIN, DAC_READ_SEARCH]
            """, null, List.of("SYS_PTRACE", "SYS_ADMIN", "DAC_READ_SEARCH")),
        new ValueSet("an inline web config and a ServiceMonitor over HTTPS", r, """
            webConfig:
              files:
                web-config.yml: |
                  tls_server_config:
                    cert_file: tls.crt
                    key_file: tls.key
                tls.crt: "-----BEGIN CERTIFICATE-----"
                tls.key: "-----BEGIN PRIVATE KEY-----"
            serviceMonitor:
              enabled: true
              labels: {release: prometheus}
              endpoint:
                scheme: https
                tlsConfig: {insecureSkipVerify: true}
            """, null, PTRACE),
        new ValueSet("both sinks, another release name and port, and every scheduling and image value", "agents", """
            image: {repository: registry.example/container-netstat, tag: 0.1.0, pullPolicy: Always}
            imagePullSecrets: [{name: registry}]
            sinks: [prometheus, openfalcon]
            port: 9100
            interval: 30s
            falcon: {url: "http://nightingale.monitoring:17000/openfalcon/push"}
            files: [sockstat, snmp]
            resolver: auto
            runtimes:
              containerd: {taskDir: /run/k3s/containerd/io.containerd.runtime.v2.task}
              docker: {dockerRoot: /data/docker/}
            javaOpts: -Xmx28m
            extraArgs: [--include-host-network]
            extraEnv: [{name: CONTAINER_NETSTAT_LOG_LEVEL, value: debug}]
            resources:
              requests: {cpu: 50m, memory: 128Mi}
              limits: {cpu: 500m, memory: 256Mi}
            nodeSelector: {kubernetes.io/os: linux, node-role.kubernetes.io/worker: ""}
            tolerations: [{key: dedicated, operator: Equal, value: infra, effect: NoSchedule}]
            priorityClassName: system-node-critical
            podAnnotations: {example.com/team: net}
            podLabels: {example.com/team: net}
            podMonitor: {enabled: true, interval: 15s, scrapeTimeout: 5s, labels: {release: prometheus}}
            """, null, PTRACE),
        new ValueSet("no runtime metadata mounted, an existing service account", r, """
            runtimes: {containerd: {enabled: false}, docker: {dockerRoot: ""}, podman: {enabled: false}}
            serviceAccount: {create: false, name: node-agents}
            service: {enabled: false}
            """, null, PTRACE));
  }

  @BeforeEach
  void helm() {
    HelmChart.requireHelm();
  }

  private static List<HasMetadata> typed(ValueSet s) {
    return ManifestChecks.typed(HelmChart.render(s.release(), s.values()).objects());
  }

  @Test
  void helmLintStrictFindsNothing() {
    LintResult lint = HelmChart.lintStrict();
    assertThat(lint.isFailed()).as("helm lint --strict failed: %s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages()).as("helm lint --strict messages")
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  /** What ManifestsTest checks of each kustomize variant, one check after the other. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void passesEveryCheckTheKustomizeVariantsPass(ValueSet s) throws Exception {
    ManifestChecks.assertPassesEveryCheck(typed(s), s.capabilities());
  }

  static Stream<ValueSet> kustomizedValueSets() {
    return valueSets().filter(s -> s.kustomize() != null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kustomizedValueSets")
  void rendersTheObjectsOfTheKustomizeVariantItStandsFor(ValueSet s) {
    Map<String, JsonNode> expected = Kustomize.byId(s.kustomize().variant().render().objects());
    // the one object Helm leaves to the user; see comparable()
    assertThat(expected.remove("Namespace /container-netstat")).as("kustomize's Namespace").isNotNull();
    Map<String, JsonNode> actual = Kustomize.byId(HelmChart.render(s.release(), s.values()).objects());
    assertThat(actual.keySet()).as("objects").isEqualTo(expected.keySet());
    for (String id : expected.keySet()) {
      assertThat(comparable(actual.get(id))).as(id).isEqualTo(comparable(expected.get(id)));
    }
  }

  /** Helm's standard labels (helm create's), on every object the chart renders. */
  private static final Set<String> HELM_LABELS = Set.of("helm.sh/chart", "app.kubernetes.io/instance",
      "app.kubernetes.io/version", "app.kubernetes.io/managed-by");
  private static final Set<String> NAMED_LISTS = Set.of("env", "volumes", "volumeMounts");

  /**
   * An object as compared with kustomize's, with the differences the chart is allowed, each for a reason:
   * <ol>
   *   <li>No Namespace object (left out by the caller): Helm installs into a namespace that exists or that
   *       {@code helm install --create-namespace} makes, and stores the release there before creating any
   *       object, so a chart cannot create its own release's namespace. deploy/README.md ("Helm") says to
   *       label it for Pod Security Admission, as base/namespace.yaml does.
   *   <li>Helm's standard labels {@link #HELM_LABELS} on every object and on the pod template, removed from
   *       every {@code labels} and {@code matchLabels} map and from the Service's selector; of them,
   *       {@code app.kubernetes.io/instance} is also in the selectors (the DaemonSet's, the Service's, the
   *       monitors'), so that two releases never select each other's pods. The other labels
   *       ({@code app.kubernetes.io/name}, {@code component}) must be the same.
   *   <li>The order of entries in the named lists {@link #NAMED_LISTS} (compared sorted by name): the chart
   *       writes each option's entries in one place, kustomize appends them in the order components are
   *       listed. That each {@code $(VAR)} is defined before use is checked by {@link ApiRules} on both.
   * </ol>
   * YAML comments and layout do not count: the objects are compared as JSON trees. Nothing else may differ.
   */
  static JsonNode comparable(JsonNode object) {
    JsonNode copy = object.deepCopy();
    normalize(copy, "");
    if (copy.path("kind").asText().equals("Service") && copy.path("spec").path("selector").isObject()) {
      ((ObjectNode) copy.path("spec").path("selector")).remove(HELM_LABELS);
    }
    return copy;
  }

  private static void normalize(JsonNode node, String key) {
    if (node instanceof ObjectNode o) {
      if (key.equals("labels") || key.equals("matchLabels")) {
        o.remove(HELM_LABELS);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        normalize(e.getValue(), e.getKey());
      }
    } else if (node instanceof ArrayNode a) {
      a.forEach(x -> normalize(x, ""));
      if (NAMED_LISTS.contains(key)) {
        List<JsonNode> sorted = new ArrayList<>();
        a.forEach(sorted::add);
        sorted.sort(Comparator.comparing(x -> x.path("name").asText()));
        a.removeAll();
        sorted.forEach(a::add);
      }
    }
  }

  @Test
  void everyTemplateIsRenderedBySomeValueSet() throws IOException {
    Set<String> rendered = new HashSet<>();
    valueSets().forEach(s -> rendered.addAll(HelmChart.render(s.release(), s.values()).templates()));
    Set<String> all;
    try (Stream<Path> files = Files.list(HelmChart.CHART.resolve("templates"))) {
      all = files.map(f -> "templates/" + f.getFileName()).filter(f -> f.endsWith(".yaml"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
    all.removeAll(rendered);
    assertThat(all).as("templates no value set renders, so no test validates").isEmpty();
  }

  @Test
  void socketStatesAndMoreListenersAreArgumentsAndAddCapSysAdminOnce() {
    Container c = ManifestChecks.agent(typed(set("sockets: states")));
    assertThat(c.getArgs()).containsExactly("--sockets=states", "--listen-ports=64");
    assertThat(c.getSecurityContext().getCapabilities().getAdd()).containsOnlyOnce("SYS_ADMIN");
  }

  @Test
  void anInlineWebConfigBecomesASecretThePodsMountAndRollOn() {
    List<HasMetadata> objects = typed(set("an inline web config"));
    Secret secret = ManifestChecks.one(objects, Secret.class);
    assertThat(secret.getMetadata().getName()).isEqualTo("container-netstat-web-config");
    assertThat(secret.getStringData()).containsOnlyKeys("web-config.yml", "tls.crt", "tls.key");
    DaemonSet ds = ManifestChecks.daemonSet(objects);
    PodSpec pod = ds.getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("web-config")).singleElement()
        .satisfies(v -> {
          assertThat(v.getSecret().getSecretName()).isEqualTo(secret.getMetadata().getName());
          assertThat(v.getSecret().getDefaultMode()).as("defaultMode 0400").isEqualTo(0400);
        });
    assertThat(ds.getSpec().getTemplate().getMetadata().getAnnotations()).containsKey("checksum/web-config");
    Container c = pod.getContainers().get(0);
    assertThat(ManifestChecks.env(c)).containsEntry("CONTAINER_NETSTAT_WEB_CONFIG_FILE", "/etc/container-netstat/web-config.yml");
    assertThat(c.getLivenessProbe().getTcpSocket().getPort().getStrVal()).isEqualTo("metrics");
    ServiceMonitor sm = ManifestChecks.one(objects, ServiceMonitor.class);
    assertThat(sm.getMetadata().getLabels()).containsEntry("release", "prometheus");
    assertThat(sm.getSpec().getEndpoints().get(0).getScheme()).isEqualTo("https");
  }

  @Test
  void everyValueReachesTheObjects() {
    List<HasMetadata> objects = typed(set("both sinks"));
    DaemonSet ds = ManifestChecks.daemonSet(objects);
    assertThat(ds.getMetadata().getName()).as("another release's name").isEqualTo("agents-container-netstat");
    PodSpec pod = ds.getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("registry.example/container-netstat:0.1.0");
    assertThat(c.getImagePullPolicy()).isEqualTo("Always");
    assertThat(pod.getImagePullSecrets()).extracting(x -> x.getName()).containsExactly("registry");
    assertThat(ManifestChecks.env(c)).containsEntry("CONTAINER_NETSTAT_SINK", "prometheus,openfalcon")
        .containsEntry("CONTAINER_NETSTAT_LISTEN", "0.0.0.0:9100")
        .containsEntry("CONTAINER_NETSTAT_INTERVAL", "30s")
        .containsEntry("CONTAINER_NETSTAT_FALCON_URL", "http://nightingale.monitoring:17000/openfalcon/push")
        .containsEntry("CONTAINER_NETSTAT_FILES", "sockstat,snmp")
        .containsEntry("CONTAINER_NETSTAT_RESOLVER", "auto")
        .containsEntry("JAVA_OPTS", "-Xmx28m")
        .containsEntry("CONTAINER_NETSTAT_LOG_LEVEL", "debug");
    assertThat(c.getArgs()).containsExactly("--include-host-network");
    assertThat(c.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(9100));
    assertThat(ds.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("prometheus.io/port", "9100").containsEntry("example.com/team", "net");
    assertThat(ds.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("example.com/team", "net");
    assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("256Mi");
    assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("50m");
    assertThat(pod.getNodeSelector()).containsEntry("node-role.kubernetes.io/worker", "");
    assertThat(pod.getTolerations()).singleElement().satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
    assertThat(pod.getPriorityClassName()).isEqualTo("system-node-critical");
    assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("containerd-tasks")).singleElement()
        .satisfies(v -> assertThat(v.getHostPath().getPath()).isEqualTo("/run/k3s/containerd/io.containerd.runtime.v2.task"));
    assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("docker-containers")).singleElement()
        .satisfies(v -> assertThat(v.getHostPath().getPath()).as("another data root, its trailing / dropped")
            .isEqualTo("/data/docker/containers"));
    assertThat(ManifestChecks.env(c)).containsEntry("CONTAINER_NETSTAT_DOCKER_ROOT", "/host/docker-root");
    assertThat(ManifestChecks.one(objects, Service.class).getSpec().getPorts()).singleElement()
        .satisfies(p -> assertThat(p.getPort()).isEqualTo(9100));
    PodMonitor pm = ManifestChecks.one(objects, PodMonitor.class);
    assertThat(pm.getSpec().getPodMetricsEndpoints().get(0).getInterval()).isEqualTo("15s");
  }

  @Test
  void withoutTheServiceAccountOrTheServiceTheyAreNotRendered() {
    List<HasMetadata> objects = typed(set("no runtime metadata mounted"));
    assertThat(objects).extracting(HasMetadata::getKind).containsExactly("DaemonSet");
    PodSpec pod = ManifestChecks.daemonSet(objects).getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("node-agents");
    assertThat(pod.getVolumes()).extracting(v -> v.getName()).containsExactly("proc", "cgroup");
    assertThat(pod.getContainers().get(0).getVolumeMounts()).extracting(m -> m.getName()).containsExactly("proc", "cgroup");
    assertThat(ManifestChecks.env(pod.getContainers().get(0))).doesNotContainKey("CONTAINER_NETSTAT_DOCKER_ROOT");
  }

  /** Values the chart must refuse, and what Helm's message must say. */
  record Refusal(String values, String message) {
    @Override
    public String toString() {
      return values.strip().replace('\n', ' ');
    }
  }

  static Stream<Refusal> refusals() {
    return Stream.of(
        // values.schema.json: Helm validates the values against it before rendering
        new Refusal("socket: listen\n", "additional properties 'socket' not allowed"),
        new Refusal("sockets: all\n", "at '/sockets': value must be one of 'off', 'listen', 'states'"),
        new Refusal("sinks: [prometheus, graphite]\n", "at '/sinks/1': value must be one of"),
        new Refusal("sinks: []\n", "at '/sinks': minItems"),
        new Refusal("port: \"9465\"\n", "at '/port': got string, want integer"),
        new Refusal("extraCapabilities: [CAP_NET_ADMIN]\n", "at '/extraCapabilities/0'"),
        new Refusal("image: {repository: x, tag: \"1\", pullPolicy: IfNotPresen}\n", "at '/image/pullPolicy'"),
        new Refusal("image: {tag: 1.10}\n", "at '/image/tag': got number, want string"),   // 1.1, quietly
        new Refusal("runtimes: {cri-o: {enabled: true}}\n", "additional properties 'cri-o' not allowed"),
        new Refusal("runtimes: {docker: {dockerRoot: data/docker}}\n", "at '/runtimes/docker/dockerRoot'"),
        new Refusal("runtimes: {podman: {enabled: yes please}}\n", "at '/runtimes/podman/enabled'"),
        new Refusal("podMonitor: {enabled: true, interval: 30 seconds}\n", "at '/podMonitor/interval'"),
        new Refusal("podMonitor: {enabled: true, endpoint: {port: http}}\n", "at '/podMonitor/endpoint'"),
        // the chart's own checks of values that contradict each other (_helpers.tpl, validate)
        new Refusal("webConfig: {existingSecret: a, files: {web-config.yml: x}}\n", "not both"),
        new Refusal("webConfig: {files: {tls.crt: x}}\n", "must hold web-config.yml"),
        new Refusal("sinks: [openfalcon]\npodMonitor: {enabled: true}\n", "add prometheus to sinks"),
        new Refusal("sinks: [openfalcon]\nwebConfig: {existingSecret: a}\n", "add prometheus to sinks"),
        new Refusal("serviceMonitor: {enabled: true}\nservice: {enabled: false}\n", "set service.enabled"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void valuesThatCannotWorkAreRefusedNamingThem(Refusal r) {
    assertThat(HelmChart.renderingError(r.values())).contains(r.message());
  }

  private static ValueSet set(String descriptionStart) {
    return valueSets().filter(s -> s.description().startsWith(descriptionStart)).findFirst().orElseThrow();
  }
}
