package io.containernetstat.benchmarks;

import io.containernetstat.core.Container;
import io.containernetstat.core.LabelSelection;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.sink.prometheus.internal.TargetLabels;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code --container-labels} costs per namespace and scrape: the Prometheus labels of one namespace
 * ({@code TargetLabels.of}) whose container has the 14 labels a Docker Compose service carries, without a
 * selection (the default), selecting 2 of them, and selecting all.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ContainerLabelsBenchmark {
  /** {@code none}, {@code two} ({@code com.docker.compose.(project|service)}) or {@code all} ({@code .*}). */
  @Param({"none", "two", "all"})
  public String selection;

  private NetnsTarget target;
  private LabelSelection labels;

  @Setup
  public void setUp() {
    Map<String, String> compose = new HashMap<>();
    for (String key : List.of("config-hash", "container-number", "depends_on", "image", "oneoff", "project",
        "project.config_files", "project.working_dir", "service", "version")) {
      compose.put("com.docker.compose." + key, "value-of-" + key + "-0123456789abcdef");
    }
    compose.put("org.opencontainers.image.source", "https://example.com/shop/web");
    compose.put("org.opencontainers.image.version", "1.27.3");
    compose.put("maintainer", "NGINX Docker Maintainers <docker-maint@nginx.com>");
    compose.put("team", "shop");
    Container c = new Container("ab" + "1".repeat(62), "shop-web-1", "nginx:1.27", "docker", 100, 1, compose, null,
        null, false);
    target = new NetnsTarget(4026532001L, 100, 1, false, c.id(), null, List.of(c));
    labels = switch (selection) {
      case "none" -> LabelSelection.none();
      case "two" -> LabelSelection.matching("com\\.docker\\.compose\\.(project|service)");
      default -> LabelSelection.matching(".*");
    };
  }

  @Benchmark
  public Labels namespaceLabels() {
    return TargetLabels.of(target, false, labels);
  }
}
