package io.containernetstat.fsstat.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a whole procfs file into a reused, growing buffer. Not thread-safe. Not API.
 *
 * <p>The file is opened, read and closed every time on purpose: an open {@code /proc/<pid>/mountinfo}
 * holds a reference to the process's mount namespace, so a held descriptor would keep an exited
 * container's mounts (its volumes) alive. (Where changes can be polled, {@link MountinfoWatcher} holds
 * descriptors after all, under the release rules that makes necessary; this is the plain way.) procfs
 * seq files hand out about a page per read, hence the loop.
 */
public final class FileBytes {
  /** Larger than any real mount table (about 150 bytes a mount): a guard against a runaway file. */
  static final int MAX_SIZE = 64 << 20;

  private byte[] buf = new byte[16 << 10];

  /**
   * Reads {@code file} to its end.
   *
   * @param file the file
   * @return how many bytes {@link #buffer()} now holds
   * @throws IOException if the file cannot be opened or read, or exceeds 64 MiB
   */
  public int read(Path file) throws IOException {
    try (SeekableByteChannel ch = Files.newByteChannel(file)) {
      int n = 0;
      while (true) {
        if (n == buf.length) {
          if (buf.length >= MAX_SIZE) {
            throw new IOException(file + " is larger than " + MAX_SIZE + " bytes");
          }
          buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int r = ch.read(ByteBuffer.wrap(buf, n, buf.length - n));
        if (r < 0) {
          return n;
        }
        n += r;
      }
    }
  }

  /** {@return the buffer the last read filled; valid up to the length it returned} */
  public byte[] buffer() {
    return buf;
  }
}
