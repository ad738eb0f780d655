package io.containernetstat.fsstat;

import io.containernetstat.core.internal.ProcFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Parses {@code /proc/<pid>/mountinfo}: bytes in, immutable {@link MountInfo} records out. Stateless and
 * thread-safe.
 *
 * <pre>
 * 72 48 0:39 / / rw,relatime master:2 - overlay overlay rw,lowerdir=...,upperdir=...,workdir=...
 * 88 74 0:47 / /dev/shm rw,nosuid,nodev,noexec,relatime - tmpfs shm rw,size=65536k
 * 90 72 254:0 /var/lib/docker/volumes/data/_data /vol rw,relatime master:1 - ext4 /dev/vda rw
 * 132 113 254:0 /tmp/dir\040with\040space /data\040with\040space rw,relatime - ext4 /dev/vda rw
 * </pre>
 * Fields are separated by one space ({@code proc(5)}): mount id, parent id, {@code major:minor}, root,
 * mount point, mount options, zero or more optional fields ({@code shared:N}, {@code master:N},
 * {@code propagate_from:N}, {@code unbindable}, and any a newer kernel adds), the separator {@code -},
 * filesystem type, source, superblock options. The kernel escapes space, tab, newline and backslash in
 * root, mount point, type and source as {@code \040}, {@code \011}, {@code \012}, {@code \134}; these are
 * decoded, and any other byte of a path is kept (paths are bytes: a control character is legal, only
 * NUL is not). An empty source (a filesystem mounted with {@code ""} as device) shows as two spaces in
 * a row and parses to an empty string.
 *
 * <p>Performance: the file is re-read only when a container's mount table changed (see
 * {@link StatvfsFilesystemProbe}), so clarity wins over allocation here; still no regex and no
 * {@code String.split}.
 */
public final class MountInfoParser {
  private MountInfoParser() {}

  /**
   * Parses a whole mountinfo file.
   *
   * @param source the file that was read, for error messages, for example {@code /proc/123/mountinfo}
   * @param buf the bytes
   * @param offset where the content starts in {@code buf}
   * @param length how many bytes are content
   * @return one record per line, in the file's order; empty for empty content
   * @throws ProcFormatException if a line is malformed: fewer than ten fields, no {@code -}
   *     separator, a field after the superblock options, a number that is not one, an empty path, a
   *     bad escape or a NUL byte; it names the file and the line
   * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not fit {@code buf}
   */
  public static List<MountInfo> parse(String source, byte[] buf, int offset, int length) {
    Objects.requireNonNull(source, "source == null");
    Objects.checkFromIndexSize(offset, length, buf.length);
    int end = offset + length;
    List<MountInfo> out = new ArrayList<>();
    int lineNumber = 0;
    int p = offset;
    while (p < end) {
      int eol = p;
      while (eol < end && buf[eol] != '\n') {
        eol++;
      }
      lineNumber++;
      out.add(new Line(source, lineNumber, buf, p, eol).parse());
      p = eol + 1;
    }
    return out;
  }

  /** One line being parsed; the cursor walks its space-separated fields. */
  private static final class Line {
    private final String source;
    private final int number;
    private final byte[] buf;
    private final int start;
    private final int end;
    private int next;
    private int fieldStart;
    private int fieldEnd;
    private int fieldNumber;

    Line(String source, int number, byte[] buf, int start, int end) {
      this.source = source;
      this.number = number;
      this.buf = buf;
      this.start = start;
      this.end = end;
      this.next = start;
    }

