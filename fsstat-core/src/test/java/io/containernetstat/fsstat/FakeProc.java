package io.containernetstat.fsstat;

import io.containernetstat.core.Container;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.ProcRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A proc root in a temporary directory: {@code <pid>/mountinfo}, {@code <pid>/stat} and a
 * {@code <pid>/root} link to a directory tree where each mount point exists (a directory, or a file for
 * the single-file binds), so the probe's {@code stat} sees what it would in a container.
 */
final class FakeProc {
  final Path dir;
  final ProcRoot root;

  FakeProc(Path dir) {
    this.dir = dir;
    this.root = new ProcRoot(dir.resolve("proc"));
  }

  /** Adds a process whose mount table is {@code mountinfo}; files for {@code files}, directories for the rest. */
  Container add(String id, long pid, long start, byte[] mountinfo) {
    try {
      Path p = root.pid(pid);
      Files.createDirectories(p);
      Files.write(p.resolve("mountinfo"), mountinfo);
      writeStat(pid, start);
      Path rootfs = dir.resolve("rootfs-" + pid);
      Files.createDirectories(rootfs);
      for (MountInfo m : MountInfoParser.parse("fixture", mountinfo, 0, mountinfo.length)) {
        Path at = rootfs.resolve(m.mountPoint().substring(1));
        if (m.root().endsWith("/hosts") || m.root().endsWith("/hostname") || m.root().endsWith("/resolv.conf")
            || m.root().endsWith(".txt") || m.root().endsWith("/null")) {
          Files.createDirectories(at.getParent());
          if (!Files.exists(at)) {
            Files.writeString(at, "file\n");
          }
        } else {
          Files.createDirectories(at);
        }
      }
      if (!Files.exists(p.resolve("root"))) {
        Files.createSymbolicLink(p.resolve("root"), rootfs);
      }
      return container(id, pid, start);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Container add(String id, long pid, long start, String fixture) {
    return add(id, pid, start, Fixtures.bytes(fixture));
  }

  void writeStat(long pid, long start) throws IOException {
    Files.writeString(root.pid(pid).resolve("stat"),
        pid + " (sleep) S 1 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 " + start + " 1000 100\n");
  }

  void setMountinfo(long pid, String text) {
    try {
      Files.write(root.pid(pid).resolve("mountinfo"), text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes the process disappear, as when it exits. */
  void exit(long pid) {
    try {
      Path p = root.pid(pid);
      Files.deleteIfExists(p.resolve("mountinfo"));
      Files.deleteIfExists(p.resolve("stat"));
      Files.deleteIfExists(p.resolve("root"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Container container(String id, long pid, long start) {
    return new Container(id, "c-" + id, "busybox", "docker", pid, start, Map.of(), null, null, false);
  }

  static List<NetnsTarget> namespaces(Container... containers) {
    return List.of(new NetnsTarget(4026532000L, containers[0].pid(), containers[0].startTime(), false,
        containers[0].id(), null, List.of(containers)));
  }

  /** {@code <proc>/<pid>/root<mountPoint>}, the path the probe hands to statvfs. */
  String path(long pid, String mountPoint) {
    return root.pid(pid).resolve("root") + mountPoint;
  }
}
