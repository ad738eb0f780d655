package io.containernetstat.sockdiag.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.containernetstat.core.Failure;
import io.containernetstat.core.sockets.Listener;
import io.containernetstat.core.sockets.SocketStats;
import io.containernetstat.core.sockets.SocketStats.EstablishedHash;
import io.containernetstat.core.sockets.SocketStats.LeftOut;
import io.containernetstat.core.sockets.TcpState;
import io.containernetstat.core.sockets.UdpStats;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire format on hand-built replies: requests, multi-message buffers, DONE, ERROR, truncation, alignment. */
class DiagMessagesTest {
  private static final int SEQ = 7;

  private final ByteArrayOutputStream reply = new ByteArrayOutputStream();

  @Test
  void requestIsANetlinkHeaderAndAnInetDiagReqV2() {
    ByteBuffer request = ByteBuffer.wrap(DiagMessages.dumpRequest(DiagMessages.AF_INET6, DiagMessages.IPPROTO_TCP,
        1 << 10, DiagMessages.EXT_SKMEMINFO, 42)).order(ByteOrder.nativeOrder());

    assertThat(request.capacity()).isEqualTo(72);
    assertThat(request.getInt(0)).isEqualTo(72);
    assertThat(request.getShort(4)).isEqualTo((short) 20);
    assertThat(request.getShort(6)).isEqualTo((short) 0x301);
    assertThat(request.getInt(8)).isEqualTo(42);
    assertThat(request.get(16)).isEqualTo((byte) 10);
    assertThat(request.get(17)).isEqualTo((byte) 6);
    assertThat(request.get(18)).as("idiag_ext").isEqualTo((byte) 0x40);
    assertThat(request.getInt(20)).isEqualTo(1024);
    for (int i = 24; i < 72; i++) {
      assertThat(request.get(i)).as("socket id byte %d", i).isZero();
    }
  }

  @Test
  void severalMessagesInOneBufferThenDone() throws SockDiagException {
    socket(2, 10, new byte[] {0, 0, 0, 0}, 8080, 3, 5);
    socket(10, 10, v6Loopback(), 443, 0, 128);
    socket(2, 1, new byte[] {127, 0, 0, 1}, 40000, 0, 0);
    socket(2, 8, new byte[] {127, 0, 0, 1}, 40001, 0, 0);
    socket(2, 12, new byte[] {127, 0, 0, 1}, 8080, 0, 0);
    done();

    StatsBuilder stats = new StatsBuilder(32);
    assertThat(parse(stats.tcp())).isTrue();
    SocketStats built = stats.build(true, EstablishedHash.SHARED);

    assertThat(built.listeners()).as("by port").containsExactly(new Listener("::1", 443, 0, 128),
        new Listener("0.0.0.0", 8080, 3, 5));
    assertThat(built.leftOut()).isEqualTo(LeftOut.NONE);
    assertThat(built.establishedHash()).isEqualTo(EstablishedHash.SHARED);
    assertThat(built.tcp(TcpState.LISTEN)).isEqualTo(2);
    assertThat(built.tcp(TcpState.ESTABLISHED)).isEqualTo(1);
    assertThat(built.tcp(TcpState.CLOSE_WAIT)).isEqualTo(1);
    assertThat(built.tcp(TcpState.SYN_RECV)).as("NEW_SYN_RECV counts as syn_recv").isEqualTo(1);
    assertThat(built.tcpStates()).hasSize(11);
    assertThat(built.fullestListener()).contains(new Listener("0.0.0.0", 8080, 3, 5));
  }

  @Test
  void listenersBeyondTheLimitAreSummedKeepingEveryListenerOfTheLowestPorts() throws SockDiagException {
    socket(2, 10, new byte[] {0, 0, 0, 0}, 9000, 1, 10);
    socket(2, 10, new byte[] {0, 0, 0, 0}, 80, 0, 128);
    socket(10, 10, v6Loopback(), 80, 2, 128);
    socket(2, 10, new byte[] {127, 0, 0, 1}, 7000, 4, 20);
    socket(2, 10, new byte[] {0, 0, 0, 0}, 22, 0, 4096);
    done();

    StatsBuilder stats = new StatsBuilder(3);
    parse(stats.tcp());
    SocketStats built = stats.build(false, EstablishedHash.OWN);

    assertThat(built.listeners()).as("3 ports: 22, 80 (both addresses), 7000").containsExactly(
        new Listener("0.0.0.0", 22, 0, 4096), new Listener("0.0.0.0", 80, 0, 128), new Listener("::1", 80, 2, 128),
        new Listener("127.0.0.1", 7000, 4, 20));
    assertThat(built.leftOut()).isEqualTo(new LeftOut(1, 1, 10));
    assertThat(built.listenerCount()).isEqualTo(5);
    assertThat(built.hasStates()).isFalse();
    assertThat(new StatsBuilder(0).build(true, EstablishedHash.OWN).listeners()).isEmpty();
  }

