package io.containernetstat.agent;

import io.containernetstat.agent.cli.EnvironmentDefaults;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the shaded jar, {@code runner-agent/target/container-netstat.jar} (system property
 * {@code agent.jar}, set by failsafe), as users do: {@code java -jar}. For the {@code *IT} tests.
 */
final class AgentJar {
  /**
   * The production JVM options that USAGE.md documents; the end-to-end tests run with them (without the
   * files of {@code runtime-files.sh}, which {@code AgentJarIT} tests on their own).
   */
  static final List<String> JVM_OPTIONS = List.of(
      "-Xmx10m", "-Xmn3m", "-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
      "-XX:CompileThresholdScaling=50", "-XX:MaxMetaspaceSize=64m", "-XX:MaxDirectMemorySize=16m",
      "-Djdk.nio.maxCachedBufferSize=262144", "-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=5000",
      "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData");

  private AgentJar() {}

  static Path path() {
    String jar = System.getProperty("agent.jar");
    if (jar == null) {
      throw new IllegalStateException("system property agent.jar is not set: run the *IT tests with "
          + "'mvn verify' (failsafe sets it after the package phase built the jar)");
    }
    Path path = Path.of(jar);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(path + " does not exist: 'mvn package' builds it");
    }
    return path;
  }

  static List<String> command(Path jar, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    return command;
  }

  /**
   * The result of a finished run.
   *
   * @param code the exit code
   * @param out stdout
   * @param err stderr (the agent's log included)
   */
  record Result(int code, String out, String err) {}

  static Result run(String... args) throws IOException, InterruptedException {
    return run(command(path(), args), Map.of());
  }

  /** Runs a command to its end (at most 60 s) with extra environment variables. */
  static Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith(EnvironmentDefaults.PREFIX));
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<String> out = read(p.getInputStream());
    CompletableFuture<String> err = read(p.getErrorStream());
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(command + " did not finish within 60 s; stderr: " + err.getNow(""));
    }
    return new Result(p.exitValue(), out.join(), err.join());
  }

  /**
   * A daemon started in the background.
   *
   * @param process the agent
   * @param err its stderr, complete once it exits
   */
  record Daemon(Process process, CompletableFuture<String> err) {}

  /** Starts an agent in the background: stdin closed, stdout drained, stderr collected. */
  static Daemon start(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).start();
    p.getOutputStream().close();
    CompletableFuture<String> err = read(p.getErrorStream());
    read(p.getInputStream());
    return new Daemon(p, err);
  }

  static CompletableFuture<String> read(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(unreadable: " + e + ")";
      }
    });
  }

  /**
   * Stops an agent as its service manager would: SIGTERM (through its handle, which leaves our end of its
   * pipes open for the log), then SIGKILL if it has not exited within 10 s.
   */
  static void stop(Process agent) throws InterruptedException {
    agent.toHandle().destroy();
    if (waitFor(agent, Duration.ofSeconds(10)) == null) {
      agent.destroyForcibly();
    }
  }

  /** Waits for a process to exit; {@code null} when it did not within the time. */
  static Integer waitFor(Process p, Duration timeout) throws InterruptedException {
    return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? p.exitValue() : null;
  }
}
