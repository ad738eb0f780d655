package io.containernetstat.sink.prometheus;

import java.util.Objects;

/**
 * What build of an agent is running: its version, the source revision it was built from, and the Java
 * runtime it runs on; immutable. Exported as {@code container_netstat_build_info{version,revision,java_version} 1}
 * ({@link PrometheusOptions#withBuildInfo}) and shown on the endpoint's landing page
 * ({@link EndpointOptions#withBuildInfo}), as node_exporter's {@code node_exporter_build_info} and landing page.
 *
 * @param version the release, for example {@code 0.1.0}
 * @param revision the source revision, for example a git commit ({@code unknown} when the build did not know it)
 * @param javaVersion the Java runtime's version, {@code System.getProperty("java.version")}
 */
public record BuildInfo(String version, String revision, String javaVersion) {
  /**
   * Validates.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if an argument is empty
   */
  public BuildInfo {
    check(version, "version");
    check(revision, "revision");
    check(javaVersion, "javaVersion");
  }

  /**
   * {@return the build info of a version and revision, on this Java runtime}
   *
   * @param version the release
   * @param revision the source revision
   */
  public static BuildInfo of(String version, String revision) {
    return new BuildInfo(version, revision, System.getProperty("java.version"));
  }

  private static void check(String value, String name) {
    Objects.requireNonNull(value, name + " == null");
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + " is empty");
    }
  }
}