  @Test
  void aBufferWithoutDoneAsksForMore() throws SockDiagException {
    socket(2, 10, new byte[] {0, 0, 0, 0}, 22, 0, 4096);

    assertThat(parse(message -> { })).isFalse();
  }

  @Test
  void udpCountsUnconnectedAsListenAndSumsQueues() throws SockDiagException {
    socket(2, 7, new byte[] {0, 0, 0, 0}, 53, 768, 0);
    socket(10, 7, v6Loopback(), 53, 0, 0);
    socket(2, 1, new byte[] {127, 0, 0, 1}, 5000, 0, 512);
    done();

    StatsBuilder stats = new StatsBuilder(32);
    parse(stats.udp());

    assertThat(stats.build(true, EstablishedHash.SHARED).udp()).contains(new UdpStats(2, 1, 768, 512, 0));
    assertThat(stats.build(false, EstablishedHash.SHARED).udp()).isEmpty();
    assertThat(stats.build(false, EstablishedHash.SHARED).tcpStates()).isEmpty();
  }

  @Test
  void udpDropsComeFromTheSkmeminfoAttribute() throws SockDiagException {
    udpWithDrops(7, 4, 5);
    udpWithDrops(1, 0, 2);
    socket(2, 7, new byte[] {0, 0, 0, 0}, 53, 0, 0);
    done();

    StatsBuilder stats = new StatsBuilder(32);
    List<Long> drops = new ArrayList<>();
    parse(message -> drops.add(message.drops()));
    parse(stats.udp());

    assertThat(drops).containsExactly(5L, 2L, -1L);
    assertThat(stats.build(true, EstablishedHash.SHARED).udp()).contains(new UdpStats(2, 1, 0, 0, 7));
  }

  @Test
  void anAttributeRunningPastItsMessageIsMalformed() {
    message(20, 80, body -> {
      inetDiagMsg(body, 2, 7, new byte[] {0, 0, 0, 0}, 53, 0, 0);
      body.putShort((short) 40).putShort((short) 7).putInt(0);
    });

    assertParseFails(Failure.MALFORMED, "an attribute of length 40 with 8 bytes left");
  }

  @Test
  void anErrorMessageNamesErrno() {
    socket(2, 10, new byte[] {0, 0, 0, 0}, 22, 0, 1);
    message(2, 20, body -> body.putInt(-1).put(new byte[16]));

    assertParseFails(Failure.READ_ERROR, "EPERM");
  }

  @Test
  void aDoneCarryingAnErrnoFailsTheDump() throws SockDiagException {
    socket(2, 10, new byte[] {0, 0, 0, 0}, 22, 0, 1);
    message(3, 4, body -> body.putInt(-4));

    assertParseFails(Failure.READ_ERROR, "ended the sock_diag dump early");
  }

  @Test
  void aDoneWithZeroEndsTheDump() throws SockDiagException {
    message(3, 4, body -> body.putInt(0));

    assertThat(parse(m -> { })).isTrue();
  }

