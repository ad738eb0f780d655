package io.containernetstat.core.internal;

import io.containernetstat.core.ProcRoot;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Reads the identity of a process from procfs: its network namespace and its start time. Stateless and
 * thread-safe.
 *
 * <p>A PID alone does not name a container: PIDs are reused. The pair (PID, start time) does, because
 * the start time (field 22 of {@code /proc/<pid>/stat}, in clock ticks since boot) of a new process
 * with a reused PID differs.
 *
 * <p>A file or link that is there but wrong (a malformed {@code stat}, an {@code ns/net} that is not a
 * link like {@code net:[4026532177]}) is a {@link ProcFormatException}, never "gone": only ENOENT and
 * ESRCH mean the process went away.
 */
public final class Processes {
  /**
   * The most bytes read of a {@code /proc/<pid>/stat}: 52 fields of at most 20 digits and a command
   * of at most 64 bytes make about 1.2 KB (measured: 296 bytes); a longer one is refused
   * ({@code too_large}).
   */
  public static final int STAT_MAX_BYTES = 4096;

  private Processes() {}

  /**
   * Reads the start time of a process.
   *
   * @param root the proc root
   * @param pid the process
   * @return field 22 of {@code <root>/<pid>/stat}, or empty when the process is gone
   * @throws IOException if the file cannot be read for another reason; a
   *     {@link java.nio.file.FileSystemException} when it is not a regular file or is larger than
   *     {@link #STAT_MAX_BYTES} (neither is read, nothing blocks)
   * @throws ProcFormatException if the file is malformed
   */
  public static OptionalLong startTime(ProcRoot root, long pid) throws IOException {
    Path stat = root.pid(pid).resolve("stat");
    BoundedReader in = new BoundedReader(512);
    int length;
    try {
      length = in.readFile(stat, STAT_MAX_BYTES);
    } catch (RefusedFileException e) {
      throw e;
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    } catch (IOException e) {
      if (isGone(e)) {
        return OptionalLong.empty();
      }
      throw e;
    }
    long start = liveStartTime(stat.toString(), in.buffer(), length);
    return start < 0 ? OptionalLong.empty() : OptionalLong.of(start);
  }

  /**
   * Parses field 22 (starttime) of a {@code /proc/<pid>/stat} line, or tells that the process has exited
   * but is not yet reaped: state (field 3) {@code Z} or {@code X}. Such a process has released its
   * namespaces: its {@code ns/net} link and {@code net/} files are gone, so it counts as gone (a
   * container's init killed behind the runtime's back is one until its shim reaps it).
   *
   * @param source the file name for error messages
   * @param content the file's bytes
   * @param length how many bytes are valid
   * @return the start time in clock ticks since boot, or -1 when the process is a zombie
   * @throws ProcFormatException if the content is empty or has no field 22
   */
  public static long liveStartTime(String source, byte[] content, int length) {
    return startTime(source, content, length, true);
  }

  /**
   * Parses field 22 (starttime) of a {@code /proc/<pid>/stat} line. The command (field 2) is in
   * parentheses and may itself contain spaces and parentheses, so fields are counted from the last
   * {@code ')'}.
   *
   * @param source the file name for error messages
   * @param content the file's bytes
   * @param length how many bytes are valid
   * @return the start time in clock ticks since boot
   * @throws ProcFormatException if the content is empty or has no field 22
   */
  public static long parseStartTime(String source, byte[] content, int length) {
    return startTime(source, content, length, false);
  }

  private static long startTime(String source, byte[] content, int length, boolean live) {
    if (length == 0) {
      throw new ProcFormatException(source, 1, "", "empty file");
    }
    int close = -1;
    for (int i = length - 1; i >= 0; i--) {
      if (content[i] == ')') {
        close = i;
        break;
      }
    }
    if (close < 0) {
      throw badStat(source, content, length, "no ')' after the command");
    }
    int field = 2;
    int i = close + 1;
    while (i < length) {
      while (i < length && content[i] == ' ') {
        i++;
      }
      if (i >= length || content[i] == '\n') {
        break;
      }
      int start = i;
      while (i < length && content[i] != ' ' && content[i] != '\n') {
        i++;
      }
      field++;
      if (live && field == 3 && start == close + 2 && (content[start] == 'Z' || content[start] == 'X')) {
        return -1;
      }
      if (field == 22) {
        try {
          return Ascii.parseUnsigned(content, start, i);
        } catch (NumberFormatException e) {
          throw badStat(source, content, length, "field 22 (starttime): " + e.getMessage());
        }
      }
    }
    throw badStat(source, content, length, "fewer than 22 fields");
  }

