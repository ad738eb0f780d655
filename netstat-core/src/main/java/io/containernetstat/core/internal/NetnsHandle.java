package io.containernetstat.core.internal;

import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.ProcRoot;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The descriptors a {@link NetnsReader} holds for one process, and which of its files are known to be
 * absent; not thread-safe (used under its reader). Not API.
 */
final class NetnsHandle {
  /** {@link #read} of a process that is gone. */
  static final int GONE = -1;
  /** {@link #read} of a file this namespace does not have (IPv6 disabled). */
  static final int ABSENT = -2;
  private static final int FILES = ProcNetFile.values().length;

  private final ProcRoot root;
  private final BoundedReader in;

  final long startTime;
  /** The reader's cycle that last read through this handle. */
  long readIn;
  /** The namespace the process was resolved in, or -1 when unknown. */
  final long netnsInode;
  /** Whether the process was found still in {@link #netnsInode} after a descriptor was opened. */
  private boolean inNamespace;
  final FileChannel[] channels = new FileChannel[FILES];
  final boolean[] absent = new boolean[FILES];
  boolean hold;
  /** {@code /proc/<pid>/stat}, held: it stays bound to the process it was opened for. */
  HeldStat stat;
  /** The files' names for error messages, built once per process rather than on every parse. */
  final String[] sources = new String[FILES];

  String source(long pid, ProcNetFile file) {
    String name = sources[file.ordinal()];
    if (name == null) {
      name = root.netFile(pid, file).toString();
      sources[file.ordinal()] = name;
    }
    return name;
  }

  /**
   * Creates the handle of one process; it opens nothing yet.
   *
   * @param root the proc root
   * @param in the reader's buffer, shared by all its handles (the reader is not thread-safe)
   * @param hold whether descriptors are kept open between reads
   * @param startTime the process's start time, or -1 when unknown
   * @param netnsInode the process's network namespace as resolved, or -1 when unknown
   */
  NetnsHandle(ProcRoot root, BoundedReader in, boolean hold, long startTime, long netnsInode) {
    this.root = root;
    this.in = in;
    this.hold = hold;
    this.startTime = startTime;
    this.netnsInode = netnsInode;
    this.inNamespace = netnsInode < 0;
  }

  /** {@return the descriptors held: one per file plus the process's {@code stat}} */
  int heldDescriptors() {
    int n = stat != null ? 1 : 0;
    for (FileChannel c : channels) {
      if (c != null) {
        n++;
      }
    }
    return n;
  }

  /**
   * Tells whether {@code pid} is still the process that was resolved. A held net descriptor keeps
   * reading its namespace after the process exits, so liveness is checked separately, once per read:
   * a held {@code stat} descriptor is bound to its process and fails with ESRCH once it exits (even
   * if the PID is reused), costing one {@code pread}; without one, the start time is compared. A
   * zombie (state Z or X) has released its namespaces and counts as exited either way ({@link HeldStat}).
   */
  boolean isSameProcess(long pid) throws IOException {
    if (stat != null) {
      return stat.liveStartTime(in) >= 0;
    }
    HeldStat opened = HeldStat.open(root, pid);
    if (opened == null) {
      return false;
    }
    boolean keep = false;
    try {
      long actual = opened.liveStartTime(in);
      if (actual < 0 || (startTime >= 0 && actual != startTime)) {
        return false;
      }
      keep = hold;
      return true;
    } finally {
      if (keep) {
        stat = opened;
      } else {
        opened.close();
      }
    }
  }


  /** Reads {@code file} into the shared buffer; returns its length, {@link #GONE} or {@link #ABSENT}. */
  int read(long pid, ProcNetFile file) throws IOException {
    int i = file.ordinal();
    if (absent[i]) {
      return ABSENT;
    }
    FileChannel channel = channels[i];
    if (channel == null) {
      Path path = root.netFile(pid, file);
      try {
        channel = BoundedReader.open(path, file.maxBytes());
      } catch (NoSuchFileException e) {
        if (!Files.isDirectory(root.pid(pid).resolve("net"))) {
          return GONE;
        }
        absent[i] = true; // IPv6 disabled: the file will not appear for this namespace
        return ABSENT;
      } catch (java.nio.file.FileSystemException e) {
        if (e.getMessage() != null && e.getMessage().contains("Too many open files")) {
          hold = false;
          closeHeld();
          channel = BoundedReader.open(path, file.maxBytes());
        } else {
          throw e;
        }
      }
      if (!inNamespace) {
        // Opened after the resolver read ns/net: the process may have moved since, and this descriptor
        // would read the new namespace under the old one's name. Checked once, on the first open.
        long now;
        try {
          now = Processes.netnsInode(Processes.netnsLink(root, pid));
        } catch (IOException | RuntimeException e) {
          channel.close();
          throw e;
        }
        if (now != netnsInode) {
          channel.close();
          return GONE;
        }
        inNamespace = true;
      }
      if (hold) {
        channels[i] = channel;
      }
    }
    try {
      return in.read(channel, source(pid, file), file.maxBytes(), oneRecord(file));
    } finally {
      if (!hold) {
        channel.close();
      }
    }
  }

  private void closeHeld() {
    if (stat != null) {
      stat.close();
      stat = null;
    }
    for (int i = 0; i < channels.length; i++) {
      if (channels[i] != null) {
        try {
          channels[i].close();
        } catch (IOException ignored) {
          // closing a procfs descriptor cannot lose data
        }
        channels[i] = null;
      }
    }
  }

  void close() {
    closeHeld();
  }

  /**
   * Whether the file is one seq_file record, so that a short read has all of it: every file but
   * {@code dev}, which has a record per interface and is read until a read returns nothing.
   */
  static boolean oneRecord(ProcNetFile file) {
    return file != ProcNetFile.DEV;
  }
}
