package io.containernetstat.fsstat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** A statvfs that records its calls, answers fixed figures, and can fail or block per path. */
final class FakeStatvfs implements StatvfsFunction {
  static final Statvfs FIGURES = new Statvfs(4096, 4096, 1000, 400, 300, 5000, 4000, 4000, 0);

  final List<String> calls = new CopyOnWriteArrayList<>();
  final Map<String, Statvfs> figures = new ConcurrentHashMap<>();
  final Map<String, IOException> failures = new ConcurrentHashMap<>();
  final Map<String, CountDownLatch> blocks = new ConcurrentHashMap<>();
  final Map<String, Runnable> before = new ConcurrentHashMap<>();

  @Override
  public Statvfs statvfs(String path) throws IOException {
    calls.add(path);
    Runnable r = before.get(path);
    if (r != null) {
      r.run();
    }
    CountDownLatch block = blocks.get(path);
    if (block != null) {
      boolean interrupted = false;
      while (true) {
        try {
          block.await();
          break;
        } catch (InterruptedException e) {
          // A statvfs in the kernel ignores interrupts as well.
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    IOException failure = failures.get(path);
    if (failure != null) {
      throw failure;
    }
    return figures.getOrDefault(path, FIGURES);
  }

  long callsTo(String path) {
    return calls.stream().filter(path::equals).count();
  }
}
