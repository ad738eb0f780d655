package io.containernetstat.resolver.internal;

import io.containernetstat.core.Failure;
import io.containernetstat.core.Container;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Container.Pod;
import io.containernetstat.core.internal.Failures;
import io.containernetstat.core.internal.ProcFormatException;
import io.containernetstat.core.internal.RefusedFileException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.List;

/**
 * A process that is there but whose identity files could not be read: a malformed {@code stat} or
 * {@code ns/net} link, a FIFO or an oversized file in their place, a read error. Not an exit (those
 * are skipped and counted) and not a permission problem (those are counted with their own warning).
 * Not API.
 */
public final class ProcessFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final long pid;
  private final Failure reason;

  private ProcessFailure(long pid, Failure reason, String message, Exception cause) {
    super(message, cause, false, false);
    this.pid = pid;
    this.reason = reason;
  }

  /**
   * Wraps what reading process {@code pid}'s files threw.
   *
   * @param pid the process
   * @param e a {@link ProcFormatException} ({@code malformed}), a {@link RefusedFileException} (its
   *     reason) or another {@link IOException} ({@code read_error})
   * @return the failure
   */
  public static ProcessFailure of(long pid, Exception e) {
    // A FileSystemException's message names its file; any other needs the exception's type to say much.
    String message = e instanceof ProcFormatException || e instanceof FileSystemException ? e.getMessage() : e.toString();
    // A resolver's read that is denied or finds a file gone is a read error (the label namespace failures
    // have always had), not the shared rule's PERMISSION_DENIED or EXITED.
    Failure reason = Failures.of(e);
    if (reason == Failure.PERMISSION_DENIED || reason == Failure.EXITED) {
      reason = Failure.READ_ERROR;
    }
    return new ProcessFailure(pid, reason, message, e);
  }

  /** {@return the process whose files failed} */
  public long pid() {
    return pid;
  }

  /** {@return {@code MALFORMED}, {@code NOT_REGULAR_FILE}, {@code TOO_LARGE} or {@code READ_ERROR}} */
  public Failure reason() {
    return reason;
  }

  /**
   * {@return the failure as a namespace the collector reports as failed: inode 0 (unknown), this
   * failure's PID, start time -1}
   *
   * @param container the container the process belongs to, or null for a plain process
   */
  public NamespaceSnapshot toSnapshot(Container container) {
    return toSnapshot(container, 0);
  }

  /**
   * {@return the failure as a failed namespace whose inode is known}
   *
   * @param container the container the process belongs to, or null for a plain process
   * @param netnsInode the namespace's inode, 0 when unknown
   */
  public NamespaceSnapshot toSnapshot(Container container, long netnsInode) {
    String id = container == null ? Long.toString(pid) : container.id();
    Pod pod = container == null ? null : container.pod();
    List<Container> containers = container == null ? List.of() : List.of(container);
    NetnsTarget target = new NetnsTarget(netnsInode, pid, -1, false, id, pod, containers);
    return NamespaceSnapshot.failed(target, reason, getMessage());
  }
}
