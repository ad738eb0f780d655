package io.containernetstat.sockdiag.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.containernetstat.core.Failure;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One netlink sock_diag socket, bound to the namespace it was created in, and the dumps sent through it.
 * Replies are read into a buffer the caller owns and reuses ({@link #newBuffer()}). Not thread-safe.
 * Not API.
 */
public final class DiagSocket implements AutoCloseable {
  /** The reply buffer's size: the kernel fills at most 32 KiB per message batch of a dump. */
  public static final int BUFFER_BYTES = 32 * 1024;
  private static final int RECEIVE_TIMEOUT_SECONDS = 5;
  private static final int MAX_RECEIVES = 1_000_000;

  private final int fd;
  private int seq;
  private boolean closed;

  /**
   * Takes over a socket from {@link NamespaceThread#openSocket(long)} and sets its receive timeout.
   *
   * @param fd the netlink socket; closed by {@link #close()}, and here if the timeout cannot be set
   * @throws SockDiagException if {@code setsockopt(SO_RCVTIMEO)} fails
   */
  public DiagSocket(int fd) throws SockDiagException {
    this.fd = fd;
    ByteBuffer timeval = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
    timeval.putLong(RECEIVE_TIMEOUT_SECONDS).putLong(0);
    try {
      Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeval.array(), 16);
    } catch (LastErrorException e) {
      close();
      throw new SockDiagException(Failure.READ_ERROR, "cannot set the sock_diag socket's receive timeout: "
          + Errno.describe(e.getErrorCode()), e);
    }
  }

  /** A reply buffer of {@link #BUFFER_BYTES} native bytes, for one reader to reuse. */
  public static final class Buffer {
    final Memory memory = new Memory(BUFFER_BYTES);
    final ByteBuffer bytes = memory.getByteBuffer(0, BUFFER_BYTES).order(ByteOrder.nativeOrder());
    final DiagMessages.Message view = new DiagMessages.Message();

    private Buffer() {}
  }

  /** {@return a new reply buffer} */
  public static Buffer newBuffer() {
    return new Buffer();
  }

  /** {@return the socket's descriptor} */
  public int fd() {
    return fd;
  }

  /**
   * Sends one dump request and reads its reply up to {@code NLMSG_DONE}.
   *
   * @param family {@link DiagMessages#AF_INET} or {@link DiagMessages#AF_INET6}
   * @param protocol {@link DiagMessages#IPPROTO_TCP} or {@link DiagMessages#IPPROTO_UDP}
   * @param states the state bitmask
   * @param ext the {@code idiag_ext} bits (0, or {@link DiagMessages#EXT_SKMEMINFO})
   * @param buffer the reply buffer
   * @param visitor receives each socket
   * @throws SockDiagException if sending or receiving fails ({@link Failure#TIMED_OUT} when no reply comes
   *     within 5 s), a reply does not fit the buffer, or is malformed or an error; the socket should then
   *     be closed, as the rest of the reply may still be queued
   */
  public void dump(int family, int protocol, int states, int ext, Buffer buffer, DiagMessages.Visitor visitor)
      throws SockDiagException {
    int requestSeq = ++seq;
    byte[] request = DiagMessages.dumpRequest(family, protocol, states, ext, requestSeq);
    try {
      Libc.send(fd, request, request.length, 0);
    } catch (LastErrorException e) {
      throw new SockDiagException(Failure.READ_ERROR, "cannot send the sock_diag request: "
          + Errno.describe(e.getErrorCode()), e);
    }
    for (int i = 0; i < MAX_RECEIVES; i++) {
      long received;
      try {
        received = Libc.recv(fd, buffer.memory, BUFFER_BYTES, Libc.MSG_TRUNC);
      } catch (LastErrorException e) {
        if (e.getErrorCode() == Errno.EINTR) {
          continue;
        }
        throw new SockDiagException(e.getErrorCode() == Errno.EAGAIN ? Failure.TIMED_OUT : Failure.READ_ERROR,
            "cannot receive the sock_diag reply: " + Errno.describe(e.getErrorCode()), e);
      }
      if (received > BUFFER_BYTES) {
        throw new SockDiagException(Failure.TOO_LARGE, "a sock_diag reply of " + received
            + " bytes does not fit the " + BUFFER_BYTES + "-byte buffer", null);
      }
      if (received == 0) {
        throw new SockDiagException(Failure.MALFORMED, "the sock_diag reply ended without NLMSG_DONE", null);
      }
      if (DiagMessages.parse(buffer.bytes, (int) received, requestSeq, visitor, buffer.view)) {
        return;
      }
    }
    throw new SockDiagException(Failure.READ_ERROR, "a sock_diag reply of over " + MAX_RECEIVES
        + " buffers", null);
  }

  /** Closes the socket; idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      NamespaceThread.closeQuietly(fd);
    }
  }
}
