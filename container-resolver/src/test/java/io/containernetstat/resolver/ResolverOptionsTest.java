package io.containernetstat.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.containernetstat.resolver.ResolverOptions.Mode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResolverOptionsTest {

  @Test
  void continuousByDefaultFollowingDockerEvents() {
    ResolverOptions d = ResolverOptions.defaults();
    assertThat(d.mode()).isEqualTo(Mode.CONTINUOUS);
    assertThat(d.dockerEvents()).isTrue();
  }

  @Test
  void dockerDataRootIsAskedOfTheDaemonUntilOneIsGiven() {
    ResolverOptions d = ResolverOptions.defaults();
    assertThat(d.dockerDataRoot()).isEqualTo(ResolverOptions.DEFAULT_DOCKER_DATA_ROOT);
    assertThat(d.dockerDataRootFromDaemon()).isTrue();
    ResolverOptions given = d.toBuilder().dockerDataRoot(java.nio.file.Path.of("/data/docker")).build();
    assertThat(given.dockerDataRoot()).hasToString("/data/docker");
    assertThat(given.dockerDataRootFromDaemon()).isFalse();
    assertThat(given.toBuilder().build().dockerDataRootFromDaemon()).isFalse();
    assertThat(d.toBuilder().dockerDataRoot(null).build().dockerDataRootFromDaemon()).isFalse();
  }

  @Test
  void oneCollectionDoesNotFollowDockerEvents() {
    ResolverOptions once = ResolverOptions.builder().mode(Mode.ONE_COLLECTION).build();
    assertThat(once.mode()).isEqualTo(Mode.ONE_COLLECTION);
    assertThat(once.dockerEvents()).isFalse();
    assertThat(once.toBuilder().build().dockerEvents()).isFalse();
    assertThat(once.toBuilder().mode(Mode.CONTINUOUS).build().dockerEvents()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"1, ONE_COLLECTION, false", "2, CONTINUOUS, true", "1000, CONTINUOUS, true"})
  void theModeFollowsEventsOnlyWhenMoreThanOneCollectionRuns(long collections, Mode mode, boolean events) {
    assertThat(Mode.of(collections)).isEqualTo(mode);
    assertThat(mode.followsDockerEvents()).isEqualTo(events);
    assertThat(ResolverOptions.builder().mode(Mode.of(collections)).build().dockerEvents()).isEqualTo(events);
  }

  @Test
  void noCollectionIsNoMode() {
    assertThatThrownBy(() -> Mode.of(0)).hasMessage("collections < 1: 0");
  }

  @Test
  void dockerEventsSetOnItsOwnOverridesTheModeSetBefore() {
    assertThat(ResolverOptions.builder().mode(Mode.ONE_COLLECTION).dockerEvents(true).build().dockerEvents())
        .isTrue();
    assertThat(ResolverOptions.builder().dockerEvents(false).build().dockerEvents()).isFalse();
    assertThat(ResolverOptions.builder().dockerEvents(true).mode(Mode.ONE_COLLECTION).build().dockerEvents())
        .isFalse();
  }

  @Test
  void theConstructorChecksWhatTheBuilderChecks() {
    assertThat(construct(null, Duration.ofSeconds(1))).isEqualTo(ResolverOptions.defaults().toBuilder()
        .dockerResync(Duration.ofSeconds(1)).build());
    assertThatThrownBy(() -> construct("..", Duration.ofSeconds(1)))
        .hasMessage("cgroup hierarchy must be a directory name: ..");
    assertThatThrownBy(() -> construct(null, Duration.ZERO)).hasMessage("dockerResync <= 0: PT0S");
  }

  /** The defaults through the canonical constructor, with another hierarchy and resync interval. */
  private static ResolverOptions construct(String hierarchy, Duration resync) {
    ResolverOptions d = ResolverOptions.defaults();
    return new ResolverOptions(d.procRoot(), d.cgroupRoot(), hierarchy, d.dockerHost(), d.dockerDataRoot(),
        d.dockerDataRootFromDaemon(), d.containerdRoots(), d.crioRoots(), d.callTimeout(), d.mode(), d.dockerEvents(), resync,
        d.reprobeInterval());
  }
}
