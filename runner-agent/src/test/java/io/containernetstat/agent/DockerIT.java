package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.containernetstat.core.kernel.Environment;
import io.containernetstat.core.kernel.NetnsFixture;
import io.containernetstat.core.kernel.SsSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar against a real Docker engine ({@code scripts/test-env/up.sh}): a plain container with
 * {@code --network none} and a pod played the way cri-dockerd does it (a sandbox, and an app container
 * joined with {@code --network container:<sandbox>}). The JSON must agree with {@code docker inspect},
 * {@code readlink /proc/<pid>/ns/net} and {@code ss -s} inside each namespace. Every container carries
 * the label {@code container-netstat-test=1} and is removed afterwards.
 */
class DockerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LABEL = "container-netstat-test=1";
  private static final String IMAGE = "busybox:latest";
  private static final List<String> STARTED = new ArrayList<>();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String POD_UID = UUID.randomUUID().toString();

  private static String plain;
  private static String sandbox;
  private static String app;

  @BeforeAll
  static void startContainers() throws Exception {
    Environment.requireNetworkNamespaces();
    Environment.requireOrSkip(Tools.dockerAnswers(),
        "needs a Docker daemon that answers 'docker info' (run scripts/test-env/up.sh as root)");
    // One established pair in the plain container's own namespace; busybox nc quits when its stdin
    // ends, and a detached container's stdin is empty, so each nc reads from something that never ends.
    // The client reads a FIFO held open by a sleep, so that a connection refused (the client started
    // before the listener) is retried at once: `sleep 600 | nc` would wait for the sleep before retrying.
    plain = docker("run", "-d", "--network", "none", "--label", LABEL, "--name", "cnt-it-plain-" + RUN, IMAGE,
        "sh", "-c", "mkfifo /nc.in; (sleep 600 > /nc.in) & sleep 600 | nc -l -p 8080 & "
            + "until nc 127.0.0.1 8080 < /nc.in; do sleep 0.2; done & exec sleep 600");
    sandbox = docker("run", "-d", "--network", "none", "--label", LABEL,
        "--label", "io.kubernetes.pod.name=web-0", "--label", "io.kubernetes.pod.namespace=shop",
        "--label", "io.kubernetes.pod.uid=" + POD_UID, "--label", "io.kubernetes.docker.type=podsandbox",
        "--label", "io.kubernetes.container.name=POD",
        "--name", "k8s_POD_web-0_shop_" + POD_UID + "_" + RUN, IMAGE, "sleep", "600");
    app = docker("run", "-d", "--network", "container:" + sandbox, "--label", LABEL,
        "--label", "io.kubernetes.pod.name=web-0", "--label", "io.kubernetes.pod.namespace=shop",
        "--label", "io.kubernetes.pod.uid=" + POD_UID, "--label", "io.kubernetes.docker.type=container",
        "--label", "io.kubernetes.container.name=app",
        "--name", "k8s_app_web-0_shop_" + POD_UID + "_" + RUN, IMAGE, "sh", "-c", "sleep 600 | nc -l -p 80 & exec sleep 600");
    awaitEstablished(plain, 2);
  }

  /** Waits until {@code ss -s} in the container's namespace shows the pair connected (a loaded host is slow). */
  private static void awaitEstablished(String id, long estab) throws Exception {
    String pid = Long.toString(inspect(id).at("/State/Pid").asLong());
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (SsSummary.parse(Tools.run("nsenter", "-t", pid, "-n", "ss", "-s")).estab() != estab) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("container " + id + " has no established nc pair after 60 s: "
            + Tools.run("nsenter", "-t", pid, "-n", "ss", "-tan") + Tools.run("docker", "logs", id));
      }
      Thread.sleep(100);
    }
  }

  @AfterAll
  static void removeContainers() throws Exception {
    Tools.removeDockerContainers(STARTED);
  }

  private static String docker(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    String id = Tools.run(command.toArray(new String[0])).strip();
    STARTED.add(id);
    return id;
  }

  private static JsonNode inspect(String id) throws Exception {
    return JSON.readTree(Tools.run("docker", "inspect", id)).get(0);
  }

  @Test
  void onceJsonAgreesWithDockerInspectAndSsInsideEachNamespace() throws Exception {
    AgentJar.Result run = AgentJar.run("--once", "--format", "json", "--resolver", "docker");
    assertThat(run.code()).as("exit code; stderr: %s", run.err()).isZero();
    JsonNode doc = JSON.readTree(run.out());
    assertThat(doc.get("resolver").asText()).isEqualTo("docker");

    for (String id : List.of(plain, sandbox, app)) {
      JsonNode info = inspect(id);
      long pid = info.at("/State/Pid").asLong();
      JsonNode ns = namespaceOf(doc, id);
      assertThat(ns).as("namespace holding container %s", id).isNotNull();
      assertThat(ns.get("netns").asLong()).as("netns of %s", id).isEqualTo(NetnsFixture.readNetnsInode(pid));
      JsonNode c = containerIn(ns, id);
      assertThat(c.get("name").asText()).as("name of %s", id).isIn(info.get("Name").asText(),
          info.get("Name").asText().substring(1));
      assertThat(c.get("image").asText()).isEqualTo(info.at("/Config/Image").asText());
      assertThat(c.get("runtime").asText()).isEqualTo("docker");
      assertThat(c.get("pid").asLong()).isEqualTo(pid);

      SsSummary ss = SsSummary.parse(Tools.run("nsenter", "-t", Long.toString(pid), "-n", "ss", "-s"));
      JsonNode summary = ns.get("summary");
      assertThat(summary.get("tcpEstablished").asLong()).as("estab of %s", id).isEqualTo(ss.estab());
      assertThat(summary.get("tcpInuse").asLong()).as("TCP of %s", id).isEqualTo(ss.row("TCP").total());
      assertThat(summary.get("tcpTimewait").asLong()).isEqualTo(ss.timewait());
      assertThat(summary.get("udpInuse").asLong()).isEqualTo(ss.row("UDP").total());
      assertThat(summary.get("socketsUsed").asLong()).as("sockets used of %s", id).isEqualTo(ss.total());
    }

    JsonNode plainNs = namespaceOf(doc, plain);
    assertThat(plainNs.get("pod").isNull()).isTrue();
    assertThat(plainNs.get("containers")).hasSize(1);
    assertThat(plainNs.at("/summary/tcpEstablished").asLong()).as("the plain container's nc pair").isEqualTo(2);

    JsonNode pod = namespaceOf(doc, sandbox);
    assertThat(namespaceOf(doc, app)).as("the app container shares the sandbox's namespace").isSameAs(pod);
    assertThat(pod.get("pod").get("namespace").asText()).isEqualTo("shop");
    assertThat(pod.get("pod").get("name").asText()).isEqualTo("web-0");
    assertThat(pod.get("pod").get("uid").asText()).isEqualTo(POD_UID);
    assertThat(pod.get("containers")).hasSize(2);
    assertThat(containerIn(pod, app).get("podContainer").asText()).isEqualTo("app");
    assertThat(pod.get("pid").asLong()).as("read through the sandbox").isEqualTo(inspect(sandbox).at("/State/Pid").asLong());
    // busybox nc listens on a dual-stack IPv6 socket: sockstat6 counts it
    assertThat(pod.at("/summary/tcpInuse").asLong()).as("the app's listener, counted once").isEqualTo(1);
  }

  @Test
  void withoutRootNothingCanBeReadAndTheAgentSaysWhy() throws Exception {
    // A copy of the jar that the unprivileged user can read.
    Path dir = Files.createTempDirectory("cn-nobody", PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwxr-xr-x")));
    Path jar = dir.resolve("container-netstat.jar");
    try {
      Files.copy(AgentJar.path(), jar);
      Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
      List<String> command = new ArrayList<>(List.of(
          Environment.executable("setpriv").orElseThrow().toString(), "--reuid=65534", "--regid=65534",
          "--clear-groups"));
      command.addAll(AgentJar.command(jar, "--once", "--resolver", "cgroup"));
      AgentJar.Result run = AgentJar.run(command, Map.of());
      assertThat(run.code()).as("exit code; stderr: %s", run.err()).isEqualTo(1);
      assertThat(run.out()).isEmpty();
      assertThat(run.err()).contains("container-netstat: nothing could be read: ").contains("root or CAP_SYS_PTRACE");

      command.set(command.size() - 1, "docker");
      AgentJar.Result docker = AgentJar.run(command, Map.of());
      assertThat(docker.code()).as("exit code; stderr: %s", docker.err()).isEqualTo(1);
      assertThat(docker.err()).contains("container-netstat: nothing could be read: ").contains("docker.sock");
    } finally {
      Files.deleteIfExists(jar);
      Files.deleteIfExists(dir);
    }
  }

  static JsonNode namespaceOf(JsonNode doc, String containerId) {
    for (JsonNode ns : doc.get("namespaces")) {
      for (JsonNode c : ns.get("containers")) {
        if (c.get("id").asText().equals(containerId)) {
          return ns;
        }
      }
    }
    return null;
  }

  static JsonNode containerIn(JsonNode ns, String containerId) {
    for (JsonNode c : ns.get("containers")) {
      if (c.get("id").asText().equals(containerId)) {
        return c;
      }
    }
    throw new AssertionError("container " + containerId + " not in " + ns);
  }
}
