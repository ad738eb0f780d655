package io.containernetstat.sockdiag;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.kernel.Environment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Without CAP_SYS_ADMIN the start check and every dump say so, naming the capability. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrivilegeTest {

  @Test
  void withCapSysAdminTheCheckPasses() {
    Environment.requireOrSkip(Environment.isRoot(), "needs root to enter network namespaces");

    assertThat(SockDiag.checkPrivilege()).isEmpty();
  }

  @Test
  void withoutCapSysAdminTheCheckAndTheDumpNameIt() throws Exception {
    Environment.requireOrSkip(Environment.isRoot() && Environment.executable("setpriv").isPresent(),
        "needs root and setpriv (util-linux) to drop CAP_SYS_ADMIN from a child JVM");
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Process child = new ProcessBuilder(List.of(Environment.executable("setpriv").orElseThrow().toString(),
        "--bounding-set=-sys_admin", "--inh-caps=-sys_admin", java, "-Xmx64m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), PrivilegeProbe.class.getName()))
        .redirectErrorStream(true).start();
    child.getOutputStream().close();
    String output;
    try {
      output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the probe finished").isTrue();
    } finally {
      child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }

    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output).containsPattern("check .*EPERM.*CAP_SYS_ADMIN")
        .containsPattern("dump PERMISSION_DENIED sock_diag of the network namespace of process \\d+: .*CAP_SYS_ADMIN");
  }
}
