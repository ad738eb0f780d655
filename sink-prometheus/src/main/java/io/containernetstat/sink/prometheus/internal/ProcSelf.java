package io.containernetstat.sink.prometheus.internal;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's own figures from procfs, as client_golang's process collector reads them: CPU time,
 * memory, start time and descriptors. Not thread-safe (one reused buffer): its caller serialises
 * {@link #read()}. Not API.
 *
 * <p>What is read, and how often:
 * <ul>
 *   <li>once: {@code <proc>/self/auxv} for the page size ({@code AT_PAGESZ}) and the clock tick
 *       ({@code AT_CLKTCK}, {@code sysconf(_SC_CLK_TCK)}), which the kernel hands every process; the start
 *       time from {@code <proc>/self/stat} field 22 and {@code <proc>/stat}'s {@code btime};</li>
 *   <li>per {@link #read()}: {@code <proc>/self/stat} (one line, about 300 bytes: {@code utime},
 *       {@code stime}, {@code vsize}, {@code rss}), {@code <proc>/self/limits} (about 1.4 KB: the soft
 *       {@code Max open files}) and the names in {@code <proc>/self/fd}, counted less the descriptor the
 *       listing itself holds (as the JDK's {@code getOpenFileDescriptorCount} does).</li>
 * </ul>
 * Numbers are parsed from the bytes of a reused buffer; the listing of {@code fd} allocates one short
 * string per descriptor, the only allocation that grows (with the held namespaces' descriptors).
 *
 * <pre>
 * 4242 (java) S 1 4242 4242 0 -1 4194560 9402 0 3 0 57 23 0 0 20 0 26 0 1729345 2904354816 11264 ...
 * </pre>
 * A figure that cannot be read is absent (negative here), never 0.
 */
public final class ProcSelf {
  private static final int AT_PAGESZ = 6;
  private static final int AT_CLKTCK = 17;
  /** Fields of /proc/self/stat after the command's closing parenthesis: the state is field 3. */
  private static final int UTIME = 14 - 3;
  private static final int STIME = 15 - 3;
  private static final int STARTTIME = 22 - 3;
  private static final int VSIZE = 23 - 3;
  private static final int RSS = 24 - 3;
  private static final byte[] MAX_OPEN_FILES = "Max open files".getBytes(StandardCharsets.US_ASCII);

  private final Path self;
  private final byte[] buffer = new byte[4096];
  private final long pageSize;
  private final long clockTicks;
  private final double startTimeSeconds;
  /** On the real procfs the listing of fd shows the descriptor it reads through; a test's tree does not. */
  private final boolean listingCounted;

  /**
   * What one {@link #read()} found; immutable. A figure that could not be read is negative (NaN for seconds).
   *
   * @param cpuSeconds user and system CPU time ({@code utime + stime}) in seconds
   * @param residentBytes the resident set ({@code rss} pages times the page size)
   * @param virtualBytes the virtual memory size ({@code vsize})
   * @param startTimeSeconds when the process started, in seconds since the epoch
   * @param openFds the descriptors open
   * @param maxFds their soft limit; {@link Long#MAX_VALUE} for {@code unlimited}
   */
  public record Figures(double cpuSeconds, long residentBytes, long virtualBytes, double startTimeSeconds,
      long openFds, long maxFds) {}

  /**
   * Reads what does not change while the process lives.
   *
   * @param procRoot where procfs is mounted, {@code /proc} (a test's tree otherwise)
   */
  public ProcSelf(Path procRoot) {
    this.self = procRoot.resolve("self");
    this.listingCounted = procRoot.equals(Path.of("/proc"));
    long[] aux = auxv(self.resolve("auxv"));
    this.pageSize = aux[0];
    this.clockTicks = aux[1];
    this.startTimeSeconds = startTime(procRoot.resolve("stat"));
  }

  /** {@return this process's figures now} */
  public Figures read() {
    double cpu = Double.NaN;
    long resident = -1;
    long virtual = -1;
    int n = fill(self.resolve("stat"));
    int start = statFields(n);
    if (start >= 0) {
      long utime = field(start, n, UTIME);
      long stime = field(start, n, STIME);
      if (utime >= 0 && stime >= 0 && clockTicks > 0) {
        cpu = (double) (utime + stime) / clockTicks;
      }
      virtual = field(start, n, VSIZE);
      long rss = field(start, n, RSS);
      if (rss >= 0 && pageSize > 0) {
        resident = rss * pageSize;
      }
    }
    long max = maxOpenFiles(fill(self.resolve("limits")));
    String[] fds = self.resolve("fd").toFile().list();
    long open = fds == null ? -1 : Math.max(0, fds.length - (listingCounted ? 1 : 0));
    return new Figures(cpu, resident, virtual, startTimeSeconds, open, max);
  }

  private double startTime(Path stat) {
    int n = fill(self.resolve("stat"));
    int start = statFields(n);
    long ticks = start < 0 ? -1 : field(start, n, STARTTIME);
    long btime = bootTime(stat);
    if (ticks < 0 || btime < 0 || clockTicks <= 0) {
      return Double.NaN;
    }
    return btime + (double) ticks / clockTicks;
  }

  /** {@code btime} of {@code /proc/stat}: read once, whole (it has a line per CPU and interrupt). */
  private static long bootTime(Path stat) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(stat);
    } catch (IOException e) {
      return -1;
    }
    byte[] key = "btime ".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i + key.length <= bytes.length; i++) {
      if ((i == 0 || bytes[i - 1] == '\n') && startsWith(bytes, i, key)) {
        return number(bytes, i + key.length, bytes.length);
      }
    }
    return -1;
  }

  /** {@code [page size, clock ticks]} from the auxiliary vector: native-endian (type, value) words. */
  private static long[] auxv(Path file) {
    long[] out = {-1, -1};
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return out;
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
    boolean wide = !"32".equals(System.getProperty("sun.arch.data.model"));
    int word = wide ? 8 : 4;
    while (b.remaining() >= 2 * word) {
      long type = wide ? b.getLong() : b.getInt() & 0xffffffffL;
      long value = wide ? b.getLong() : b.getInt() & 0xffffffffL;
      if (type == AT_PAGESZ) {
        out[0] = value;
      } else if (type == AT_CLKTCK) {
        out[1] = value;
      } else if (type == 0) {
        break; // AT_NULL
      }
    }
    return out;
  }

  /** Reads a small file into the buffer: {@return the bytes read, or -1 if it cannot be read} */
  private int fill(Path file) {
    try (InputStream in = new FileInputStream(file.toFile())) {
      return in.readNBytes(buffer, 0, buffer.length);
    } catch (IOException e) {
      return -1;
    }
  }

  /** {@return where the fields after {@code (comm)} start (the command may hold spaces and parentheses)} */
  private int statFields(int n) {
    for (int i = n - 1; i >= 0; i--) {
      if (buffer[i] == ')') {
        return i + 2 <= n ? i + 2 : -1;
      }
    }
    return -1;
  }

  /** {@return the {@code index}th space-separated number from {@code start}, or -1} */
  private long field(int start, int n, int index) {
    int i = start;
    for (int k = 0; k < index && i < n; k++) {
      while (i < n && buffer[i] != ' ') {
        i++;
      }
      i++;
    }
    return i < n ? number(buffer, i, n) : -1;
  }

  /** The soft limit of {@code Max open files  1048576  1048576  files}. */
  private long maxOpenFiles(int n) {
    for (int i = 0; i + MAX_OPEN_FILES.length <= n; i++) {
      if ((i == 0 || buffer[i - 1] == '\n') && startsWith(buffer, i, MAX_OPEN_FILES)) {
        int j = i + MAX_OPEN_FILES.length;
        while (j < n && buffer[j] == ' ') {
          j++;
        }
        if (j + 9 <= n && startsWith(buffer, j, "unlimited".getBytes(StandardCharsets.US_ASCII))) {
          return Long.MAX_VALUE;
        }
        return number(buffer, j, n);
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
    for (int k = 0; k < prefix.length; k++) {
      if (bytes[at + k] != prefix[k]) {
        return false;
      }
    }
    return true;
  }

  /** {@return the unsigned decimal at {@code from}, or -1 if there is none or it overflows} */
  private static long number(byte[] bytes, int from, int to) {
    long v = 0;
    int i = from;
    for (; i < to && bytes[i] >= '0' && bytes[i] <= '9'; i++) {
      if (v > (Long.MAX_VALUE - 9) / 10) {
        return -1;
      }
      v = v * 10 + (bytes[i] - '0');
    }
    return i == from ? -1 : v;
  }

  /** {@return the directory read, for messages} */
  @Override
  public String toString() {
    return "ProcSelf{" + self + '}';
  }
}
