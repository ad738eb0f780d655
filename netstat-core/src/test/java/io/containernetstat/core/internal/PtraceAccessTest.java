package io.containernetstat.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The words of a refused namespace read as uid 0; the kernel's own refusals are in runner-agent's FirstRunIT. */
class PtraceAccessTest {
  static final long PTRACE = 1L << 19;
  static final long SYS_RESOURCE = 1L << 24;
  static final long ALL = (1L << 41) - 1;

  @Test
  void capabilitiesAreNamedAsCapabilityHNamesThem() {
    assertThat(PtraceAccess.names(PTRACE | SYS_RESOURCE)).isEqualTo("cap_sys_ptrace, cap_sys_resource");
    assertThat(PtraceAccess.names(1L | (1L << 40))).isEqualTo("cap_chown, cap_checkpoint_restore");
    assertThat(PtraceAccess.names(1L << 45)).as("a bit newer than this table").isEqualTo("cap_45");
  }

  @Test
  void withoutPtraceATargetWithMoreCapabilitiesIsNamedWithWhatItHoldsAndWhatToAdd() {
    assertThat(PtraceAccess.asRoot(ALL & ~PTRACE, ALL, 1)).isEqualTo("this process runs as uid 0, but pid 1 holds "
        + "capabilities it lacks (cap_sys_ptrace): reading a process with more capabilities needs CAP_SYS_PTRACE "
        + "(--cap-add SYS_PTRACE)");
  }

  @Test
  void withPtraceTheCapabilitiesAreNamedAndTheOtherDeciderIsToo() {
    assertThat(PtraceAccess.asRoot(ALL & ~SYS_RESOURCE, ALL, 1))
        .startsWith("this process runs as uid 0, but pid 1 holds capabilities it lacks (cap_sys_resource); "
            + "the kernel refused even with CAP_SYS_PTRACE: a security module");
  }

  @Test
  void withoutMissingCapabilitiesTheMessageSaysWhatIsLeft() {
    assertThat(PtraceAccess.asRoot(ALL & ~PTRACE, -1, 7))
        .isEqualTo("this process runs as uid 0 without CAP_SYS_PTRACE: add it (--cap-add SYS_PTRACE)");
    assertThat(PtraceAccess.asRoot(ALL, ALL, 7)).startsWith("this process runs as uid 0 with CAP_SYS_PTRACE and "
        + "was refused all the same: a security module");
  }

  @Test
  void aLinkPathNamesTheSameProcessAsItsRootAndPid(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path pidDir = java.nio.file.Files.createDirectories(dir.resolve("4242/ns"));
    java.nio.file.Files.writeString(pidDir.getParent().resolve("status"), "Name:\tinit\nCapPrm:\t000001ffffffffff\n");
    String byLink = PtraceAccess.deniedAt(pidDir.resolve("net"));
    assertThat(byLink).isEqualTo(PtraceAccess.denied(new io.containernetstat.core.ProcRoot(dir), 4242));
    assertThat(byLink).startsWith("permission denied: ");
    assertThat(PtraceAccess.deniedAt(dir.resolve("self/ns/net"))).startsWith("permission denied: ");
  }
}
