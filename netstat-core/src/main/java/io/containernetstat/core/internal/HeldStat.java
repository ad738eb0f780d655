package io.containernetstat.core.internal;

import io.containernetstat.core.ProcRoot;
import java.io.Closeable;
import java.io.IOException;

/**
 * A process's {@code /proc/<pid>/stat}, held open: checking on the process costs one {@code pread} instead
 * of a path walk, open, read and close, and the descriptor names the process, not the PID (once it exits,
 * reads fail with ESRCH even if the PID is reused): a {@link HeldProcFile} that also reads the start
 * time. Not thread-safe (read into the caller's buffer). Not API.
 */
public final class HeldStat implements Closeable {
  private final HeldProcFile file;

  private HeldStat(HeldProcFile file) {
    this.file = file;
  }

  /**
   * Opens a process's stat file.
   *
   * @param root the proc root
   * @param pid the process
   * @return the held file, or null when the process is gone; the caller closes it
   * @throws RefusedFileException if it is not a regular file or is larger than a stat can be
   * @throws IOException if it cannot be opened for another reason
   */
  public static HeldStat open(ProcRoot root, long pid) throws IOException {
    HeldProcFile file = HeldProcFile.open(root, pid, "stat", Processes.STAT_MAX_BYTES);
    return file == null ? null : new HeldStat(file);
  }

  /** {@return the file's path, for messages} */
  public String source() {
    return file.source();
  }

  /**
   * Reads the process's start time: one {@code pread} at offset 0, which regenerates the content (a stat
   * file is one short record, returned whole by one read).
   *
   * @param in the buffer to read into
   * @return the start time, or -1 when the process has exited, reaped or not
   *     ({@link Processes#liveStartTime}); the file stays open: close it
   * @throws RefusedFileException if the content has grown past what a stat can be
   * @throws IOException if the read fails for another reason
   * @throws ProcFormatException if the content is malformed or empty (an exited process fails with
   *     ESRCH; an empty read is not an exit)
   */
  public long liveStartTime(BoundedReader in) throws IOException {
    int n = file.read(in);
    return n < 0 ? -1 : Processes.liveStartTime(file.source(), in.buffer(), n);
  }

  /**
   * Reads the held file into {@code in}'s buffer with one {@code pread} at offset 0, for a caller that
   * wants more of it than the start time (then {@link Processes#liveStartTime} on the buffer).
   *
   * @param in the buffer to read into
   * @return the byte count, or -1 when the process has exited (ESRCH)
   * @throws RefusedFileException if the content has grown past what a stat can be
   * @throws IOException if the read fails for another reason
   */
  public int read(BoundedReader in) throws IOException {
    return file.read(in);
  }

  /** Closes the file; closing a procfs descriptor cannot lose data, so errors are ignored. */
  @Override
  public void close() {
    file.close();
  }
}
