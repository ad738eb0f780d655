package io.containernetstat.sockdiag;

import io.containernetstat.testkit.OpenDescriptors;
import java.util.ArrayList;
import java.util.List;

/** This JVM's socket descriptors ({@code socket:[inode]} links of {@code /proc/self/fd}), for leak checks. */
final class SocketLinks {
  private SocketLinks() {}

  /** {@return the socket links open now} */
  static List<String> now() {
    return OpenDescriptors.under("socket:");
  }

  /** {@return the socket links open now that were not in {@code before}} */
  static List<String> added(List<String> before) {
    List<String> added = new ArrayList<>(now());
    added.removeAll(before);
    return added;
  }
}
