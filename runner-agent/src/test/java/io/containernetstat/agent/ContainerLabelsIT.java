package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.containernetstat.core.kernel.Environment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --container-labels} with the shaded jar against a real Docker engine and real rootful podman
 * ({@code scripts/test-env/up.sh}): the labels given with {@code docker run --label} and
 * {@code podman run --label} come out as the JSON's {@code labels}, as
 * {@code container_label_<name>} on the Prometheus series and as open-falcon tags, through the Docker
 * API and through the cgroup scan (Docker's config.v2.json, libpod's bolt_state.db). Every container
 * carries {@code container-netstat-test=1} and is removed afterwards.
 */
class ContainerLabelsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TEST_LABEL = "container-netstat-test=1";
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  /** The labels selected: the test label, and the com.example ones; "other" is not. */
  private static final String SELECT = "container-netstat-test|com\\.example\\..*";
  private static final List<String> DOCKER = new ArrayList<>();
  private static final List<String> PODMAN = new ArrayList<>();

  private static String dockerId;
  private static String manyId;
  private static String podmanId;

  @BeforeAll
  static void startContainers() throws Exception {
    Environment.requireNetworkNamespaces();
    Environment.requireOrSkip(Tools.dockerAnswers(),
        "needs a Docker daemon that answers 'docker info' (run scripts/test-env/up.sh as root)");
    dockerId = Tools.run("docker", "run", "-d", "--network", "none", "--label", TEST_LABEL,
        "--label", "com.example.team=shop front", "--label", "com.example.app/tier=edge", "--label", "other=x",
        "--name", "cnt-it-labels-" + RUN, image(), "sleep", "600").strip();
    DOCKER.add(dockerId);
    // 33 labels of one character and one of 300: more than the 32 kept, one longer than the 256 kept
    List<String> many = new ArrayList<>(List.of("docker", "run", "-d", "--network", "none", "--label", TEST_LABEL,
        "--label", "cut.a-long=" + "x".repeat(300)));
    for (int i = 0; i <= 32; i++) {
      many.addAll(List.of("--label", String.format("cut.l%02d=v", i)));
    }
    many.addAll(List.of("--name", "cnt-it-labels-many-" + RUN, image(), "sleep", "600"));
    manyId = Tools.run(many.toArray(new String[0])).strip();
    DOCKER.add(manyId);
    String podmanImage = System.getenv("TEST_PODMAN_IMAGE");
    boolean podman = podmanImage != null && Environment.executable("podman").isPresent()
        && succeeds("podman", "image", "exists", podmanImage);
    Environment.requireOrSkip(podman, "needs rootful podman with $TEST_PODMAN_IMAGE (run scripts/test-env/up.sh as "
        + "root and source its env file)");
    podmanId = Tools.run("podman", "run", "-d", "--network", "none", "--label", TEST_LABEL,
        "--label", "com.example.team=podman team", "--label", "other=y",
        "--name", "cnt-it-labels-" + RUN, podmanImage, "sleep", "600").strip();
    PODMAN.add(podmanId);
  }

  private static String image() {
    return System.getenv().getOrDefault("TEST_IMAGE", "busybox:latest");
  }

  private static boolean succeeds(String... command) throws InterruptedException {
    try {
      Tools.run(command);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @AfterAll
  static void removeContainers() throws Exception {
    for (String id : DOCKER) {
      Tools.run("docker", "rm", "-f", id);
    }
    for (String id : PODMAN) {
      Tools.run("podman", "rm", "-f", "-t", "0", id);
    }
  }

  private static JsonNode once(String resolver) throws Exception {
    AgentJar.Result run = AgentJar.run("--once", "--format", "json", "--resolver", resolver,
        "--container-labels", SELECT);
    assertThat(run.code()).as("exit code; stderr: %s", run.err()).isZero();
    return JSON.readTree(run.out());
  }

  /**
   * Through the Docker API. The cgroup scan reads the same labels from Docker's config.v2.json
   * (DockerE2ETest checks them), but only under the data root it is given: this engine's is not
   * /var/lib/docker.
   */
  @Test
  void theJsonListsADockerContainersSelectedLabels() throws Exception {
    JsonNode c = DockerIT.containerIn(DockerIT.namespaceOf(once("docker"), dockerId), dockerId);
    assertThat(JSON.convertValue(c.get("labels"), Map.class)).as("labels of %s", c).isEqualTo(Map.of(
        "container-netstat-test", "1", "com.example.team", "shop front", "com.example.app/tier", "edge"));
  }

  @Test
  void theJsonListsAPodmanContainersSelectedLabelsFromTheCgroupScan() throws Exception {
    JsonNode doc = once("cgroup");
    JsonNode ns = DockerIT.namespaceOf(doc, podmanId);
    assertThat(ns).as("the podman container's namespace in %s", doc).isNotNull();
    JsonNode c = DockerIT.containerIn(ns, podmanId);
    assertThat(c.get("runtime").asText()).isEqualTo("podman");
    assertThat(JSON.convertValue(c.get("labels"), Map.class)).as("labels of %s", c).isEqualTo(Map.of(
        "container-netstat-test", "1", "com.example.team", "podman team"));
  }

  @Test
  void thePrometheusSeriesCarryContainerLabelNames() throws Exception {
    AgentJar.Result run = AgentJar.run("--once", "--format", "prometheus", "--resolver", "docker",
        "--container-labels", SELECT);
    assertThat(run.code()).as("exit code; stderr: %s", run.err()).isZero();
    String dockerLine = line(run.out(), "container_sockstat_sockets_used{", "id=\"" + dockerId + "\"");
    assertThat(dockerLine).contains("container_label_com_example_app_tier=\"edge\",")
        .contains("container_label_com_example_team=\"shop front\",")
        .contains("container_label_container_netstat_test=\"1\",").doesNotContain("container_label_other");
    run = AgentJar.run("--once", "--format", "prometheus", "--resolver", "cgroup", "--container-labels", SELECT);
    assertThat(run.code()).as("exit code; stderr: %s", run.err()).isZero();
    String podmanLine = line(run.out(), "container_sockstat_sockets_used{", "id=\"" + podmanId + "\"");
    assertThat(podmanLine).contains("container_label_com_example_team=\"podman team\",")
        .doesNotContain("container_label_other");
  }

  @Test
  void theOpenFalconItemsCarryTheLabelsAsTags() throws Exception {
    AgentJar.Result run = falcon("--container-labels", SELECT);
    assertThat(run.code()).as("exit code; stderr: %s", run.err()).isZero();
    String tags = "container=cnt-it-labels-" + RUN + ",id=" + dockerId.substring(0, 12);
    List<String> mine = new ArrayList<>();
    for (JsonNode item : JSON.readTree(run.out())) {
      if (item.get("tags").asText().startsWith(tags + ",")) {
        mine.add(item.get("tags").asText());
      }
    }
    // Within open-falcon's 159 characters of tags: the name, id and image take 92 here, the first label
    // (in name order) fits, the other two are dropped, the last name first.
    assertThat(mine).as("items of the container").isNotEmpty().allSatisfy(t -> assertThat(t)
        .endsWith(",container_label_com_example_app_tier=edge").hasSizeLessThanOrEqualTo(159));
    AgentJar.Result few = falcon("--container-labels", "com\\.example\\.team");
    assertThat(JSON.readTree(few.out()).findValuesAsText("tags")).as("tags; stderr: %s", few.err())
        .contains(tags + ",image=" + io.containernetstat.sink.openfalcon.internal.Tags.sanitise(image())
            + ",container_label_com_example_team=shop_front");
  }

  @Test
  void withoutTheOptionNoLabelIsExported() throws Exception {
    AgentJar.Result run = AgentJar.run("--once", "--format", "prometheus", "--resolver", "docker");
    assertThat(run.code()).as("exit code; stderr: %s", run.err()).isZero();
    assertThat(run.out()).contains(dockerId).doesNotContain("container_label_");
    AgentJar.Result json = AgentJar.run("--once", "--format", "json", "--resolver", "docker");
    assertThat(DockerIT.containerIn(DockerIT.namespaceOf(JSON.readTree(json.out()), dockerId), dockerId).has("labels"))
        .isFalse();
  }

  /** {@code --once --format openfalcon} through the Docker API, with the production options. */
  private static AgentJar.Result falcon(String... args) throws Exception {
    List<String> command = AgentJar.command(AgentJar.path(), "--once", "--format", "openfalcon", "--resolver", "docker");
    command.addAll(List.of(args));
    return AgentJar.run(command, Map.of());
  }

  /**
   * The daemon with both sinks: the labels cut by the limits (32 per container, 256 characters) are the
   * same at every scrape and push, and the cut is logged once, not per cycle.
   */
  @Test
  void theDaemonCutsTooManyLabelsTheSameWayEveryCycleAndWarnsOnce() throws Exception {
    int port = PrometheusProcess.freePort();
    try (FalconReceiver falcon = new FalconReceiver(0)) {
      List<String> command = AgentJar.command(AgentJar.path(), "--sink", "prometheus,openfalcon",
          "--listen", "127.0.0.1:" + port, "--falcon-url", falcon.url(), "--interval", "500ms", "--resolver", "docker",
          "--no-filesystems", "--container-labels", "cut\\..*");
      AgentJar.Daemon daemon = AgentJar.start(command);
      Process agent = daemon.process();
      var agentErr = daemon.err();
      try {
        DaemonTest.awaitHealthy(port);
        String first = line(DaemonTest.get(port, "/metrics").body(), "container_sockstat_sockets_used{", manyId);
        assertThat(first).contains("container_label_cut_a_long=\"" + "x".repeat(256) + "\",")
            .contains("container_label_cut_l00=\"v\",").contains("container_label_cut_l30=\"v\",")
            .doesNotContain("cut_l31").doesNotContain("cut_l32");
        assertThat(first.split("container_label_", -1)).as("labels in %s", first).hasSize(33);
        DaemonTest.await("three pushes", () -> falcon.requests.get() >= 3);
        assertThat(line(DaemonTest.get(port, "/metrics").body(), "container_sockstat_sockets_used{", manyId))
            .as("the next scrape").isEqualTo(first);
        assertThat(falcon.items).filteredOn(i -> i.path("tags").asText().contains("id=" + manyId.substring(0, 12)))
            .isNotEmpty();
      } finally {
        agent.toHandle().destroy();
        assertThat(AgentJar.waitFor(agent, java.time.Duration.ofSeconds(10))).as("stopped by SIGTERM").isZero();
      }
      String err = agentErr.join();
      assertThat(err.lines().filter(l -> l.contains("--container-labels: "))).as("stderr:%n%s", err).singleElement()
          .asString().contains(" WARN ").contains("container cnt-it-labels-many-" + RUN + " (" + manyId + "): 34 labels "
              + "selected, 32 kept (at most 32 per container); 1 values cut to 256 characters; later cuts are not reported");
    }
  }

  private static String line(String text, String prefix, String contains) {
    return text.lines().filter(l -> l.startsWith(prefix) && l.contains(contains)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + prefix + " line with " + contains + " in:\n" + text));
  }
}
