package io.containernetstat.core.kernel;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The fail-on-CI, skip-elsewhere policy of {@link Environment#requireOrSkip(boolean, String)}. */
class EnvironmentTest {

  @Test
  void aMetConditionNeitherFailsNorSkips() {
    assertThatCode(() -> Environment.requireOrSkip(true, "unused", true)).doesNotThrowAnyException();
    assertThatCode(() -> Environment.requireOrSkip(true, "unused", false)).doesNotThrowAnyException();
  }

  @Test
  void anUnmetConditionFailsOnCi() {
    assertThatThrownBy(() -> Environment.requireOrSkip(false, "needs root", true))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("CI=true")
        .hasMessageContaining("needs root");
  }

  @Test
  void anUnmetConditionSkipsElsewhereWithItsReason() {
    assertThatThrownBy(() -> Environment.requireOrSkip(false, "needs root", false))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("needs root");
  }

  @Test
  void executablesAreFoundOutsideThePathToo() {
    // ip lives in /usr/sbin, which a non-login PATH often lacks; sh is everywhere.
    assertThatCode(() -> Environment.executable("sh").orElseThrow()).doesNotThrowAnyException();
  }
}
