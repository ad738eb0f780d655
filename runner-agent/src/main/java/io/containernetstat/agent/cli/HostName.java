package io.containernetstat.agent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The host's name without a DNS lookup: the kernel's, then {@code $HOSTNAME}, then {@code localhost}. */
public final class HostName {
  private HostName() {}

  /**
   * {@return this host's name, the default of {@code --endpoint}}
   *
   * @param env the environment, for {@code HOSTNAME}
   */
  public static String local(Map<String, String> env) {
    try {
      String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or /proc not mounted: fall through
    }
    String name = env.get("HOSTNAME");
    return name == null || name.isBlank() ? "localhost" : name.strip();
  }
}
