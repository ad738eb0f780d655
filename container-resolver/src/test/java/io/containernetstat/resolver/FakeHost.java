package io.containernetstat.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Resolution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A fixture host in a temporary directory: a proc tree ({@code proc/<pid>/stat}, {@code ns/net} as a
 * dangling symlink to {@code net:[N]}, {@code cgroup}, {@code comm}), a cgroup tree (v2, or v1 with
 * several hierarchies holding the same relative paths), and the runtimes' files on disk.
 */
final class FakeHost {
  static final long HOST_NETNS = 4026531840L;
  /** The start time {@link #exit} leaves in a held stat file: no test process starts then. */
  static final long EXITED_START_TIME = Long.MAX_VALUE;

  final Path proc;
  final Path cgroupRoot;
  final Path containerdRoot;
  final Path dockerContainerdRoot;
  final Path crioRoot;
  /** podman's rootful graph root: {@code overlay-containers/}, {@code libpod/bolt_state.db}. */
  final Path podmanStorage;
  final Path dockerData;
  private final List<Path> hierarchies = new ArrayList<>();

  private FakeHost(Path dir) {
    this.proc = dir.resolve("proc");
    this.cgroupRoot = dir.resolve("sys/fs/cgroup");
    this.containerdRoot = dir.resolve("run/containerd/io.containerd.runtime.v2.task");
    this.dockerContainerdRoot = dir.resolve("run/docker/containerd/daemon/io.containerd.runtime.v2.task");
    this.crioRoot = dir.resolve("run/containers/storage/overlay-containers");
    this.podmanStorage = dir.resolve("var/lib/containers/storage");
    this.dockerData = dir.resolve("var/lib/docker");
    mkdirs(proc);
    // given to the scan as Docker's data root: a missing one is a warning
    mkdirs(dockerData);
    // init, in the host namespace: HostNetns.detect's reference
    process(1, 1, HOST_NETNS, "systemd", "/init.scope");
  }

