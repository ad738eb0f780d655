package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares output with a golden file under {@code src/test/resources/golden/}.
 *
 * <p>To regenerate after an intended change, run from the repository root
 * {@code mvn -B -pl runner-agent -am test -Dtest='OnceGoldenTest' -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.update=true},
 * then review the diff of {@code runner-agent/src/test/resources/golden/} before committing it.
 */
final class Golden {
  static final Path DIR = Path.of("src/test/resources/golden");

  private Golden() {}

  static void assertMatches(String name, String actual) {
    Path file = DIR.resolve(name);
    try {
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(DIR);
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      assertThat(file).as("golden file %s (regenerate: see Golden's Javadoc)", file).exists();
      String expected = Files.readString(file, StandardCharsets.UTF_8);
      assertThat(actual).as("output against golden file %s", file).isEqualTo(expected);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
