package io.containernetstat.sink.prometheus;

import io.containernetstat.core.NetnsResolver;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.Resolution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixture proc root on disk for a real {@code Collector}: a host process 1 (its netns link, stat and
 * sockstat) and per namespace a {@code <pid>/stat} with the target's start time (the collector checks
 * that the resolved process still runs) and a {@code <pid>/net/} directory filled from the kernel
 * samples. A {@link #resolver()} returns the namespaces added and counts how often it is asked.
 */
final class ProcTree {
  final Path root;
  final List<NetnsTarget> targets = new ArrayList<>();
  final AtomicInteger resolves = new AtomicInteger();

  ProcTree(Path dir) throws IOException {
    this.root = dir.resolve("proc");
    Path init = root.resolve("1");
    Files.createDirectories(init.resolve("ns"));
    Files.createSymbolicLink(init.resolve("ns").resolve("net"), Path.of("net:[4026531840]"));
    Files.writeString(init.resolve("stat"),
        "1 (init) S 0 1 1 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 7 1000 100 18446744073709551615\n");
    Files.createDirectories(init.resolve("net"));
    Files.write(init.resolve("net").resolve("sockstat"), Fixtures.bytes(Fixtures.LIVE + "sockstat"));
  }

  ProcRoot procRoot() {
    return new ProcRoot(root);
  }

  /** Adds a namespace read through {@code target.pid()}; each file is {@code name=sample path} or {@code name=@text}. */
  ProcTree add(NetnsTarget target, String... files) {
    Path net = root.resolve(Long.toString(target.pid())).resolve("net");
    try {
      Files.createDirectories(net);
      Files.writeString(net.getParent().resolve("stat"), target.pid() + " (app) S 1 1 1 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 "
          + target.pidStartTime() + " 1000 100 18446744073709551615\n");
      for (String file : files) {
        int eq = file.indexOf('=');
        String name = file.substring(0, eq);
        String source = file.substring(eq + 1);
        byte[] content = source.startsWith("@")
            ? source.substring(1).getBytes(StandardCharsets.US_ASCII) : Fixtures.bytes(source);
        Files.write(net.resolve(name), content);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    targets.add(target);
    return this;
  }

  NetnsResolver resolver() {
    return new NetnsResolver() {
      @Override
      public String name() {
        return "fixture";
      }

      @Override
      public Resolution resolve() {
        resolves.incrementAndGet();
        return new Resolution("fixture", targets, 0, List.of());
      }
    };
  }
}
