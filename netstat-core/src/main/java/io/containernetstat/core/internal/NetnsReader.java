package io.containernetstat.core.internal;

import io.containernetstat.core.Counters;
import io.containernetstat.core.Failure;
import io.containernetstat.core.NetnsStats;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.ProcRoot;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads a chosen set of {@code /proc/<pid>/net/} files for network namespaces, holding their file
 * descriptors between reads. <b>Not thread-safe</b>: one reader per collecting thread.
 *
 * <p>Why hold descriptors: opening {@code /proc/<pid>/net/sockstat} walks the path (about 15 us);
 * re-reading a held descriptor at offset 0 makes the kernel regenerate the content and is about 6 times
 * cheaper (measured on 300 namespaces). Where a descriptor cannot be held (too many open files, or
 * holding is turned off) the reader opens, reads and closes each time.
 *
 * <p>A held descriptor pins its namespace: after the container exits it still reads the dead
 * namespace's counters and keeps its memory. So descriptors are keyed by (PID, start time), and the
 * caller must release those of processes that are gone in the cycle that notices it
 * ({@link #startCycle()}, {@link #releaseUnread()}).
 *
 * <p>Memory: one read buffer (grown to the largest file) and one parser per file type, shared by all
 * namespaces; per namespace only its descriptors.
 *
 * <p>Bad input fails only its namespace, as a {@link ReadResult.Failed} naming the file: a file that
 * is not a regular file (a FIFO where {@code net/sockstat} should be) is refused before it is opened,
 * so nothing blocks; a file larger than its {@link ProcNetFile#maxBytes() cap} is refused without
 * being read whole, held descriptors included; malformed content (an empty file, a sign on an
 * unsigned field, a repeated field, a malformed {@code stat}) names the line. Only a process that
 * really went away (ENOENT, ESRCH) is {@link ReadResult.Gone}.
 */
public final class NetnsReader implements AutoCloseable {
  private static final ModelAccess.Grant MODEL = ModelAccess.get();

  private static final int INITIAL_BUFFER = 16 * 1024;

  private final ProcRoot root;
  private final ProcNetFile[] files;
  private final Set<ProcNetFile> requested;
  private final ProcNetParser[] parsers = new ProcNetParser[ProcNetFile.values().length];
  private final boolean holdDescriptors;
  private final Map<Long, NetnsHandle> handles = new HashMap<>();
  private final BoundedReader in = new BoundedReader(INITIAL_BUFFER);
  private long cycle;

  /**
   * Creates a reader.
   *
   * @param root the proc root
   * @param files the files to read in each namespace
   * @param holdDescriptors whether to keep descriptors open between reads (the fast path); false
   *     opens, reads and closes every time
   * @throws IllegalArgumentException if {@code files} is empty
   */
  public NetnsReader(ProcRoot root, Set<ProcNetFile> files, boolean holdDescriptors) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("files is empty");
    }
    this.root = java.util.Objects.requireNonNull(root, "root == null");
    this.requested = java.util.Collections.unmodifiableSet(EnumSet.copyOf(files));
    this.files = requested.toArray(new ProcNetFile[0]);
    this.holdDescriptors = holdDescriptors;
    for (ProcNetFile file : this.files) {
      parsers[file.ordinal()] = ProcNetParser.forFile(file);
    }
  }

  /** {@return the files this reader reads} */
  public Set<ProcNetFile> files() {
    return requested;
  }

  /**
   * Reads the namespace of {@code pid}.
   *
   * @param pid a process in the namespace
   * @param startTime the process's start time as the resolver saw it; a process with this PID and
   *     another start time is not the one that was resolved (the PID was reused), so the result is
   *     {@link ReadResult.Gone}; a negative value skips that check
   * @return the stats, {@link ReadResult.Gone} when the process no longer exists, or the failure
   */
  public ReadResult read(long pid, long startTime) {
    return read(pid, startTime, -1, true);
  }

  /**
   * Reads the namespace {@code netnsInode} through {@code pid}.
   *
   * <p>Descriptors held for {@code pid} are kept only while it is in the same namespace: a held
   * {@code net/} descriptor reads the namespace it was opened in, so a process that moved ({@code setns},
   * {@code unshare}) gets new ones. When they are opened, the process's {@code ns/net} is read again, so
   * descriptors opened after a move are not taken for the namespace resolved before it (the read is then
   * {@link ReadResult.Gone}: the process is no longer in that namespace).
   *
   * @param pid a process in the namespace
   * @param startTime as {@link #read(long, long)}
   * @param netnsInode the namespace the resolver found {@code pid} in, or -1 when unknown (no check)
   * @param checkProcess whether to check that {@code pid} is still the process resolved (one
   *     {@code pread} of its held {@code stat}); false when the resolver has just checked it
   * @return the stats, {@link ReadResult.Gone} when the process no longer exists (or left the
   *     namespace), or the failure
   */
  public ReadResult read(long pid, long startTime, long netnsInode, boolean checkProcess) {
    NetnsHandle handle = handles.get(pid);
    if (handle != null && (handle.startTime != startTime || handle.netnsInode != netnsInode)) {
      handle.close();
      handle = null;
    }
    if (handle == null) {
      handle = new NetnsHandle(root, in, holdDescriptors, startTime, netnsInode);
      handles.put(pid, handle);
    }
    handle.readIn = cycle;
    if (checkProcess) {
      ReadResult notSame = checkProcess(handle, pid);
      if (notSame != null) {
        return notSame;
      }
    }
    Counters[] byFile = new Counters[parsers.length];
    for (ProcNetFile file : files) {
      try {
        int length = handle.read(pid, file);
        if (length == NetnsHandle.GONE) {
          release(pid);
          return new ReadResult.Gone(pid);
        }
        if (length != NetnsHandle.ABSENT) {
          byFile[file.ordinal()] = parsers[file.ordinal()].parse(handle.source(pid, file), in.buffer(), 0, length);
        }
      } catch (ProcFormatException e) {
        return new ReadResult.Failed(Failure.MALFORMED, e.getMessage(), e);
      } catch (RefusedFileException e) {
        return new ReadResult.Failed(e.reason(), e.getMessage(), e);
      } catch (AccessDeniedException e) {
        release(pid);
        return new ReadResult.Failed(Failure.PERMISSION_DENIED, source(pid, file) + ": "
            + PtraceAccess.denied(root, pid), e);
      } catch (IOException e) {
        release(pid);
        if (Processes.isGone(e) || !Files.exists(root.pid(pid))) {
          return new ReadResult.Gone(pid);
        }
        return new ReadResult.Failed(Failure.READ_ERROR, source(pid, file) + ": " + e, e);
      }
    }
    return new ReadResult.Read(MODEL.stats(byFile, requested));
  }

  /** {@return null when {@code pid} is still the process of {@code handle}, else what to return for it} */
  private ReadResult checkProcess(NetnsHandle handle, long pid) {
    try {
      if (!handle.isSameProcess(pid)) {
        release(pid);
        return new ReadResult.Gone(pid);
      }
    } catch (ProcFormatException e) {
      release(pid);
      return new ReadResult.Failed(Failure.MALFORMED, e.getMessage(), e);
    } catch (RefusedFileException e) {
      release(pid);
      return new ReadResult.Failed(e.reason(), e.getMessage(), e);
    } catch (IOException e) {
      release(pid);
      return new ReadResult.Failed(Failure.READ_ERROR, root.pid(pid).resolve("stat") + ": " + e, e);
    }
    return null;
  }

  /** Closes the descriptors held for {@code pid}, if any. */
  public void release(long pid) {
    NetnsHandle handle = handles.remove(pid);
    if (handle != null) {
      handle.close();
    }
  }

  /**
   * Starts a cycle: {@link #releaseUnread()} at its end closes the descriptors of every PID that was not
   * read in it.
   */
  public void startCycle() {
    cycle++;
  }

  /**
   * Closes the descriptors of every PID not read since {@link #startCycle()}: call it once per cycle
   * after reading the PIDs that were resolved, so a departed container's namespace is freed in the cycle
   * that notices it. (A read that finds its process gone has already closed its descriptors; one that
   * fails otherwise keeps them, rather than re-open them every cycle.)
   */
  public void releaseUnread() {
    for (Iterator<NetnsHandle> it = handles.values().iterator(); it.hasNext(); ) {
      NetnsHandle h = it.next();
      if (h.readIn != cycle) {
        h.close();
        it.remove();
      }
    }
  }

  /** {@return the number of namespaces whose descriptors are held} */
  public int heldNamespaces() {
    return handles.size();
  }

  /** {@return the number of descriptors held: per namespace, one per file plus its process's {@code stat}} */
  public int heldDescriptors() {
    int n = 0;
    for (NetnsHandle h : handles.values()) {
      n += h.heldDescriptors();
    }
    return n;
  }

  /** Closes every held descriptor. The reader can still be used afterwards. */
  @Override
  public void close() {
    for (NetnsHandle h : handles.values()) {
      h.close();
    }
    handles.clear();
  }

  private String source(long pid, ProcNetFile file) {
    return root.netFile(pid, file).toString();
  }
}
