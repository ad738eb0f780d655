package io.containernetstat.agent.cli;

import io.containernetstat.sink.prometheus.BuildInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: the project's version, the source revision and the Java runtime's; the same as
 * {@code container_netstat_build_info} and the landing page show. Stateless.
 */
public final class Version implements IVersionProvider {
  /** Where the build writes the version and revision (Maven resource filtering). */
  private static final String RESOURCE = "/io/containernetstat/agent/version.properties";
  /** What a value the build did not know reads as. */
  static final String UNKNOWN = "unknown";

  @Override
  public String[] getVersion() {
    Properties p = properties();
    return new String[] {
        "container-netstat " + value(p, "version") + " (revision " + value(p, "revision") + ")",
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
  }

  /** {@return the project's version, as the build wrote it; {@code unknown} if it is missing} */
  public static String projectVersion() {
    return value(properties(), "version");
  }

  /**
   * {@return the version, the source revision (the build's {@code -Dbuild.revision}, {@code unknown}
   * without it) and this Java runtime's version}
   */
  public static BuildInfo buildInfo() {
    Properties p = properties();
    return BuildInfo.of(value(p, "version"), value(p, "revision"));
  }

  /** A value left empty, or unfiltered ({@code ${...}}, a build outside Maven), is unknown. */
  private static String value(Properties p, String key) {
    String v = p.getProperty(key, "").strip();
    return v.isEmpty() || v.startsWith("${") ? UNKNOWN : v;
  }

  private static Properties properties() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // unknown, as if missing
    }
    return p;
  }
}
