package io.containernetstat.benchmarks;

import io.containernetstat.core.Collector;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.internal.ProcNetParser;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.Snapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The agent's cycle on real network namespaces that this benchmark creates ({@link NamespaceFarm}):
 * read the default files (sockstat, sockstat6, snmp) of every namespace through
 * {@code /proc/<pid>/net}, summarise ({@code collect}), and render ({@code cycle}); held descriptors
 * versus open-read-close; and the floor under both, the same bytes read and not parsed
 * ({@code readBytes}). Needs root.
 *
 * <p>Resolution is a fixed list of the farm's PIDs (the namespaces are plain processes, not containers
 * in a cgroup a resolver would find); {@link CollectCycleBenchmark} measures resolution on a fixture.
 * The score's median ({@code p0.50}) is the "median per cycle".
 */
public class RealNetnsCycleBenchmark extends FarmState {
  /** true: descriptors held between cycles, re-read at offset 0; false: open-read-close every cycle. */
  @Param({"true", "false"})
  public boolean hold;

  private Cycle cycle;
  private Path[] paths;
  private FileChannel[] channels;
  private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
  private ProcNetParser[] parsers;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    cycle = new Cycle(Collector.builder(new FixedResolver("fixed", startFarm().targets()))
        .holdDescriptors(hold)
        .build());
    BenchmarkChecks.requireComplete(cycle.collector().collect(), namespaces);
    List<ProcNetParser> fileParsers = new ArrayList<>();
    for (ProcNetFile file : ProcNetFile.defaults()) {
      fileParsers.add(ProcNetParser.forFile(file));
    }
    parsers = fileParsers.toArray(new ProcNetParser[0]);
    List<Path> files = new ArrayList<>();
    for (long pid : farm.pids()) {
      for (ProcNetFile file : ProcNetFile.defaults()) {
        files.add(ProcRoot.DEFAULT.netFile(pid, file));
      }
    }
    paths = files.toArray(new Path[0]);
    if (hold) {
      channels = new FileChannel[paths.length];
      for (int i = 0; i < paths.length; i++) {
        channels[i] = FileChannel.open(paths[i], StandardOpenOption.READ);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    if (channels != null) {
      for (FileChannel c : channels) {
        c.close();
      }
    }
    try {
      cycle.close();
    } finally {
      farm.close();
    }
  }

  /**
   * The floor under {@link #collect()}: the same files of every namespace read into one buffer and not
   * parsed, with held channels re-read at offset 0, or opened, read and closed. What is left is the
   * kernel generating the files, plus the system calls.
   */
  @Benchmark
  public long readBytes() throws IOException {
    long total = 0;
    for (int i = 0; i < paths.length; i++) {
      buffer.clear();
      if (hold) {
        total += channels[i].read(buffer, 0);
      } else {
        try (FileChannel c = FileChannel.open(paths[i], StandardOpenOption.READ)) {
          total += c.read(buffer, 0);
        }
      }
    }
    return total;
  }

  /**
   * {@link #readBytes()} plus parsing each file with its {@code ProcNetParser}: the floor plus the
   * parsers, without the reader's and the collector's bookkeeping (handles, summaries, snapshot).
   */
  @Benchmark
  public void readAndParse(Blackhole bh) throws IOException {
    byte[] bytes = buffer.array();
    for (int i = 0; i < paths.length; i++) {
      buffer.clear();
      int n;
      if (hold) {
        n = channels[i].read(buffer, 0);
      } else {
        try (FileChannel c = FileChannel.open(paths[i], StandardOpenOption.READ)) {
          n = c.read(buffer, 0);
        }
      }
      bh.consume(parsers[i % parsers.length].parse("bench", bytes, 0, n));
    }
  }

  /** Resolve (fixed list) and read every namespace: the kernel's work plus parsing and summaries. */
  @Benchmark
  public Snapshot collect() {
    return cycle.collector().collect();
  }

  /** {@link #collect()} plus rendering the Prometheus exposition and the open-falcon payload. */
  @Benchmark
  public Snapshot cycle(Blackhole bh) {
    return cycle.run(bh);
  }
}
