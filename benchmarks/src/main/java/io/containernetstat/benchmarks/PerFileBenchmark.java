package io.containernetstat.benchmarks;

import io.containernetstat.core.Counters;
import io.containernetstat.core.internal.NetnsReader;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.internal.ProcNetParser;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.internal.Processes;
import io.containernetstat.core.internal.ReadResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One file, parsed and read, against the naive baseline.
 *
 * <ul>
 *   <li>{@code parseCore} / {@code parseNaive}: parsing only, from the bytes of the live 6.18 capture
 *       loaded in setup ({@code ProcNetParser} versus {@code String.split} + {@code Long.parseLong});</li>
 *   <li>{@code readCoreHeld} / {@code readCoreOpenReadClose} / {@code readNaive}: read and parse the
 *       real {@code /proc/<own pid>/net/<file>} (the benchmark JVM's own namespace) with a held
 *       descriptor, with open-read-close, and the naive way ({@code Files.readAllLines} + split).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PerFileBenchmark extends BenchmarkState {

  @Param({"sockstat", "snmp", "netstat"})
  public String file;

  private byte[] sample;
  private ProcNetParser parser;
  private NetnsReader held;
  private NetnsReader openReadClose;
  private long pid;
  private long startTime;
  private final Path proc = ProcRoot.DEFAULT.path();

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    ProcNetFile f = ProcNetFile.ofFileName(file);
    sample = ProcFixture.sample(file);
    parser = ProcNetParser.forFile(f);
    pid = ProcessHandle.current().pid();
    startTime = Processes.startTime(ProcRoot.DEFAULT, pid).orElseThrow();
    held = new NetnsReader(ProcRoot.DEFAULT, Set.of(f), true);
    openReadClose = new NetnsReader(ProcRoot.DEFAULT, Set.of(f), false);
    BenchmarkChecks.requireRead(held.read(pid, startTime), ProcRoot.DEFAULT.netFile(pid, f));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    held.close();
    openReadClose.close();
  }

  @Benchmark
  public Counters parseCore() {
    return parser.parse(file, sample, 0, sample.length);
  }

  @Benchmark
  public Map<String, Map<String, Long>> parseNaive() {
    return NaiveReader.parse(file, new String(sample, StandardCharsets.ISO_8859_1));
  }

  @Benchmark
  public ReadResult readCoreHeld() {
    return held.read(pid, startTime);
  }

  @Benchmark
  public ReadResult readCoreOpenReadClose() {
    return openReadClose.read(pid, startTime);
  }

  /** The path is built on every read, as the naive reader does for each namespace. */
  @Benchmark
  public Map<String, Map<String, Long>> readNaive() throws IOException {
    return NaiveReader.read(file, proc.resolve(Long.toString(pid)).resolve("net").resolve(file));
  }
}
