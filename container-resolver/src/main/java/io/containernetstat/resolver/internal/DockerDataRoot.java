package io.containernetstat.resolver.internal;

import io.containernetstat.resolver.ResolverOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which Docker data root the cgroup scan reads, and why; immutable. Chosen once, on the first scan:
 * the one given; else the one the Docker daemon states ({@code docker info}: {@code DockerRootDir}),
 * when a daemon answers and that directory is visible here; else the default. Not API.
 *
 * <p>A root that is given but is not a directory, or that the daemon states but this process cannot see
 * (an agent in a container without the host's data root mounted), is a warning, not a failure: the scan
 * still runs, and Docker's containers keep their 12-character ids as names.
 *
 * @param path the data root to read, or null to read none
 * @param description where it came from, for logs
 * @param warning why Docker's names will be missing, or null
 */
public record DockerDataRoot(Path path, String description, String warning) {

  /** Asks a Docker daemon for its data root. */
  @FunctionalInterface
  public interface Daemon {
    /**
     * {@return the daemon's data root as a path on its host, or null when it does not say}
     *
     * @throws DockerCallException if no daemon answers
     */
    String dataRoot() throws DockerCallException;
  }

  /**
   * {@return the daemon at the options' Docker host: on a unix socket one plain HTTP request
   * ({@link DockerSocketInfo}), else through a docker-java client of its own, closed after}
   */
  public static Daemon daemon(ResolverOptions options) {
    String host = options.dockerHost();
    if (host.startsWith("unix://")) {
      return () -> DockerSocketInfo.dataRoot(host, options.callTimeout());
    }
    return () -> {
      try (DockerJavaApi api = new DockerJavaApi(host, options.callTimeout())) {
        return api.dataRoot();
      }
    };
  }

  /**
   * Chooses the data root.
   *
   * @param options the root given or the fallback ({@link ResolverOptions#dockerDataRoot()}) and whether
   *     the daemon is asked ({@link ResolverOptions#dockerDataRootFromDaemon()})
   * @param daemon the daemon to ask
   * @return the choice
   */
  public static DockerDataRoot choose(ResolverOptions options, Daemon daemon) {
    Path fallback = options.dockerDataRoot();
    if (fallback == null) {
      return new DockerDataRoot(null, "Docker's files are not read", null);
    }
    if (!options.dockerDataRootFromDaemon()) {
      if (isDirectory(fallback)) {
        return new DockerDataRoot(fallback, fallback + " (given)", null);
      }
      return new DockerDataRoot(fallback, fallback + " (given; not a directory)",
          "Docker data root " + fallback + " (given) is not a directory: Docker containers are named by their "
              + "12-character ids; give the directory where the host's Docker data root is (docker info -f "
              + "'{{.DockerRootDir}}'), mounted when the agent runs in a container");
    }
    String stated;
    try {
      stated = daemon.dataRoot();
    } catch (DockerCallException e) {
      // No daemon (no Docker on the host, or its socket not mounted): the default, quietly.
      return new DockerDataRoot(fallback, fallback + " (the default; " + e.getMessage() + ")", null);
    }
    if (stated == null) {
      return new DockerDataRoot(fallback, fallback + " (the default; the Docker daemon at " + options.dockerHost()
          + " did not say)", null);
    }
    Path root = Path.of(stated);
    if (isDirectory(root)) {
      return new DockerDataRoot(root, root + " (from the Docker daemon at " + options.dockerHost() + ")", null);
    }
    String why = "the Docker daemon at " + options.dockerHost() + " keeps its data in " + root
        + ", which is not a directory here";
    if (!root.equals(fallback) && isDirectory(fallback)) {
      return new DockerDataRoot(fallback, fallback + " (the default; " + why + ")", null);
    }
    return new DockerDataRoot(root, root + " (from the Docker daemon; not a directory here)",
        why + ": Docker containers are named by their 12-character ids; mount it (read-only) and give the "
            + "path it is mounted at as Docker's data root");
  }

  private static boolean isDirectory(Path dir) {
    return Files.isDirectory(dir);
  }
}
