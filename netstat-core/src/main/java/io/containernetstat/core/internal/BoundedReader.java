package io.containernetstat.core.internal;

import io.containernetstat.core.Failure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Reads procfs files into one reused buffer without ever blocking on a FIFO or holding more than a
 * file's cap. Not thread-safe: one per reading thread. Not API.
 *
 * <p><b>Why a type check before open, and why it is enough.</b> A FIFO opened for reading blocks in
 * {@code open(2)} until a writer appears, and NIO has no {@code O_NONBLOCK}. So {@link #open} stats the
 * path first (following links, as open does) and opens only a regular file. Between that check and the
 * open, the entry could in principle be replaced:
 * <ul>
 *   <li>on a real procfs (the supported proc roots: {@code /proc}, or the host's mounted at
 *       {@code /host/proc}) it cannot: nobody, root included, can create, rename or replace entries
 *       there ({@code mkfifo /proc/self/net/x} fails), so the check holds for the descriptor opened;</li>
 *   <li>on a plain directory tree (fixtures, copies) whoever can write the tree can already feed any
 *       content; the one thing the window gives them is an {@code open} that waits for a writer. Every
 *       read is positional ({@code pread} at offset 0, which also makes procfs regenerate the content),
 *       and {@code pread} on a pipe fails at once with ESPIPE ("Illegal seek"), so even a FIFO swapped in
 *       after the check never blocks a read; a character device swapped in is cut off by the cap.</li>
 * </ul>
 *
 * <p><b>Why the cap is on the bytes read.</b> procfs files report size 0 in {@code stat}, so the size
 * is used only to refuse a regular file that is already too large without reading a byte of it; the cap
 * itself is enforced by reading at most {@code maxBytes + 1} bytes, which is also what bounds a held
 * descriptor whose content grows between reads.
 *
 * <p>Memory: the buffer grows by doubling to the largest file read, never beyond the largest cap asked
 * for plus one byte, and goes back to its initial size after a file was refused as too large, so that
 * one hostile file does not keep its cap's worth of heap for the reader's life.
 */
public final class BoundedReader {
  private final int initialSize;
  private byte[] buffer;
  private ByteBuffer view;

  /**
   * Creates a reader.
   *
   * @param initialSize the buffer's first size: enough for the usual file, so that it never grows
   */
  public BoundedReader(int initialSize) {
    this.initialSize = initialSize;
    this.buffer = new byte[initialSize];
    this.view = ByteBuffer.wrap(buffer);
  }

  /** {@return the buffer holding the last read's bytes, from offset 0} */
  public byte[] buffer() {
    return buffer;
  }

  /**
   * Opens a file for reading, after checking that it is a regular file and, by its size, not larger
   * than {@code maxBytes} (procfs files say 0).
   *
   * @param path the file
   * @param maxBytes the cap
   * @return the open channel; the caller closes it
   * @throws java.nio.file.NoSuchFileException if the file does not exist
   * @throws RefusedFileException if it is not a regular file or is larger than the cap
   * @throws IOException if it cannot be opened for another reason
   */
  public static FileChannel open(Path path, int maxBytes) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
    if (!attributes.isRegularFile()) {
      throw new RefusedFileException(path.toString(), Failure.NOT_REGULAR_FILE,
          "not a regular file (" + kind(path, attributes) + "): not read");
    }
    if (attributes.size() > maxBytes) {
      throw tooLarge(path.toString(), attributes.size() + " bytes, larger than", maxBytes, "not read");
    }
    return FileChannel.open(path, StandardOpenOption.READ);
  }

  /**
   * Opens, reads and closes a file.
   *
   * @param path the file
   * @param maxBytes the cap
   * @return the number of bytes now in {@link #buffer()}
   * @throws RefusedFileException if it is not a regular file or holds more than {@code maxBytes}
   * @throws IOException as {@link #open} and {@link #read} do
   */
  public int readFile(Path path, int maxBytes) throws IOException {
    try (FileChannel channel = open(path, maxBytes)) {
      return read(channel, path.toString(), maxBytes, false);
    }
  }

  /**
   * Reads a file from offset 0 to its end, or to {@code maxBytes + 1} bytes, whichever comes first.
   *
   * <p>{@code oneRecord}: the file is one seq_file record ({@code single_open}: sockstat, snmp, netstat,
   * snmp6, {@code <pid>/stat}), which the kernel builds whole and copies up to the size asked, so a read
   * that leaves room in the buffer has the whole file and the usual cost is one {@code pread}. Not so a
   * file of many records ({@code net/dev}: one per interface; {@code cgroup.procs}): a read returns at
   * most about a page (measured: 4,013 of a 246,323-byte {@code dev}), so those are read on until a
   * read returns nothing. (Reading a one-record file on to its end would cost a second generation of
   * its content: a read at an offset the seq_file is not at regenerates it from the start.)
   *
   * @param channel an open file
   * @param source the file's name for the message
   * @param maxBytes the cap
   * @param oneRecord whether a short read has the whole file
   * @return the number of bytes now in {@link #buffer()}
   * @throws RefusedFileException if the file holds more than {@code maxBytes}
   * @throws IOException if the read fails
   */
  public int read(FileChannel channel, String source, int maxBytes, boolean oneRecord) throws IOException {
    int limit = maxBytes + 1;
    int length = 0;
    while (true) {
      if (length == buffer.length) {
        buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, limit));
        view = ByteBuffer.wrap(buffer);
      }
      int room = Math.min(buffer.length, limit);
      view.limit(room).position(length);
      int n = channel.read(view, length);
      if (n <= 0) {
        return length;
      }
      length += n;
      if (length > maxBytes) {
        shrink();
        throw tooLarge(source, "larger than", maxBytes, "read stopped at " + length + " bytes");
      }
      if (oneRecord && length < room) {
        return length;
      }
    }
  }

  private void shrink() {
    if (buffer.length > initialSize) {
      buffer = new byte[initialSize];
      view = ByteBuffer.wrap(buffer);
    }
  }

  private static RefusedFileException tooLarge(String source, String what, int maxBytes, String then) {
    return new RefusedFileException(source, Failure.TOO_LARGE,
        what + " the cap of " + maxBytes + " bytes for this file: " + then);
  }

  /** What a non-regular file is, for the message. */
  private static String kind(Path path, BasicFileAttributes attributes) {
    if (attributes.isDirectory()) {
      return "a directory";
    }
    try {
      int type = ((Integer) Files.getAttribute(path, "unix:mode")) & 0170000;
      switch (type) {
        case 0010000:
          return "a FIFO";
        case 0140000:
          return "a socket";
        case 0020000:
          return "a character device";
        case 0060000:
          return "a block device";
        default:
          break;
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // the "unix" view is missing or the file went away: say less
    }
    return "a FIFO, socket or device";
  }
}