  @Test
  void aTruncatedMessageIsMalformed() {
    socket(2, 10, new byte[] {0, 0, 0, 0}, 22, 0, 1);
    byte[] whole = reply.toByteArray();
    ByteBuffer buffer = ByteBuffer.allocate(whole.length).put(whole);

    assertThatThrownBy(() -> DiagMessages.parse(buffer, whole.length - 10, SEQ, m -> { }, new DiagMessages.Message()))
        .isInstanceOfSatisfying(SockDiagException.class, e -> assertThat(e.reason()).isEqualTo(Failure.MALFORMED))
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> DiagMessages.parse(buffer, 9, SEQ, m -> { }, new DiagMessages.Message()))
        .hasMessageContaining("header truncated");
  }

  @Test
  void aShortInetDiagMsgIsMalformed() {
    message(20, 40, body -> body.put(new byte[40]));

    assertThatThrownBy(() -> parse(m -> { })).hasMessageContaining("fewer than 72");
  }

  @Test
  void aForeignSequenceNumberIsMalformed() {
    socket(2, 10, new byte[] {0, 0, 0, 0}, 22, 0, 1);
    byte[] whole = reply.toByteArray();

    assertThatThrownBy(() -> DiagMessages.parse(ByteBuffer.wrap(whole), whole.length, SEQ + 1, m -> { },
        new DiagMessages.Message())).hasMessageContaining("sequence number 7 to request 8");
  }

  @Test
  void messagesAreFourByteAligned() throws SockDiagException {
    // 72 bytes of inet_diag_msg and a 6-byte attribute: 94 bytes, padded to 96 before the next message.
    message(20, 78, body -> {
      inetDiagMsg(body, 2, 10, new byte[] {10, 0, 0, 1}, 9000, 1, 2);
      body.putShort((short) 6).putShort((short) 1).put((byte) 0).put((byte) 0);
    });
    socket(2, 10, new byte[] {10, 0, 0, 2}, 9001, 0, 3);
    done();

    List<Integer> ports = new ArrayList<>();
    assertThat(parse(m -> ports.add(m.localPort()))).isTrue();
    assertThat(ports).containsExactly(9000, 9001);
  }

  @Test
  void ipv6AddressesAreCompressed() {
    assertThat(AddressText.of(new byte[16])).isEqualTo("::");
    assertThat(AddressText.of(v6Loopback())).isEqualTo("::1");
    byte[] a = new byte[16];
    a[0] = (byte) 0xfe;
    a[1] = (byte) 0x80;
    a[11] = 1;
    a[15] = 2;
    assertThat(AddressText.of(a)).isEqualTo("fe80::1:0:2");
    byte[] b = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};
    assertThat(AddressText.of(b)).isEqualTo("2001:db8:0:1::1");
  }

  // ---- building replies -------------------------------------------------------------------------

  private interface Body {
    void write(ByteBuffer body);
  }

  private void message(int type, int bodyLength, Body body) {
    int length = DiagMessages.NLMSG_HDRLEN + bodyLength;
    ByteBuffer out = ByteBuffer.allocate(DiagMessages.align(length)).order(ByteOrder.nativeOrder());
    out.putInt(length).putShort((short) type).putShort((short) 2).putInt(SEQ).putInt(0);
    body.write(out);
    reply.write(out.array(), 0, out.capacity());
  }

  private void socket(int family, int state, byte[] address, int port, long rqueue, long wqueue) {
    message(20, 72, body -> inetDiagMsg(body, family, state, address, port, rqueue, wqueue));
  }

  private static void inetDiagMsg(ByteBuffer body, int family, int state, byte[] address, int port, long rqueue,
      long wqueue) {
    int start = body.position();
    body.put((byte) family).put((byte) state).put((byte) 0).put((byte) 0);
    body.put((byte) (port >> 8)).put((byte) port).putShort((short) 0);
    body.put(address).put(new byte[16 - address.length]).put(new byte[16]).putInt(0).putLong(0);
    body.putInt(0).putInt((int) rqueue).putInt((int) wqueue).putInt(0).putInt(0);
    assertThat(body.position() - start).isEqualTo(72);
  }

  /** A UDP socket with a shutdown attribute (type 8) before its 9-value SKMEMINFO (type 7). */
  private void udpWithDrops(int state, int otherAttributes, long drops) {
    message(20, 72 + 8 + 40, body -> {
      inetDiagMsg(body, 2, state, new byte[] {127, 0, 0, 1}, 5000 + otherAttributes, 0, 0);
      body.putShort((short) 5).putShort((short) 8).put((byte) otherAttributes).put(new byte[3]);
      body.putShort((short) 40).putShort((short) 7);
      for (int i = 0; i < 9; i++) {
        body.putInt(i == 8 ? (int) drops : 1000 + i);
      }
    });
  }

  private void done() {
    message(3, 4, body -> body.putInt(0));
  }

  private boolean parse(DiagMessages.Visitor visitor) throws SockDiagException {
    byte[] whole = reply.toByteArray();
    ByteBuffer buffer = ByteBuffer.allocateDirect(whole.length + 100);
    buffer.put(whole);
    return DiagMessages.parse(buffer, whole.length, SEQ, visitor, new DiagMessages.Message());
  }

  private static byte[] v6Loopback() {
    byte[] a = new byte[16];
    a[15] = 1;
    return a;
  }

  /** Parsing the reply built so far fails with {@code reason} and a message containing {@code text}. */
  private void assertParseFails(Failure reason, String text) {
    assertThatThrownBy(() -> parse(m -> { }))
        .isInstanceOfSatisfying(SockDiagException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(text);
  }
}
