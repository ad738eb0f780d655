package io.containernetstat.sink.openfalcon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden payload files under {@code src/test/resources/golden/}: the exact request body with a line
 * break before each item and before the closing bracket, so a review diff shows one item per line.
 * Removing every line break gives the exact bytes (no item may contain one).
 *
 * <p>Regenerate after an intended change with
 * {@code mvn -pl sink-openfalcon verify -Dgolden.update=true}, then review the diff.
 */
final class Golden {
  private Golden() {}

  static void assertMatches(String name, byte[] body) {
    String actual = new String(body, StandardCharsets.UTF_8);
    String pretty = actual.replace("[{", "[\n{").replace("},{", "},\n{").replace("}]", "}\n]") + "\n";
    if (Boolean.getBoolean("golden.update")) {
      try {
        Path file = Path.of("src/test/resources/golden", name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, pretty, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return;
    }
    String expected = read(name).replace("\n", "");
    assertThat(actual)
        .as("payload differs from golden/%s; if the change is intended, rerun with -Dgolden.update=true "
            + "and review the diff", name)
        .isEqualTo(expected);
  }

  private static String read(String name) {
    try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        throw new AssertionError("no golden file golden/" + name + "; create it with -Dgolden.update=true");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
