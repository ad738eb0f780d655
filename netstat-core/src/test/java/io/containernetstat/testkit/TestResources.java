package io.containernetstat.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Test resources read as class-path streams, which work both from a module's own {@code test-classes}
 * directory and from another module's test JAR (where a resource is a {@code jar:} URL, not a file).
 */
public final class TestResources {
  private TestResources() {}

  /**
   * Reads a resource whole.
   *
   * @param anchor a class of the module whose resource it is
   * @param resource the absolute resource name, such as {@code /golden/default.prom}
   * @return its bytes
   * @throws IllegalArgumentException if there is no such resource
   */
  public static byte[] bytes(Class<?> anchor, String resource) {
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
