package io.containernetstat.sink.prometheus;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the binaries the tests run: {@code promtool} and {@code prometheus} (Debian package
 * {@code prometheus}), {@code openssl}, {@code curl}, {@code htpasswd} (apache2-utils). Missing binaries
 * skip the test on a workstation and fail it under {@code CI=true}, where {@code .ci/run} installs them.
 */
final class Tools {
  private Tools() {}

  static Path require(String binary) {
    return require(binary, binary.equals("promtool") || binary.equals("prometheus") ? "prometheus"
        : binary.equals("htpasswd") ? "apache2-utils" : binary);
  }

  /** Finds a binary of a Debian package; see the class comment for when it is missing. */
  static Path require(String binary, String debianPackage) {
    Path found = find(binary);
    if (found == null) {
      String message = binary + " not found on PATH or in /usr/bin; install it with: apt-get install -y " + debianPackage;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message + " (CI=true: required)");
      }
      Assumptions.abort(message);
    }
    return found;
  }

  private static Path find(String binary) {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir, binary);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    Path usrBin = Path.of("/usr/bin", binary);
    return Files.isExecutable(usrBin) ? usrBin : null;
  }
}
