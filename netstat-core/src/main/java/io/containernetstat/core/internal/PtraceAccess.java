package io.containernetstat.core.internal;

import io.containernetstat.core.ProcRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Says why the kernel refused this process another process's {@code /proc/<pid>/ns/net} (or its other
 * ptrace-guarded files), in words an operator can act on. Stateless; not API.
 *
 * <p>The kernel allows the read with ptrace read access: the same user, or {@code CAP_SYS_PTRACE}; and
 * even as the same user (uid 0 reading uid 0) only when the target's permitted capabilities are a subset
 * of the reader's, unless the reader has {@code CAP_SYS_PTRACE}. So not root means "needs root or
 * CAP_SYS_PTRACE"; as uid 0 the cause is a target holding capabilities this process lacks (a container,
 * {@code capsh --drop}, a DaemonSet's {@code drop: [ALL]}), or, with {@code CAP_SYS_PTRACE} held, a
 * security module or a user namespace boundary.
 *
 * <p>Cost: this process's own credentials are read once per JVM ({@code /proc/self/status}); as uid 0 a
 * denial also reads the target's {@code status} (one small read, on the denied path only).
 */
public final class PtraceAccess {
  /** {@code CAP_SYS_PTRACE}'s bit. */
  static final int CAP_SYS_PTRACE = 19;
  private static final String NOT_ROOT = "reading other processes' namespaces needs root or CAP_SYS_PTRACE";
  /** The capability names of {@code capability.h}, by bit. */
  private static final String[] CAPS = {
      "chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill", "setgid", "setuid", "setpcap",
      "linux_immutable", "net_bind_service", "net_broadcast", "net_admin", "net_raw", "ipc_lock", "ipc_owner",
      "sys_module", "sys_rawio", "sys_chroot", "sys_ptrace", "sys_pacct", "sys_admin", "sys_boot", "sys_nice",
      "sys_resource", "sys_time", "sys_tty_config", "mknod", "lease", "audit_write", "audit_control", "setfcap",
      "mac_override", "mac_admin", "syslog", "wake_alarm", "block_suspend", "audit_read", "perfmon", "bpf",
      "checkpoint_restore"};

  /** This process's effective uid and capabilities, or null when unreadable (not Linux). */
  private static volatile long[] self;

  private PtraceAccess() {}

  /**
   * {@return {@code permission denied: <why>} for a refused read of process {@code pid}'s files}
   *
   * @param root the proc root the process was read in
   * @param pid the process
   */
  public static String denied(ProcRoot root, long pid) {
    return denied(root.pid(pid), pid);
  }

  /**
   * {@link #denied(ProcRoot, long)} for a file under {@code <root>/<pid>/}, as a scan that keeps the paths
   * it reads knows it: {@code <root>/<pid>/ns/net} names the process {@code <pid>}
   *
   * @param file the refused file, two levels under the process's directory ({@code ns/net})
   * @return {@code permission denied: <why>}
   */
  public static String deniedAt(Path file) {
    Path dir = file.getParent() == null ? null : file.getParent().getParent();
    long pid = -1;
    if (dir != null && dir.getFileName() != null) {
      try {
        pid = Long.parseLong(dir.getFileName().toString());
      } catch (NumberFormatException e) {
        pid = -1;
      }
    }
    return pid < 0 ? "permission denied: " + NOT_ROOT : denied(dir, pid);
  }

  private static String denied(Path pidDir, long pid) {
    long[] me = self();
    if (me == null || me[0] != 0) {
      return "permission denied: " + NOT_ROOT;
    }
    long theirs = permitted(pidDir.resolve("status"));
    return "permission denied: " + asRoot(me[1], theirs, pid);
  }

  /**
   * {@return why uid 0 was refused}
   *
   * @param ours this process's effective capabilities
   * @param theirs the target's permitted capabilities, -1 when unknown
   * @param pid the target
   */
  static String asRoot(long ours, long theirs, long pid) {
    boolean ptrace = (ours & (1L << CAP_SYS_PTRACE)) != 0;
    long missing = theirs < 0 ? 0 : theirs & ~ours;
    if (missing == 0) {
      return "this process runs as uid 0" + (ptrace
          ? " with CAP_SYS_PTRACE and was refused all the same: a security module (AppArmor, SELinux, Landlock)"
              + " or a user namespace boundary forbids it"
          : " without CAP_SYS_PTRACE: add it (--cap-add SYS_PTRACE)");
    }
    String caps = names(missing);
    return "this process runs as uid 0, but pid " + pid + " holds capabilities it lacks (" + caps + ")"
        + (ptrace
            ? "; the kernel refused even with CAP_SYS_PTRACE: a security module (AppArmor, SELinux, Landlock) or"
                + " a user namespace boundary decides too"
            : ": reading a process with more capabilities needs CAP_SYS_PTRACE (--cap-add SYS_PTRACE)");
  }

  /** {@return the names of the capabilities set in {@code mask}, lowest first} */
  static String names(long mask) {
    List<String> out = new ArrayList<>();
    for (int bit = 0; bit < 64; bit++) {
      if ((mask & (1L << bit)) != 0) {
        out.add(bit < CAPS.length ? "cap_" + CAPS[bit] : "cap_" + bit);
      }
    }
    return String.join(", ", out);
  }

  private static long[] self() {
    long[] me = self;
    if (me == null) {
      Path status = Path.of("/proc/self/status");
      long uid = field(status, "Uid:", false);
      long caps = field(status, "CapEff:", true);
      me = uid < 0 || caps < 0 ? null : new long[] {uid, caps};
      self = me;
    }
    return me;
  }

  private static long permitted(Path status) {
    return field(status, "CapPrm:", true);
  }

  /**
   * {@return the number after {@code key} in a status file: the first, a hex mask, for {@code Cap*:}; the
   * second, the effective uid, for {@code Uid:} (real, effective, saved, fs); -1 when unreadable}
   */
  private static long field(Path status, String key, boolean hex) {
    String text;
    try {
      text = Files.readString(status, StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    for (String line : text.split("\n")) {
      if (line.startsWith(key)) {
        String[] f = line.substring(key.length()).trim().split("\\s+");
        try {
          return hex ? Long.parseUnsignedLong(f[0], 16) : Long.parseLong(f[Math.min(1, f.length - 1)]);
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }
}