  /** A cgroup v2 host: one hierarchy at the root. */
  static FakeHost v2(Path dir) {
    FakeHost h = new FakeHost(dir);
    h.hierarchies.add(h.cgroupRoot);
    write(h.cgroupRoot.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
    write(h.cgroupRoot.resolve("cgroup.procs"), "");
    return h;
  }

  /** A cgroup v1 host with the given controller hierarchies (and a hybrid {@code unified} when asked). */
  static FakeHost v1(Path dir, String... hierarchies) {
    FakeHost h = new FakeHost(dir);
    for (String name : hierarchies) {
      Path root = h.cgroupRoot.resolve(name);
      h.hierarchies.add(root);
      write(root.resolve("cgroup.procs"), "");
      write(root.resolve(name.equals("unified") ? "cgroup.controllers" : "tasks"), "");
    }
    return h;
  }

  ResolverOptions.Builder options() {
    return ResolverOptions.builder()
        .procRoot(new io.containernetstat.core.ProcRoot(proc))
        .cgroupRoot(cgroupRoot)
        .containerdRoots(List.of(containerdRoot, dockerContainerdRoot))
        .crioRoots(List.of(crioRoot, podmanStorage.resolve("overlay-containers")))
        .dockerDataRoot(dockerData)
        .dockerHost("unix://" + proc.getParent().resolve("no-docker.sock"));
  }

  /** Adds a process. */
  FakeHost process(long pid, long startTime, long netns, String comm, String cgroupPath) {
    Path dir = proc.resolve(Long.toString(pid));
    mkdirs(dir.resolve("ns"));
    write(dir.resolve("stat"), pid + " (" + comm + ") S 1 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 "
        + startTime + " 1000000 100 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");
    write(dir.resolve("comm"), comm + "\n");
    write(dir.resolve("cgroup"), "0::" + cgroupPath + "\n");
    Path link = dir.resolve("ns/net");
    try {
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, Path.of("net:[" + netns + "]"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /**
   * Removes a process, as its exit does. Its stat and comm files are first rewritten in place with a
   * start time and a command no test process has: a file held open by a resolver then reads another
   * process, as a real one reads no process at all (ESRCH) once its process has exited, even if the PID
   * were reused. (An empty read would be a malformed stat, not an exit.)
   */
  FakeHost exit(long pid) {
    Path stat = proc.resolve(Long.toString(pid)).resolve("stat");
    if (Files.exists(stat)) {
      write(stat, pid + " (exited) Z 1 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 " + EXITED_START_TIME + " 0 0\n");
    }
    Path comm = proc.resolve(Long.toString(pid)).resolve("comm");
    if (Files.exists(comm)) {
      write(comm, "(exited)\n");
    }
    deleteTree(proc.resolve(Long.toString(pid)));
    return this;
  }

  /** Points a process's {@code ns/net} at {@code target}, which need not be a namespace link. */
  FakeHost netLink(long pid, String target) {
    Path link = proc.resolve(pid + "/ns/net");
    try {
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, Path.of(target));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Replaces a file with a FIFO that nobody writes: opening it for reading would block forever. */
  static void fifo(Path file) throws IOException, InterruptedException {
    Files.deleteIfExists(file);
    if (new ProcessBuilder("mkfifo", file.toString()).inheritIO().start().waitFor() != 0) {
      throw new IOException("mkfifo " + file + " failed");
    }
  }

  /**
   * Creates a cgroup (in every hierarchy) holding the given processes, each of which is also created.
   *
   * @param path the cgroup path, such as {@code /docker/ID}
   */
  FakeHost container(String path, long netns, String comm, long... pidAndStart) {
    long[] pids = new long[pidAndStart.length / 2];
    for (int i = 0; i < pids.length; i++) {
      pids[i] = pidAndStart[2 * i];
      process(pidAndStart[2 * i], pidAndStart[2 * i + 1], netns, comm, path);
    }
    return procs(path, pids);
  }

  /** Writes a cgroup's {@code cgroup.procs} (in every hierarchy), creating the cgroup. */
  FakeHost procs(String path, long... pids) {
    String text = java.util.Arrays.stream(pids).mapToObj(p -> p + "\n").collect(Collectors.joining());
    for (Path h : hierarchies) {
      Path dir = h.resolve(path.substring(1));
      mkdirs(dir);
      write(dir.resolve("cgroup.procs"), text);
      write(dir.resolve("pids.max"), "max\n");
    }
    return this;
  }

  /** Removes a cgroup from every hierarchy. */
  FakeHost removeCgroup(String path) {
    for (Path h : hierarchies) {
      deleteTree(h.resolve(path.substring(1)));
    }
    return this;
  }

  /** Writes a containerd bundle's config.json with these annotations. */
  FakeHost containerdBundle(Path root, String namespace, String id, Map<String, String> annotations) {
    Path dir = root.resolve(namespace).resolve(id);
    mkdirs(dir);
    write(dir.resolve("config.json"), "{\"ociVersion\":\"1.1.0\",\"process\":{\"args\":[\"/pause\"]},"
        + "\"annotations\":" + json(annotations) + "}");
    write(dir.resolve("init.pid"), "1");
    return this;
  }

  /** Writes a CRI-O container's userdata/config.json with these annotations. */
  FakeHost crioBundle(String id, Map<String, String> annotations) {
    Path dir = crioRoot.resolve(id).resolve("userdata");
    mkdirs(dir);
    write(dir.resolve("config.json"), "{\"ociVersion\":\"1.0.2\",\"annotations\":" + json(annotations) + "}");
    return this;
  }

  /**
   * Copies a podman storage capture from the test resources ({@code podman-4.3.1/}: libpod's
   * {@code bolt_state.db}, {@code containers.json}, each container's config.json) into the graph root.
   */
  FakeHost podmanCapture(String resource) {
    try {
      Path from = Path.of(FakeHost.class.getResource("/" + resource).toURI());
      try (var walk = Files.walk(from)) {
        for (Path p : walk.filter(Files::isRegularFile).collect(Collectors.toList())) {
          Path to = podmanStorage.resolve(from.relativize(p).toString());
          mkdirs(to.getParent());
          Files.copy(p, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return this;
  }

  /** Writes Docker's config.v2.json and hostconfig.json for a container. */
  FakeHost dockerConfig(String id, String name, String image, Map<String, String> labels, String networkMode) {
    Path dir = dockerData.resolve("containers").resolve(id);
    mkdirs(dir);
    write(dir.resolve("config.v2.json"), "{\"ID\":\"" + id + "\",\"Name\":\"/" + name + "\",\"Config\":{\"Image\":\""
        + image + "\",\"Labels\":" + json(labels) + "},\"State\":{\"Running\":true,\"Pid\":42}}");
    write(dir.resolve("hostconfig.json"), "{\"NetworkMode\":\"" + networkMode + "\"}");
    return this;
  }

  static String json(Map<String, String> map) {
    return map.entrySet().stream()
        .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
        .collect(Collectors.joining(",", "{", "}"));
  }

  static void write(Path file, String text) {
    try {
      mkdirs(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts that {@code r} holds namespace {@code netnsInode} only, read through {@code pid} of {@code startTime}. */
  static void assertOneNamespace(Resolution r, long pid, long startTime, long netnsInode) {
    assertThat(r.namespaces()).singleElement().satisfies(t -> {
      assertThat(t.pid()).isEqualTo(pid);
      assertThat(t.pidStartTime()).isEqualTo(startTime);
      assertThat(t.netnsInode()).isEqualTo(netnsInode);
    });
  }

  /** A 64-hex id made from a short tag, so tests read well. */
  static String id(String tag) {
    StringBuilder sb = new StringBuilder();
    for (char c : tag.toCharArray()) {
      sb.append(Integer.toHexString(c));
    }
    while (sb.length() < 64) {
      sb.append('0');
    }
    return sb.substring(0, 64);
  }
}
