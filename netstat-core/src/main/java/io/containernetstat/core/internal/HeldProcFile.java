package io.containernetstat.core.internal;

import io.containernetstat.core.ProcRoot;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One file of a process ({@code /proc/<pid>/stat}, {@code comm}), held open: reading it again costs one
 * {@code pread} instead of a path walk, open, read and close, and the descriptor names the process, not
 * the PID (once the process exits, reads fail with ESRCH even if the PID is reused). The one place such a
 * file is opened and read; not thread-safe (read into the caller's buffer). Not API.
 */
public final class HeldProcFile implements Closeable {
  private final FileChannel channel;
  private final String source;
  private final int maxBytes;

  private HeldProcFile(FileChannel channel, String source, int maxBytes) {
    this.channel = channel;
    this.source = source;
    this.maxBytes = maxBytes;
  }

  /**
   * Opens {@code <root>/<pid>/<name>}.
   *
   * @param root the proc root
   * @param pid the process
   * @param name the file in the process's directory
   * @param maxBytes the most bytes the file may hold
   * @return the held file, or null when the process is gone; the caller closes it
   * @throws RefusedFileException if it is not a regular file or holds more than {@code maxBytes}
   * @throws IOException if it cannot be opened for another reason
   */
  public static HeldProcFile open(ProcRoot root, long pid, String name, int maxBytes) throws IOException {
    Path path = root.pid(pid).resolve(name);
    try {
      return new HeldProcFile(BoundedReader.open(path, maxBytes), path.toString(), maxBytes);
    } catch (RefusedFileException e) {
      throw e;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      if (Processes.isGone(e)) {
        return null;
      }
      throw e;
    }
  }

  /** {@return the file's path, for messages} */
  public String source() {
    return source;
  }

  /**
   * Reads the whole file into {@code in}'s buffer with one {@code pread} at offset 0, which regenerates a
   * procfs file's content.
   *
   * @param in the buffer to read into
   * @return the byte count, or -1 when the process has exited (ESRCH)
   * @throws RefusedFileException if the content has grown past the file's bound
   * @throws IOException if the read fails for another reason
   */
  public int read(BoundedReader in) throws IOException {
    try {
      return in.read(channel, source, maxBytes, true);
    } catch (RefusedFileException e) {
      throw e;
    } catch (IOException e) {
      if (Processes.isGone(e)) {
        return -1;
      }
      throw e;
    }
  }

  /** Closes the file; closing a procfs descriptor cannot lose data, so errors are ignored. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // the descriptor is released anyway
    }
  }
}
