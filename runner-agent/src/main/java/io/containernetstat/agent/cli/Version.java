package io.containernetstat.agent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the project's version and the Java runtime's. Stateless. */
public final class Version implements IVersionProvider {
  /** Where the build writes the version (Maven resource filtering). */
  private static final String RESOURCE = "/io/containernetstat/agent/version.properties";

  @Override
  public String[] getVersion() {
    return new String[] {
        "container-netstat " + projectVersion(),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
  }

  /** {@return the project's version, as the build wrote it; {@code unknown} if it is missing} */
  public static String projectVersion() {
    try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
