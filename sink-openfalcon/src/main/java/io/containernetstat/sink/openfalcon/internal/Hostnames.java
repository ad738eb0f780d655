package io.containernetstat.sink.openfalcon.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Finds the default endpoint the way falcon-agent does. Not API. */
public final class Hostnames {
  private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

  private Hostnames() {}

  /**
   * {@return {@code FALCON_ENDPOINT} from the environment, else the kernel's host name}
   *
   * @throws IllegalArgumentException if neither can be found
   */
  public static String defaultEndpoint() {
    return defaultEndpoint(System.getenv(), KERNEL_HOSTNAME);
  }

  /**
   * Finds the endpoint from the given sources: falcon-agent takes its configured host name, then
   * {@code FALCON_ENDPOINT}, then the OS host name. The kernel's file is read rather than asking
   * {@link InetAddress#getLocalHost()}, which resolves the name and can block on DNS; that is only the last
   * resort.
   *
   * @param env the environment
   * @param kernelHostname {@code /proc/sys/kernel/hostname}
   * @return the trimmed host name
   * @throws IllegalArgumentException if no source gives a name
   */
  public static String defaultEndpoint(Map<String, String> env, Path kernelHostname) {
    String fromEnv = env.get("FALCON_ENDPOINT");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    try {
      String name = Files.readString(kernelHostname, StandardCharsets.UTF_8).trim();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException e) {
      // not Linux, or /proc not mounted: try the JDK
    }
    try {
      String name = InetAddress.getLocalHost().getHostName().trim();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("no endpoint set and the host name cannot be found: " + e, e);
    }
    throw new IllegalArgumentException("no endpoint set and the host name is empty");
  }
}