    MountInfo parse() {
      for (int i = start; i < end; i++) {
        if (buf[i] == 0) {
          throw fail("unexpected NUL byte at column " + (i - start + 1));
        }
      }
      if (start == end) {
        throw fail("empty line");
      }
      int mountId = intField("mount id");
      int parentId = intField("parent id");
      field("major:minor");
      int colon = indexOf(':', fieldStart, fieldEnd);
      if (colon < 0) {
        throw fail("expected 'major:minor', found '" + quote(fieldStart, fieldEnd) + "'");
      }
      int major = number(fieldStart, colon, "major");
      int minor = number(colon + 1, fieldEnd, "minor");
      String root = pathField("root");
      String mountPoint = pathField("mount point");
      if (mountPoint.charAt(0) != '/') {
        throw fail("mount point '" + mountPoint + "' is not absolute");
      }
      field("mount options");
      String mountOptions = text(fieldStart, fieldEnd);
      List<String> optional = new ArrayList<>(2);
      while (true) {
        if (!hasField()) {
          throw fail("no '-' separator after the optional fields");
        }
        field("optional field or '-'");
        if (fieldEnd - fieldStart == 1 && buf[fieldStart] == '-') {
          break;
        }
        if (fieldStart == fieldEnd) {
          throw fail("empty optional field (two spaces in a row)");
        }
        optional.add(text(fieldStart, fieldEnd));
      }
      String fsType = pathField("filesystem type");
      field("source");
      String mountSource = decode(fieldStart, fieldEnd, "source");
      field("superblock options");
      String superOptions = text(fieldStart, fieldEnd);
      if (hasField()) {
        throw fail("unexpected field after the superblock options: '" + quote(next, end) + "'");
      }
      return new MountInfo(mountId, parentId, major, minor, root, mountPoint, mountOptions, optional,
          fsType, mountSource, superOptions);
    }

    /** Whether another field follows; a trailing space announces an empty last field. */
    private boolean hasField() {
      return next <= end;
    }

    /** Advances to the next space-separated field; an empty field is allowed here. */
    private void field(String what) {
      if (!hasField()) {
        throw fail("no " + what + " (field " + (fieldNumber + 1) + ")");
      }
      fieldStart = next;
      int i = next;
      while (i < end && buf[i] != ' ') {
        i++;
      }
      fieldEnd = i;
      next = i + 1;
      fieldNumber++;
    }

    private int intField(String what) {
      field(what);
      return number(fieldStart, fieldEnd, what);
    }

    private String pathField(String what) {
      field(what);
      if (fieldStart == fieldEnd) {
        throw fail("empty " + what + " (field " + fieldNumber + ")");
      }
      return decode(fieldStart, fieldEnd, what);
    }

    private int number(int from, int to, String what) {
      if (from == to) {
        throw fail("empty " + what);
      }
      if (to - from > 10) {
        throw fail(what + " out of range: '" + quote(from, to) + "'");
      }
      long v = 0;
      for (int i = from; i < to; i++) {
        byte b = buf[i];
        if (b < '0' || b > '9') {
          throw fail(what + " is not a number: '" + quote(from, to) + "'");
        }
        v = v * 10 + (b - '0');
      }
      if (v > Integer.MAX_VALUE) {
        throw fail(what + " out of range: '" + quote(from, to) + "'");
      }
      return (int) v;
    }

    /** Decodes the kernel's {@code \ooo} escapes; other bytes are kept and read as UTF-8. */
    private String decode(int from, int to, String what) {
      int backslash = indexOf('\\', from, to);
      if (backslash < 0) {
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
      }
      byte[] out = new byte[to - from];
      int n = 0;
      for (int i = from; i < to; i++) {
        byte b = buf[i];
        if (b != '\\') {
          out[n++] = b;
          continue;
        }
        if (i + 3 >= to || !octal(buf[i + 1], '3') || !octal(buf[i + 2], '7')
            || !octal(buf[i + 3], '7')) {
          throw fail("bad escape in " + what + " at column " + (i - start + 1)
              + ": expected a backslash and three octal digits");
        }
        out[n++] = (byte) (((buf[i + 1] - '0') << 6) | ((buf[i + 2] - '0') << 3) | (buf[i + 3] - '0'));
        i += 3;
      }
      return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private static boolean octal(byte b, char max) {
      return b >= '0' && b <= max;
    }

    private int indexOf(char c, int from, int to) {
      for (int i = from; i < to; i++) {
        if (buf[i] == c) {
          return i;
        }
      }
      return -1;
    }

    private String text(int from, int to) {
      return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }

    private String quote(int from, int to) {
      int max = 40;
      return to - from <= max ? text(from, to) : text(from, from + max) + "...";
    }

    private ProcFormatException fail(String reason) {
      return new ProcFormatException(source, number,
          new String(buf, start, end - start, StandardCharsets.ISO_8859_1), reason);
    }
  }
}
