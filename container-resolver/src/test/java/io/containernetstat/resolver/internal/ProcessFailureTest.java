package io.containernetstat.resolver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Failure;
import io.containernetstat.core.internal.ProcFormatException;
import io.containernetstat.core.internal.RefusedFileException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A resolver's unreadable process fails with the reasons namespace failures have always had. */
class ProcessFailureTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(new ProcFormatException("/proc/7/stat", 1, "", "empty file"), Failure.MALFORMED),
        Arguments.of(new RefusedFileException("/proc/7/stat", Failure.NOT_REGULAR_FILE, "a FIFO"),
            Failure.NOT_REGULAR_FILE),
        Arguments.of(new RefusedFileException("/proc/7/stat", Failure.TOO_LARGE, "over 4096 bytes"),
            Failure.TOO_LARGE),
        Arguments.of(new AccessDeniedException("/proc/7/ns/net"), Failure.READ_ERROR),
        Arguments.of(new NoSuchFileException("/proc/7/ns/net"), Failure.READ_ERROR),
        Arguments.of(new IOException("Input/output error"), Failure.READ_ERROR));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void reasonAndMessage(Exception e, Failure reason) {
    ProcessFailure f = ProcessFailure.of(7, e);

    assertThat(f.pid()).isEqualTo(7);
    assertThat(f.reason()).isEqualTo(reason);
    assertThat(f.getMessage()).as("names the file or says what happened").contains(
        e instanceof IOException && !(e instanceof java.nio.file.FileSystemException) ? "Input/output error" : "/proc/7/");
  }
}
