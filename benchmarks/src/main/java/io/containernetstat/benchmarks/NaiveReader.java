package io.containernetstat.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline: how a procfs reader is usually written in Java (open-read-close per file,
 * {@code readAllLines}, {@code String.split}, {@code Long.parseLong}, a map of maps), as OSHI and most
 * hand-written exporters do. Stateless and thread-safe. It exists only so that the benchmarks show
 * what netstat-core's design is worth; it is not a reference for correctness (it parses unsigned
 * 64-bit counters as signed and would fail above {@link Long#MAX_VALUE}).
 */
public final class NaiveReader {
  private NaiveReader() {}

  /** The five per-namespace figures of the reference design, read the naive way. */
  public record Summary(long established, long tcpInuse, long timewait, long udpInuse, long socketsUsed) {}

  /**
   * Reads one namespace's default files (sockstat, sockstat6, snmp) and derives the summary.
   *
   * @param procRoot the proc root directory
   * @param pid a process in the namespace
   * @return the summary
   * @throws IOException if a file cannot be read
   */
  public static Summary readNamespace(Path procRoot, long pid) throws IOException {
    Path net = procRoot.resolve(Long.toString(pid)).resolve("net");
    Map<String, Map<String, Long>> sockstat = parseSockstat(Files.readAllLines(net.resolve("sockstat")));
    Map<String, Map<String, Long>> sockstat6;
    try {
      sockstat6 = parseSockstat(Files.readAllLines(net.resolve("sockstat6")));
    } catch (NoSuchFileException e) {
      sockstat6 = Map.of();
    }
    Map<String, Map<String, Long>> snmp = parsePairs(Files.readAllLines(net.resolve("snmp")));
    return new Summary(
        get(snmp, "Tcp", "CurrEstab"),
        get(sockstat, "TCP", "inuse") + get(sockstat6, "TCP6", "inuse"),
        get(sockstat, "TCP", "tw"),
        get(sockstat, "UDP", "inuse") + get(sockstat6, "UDP6", "inuse"),
        get(sockstat, "sockets", "used"));
  }

  /**
   * Reads and parses one file, open-read-close.
   *
   * @param file which kind of file: {@code sockstat}, {@code sockstat6}, {@code snmp} or {@code netstat}
   * @param path the file
   * @return its values by group and name
   * @throws IOException if the file cannot be read
   */
  public static Map<String, Map<String, Long>> read(String file, Path path) throws IOException {
    return parse(file, Files.readAllLines(path));
  }

  /**
   * Parses one file's content.
   *
   * @param file which kind of file: {@code sockstat}, {@code sockstat6}, {@code snmp} or {@code netstat}
   * @param content the content
   * @return its values by group and name
   */
  public static Map<String, Map<String, Long>> parse(String file, String content) {
    return parse(file, List.of(content.split("\n")));
  }

  private static Map<String, Map<String, Long>> parse(String file, List<String> lines) {
    switch (file) {
      case "sockstat":
      case "sockstat6":
        return parseSockstat(lines);
      case "snmp":
      case "netstat":
        return parsePairs(lines);
      default:
        throw new IllegalArgumentException("no naive parser for " + file);
    }
  }

  /** {@code TCP: inuse 5 orphan 0 tw 1 alloc 10 mem 0}. */
  static Map<String, Map<String, Long>> parseSockstat(List<String> lines) {
    Map<String, Map<String, Long>> out = new HashMap<>();
    for (String line : lines) {
      String[] parts = line.split(":");
      String[] kv = parts[1].trim().split("\\s+");
      Map<String, Long> group = out.computeIfAbsent(parts[0], k -> new HashMap<>());
      for (int i = 0; i + 1 < kv.length; i += 2) {
        group.put(kv[i], Long.parseLong(kv[i + 1]));
      }
    }
    return out;
  }

  /** {@code Tcp: RtoAlgorithm RtoMin ...} then {@code Tcp: 1 200 ...}. */
  static Map<String, Map<String, Long>> parsePairs(List<String> lines) {
    Map<String, Map<String, Long>> out = new HashMap<>();
    for (int i = 0; i + 1 < lines.size(); i += 2) {
      String[] names = lines.get(i).split("\\s+");
      String[] values = lines.get(i + 1).split("\\s+");
      String group = names[0].substring(0, names[0].length() - 1);
      Map<String, Long> fields = out.computeIfAbsent(group, k -> new HashMap<>());
      for (int j = 1; j < names.length; j++) {
        fields.put(names[j], Long.parseLong(values[j]));
      }
    }
    return out;
  }

  private static long get(Map<String, Map<String, Long>> file, String group, String name) {
    Map<String, Long> fields = file.get(group);
    Long value = fields == null ? null : fields.get(name);
    return value == null ? 0 : value;
  }
}
