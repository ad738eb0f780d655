package io.containernetstat.agent;

import io.containernetstat.core.kernel.Environment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs host tools (docker, nsenter, ss, readlink) for the end-to-end tests' oracles. */
final class Tools {
  private Tools() {}

  /**
   * Runs a program; a bare name is found like {@link Environment#executable}.
   *
   * @return its stdout
   * @throws IOException if it exits non-zero (with its stderr) or takes over 60 s
   */
  static String run(String... command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(List.of(command));
    if (!full.get(0).contains("/")) {
      full.set(0, Environment.executable(full.get(0)).map(Object::toString).orElse(full.get(0)));
    }
    Process p = new ProcessBuilder(full).start();
    p.getOutputStream().close();
    var out = AgentJar.read(p.getInputStream());
    var err = AgentJar.read(p.getErrorStream());
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new IOException(full + " did not finish within 60 s");
    }
    if (p.exitValue() != 0) {
      throw new IOException(full + " exited with " + p.exitValue() + ": " + err.join().strip());
    }
    return out.join();
  }

  /** Removes the Docker containers a test started ({@code docker rm -f}); none is nothing to do. */
  static void removeDockerContainers(List<String> ids) throws IOException, InterruptedException {
    if (!ids.isEmpty()) {
      List<String> rm = new ArrayList<>(List.of("docker", "rm", "-f"));
      rm.addAll(ids);
      run(rm.toArray(new String[0]));
    }
  }

  /** {@return whether the Docker daemon answers ({@code docker info})} */
  static boolean dockerAnswers() {
    try {
      run("docker", "info", "--format", "{{.ServerVersion}}");
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
