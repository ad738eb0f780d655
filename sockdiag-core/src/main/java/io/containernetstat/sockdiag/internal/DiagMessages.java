package io.containernetstat.sockdiag.internal;

import io.containernetstat.core.Failure;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The netlink sock_diag wire format: builds an {@code inet_diag_req_v2} dump request and walks a reply
 * buffer message by message, byte-level on a {@link ByteBuffer} in native order (ports and addresses
 * big-endian). Stateless; {@link Message} is a reusable view. Not API.
 */
public final class DiagMessages {
  /** {@code sizeof(struct nlmsghdr)}. */
  public static final int NLMSG_HDRLEN = 16;
  /** {@code NLMSG_ERROR}. */
  public static final int NLMSG_ERROR = 2;
  /** {@code NLMSG_DONE}. */
  public static final int NLMSG_DONE = 3;
  /** {@code SOCK_DIAG_BY_FAMILY}: the type of the request and of every socket in the reply. */
  public static final int SOCK_DIAG_BY_FAMILY = 20;
  /** {@code NLM_F_REQUEST | NLM_F_DUMP}. */
  public static final int DUMP_FLAGS = 0x301;
  /** {@code sizeof(struct inet_diag_req_v2)}. */
  public static final int REQUEST_LENGTH = 56;
  /** {@code sizeof(struct inet_diag_msg)}. */
  public static final int INET_DIAG_MSG_LENGTH = 72;
  /** {@code AF_INET}. */
  public static final int AF_INET = 2;
  /** {@code AF_INET6}. */
  public static final int AF_INET6 = 10;
  /** {@code IPPROTO_TCP}. */
  public static final int IPPROTO_TCP = 6;
  /** {@code IPPROTO_UDP}. */
  public static final int IPPROTO_UDP = 17;
  /**
   * The {@code idiag_ext} bit asking for {@code INET_DIAG_SKMEMINFO}: {@code 1 << (7 - 1)}. (The attribute
   * is 7 in {@code linux/inet_diag.h}: NONE, MEMINFO, INFO, VEGASINFO, CONG, TOS, TCLASS, SKMEMINFO; 4 is
   * CONG, which a UDP socket never reports.)
   */
  public static final int EXT_SKMEMINFO = 1 << 6;

  private static final int INET_DIAG_SKMEMINFO = 7;
  private static final int SK_MEMINFO_DROPS = 8;
  private static final int RTA_HDRLEN = 4;

  private DiagMessages() {}

  /**
   * Builds one dump request: a {@code nlmsghdr} and an {@code inet_diag_req_v2} with a zero socket id.
   *
   * @param family {@link #AF_INET} or {@link #AF_INET6}
   * @param protocol {@link #IPPROTO_TCP} or {@link #IPPROTO_UDP}
   * @param states the {@code idiag_states} bitmask ({@code 1 << state})
   * @param ext the {@code idiag_ext} bits: 0, or {@link #EXT_SKMEMINFO}
   * @param seq the sequence number the reply carries
   * @return the 72 bytes to send
   */
  public static byte[] dumpRequest(int family, int protocol, int states, int ext, int seq) {
    ByteBuffer out = ByteBuffer.allocate(NLMSG_HDRLEN + REQUEST_LENGTH).order(ByteOrder.nativeOrder());
    out.putInt(NLMSG_HDRLEN + REQUEST_LENGTH).putShort((short) SOCK_DIAG_BY_FAMILY).putShort((short) DUMP_FLAGS)
        .putInt(seq).putInt(0);
    out.put((byte) family).put((byte) protocol).put((byte) ext).put((byte) 0).putInt(states);
    return out.array(); // the 48-byte inet_diag_sockid stays zero
  }

  /** Receives each socket of a reply. */
  public interface Visitor {
    /**
     * One {@code inet_diag_msg}.
     *
     * @param message a view valid only during this call
     */
    void socket(Message message);
  }

