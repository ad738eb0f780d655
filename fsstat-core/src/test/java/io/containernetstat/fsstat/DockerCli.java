package io.containernetstat.fsstat;

import io.containernetstat.core.Container;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.internal.Processes;
import io.containernetstat.core.kernel.Environment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code docker} CLI for the tests that run real containers: one instance starts a test class's
 * containers (image from {@code TEST_IMAGE}, default {@code container-netstat-test/busybox:latest}), each
 * with the label {@link #LABEL}, and removes them afterwards.
 */
final class DockerCli {
  /** The label of every container and volume the tests create. */
  static final String LABEL = "container-netstat-test=1";

  private final String image = System.getenv().getOrDefault("TEST_IMAGE", "container-netstat-test/busybox:latest");
  private final List<String> created = new ArrayList<>();

  /** {@return a running {@code sleep 600} container of the test image, with the given run options} */
  Container run(String name, String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of("run", "-d", "--label", LABEL, "--name", name));
    created.add(name);
    args.addAll(List.of(options));
    args.addAll(List.of(image, "sleep", "600"));
    String id = docker(args.toArray(new String[0])).strip();
    long pid = Long.parseLong(docker("inspect", "-f", "{{.State.Pid}}", id).strip());
    long start = Processes.startTime(ProcRoot.DEFAULT, pid).orElseThrow();
    return new Container(id, name, image, "docker", pid, start, Map.of(), null, null, false);
  }

  /** Removes every container {@link #run} started, saying on stderr what could not be removed. */
  void removeContainers() {
    for (String name : created) {
      dockerQuietly("rm", "-f", name);
    }
  }

  /** {@return the output of {@code docker <args>}}; fails the test when it fails */
  static String docker(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("docker");
    command.addAll(List.of(args));
    // stderr apart: "docker run" warns there (IPv4 forwarding) while stdout is the id.
    Path err = Files.createTempFile("docker-stderr-", ".txt");
    try {
      Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new AssertionError(command + " failed with status " + p.exitValue() + ": " + text
            + Files.readString(err));
      }
      return text;
    } finally {
      Files.deleteIfExists(err);
    }
  }

  /** Runs {@code docker <args>} for clean-up: a failure is printed, not thrown. */
  static void dockerQuietly(String... args) {
    try {
      docker(args);
    } catch (Exception | AssertionError e) {
      System.err.println("cleanup: " + e.getMessage());
    }
  }

  /** Skips the test locally, and fails it on CI, where {@link #problem()} finds one. */
  static void requireOrSkip() {
    String problem = problem();
    Environment.requireOrSkip(problem == null, String.valueOf(problem));
  }

  /** {@return why the tests cannot run here, or null} */
  static String problem() {
    if (Environment.executable("docker").isEmpty()) {
      return "needs the docker CLI and a running dockerd (scripts/test-env/up.sh)";
    }
    try {
      String version = docker("version", "-f", "{{.Server.Version}}");
      if (version.isBlank()) {
        return "dockerd did not report its version";
      }
    } catch (Exception | AssertionError e) {
      return "dockerd does not answer (scripts/test-env/up.sh starts one): " + e.getMessage();
    }
    if (!TestHost.isRoot()) {
      return "reading other processes' /proc/<pid>/root needs root (or CAP_SYS_PTRACE)";
    }
    return null;
  }
}