  /**
   * Reads the inode of a process's network namespace, the number in
   * {@code readlink /proc/<pid>/ns/net} = {@code net:[4026532177]}. Two processes are in the same
   * network namespace exactly when these numbers are equal.
   *
   * @param root the proc root
   * @param pid the process
   * @return the inode, or empty when the process is gone
   * @throws AccessDeniedException if the caller may not inspect the process; reading another user's
   *     namespaces needs root or CAP_SYS_PTRACE (the message says why, see {@link PtraceAccess})
   * @throws IOException if the link cannot be read for another reason
   * @throws ProcFormatException if {@code ns/net} is not a symbolic link, or its target is not
   *     {@code net:[<number>]}
   */
  public static OptionalLong netnsInode(ProcRoot root, long pid) throws IOException {
    long inode = netnsInode(netnsLink(root, pid));
    return inode < 0 ? OptionalLong.empty() : OptionalLong.of(inode);
  }

  /**
   * {@return the path of a process's network namespace link, {@code <root>/<pid>/ns/net}, for
   * {@link #netnsInode(Path)}: a scan that reads it every cycle builds it once per process}
   *
   * @param root the proc root
   * @param pid the process
   */
  public static Path netnsLink(ProcRoot root, long pid) {
    return root.pid(pid).resolve("ns/net");
  }

  /**
   * {@link #netnsInode(ProcRoot, long)} through the link's path, as {@link #netnsLink} gives it.
   *
   * @param link {@code <root>/<pid>/ns/net}
   * @return the inode, or -1 when the process is gone
   * @throws IOException as {@link #netnsInode(ProcRoot, long)}
   * @throws ProcFormatException as {@link #netnsInode(ProcRoot, long)}
   */
  public static long netnsInode(Path link) throws IOException {
    String target;
    try {
      target = Files.readSymbolicLink(link).toString();
    } catch (NoSuchFileException e) {
      return -1;
    } catch (NotLinkException e) {
      throw new ProcFormatException(link.toString(), 1, "", "not a symbolic link: expected one like 'net:[4026532177]'");
    } catch (AccessDeniedException e) {
      throw new AccessDeniedException(link.toString(), null, PtraceAccess.deniedAt(link));
    } catch (IOException e) {
      if (isGone(e)) {
        return -1;
      }
      throw e;
    }
    if (!target.startsWith("net:[")) {
      throw new ProcFormatException(link.toString(), 1, target, "expected a link like 'net:[4026532177]'");
    }
    return parseNamespaceLink(link.toString(), target);
  }

  /**
   * Parses a namespace link target such as {@code net:[4026532177]}.
   *
   * @param source the link's path, for error messages
   * @param target the link's target
   * @return the inode number
   * @throws ProcFormatException if the target is not {@code <type>:[<number>]}
   */
  public static long parseNamespaceLink(String source, String target) {
    int open = target.indexOf(":[");
    if (open < 0 || !target.endsWith("]")) {
      throw new ProcFormatException(source, 1, target, "expected a link like 'net:[4026532177]'");
    }
    int from = open + 2;
    int end = target.length() - 1;
    // The usual case, read every cycle for every process: up to 18 digits cannot overflow, no copy.
    if (from < end && end - from <= 18) {
      long v = 0;
      int i = from;
      for (; i < end; i++) {
        char c = target.charAt(i);
        if (c < '0' || c > '9') {
          break;
        }
        v = v * 10 + (c - '0');
      }
      if (i == end) {
        return v;
      }
    }
    byte[] digits = target.substring(from, end).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try {
      return Ascii.parseUnsigned(digits, 0, digits.length);
    } catch (NumberFormatException e) {
      throw new ProcFormatException(source, 1, target, e.getMessage());
    }
  }

  /**
   * Tells whether a procfs read failed because the process exited while it was being read (ESRCH).
   *
   * @param e the failure
   * @return true when the process is gone, which is not an error
   */
  public static boolean isGone(IOException e) {
    String message = e.getMessage();
    return message != null && message.contains("No such process");
  }

  private static ProcFormatException badStat(String source, byte[] content, int length, String reason) {
    int end = 0;
    while (end < length && content[end] != '\n') {
      end++;
    }
    return new ProcFormatException(source, 1, Ascii.text(content, 0, end), reason);
  }
}
