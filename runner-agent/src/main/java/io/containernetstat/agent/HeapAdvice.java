package io.containernetstat.agent;

/**
 * Says when the heap is too small for the number of network namespaces, before it runs out. The
 * production heap (-Xmx10m) is sized for the 300 namespaces the memory target names; the heap a daemon
 * needs grows with the namespaces (one collection, its rendering per concurrent scrape, two collections'
 * open-falcon items while the receiver lags), and SerialGC with {@code -XX:+ExitOnOutOfMemoryError} ends
 * the agent when it is short.
 *
 * <p>Figures (runner-agent/PERFORMANCE.md, measure-rss.sh with both sinks, a scrape every 2 s alternating
 * gzip and uncompressed): 600 namespaces ran in 10 MB, 1000 did not, 1000 ran in 20 MB. The estimate
 * below, 4 MB plus 10 KB a namespace, puts 10 MB at about 590 namespaces ({@code Runtime.maxMemory()}
 * leaves out one survivor space: 9.75 MB with -Xmx10m -Xmn3m); the advice adds half as much again.
 */
final class HeapAdvice {
  static final long BASE_BYTES = 4L << 20;
  static final long BYTES_PER_NAMESPACE = 10L << 10;

  private HeapAdvice() {}

  /** {@return how many namespaces a heap of {@code maxHeapBytes} holds, by the estimate above} */
  static long capacity(long maxHeapBytes) {
    return Math.max(0, (maxHeapBytes - BASE_BYTES) / BYTES_PER_NAMESPACE);
  }

  /** {@return the -Xmx to give for {@code namespaces}, in whole MB with half as much again to spare} */
  static long recommendedMegabytes(int namespaces) {
    long bytes = BASE_BYTES + BYTES_PER_NAMESPACE * namespaces;
    return (bytes + bytes / 2 + (1 << 20) - 1) >> 20;
  }

  /**
   * {@return a warning when {@code namespaces} exceed what the heap holds, else null}
   *
   * @param namespaces the namespaces of the last collection
   * @param maxHeapBytes {@code Runtime.maxMemory()}
   */
  static String check(int namespaces, long maxHeapBytes) {
    long capacity = capacity(maxHeapBytes);
    if (namespaces <= capacity) {
      return null;
    }
    return namespaces + " network namespaces, but the heap's maximum (" + ((maxHeapBytes + (1 << 19)) >> 20)
        + " MB) holds about "
        + capacity + ": give the JVM -Xmx" + recommendedMegabytes(namespaces) + "m (JAVA_OPTS in the image), or it"
        + " may exit with OutOfMemoryError under concurrent scrapes";
  }
}
