package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.containernetstat.core.kernel.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --resolver cgroup} naming a real Docker engine's container from Docker's data root
 * ({@code --docker-root}): the one the daemon states when none is given, a copy given as the option, and
 * a missing one (the container keeps its 12-character id, with one warning). The test engine of
 * {@code scripts/test-env/up.sh} keeps its data outside {@code /var/lib/docker}, as a moved data root does.
 * The container carries the label {@code container-netstat-test=1} and is removed afterwards.
 */
class DockerRootIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String NAME = "cnt-it-root-" + RUN;

  private static String id;
  private static Path dataRoot;
  private static Path copy;

  @BeforeAll
  static void startContainer() throws Exception {
    Environment.requireNetworkNamespaces();
    Environment.requireOrSkip(Tools.dockerAnswers(),
        "needs a Docker daemon that answers 'docker info' (run scripts/test-env/up.sh as root)");
    dataRoot = Path.of(Tools.run("docker", "info", "-f", "{{.DockerRootDir}}").strip());
    id = Tools.run("docker", "run", "-d", "--network", "none", "--label", "container-netstat-test=1", "--name", NAME,
        "busybox:latest", "sleep", "600").strip();
    // A copy of the container's metadata under another root, with another name: what is read shows.
    copy = Files.createTempDirectory("cn-docker-root");
    Path from = dataRoot.resolve("containers").resolve(id);
    Path to = Files.createDirectories(copy.resolve("containers").resolve(id));
    ObjectNode config = (ObjectNode) JSON.readTree(from.resolve("config.v2.json").toFile());
    config.put("Name", "/copied-" + RUN);
    JSON.writeValue(to.resolve("config.v2.json").toFile(), config);
    Files.copy(from.resolve("hostconfig.json"), to.resolve("hostconfig.json"));
  }

  @AfterAll
  static void removeContainer() throws Exception {
    if (id != null) {
      Tools.run("docker", "rm", "-f", id);
    }
    if (copy != null) {
      try (Stream<Path> walk = Files.walk(copy)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** {@return the container's entry in the JSON report of the run} */
  private static JsonNode container(AgentJar.Result run) throws Exception {
    assertThat(run.code()).as("exit code; stderr: %s", run.err()).isZero();
    JsonNode ns = DockerIT.namespaceOf(JSON.readTree(run.out()), id);
    assertThat(ns).as("namespace of %s; stderr: %s", id, run.err()).isNotNull();
    return DockerIT.containerIn(ns, id);
  }

  @Test
  void withoutTheOptionTheDaemonsDataRootNamesTheContainer() throws Exception {
    AgentJar.Result run = AgentJar.run("--once", "--format", "json", "--resolver", "cgroup");
    JsonNode c = container(run);
    assertThat(c.get("name").asText()).as("from %s; stderr: %s", dataRoot, run.err()).isEqualTo(NAME);
    assertThat(c.get("image").asText()).isEqualTo("busybox:latest");
    assertThat(c.get("runtime").asText()).isEqualTo("docker");
    assertThat(run.err()).doesNotContain("Docker data root");
  }

  @Test
  void theDataRootGivenIsTheOneRead() throws Exception {
    AgentJar.Result run = AgentJar.run("--once", "--format", "json", "--resolver", "cgroup", "--docker-root",
        copy.toString());
    assertThat(container(run).get("name").asText()).isEqualTo("copied-" + RUN);
    assertThat(run.err()).doesNotContain("Docker data root");
  }

  @Test
  void aMissingDataRootGivenLeavesTheIdAndWarnsOnce() throws Exception {
    Path missing = Path.of("/nonexistent-" + RUN);
    AgentJar.Result run = AgentJar.run("--once", "--format", "json", "--resolver", "cgroup", "--docker-root",
        missing.toString());
    JsonNode c = container(run);
    assertThat(c.get("name").asText()).isEqualTo(id.substring(0, 12));
    assertThat(c.get("runtime").asText()).isEqualTo("docker");
    String warning = "Docker data root " + missing + " (given) is not a directory";
    assertThat(run.err()).contains(warning);
    assertThat(run.err().split(java.util.regex.Pattern.quote(warning), -1)).as("warned once: %s", run.err())
        .hasSize(2);
  }
}