  /**
   * Walks the messages of one {@code recv}: every {@code SOCK_DIAG_BY_FAMILY} message goes to the visitor.
   *
   * @param buffer the received bytes from position 0; its byte order is set to native
   * @param length how many bytes were received
   * @param seq the sequence number of the request
   * @param visitor receives each socket
   * @param view the reusable view handed to the visitor
   * @return true when the buffer ended the dump ({@code NLMSG_DONE})
   * @throws SockDiagException on {@code NLMSG_ERROR} ({@link Failure#READ_ERROR}, naming errno), on a
   *     truncated or inconsistent message, or on a foreign sequence number ({@link Failure#MALFORMED})
   */
  public static boolean parse(ByteBuffer buffer, int length, int seq, Visitor visitor, Message view)
      throws SockDiagException {
    buffer.order(ByteOrder.nativeOrder());
    int offset = 0;
    while (offset < length) {
      if (length - offset < NLMSG_HDRLEN) {
        throw malformed("a netlink header truncated at byte " + offset + " of " + length, null);
      }
      int messageLength = buffer.getInt(offset);
      int type = Short.toUnsignedInt(buffer.getShort(offset + 4));
      int messageSeq = buffer.getInt(offset + 8);
      if (messageLength < NLMSG_HDRLEN || messageLength > length - offset) {
        throw malformed("a netlink message of length " + messageLength + " at byte " + offset + " of "
            + length + " (truncated or corrupt)", null);
      }
      if (messageSeq != seq) {
        throw malformed("a reply with sequence number " + messageSeq + " to request " + seq, null);
      }
      int body = offset + NLMSG_HDRLEN;
      int bodyLength = messageLength - NLMSG_HDRLEN;
      if (type == NLMSG_DONE) {
        // A dump the kernel could not finish ends with NLMSG_DONE carrying a negative errno.
        if (bodyLength >= 4 && buffer.getInt(body) < 0) {
          throw new SockDiagException(Failure.READ_ERROR, "the kernel ended the sock_diag dump early: "
              + Errno.describe(-buffer.getInt(body)), null);
        }
        return true;
      }
      if (type == NLMSG_ERROR) {
        if (bodyLength < 4) {
          throw malformed("an NLMSG_ERROR of " + bodyLength + " bytes, without its errno", null);
        }
        int errno = -buffer.getInt(body);
        throw new SockDiagException(Failure.READ_ERROR,
            "the kernel refused the sock_diag dump: " + Errno.describe(errno), null);
      }
      if (type == SOCK_DIAG_BY_FAMILY) {
        if (bodyLength < INET_DIAG_MSG_LENGTH) {
          throw malformed("an inet_diag_msg of " + bodyLength + " bytes, fewer than "
              + INET_DIAG_MSG_LENGTH, null);
        }
        int drops = walkAttributes(buffer, body + INET_DIAG_MSG_LENGTH, offset + messageLength);
        view.at(buffer, body, drops);
        visitor.socket(view);
      }
      offset += align(messageLength);
    }
    return false;
  }

  /**
   * Checks that the attributes ({@code rtattr}) after an {@code inet_diag_msg} fill it exactly, in the
   * same walk finding {@code SK_MEMINFO_DROPS}.
   *
   * @return the offset of the drops figure in {@code buffer}, or -1 when there is no long enough
   *     {@code INET_DIAG_SKMEMINFO} attribute
   */
  private static int walkAttributes(ByteBuffer buffer, int from, int end) throws SockDiagException {
    int at = from;
    int drops = -1;
    while (end - at >= RTA_HDRLEN) {
      int length = Short.toUnsignedInt(buffer.getShort(at));
      if (length < RTA_HDRLEN || length > end - at) {
        throw malformed("an attribute of length " + length + " with " + (end - at)
            + " bytes left in its message (truncated or corrupt)", null);
      }
      int type = Short.toUnsignedInt(buffer.getShort(at + 2));
      if (drops < 0 && type == INET_DIAG_SKMEMINFO && length >= RTA_HDRLEN + 4 * (SK_MEMINFO_DROPS + 1)) {
        drops = at + RTA_HDRLEN + 4 * SK_MEMINFO_DROPS;
      }
      at += align(length);
    }
    return drops;
  }

  /** {@return {@code length} rounded up to the netlink alignment of 4 bytes} */
  static int align(int length) {
    return (length + 3) & ~3;
  }

  private static SockDiagException malformed(String what, Throwable cause) {
    return new SockDiagException(Failure.MALFORMED, "malformed sock_diag reply: " + what, cause);
  }

  /** A view of one {@code inet_diag_msg} in a reply buffer; reused, so read it during the visit only. */
  public static final class Message {
    private ByteBuffer buffer;
    private int at;
    private int drops;

    /** Creates a view of nothing yet; {@link DiagMessages#parse} points it at each message. */
    public Message() {}

    void at(ByteBuffer buffer, int offset, int drops) {
      this.buffer = buffer;
      this.at = offset;
      this.drops = drops;
    }

    /** {@return {@code idiag_family}: {@link #AF_INET} or {@link #AF_INET6}} */
    public int family() {
      return Byte.toUnsignedInt(buffer.get(at));
    }

    /** {@return {@code idiag_state}, the kernel's TCP state number} */
    public int state() {
      return Byte.toUnsignedInt(buffer.get(at + 1));
    }

    /** {@return the local port ({@code id.idiag_sport}, big-endian on the wire)} */
    public int localPort() {
      return (Byte.toUnsignedInt(buffer.get(at + 4)) << 8) | Byte.toUnsignedInt(buffer.get(at + 5));
    }

    /** {@return the local address: 4 bytes for IPv4, 16 for IPv6, in network order} */
    public byte[] localAddress() {
      byte[] address = new byte[family() == AF_INET ? 4 : 16];
      for (int i = 0; i < address.length; i++) {
        address[i] = buffer.get(at + 8 + i);
      }
      return address;
    }

    /** {@return {@code idiag_rqueue}: the accept queue of a listener, else the bytes queued to read} */
    public long rqueue() {
      return Integer.toUnsignedLong(buffer.getInt(at + 56));
    }

    /** {@return {@code idiag_wqueue}: the accept queue's limit of a listener, else the bytes queued to send} */
    public long wqueue() {
      return Integer.toUnsignedLong(buffer.getInt(at + 60));
    }

    /**
     * {@return {@code SK_MEMINFO_DROPS} of the {@code INET_DIAG_SKMEMINFO} attribute: the packets the socket
     * dropped; -1 when the reply has no such attribute (it was not asked for)}
     */
    public long drops() {
      return drops < 0 ? -1 : Integer.toUnsignedLong(buffer.getInt(drops));
    }
  }
}
