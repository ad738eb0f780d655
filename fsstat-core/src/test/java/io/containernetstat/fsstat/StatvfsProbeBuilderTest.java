package io.containernetstat.fsstat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.containernetstat.core.Container;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatvfsProbeBuilderTest {

  @Test
  void tryBuildWithAStatvfsGivenIsAProbeAndNoReason() {
    StatvfsProbeBuilder.Availability a = StatvfsFilesystemProbe.builder().statvfs(new FakeStatvfs()).tryBuild();

    assertThat(a.probe()).isPresent();
    assertThat(a.reason()).isNull();
    a.probe().get().close();
  }

  @Test
  void tryBuildOnThisMachineAgreesWithWhetherJnaLoads() {
    String problem;
    try {
      StatvfsFunction.jna();
      problem = null;
    } catch (IllegalStateException e) {
      problem = e.getMessage();
    }

    StatvfsProbeBuilder.Availability a = StatvfsFilesystemProbe.builder().tryBuild();

    a.probe().ifPresent(StatvfsFilesystemProbe::close);
    assertThat(a.probe().isPresent()).as("probe present, JNA problem: %s", problem).isEqualTo(problem == null);
    if (problem != null) {
      assertThat(a.reason()).startsWith(problem);
    }
  }

  @Test
  void anUnavailableStatvfsIsTheReasonOnOneLineWithItsCausesEachOnce() {
    UnsatisfiedLinkError cause = new UnsatisfiedLinkError("libc.so.6: not found");
    IllegalStateException e = new IllegalStateException(
        "statvfs through JNA is unavailable: JNA cannot be loaded: " + cause, new RuntimeException("deeper\ncause",
            cause));

    StatvfsProbeBuilder.Availability a = StatvfsProbeBuilder.attempt(() -> {
      throw e;
    });

    assertThat(a.probe()).isEmpty();
    assertThat(a.reason()).isEqualTo("statvfs through JNA is unavailable: JNA cannot be loaded: "
        + "java.lang.UnsatisfiedLinkError: libc.so.6: not found: deeper cause");
  }

  @Test
  void anAvailabilityHasAProbeOrAReasonNotBoth() {
    assertThatThrownBy(() -> new StatvfsProbeBuilder.Availability(Optional.empty(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theDefaultContainersAreTheApplicationOnes() {
    Container app = new Container("a", "app", "busybox", "docker", 100, 1, Map.of(), null, null, false);
    Container sandbox = new Container("s", "pause", "pause", "containerd", 101, 1, Map.of(), null, null, true);
    Container plain = new Container("100", "sleep", "", Container.PLAIN_PROCESS, 102, 1, Map.of(), null, null, false);

    assertThat(Stream.of(app, sandbox, plain).filter(StatvfsFilesystemProbe.DEFAULT_CONTAINERS))
        .containsExactly(app);
  }

  static Stream<Arguments> badOptions() {
    return Stream.of(
        Arguments.of((Consumer<StatvfsProbeBuilder>) b -> b.timeout(Duration.ZERO), "timeout <= 0: PT0S"),
        Arguments.of((Consumer<StatvfsProbeBuilder>) b -> b.timeout(Duration.ofSeconds(-1)), "timeout <= 0: PT-1S"),
        Arguments.of((Consumer<StatvfsProbeBuilder>) b -> b.parallelism(0), "parallelism < 1: 0"),
        Arguments.of((Consumer<StatvfsProbeBuilder>) b -> b.maxHungCalls(-1), "maxHungCalls < 0: -1"),
        Arguments.of((Consumer<StatvfsProbeBuilder>) b -> b.mountTableMaxAge(Duration.ofMillis(-1)),
            "mountTableMaxAge < 0: PT-0.001S"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badOptions")
  void outOfRangeOptionsAreRefusedWithTheirName(Consumer<StatvfsProbeBuilder> set, String message) {
    StatvfsProbeBuilder b = StatvfsFilesystemProbe.builder();

    assertThatThrownBy(() -> set.accept(b)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void zeroHungCallsAndAZeroMaximumAgeAreAllowed() {
    StatvfsProbeBuilder b = StatvfsFilesystemProbe.builder().maxHungCalls(0).mountTableMaxAge(Duration.ZERO);

    try (StatvfsFilesystemProbe probe = b.statvfs(new FakeStatvfs()).build()) {
      assertThat(probe.stats().probes()).isZero();
    }
  }
}
