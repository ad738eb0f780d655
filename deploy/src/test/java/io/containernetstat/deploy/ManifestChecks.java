package io.containernetstat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * The checks every rendering of the agent's manifests must pass, whichever tool rendered it: kustomize
 * ({@link ManifestsTest}) or Helm ({@link HelmChartTest}). Each object read strictly into its API type
 * ({@link StrictKubernetes}), the API server's rules are {@link ApiRules}; here are the agent's
 * permissions and its options. Stateless.
 */
final class ManifestChecks {
  private ManifestChecks() {}

  /** Every object read into its API type. */
  static List<HasMetadata> typed(List<? extends JsonNode> objects) {
    return objects.stream().map(StrictKubernetes::read).toList();
  }

  /** Every field the API types do not know, each prefixed with its object's kind and name. */
  static List<String> unknownFields(List<HasMetadata> objects) {
    List<String> problems = new ArrayList<>();
    for (HasMetadata o : objects) {
      for (String p : StrictKubernetes.unknownFields(o)) {
        problems.add(o.getKind() + " " + o.getMetadata().getName() + " " + p);
      }
    }
    return problems;
  }

  static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
    List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).as(type.getSimpleName() + "s").hasSize(1);
    return found.get(0);
  }

  static DaemonSet daemonSet(List<HasMetadata> objects) {
    return one(objects, DaemonSet.class);
  }

  /** The DaemonSet's one container, the agent. */
  static Container agent(List<HasMetadata> objects) {
    return daemonSet(objects).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  static Map<String, String> env(Container c) {
    Map<String, String> m = new TreeMap<>();
    c.getEnv().forEach(e -> m.put(e.getName(), e.getValue()));
    return m;
  }

  /**
   * The agent runs as uid 0 in the host's PID namespace with every capability dropped but {@code
   * capabilities} (in that order), unprivileged, read-only, with read-only host paths and bounded resources.
   */
  static void assertOnlyNeededPermissions(List<HasMetadata> objects, List<String> capabilities) {
    PodSpec pod = daemonSet(objects).getSpec().getTemplate().getSpec();
    assertThat(pod.getHostPID()).as("hostPID").isTrue();
    assertThat(pod.getHostNetwork()).as("hostNetwork").isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostIPC()).as("hostIPC").isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getAutomountServiceAccountToken()).as("automountServiceAccountToken").isFalse();
    assertThat(pod.getSecurityContext().getRunAsUser()).as("runAsUser").isZero();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as("seccomp").isEqualTo("RuntimeDefault");
    assertThat(pod.getContainers()).as("containers").hasSize(1);
    assertThat(pod.getInitContainers()).as("initContainers").isEmpty();
    Container c = pod.getContainers().get(0);
    var sc = c.getSecurityContext();
    assertThat(sc.getPrivileged()).as("privileged").isNotEqualTo(Boolean.TRUE);
    assertThat(sc.getAllowPrivilegeEscalation()).as("allowPrivilegeEscalation").isFalse();
    assertThat(sc.getReadOnlyRootFilesystem()).as("readOnlyRootFilesystem").isTrue();
    assertThat(sc.getCapabilities().getDrop()).as("capabilities dropped").containsExactly("ALL");
    assertThat(sc.getCapabilities().getAdd()).as("capabilities added").containsExactlyElementsOf(capabilities);

    Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, x -> x));
    for (VolumeMount m : c.getVolumeMounts()) {
      if (volumes.get(m.getName()).getHostPath() != null) {
        assertThat(m.getReadOnly()).as("host path %s mounted at %s read-only", m.getName(), m.getMountPath()).isTrue();
      }
    }
    assertThat(volumes.values()).as("volumes").allSatisfy(vol -> assertThat(vol.getHostPath() != null
        || vol.getName().equals("web-config") && vol.getSecret() != null)
        .as("volume %s is a host path, or the web-config Secret (nothing else is needed)", vol.getName()).isTrue());

    Map<String, Quantity> requests = c.getResources().getRequests();
    Map<String, Quantity> limits = c.getResources().getLimits();
    for (String r : List.of("cpu", "memory")) {
      assertThat(requests).as("requests").containsKey(r);
      assertThat(limits).as("limits").containsKey(r);
      assertThat(Quantity.getAmountInBytes(requests.get(r)))
          .as("%s request <= limit", r).isLessThanOrEqualTo(Quantity.getAmountInBytes(limits.get(r)));
    }
  }

  /**
   * Every check at once, for a rendering that has no test of its own per check: no unknown field, no API
   * rule broken, only the permissions needed ({@code capabilities} added), the agent's own options.
   */
  static void assertPassesEveryCheck(List<HasMetadata> objects, List<String> capabilities) throws Exception {
    assertThat(unknownFields(objects)).as("unknown fields").isEmpty();
    assertThat(ApiRules.check(objects)).as("API rule violations").isEmpty();
    assertOnlyNeededPermissions(objects, capabilities);
    assertRuntimeMetadataWhereTheAgentReadsIt(objects);
    assertSettingsAreAgentOptions(objects);
    assertArgumentsAreAgentOptions(objects);
  }

  /** podman's graph root: the two directories the cgroup scan reads, mounted at the host's paths. */
  static final String PODMAN_CONTAINERS = "/var/lib/containers/storage/overlay-containers";
  static final String PODMAN_STATE = "/var/lib/containers/storage/libpod";

  /**
   * The runtimes' metadata is mounted, read-only, where the agent reads it: Docker's {@code containers/}
   * at {@code $CONTAINER_NETSTAT_DOCKER_ROOT/containers} (the variable set when and only when it is
   * mounted), from a host path {@code <data root>/containers}; podman's two directories together, each at
   * its host path, where the agent looks by default. Both follow the host's mounts (HostToContainer): a
   * container's shm is mounted below each.
   */
  static void assertRuntimeMetadataWhereTheAgentReadsIt(List<HasMetadata> objects) {
    PodSpec pod = daemonSet(objects).getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, x -> x));
    Map<String, VolumeMount> mounts = c.getVolumeMounts().stream()
        .collect(Collectors.toMap(VolumeMount::getName, x -> x));
    String root = env(c).get("CONTAINER_NETSTAT_DOCKER_ROOT");
    VolumeMount docker = mounts.get("docker-containers");
    assertThat(docker != null).as("Docker's containers/ mounted (%s), and only then CONTAINER_NETSTAT_DOCKER_ROOT "
        + "set (%s)", docker, root).isEqualTo(root != null);
    if (docker != null) {
      assertThat(docker.getMountPath()).as("Docker's containers/ under the data root given").isEqualTo(root + "/containers");
      assertThat(docker.getMountPropagation()).isEqualTo("HostToContainer");
      assertThat(volumes.get("docker-containers").getHostPath().getPath()).as("the host's <data root>/containers")
          .endsWith("/containers").startsWith("/");
    }
    VolumeMount podman = mounts.get("podman-containers");
    VolumeMount state = mounts.get("podman-state");
    assertThat(podman == null).as("podman's overlay-containers/ and libpod/ mounted together").isEqualTo(state == null);
    if (podman != null) {
      assertThat(podman.getMountPath()).isEqualTo(PODMAN_CONTAINERS);
      assertThat(volumes.get("podman-containers").getHostPath().getPath()).isEqualTo(PODMAN_CONTAINERS);
      assertThat(podman.getMountPropagation()).isEqualTo("HostToContainer");
      assertThat(state.getMountPath()).isEqualTo(PODMAN_STATE);
      assertThat(volumes.get("podman-state").getHostPath().getPath()).isEqualTo(PODMAN_STATE);
    }
  }

  /** The {@code CONTAINER_NETSTAT_*} variables are the agent's, with values it takes. */
  static void assertSettingsAreAgentOptions(List<HasMetadata> objects) throws Exception {
    Map<String, String> env = new TreeMap<>();
    for (EnvVar e : agent(objects).getEnv()) {
      if (e.getName().startsWith("CONTAINER_NETSTAT_")) {
        env.put(e.getName(), e.getValue());
      }
    }
    assertThat(env).as("agent settings").isNotEmpty();
    assertThat(env.get("CONTAINER_NETSTAT_RESOLVER")).as("resolver").isIn("auto", "docker", "cgroup", "netns");
    assertThat(env.get("CONTAINER_NETSTAT_SINK")).as("sink").isIn("prometheus", "openfalcon", "prometheus,openfalcon");
    assertThat(env.keySet()).as("variables the agent reads (from its --help)").isSubsetOf(AgentJar.variables());
  }

  /** The container's arguments are {@code --option=value} entries of options the agent takes. */
  static void assertArgumentsAreAgentOptions(List<HasMetadata> objects) throws Exception {
    List<String> args = agent(objects).getArgs();
    assertThat(args).as("arguments are written --option=value, one list entry each").allMatch(a -> a.startsWith("--"));
    Set<String> options = args.stream().map(a -> a.contains("=") ? a.substring(0, a.indexOf('=')) : a)
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(options).as("options the agent takes (from its --help)").isSubsetOf(AgentJar.options());
  }

  /** The agent's own lists of variables and options, from the shaded jar's --help. */
  static final class AgentJar {
    private static final Pattern VARIABLE = Pattern.compile("^\\s+(CONTAINER_NETSTAT_[A-Z_]+)\\s", Pattern.MULTILINE);
    /** An option line: {@code   -h, --help}, {@code   --web-config-file, --web.config.file=FILE}. */
    private static final Pattern OPTION =
        Pattern.compile("^\\s+(?:-[A-Za-z], )?(--[a-z][a-z0-9.-]*)(?:, (--[a-z][a-z0-9.-]*))?", Pattern.MULTILINE);
    private static Set<String> variables;
    private static Set<String> options;

    static Set<String> variables() throws Exception {
      read();
      return variables;
    }

    static Set<String> options() throws Exception {
      read();
      return options;
    }

    private static synchronized void read() throws Exception {
      if (variables == null) {
        Path jar = Path.of(System.getProperty("agent.jar", "../runner-agent/target/container-netstat.jar"));
        if (!Files.isRegularFile(jar)) {
          boolean ci = "true".equals(System.getenv("CI"));
          String msg = jar + " is not built (mvn -B package builds it before this module's tests)";
          if (ci) {
            throw new AssertionError(msg);
          }
          Assumptions.abort(msg);
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "--help").redirectErrorStream(true).start();
        String help = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("--help exit code; output:\n%s", help).isZero();
        Set<String> found = new TreeSet<>();
        Matcher m = VARIABLE.matcher(help);
        while (m.find()) {
          found.add(m.group(1));
        }
        assertThat(found).as("variables listed by --help").contains("CONTAINER_NETSTAT_PROC_ROOT");
        Set<String> names = new TreeSet<>();
        Matcher o = OPTION.matcher(help);
        while (o.find()) {
          names.add(o.group(1));
          if (o.group(2) != null) {
            names.add(o.group(2));
          }
        }
        assertThat(names).as("options listed by --help").contains("--proc-root", "--web.config.file");
        options = names;
        variables = found;
      }
    }
  }

}
