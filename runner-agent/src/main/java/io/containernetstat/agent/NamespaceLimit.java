package io.containernetstat.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * How many network namespaces one collection reads: {@code --max-namespaces N}, or with {@code auto}
 * (the default) as many as the heap and the open-file limit hold. The rest are reported as not collected
 * (a metric and a warning) instead of running the JVM out of memory: with the production options
 * ({@code -Xmx10m}, {@code -XX:+ExitOnOutOfMemoryError}) a node with more namespaces than the heap holds
 * would otherwise crash-loop the DaemonSet exactly when it is busiest.
 *
 * <p>The heap estimate: {@value #BASE_BYTES} bytes, plus {@value #BYTES_PER_FOUND} for every namespace the
 * resolver found (its record of the namespace, read or not), plus for every namespace read
 * {@value #BYTES_PER_NAMESPACE} and {@value #BYTES_PER_FILE} per file of {@code --files} (its figures and
 * descriptors, one collection being built while the last is served, two renderings of concurrent scrapes)
 * and, with the open-falcon sink, {@value #QUEUED_BYTES_PER_FILE} per file (its items: two collections
 * queued while the receiver is slow or down, one being mapped). Measured with the production options
 * (runner-agent/PERFORMANCE.md, "More namespaces than the heap holds"): with {@code -Xmx10m -Xmn3m}
 * ({@code Runtime.maxMemory()} 9.75 MB), both sinks, a collection a second and two clients scraping back
 * to back, 438 read of 3,000 found ran out once the open-falcon receiver fell behind; with a receiver
 * that never answers, this estimate's 302 of 3,000, 233 of 5,000 and (six files) 175 of 3,000 ran for
 * five minutes at 66-67 MB of RSS.
 *
 * @param max the most namespaces a collection reads
 * @param auto whether {@code max} was derived here rather than given
 * @param heapBytes the heap's maximum that {@code max} was derived from
 * @param bytesPerNamespace the heap one namespace read takes, with these files and sinks
 * @param descriptorCapacity how many namespaces the open-file limit holds (each holds one descriptor per
 *     file and one for its process's {@code stat}); {@link Integer#MAX_VALUE} when unknown
 */
record NamespaceLimit(int max, boolean auto, long heapBytes, long bytesPerNamespace, int descriptorCapacity) {
  static final long BASE_BYTES = 4L << 20;
  static final long BYTES_PER_NAMESPACE = 4L << 10;
  static final long BYTES_PER_FILE = 2L << 10;
  static final long QUEUED_BYTES_PER_FILE = 1536;
  static final long BYTES_PER_FOUND = 512;
  /** Descriptors kept for everything else: jars, sockets, the Docker connection, epoll, pipes. */
  static final int RESERVED_DESCRIPTORS = 256;

  /**
   * Chooses the limit.
   *
   * @param option {@code --max-namespaces}: a positive number, or 0 for {@code auto}
   * @param heapBytes {@code Runtime.maxMemory()}
   * @param openFiles the soft open-file limit, or empty when unknown
   * @param filesPerNamespace the files read in each namespace
   * @param queued whether the open-falcon sink queues each collection's items
   */
  static NamespaceLimit choose(int option, long heapBytes, OptionalLong openFiles, int filesPerNamespace,
      boolean queued) {
    long perNamespace = BYTES_PER_NAMESPACE + (BYTES_PER_FILE + (queued ? QUEUED_BYTES_PER_FILE : 0))
        * filesPerNamespace;
    int heap = heapCapacity(heapBytes, perNamespace, 0);
    int descriptors = openFiles.isEmpty() ? Integer.MAX_VALUE
        : (int) Math.min(Integer.MAX_VALUE,
            Math.max(1, (openFiles.getAsLong() - RESERVED_DESCRIPTORS) / (filesPerNamespace + 1)));
    if (option > 0) {
      return new NamespaceLimit(option, false, heapBytes, perNamespace, descriptors);
    }
    return new NamespaceLimit(Math.min(heap, descriptors), true, heapBytes, perNamespace, descriptors);
  }

  /** {@return the limit for this JVM and process, with {@code /proc/self/limits} read once} */
  static NamespaceLimit forThisProcess(int option, int filesPerNamespace, boolean queued) {
    return choose(option, Runtime.getRuntime().maxMemory(), openFileLimit(Path.of("/proc/self/limits")),
        filesPerNamespace, queued);
  }

  /** {@return how many namespaces a heap of {@code heapBytes} reads when {@code found} are found, at least 1} */
  private static int heapCapacity(long heapBytes, long perNamespace, int found) {
    long room = heapBytes - BASE_BYTES - BYTES_PER_FOUND * found;
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, room / perNamespace));
  }

  /**
   * {@return how many namespaces this heap reads when {@code found} are found, at least 1} The budget
   * falls as more are found ({@link #forFound(int)}).
   */
  int heapCapacity(int found) {
    return heapCapacity(heapBytes, bytesPerNamespace, found);
  }

  /**
   * {@return the most namespaces a collection reads when {@code found} were found: the option as given,
   * else what the heap holds beside {@code found} records, within the open-file limit}
   */
  int forFound(int found) {
    return auto ? Math.min(heapCapacity(found), descriptorCapacity) : max;
  }

  /** {@return the -Xmx, in whole MB, that reads all of {@code namespaces} with half as much again to spare} */
  long recommendedMegabytes(long namespaces) {
    long bytes = BASE_BYTES + (bytesPerNamespace + BYTES_PER_FOUND) * namespaces;
    return (bytes + bytes / 2 + (1 << 20) - 1) >> 20;
  }

  /** {@return the soft "Max open files" of a {@code /proc/<pid>/limits} file, or empty} */
  static OptionalLong openFileLimit(Path limits) {
    try {
      for (String line : Files.readAllLines(limits, StandardCharsets.US_ASCII)) {
        if (line.startsWith("Max open files")) {
          String[] f = line.substring("Max open files".length()).trim().split("\\s+");
          return f.length > 0 && f[0].chars().allMatch(Character::isDigit) && !f[0].isEmpty()
              ? OptionalLong.of(Long.parseLong(f[0])) : OptionalLong.empty();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or hidden: no descriptor bound beyond the heap's
    }
    return OptionalLong.empty();
  }

  /**
   * {@return the warning for a collection that left {@code notCollected} of {@code found} namespaces
   * out, naming what bounds it and what to change}
   */
  String warning(int notCollected, int found) {
    StringBuilder b = new StringBuilder().append(notCollected).append(" of ").append(found)
        .append(" network namespaces not collected: ");
    if (!auto) {
      b.append("--max-namespaces is ").append(max);
    } else if (heapCapacity(found) <= descriptorCapacity) {
      b.append("the heap's maximum (").append((heapBytes + (1 << 19)) >> 20).append(" MB) holds about ")
          .append(heapCapacity(found)).append(" beside ").append(found).append(" found")
          .append("; give the JVM -Xmx").append(recommendedMegabytes(found))
          .append("m (JAVA_OPTS in the image) and raise the container's memory limit by as much");
    } else {
      b.append("the open-file limit holds ").append(descriptorCapacity).append(" (one descriptor per file and one per process)")
          .append("; raise it (ulimit -n, LimitNOFILE)");
    }
    return b.append(" (runner-agent/USAGE.md, \"Memory and sizing\")").toString();
  }

  /** {@return one line for the start log: the limit and where it comes from} */
  String describe() {
    if (!auto) {
      return "at most " + max + " network namespaces per collection (--max-namespaces)";
    }
    return "at most " + max + " network namespaces per collection, fewer as more are found (--max-namespaces"
        + " auto: the heap holds " + heapCapacity(0) + (descriptorCapacity == Integer.MAX_VALUE ? ""
            : ", the open-file limit " + descriptorCapacity) + ")";
  }
}
