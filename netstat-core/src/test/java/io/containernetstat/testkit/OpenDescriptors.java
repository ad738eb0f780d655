package io.containernetstat.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * This JVM's open file descriptors, read from {@code /proc/self/fd}: tests that check a reader holds, or
 * released, its files count only those under a path prefix of their own, as other threads open and close
 * descriptors of their own meanwhile.
 */
public final class OpenDescriptors {
  private OpenDescriptors() {}

  /** {@return the targets of this JVM's descriptors that start with {@code prefix}, in descriptor order} */
  public static List<String> under(String prefix) {
    List<String> found = new ArrayList<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith(prefix)) {
            found.add(target);
          }
        } catch (NoSuchFileException e) {
          // closed while listing (the directory stream's own descriptor, among others)
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  /** {@return how many of this JVM's descriptors point at a path that starts with {@code prefix}} */
  public static int count(String prefix) {
    return under(prefix).size();
  }

  /** {@return how many of this JVM's descriptors point under directory {@code dir} (its real path)} */
  public static int countUnder(Path dir) {
    try {
      return count(dir.toRealPath() + "/");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
