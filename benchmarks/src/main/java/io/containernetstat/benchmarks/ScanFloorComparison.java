package io.containernetstat.benchmarks;

import io.containernetstat.core.Collector;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.Snapshot;
import io.containernetstat.resolver.NetnsScanResolver;
import io.containernetstat.resolver.ResolverOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The netns resolver's steady-state cycle against its C floor, side by side in one process on the same
 * real namespaces ({@link NamespaceFarm}); needs root, the farm's tools and the floor program built from
 * {@code src/main/c/scan-floor.c} ({@code benchmarks/ci-budget-scan.sh} builds it and runs this).
 *
 * <p>The agent's side is what {@code --resolver netns --no-filesystems} does each cycle:
 * {@link Collector#collect()} with the {@link NetnsScanResolver} over the host's {@code /proc} and the
 * default files (sockstat, sockstat6, snmp), timed like {@code --once --cycles N} (the snapshot's
 * duration). The floor is the same kernel work in C (readdir {@code /proc}, {@code readlink} every
 * {@code ns/net}, one {@code pread} of each held descriptor per file and namespace), timed by the
 * program itself. Both scan the whole host's {@code /proc}, so processes others started count for both.
 *
 * <p>A plain program rather than JMH because JMH runs each method in its own fork, each with its own
 * farm, minutes apart; here the two alternate in rounds (a batch of agent cycles, then a batch of floor
 * cycles), so the noise of a shared machine falls on both alike. Warm-up rounds are discarded.
 *
 * <p>Usage: {@code ScanFloorComparison FLOOR_PROGRAM NAMESPACES[,NAMESPACES...] [ROUNDS [CYCLES [WARMUP]]]};
 * prints one line per namespace count: both medians (and p10, p90) and their ratio.
 */
public final class ScanFloorComparison {
  private ScanFloorComparison() {}

  /**
   * Runs the comparison.
   *
   * @param args the floor program, the namespace counts, rounds, cycles per batch, warm-up rounds
   * @throws Exception if the farm, the collector or the floor program fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: ScanFloorComparison FLOOR_PROGRAM NAMESPACES[,N...] [ROUNDS [CYCLES [WARMUP]]]");
    }
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int cycles = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 5;
    for (String n : args[1].split(",")) {
      System.out.println(compare(args[0], Integer.parseInt(n.trim()), rounds, cycles, warmup));
    }
  }

  private static String compare(String program, int namespaces, int rounds, int cycles, int warmup)
      throws IOException, InterruptedException {
    long[] agent = new long[rounds * cycles];
    long[] floor = new long[rounds * cycles];
    Snapshot last;
    String floorLast;
    try (NamespaceFarm farm = NamespaceFarm.start(namespaces);
        Collector collector = Collector.builder(new NetnsScanResolver(ResolverOptions.defaults()))
            .files(ProcNetFile.defaults()).build()) {
      Process p = new ProcessBuilder(program).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      try (OutputStream in = p.getOutputStream();
          BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
        for (int r = -warmup; r < rounds; r++) {
          for (int i = 0; i < cycles; i++) {
            last = collector.collect();
            if (r >= 0) {
              agent[r * cycles + i] = last.durationNanos();
            }
          }
          in.write((cycles + "\n").getBytes(StandardCharsets.US_ASCII));
          in.flush();
          floorLast = out.readLine();
          String[] f = floorLast == null ? new String[0] : floorLast.split(" ");
          if (f.length != 4 + cycles || !f[0].equals("ok")) {
            throw new IllegalStateException("the floor program answered " + floorLast);
          }
          if (r >= 0) {
            for (int i = 0; i < cycles; i++) {
              floor[r * cycles + i] = Long.parseLong(f[4 + i]);
            }
          }
        }
        last = collector.collect();
        int found = last.namespaces().size();
        in.write("1\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();
        String[] f = out.readLine().split(" ");
        if (last.resolverError() != null || found < namespaces || Integer.parseInt(f[1]) < namespaces) {
          throw new IllegalStateException("expected at least " + namespaces + " namespaces: the agent read " + found
              + " (" + last.resolverError() + "), the floor " + f[1]);
        }
        in.close();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
        Arrays.sort(agent);
        Arrays.sort(floor);
        return String.format(Locale.ROOT, "scan-floor: %d namespaces (found: agent %d, floor %s; %s processes),"
                + " %d cycles each: netns cycle median %.3f ms (p10 %.3f, p90 %.3f), C floor median %.3f ms"
                + " (p10 %.3f, p90 %.3f), ratio %.2f",
            namespaces, found, f[1], f[2], agent.length, ms(agent, 0.5), ms(agent, 0.1), ms(agent, 0.9),
            ms(floor, 0.5), ms(floor, 0.1), ms(floor, 0.9), (double) median(agent) / median(floor));
      } finally {
        p.destroyForcibly();
      }
    }
  }

  private static long median(long[] sorted) {
    return sorted[sorted.length / 2];
  }

  private static double ms(long[] sorted, double quantile) {
    return sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))] / 1e6;
  }
}
