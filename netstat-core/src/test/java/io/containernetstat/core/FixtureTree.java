package io.containernetstat.core;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A proc root in a temporary directory, for reading bad files: {@code <pid>/stat} and
 * {@code <pid>/net/{sockstat,sockstat6,snmp}} from the live capture, then whatever a test breaks.
 */
final class FixtureTree {
  final Path root;
  private final List<NetnsTarget> targets = new ArrayList<>();

  FixtureTree(Path dir) {
    this.root = dir.resolve("proc");
  }

  ProcRoot procRoot() {
    return new ProcRoot(root);
  }

  /** Adds a process with start time {@code pid * 10} in a namespace of its own, inode {@code 4026530000 + pid}. */
  FixtureTree process(long pid, String comm) {
    write(pid + "/stat", stat(pid, comm, pid * 10));
    for (String f : List.of("sockstat", "sockstat6", "snmp")) {
      write(pid + "/net/" + f, ProcfsSamples.bytes(ProcfsSamples.LIVE + f));
    }
    targets.add(new NetnsTarget(4026530000L + pid, pid, pid * 10, false, null, null,
        List.of(new Container(Long.toString(pid), comm, "", "process", pid, pid * 10, java.util.Map.of(), null, null,
            false))));
    return this;
  }

  static String stat(long pid, String comm, long startTime) {
    return pid + " (" + comm + ") S 1 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 " + startTime + " 1000 100\n";
  }

  Path path(String relative) {
    return root.resolve(relative);
  }

  void write(String relative, String text) {
    write(relative, text.getBytes(StandardCharsets.ISO_8859_1));
  }

  void write(String relative, byte[] bytes) {
    try {
      Path file = root.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces a file with a FIFO that nobody writes: opening it for reading would block forever. */
  void fifo(String relative) throws IOException, InterruptedException {
    Path file = root.resolve(relative);
    Files.deleteIfExists(file);
    Files.createDirectories(file.getParent());
    Process p = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException("mkfifo " + file + " failed");
    }
  }

  /** Replaces a file with a sparse one of {@code size} bytes (zeros; no disk used). */
  void sparse(String relative, long size) throws IOException {
    Path file = root.resolve(relative);
    Files.deleteIfExists(file);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
  }

  /** {@return the namespaces of the processes added, in order} */
  List<NetnsTarget> targets() {
    return List.copyOf(targets);
  }

  /** {@return a resolver that returns every process added, in order} */
  NetnsResolver resolver() {
    return resolver(List.of());
  }

  /** {@return a resolver that returns every process added, in order, and {@code failed} as its failures} */
  NetnsResolver resolver(List<NamespaceSnapshot> failed) {
    List<NetnsTarget> copy = List.copyOf(targets);
    return new NetnsResolver() {
      @Override
      public String name() {
        return "fixture";
      }

      @Override
      public Resolution resolve() {
        return new Resolution("fixture", copy, 0, List.of(), failed);
      }
    };
  }
}
