/**
 * TCP sockets by state, UDP sockets and listen queues per network namespace, through netlink sock_diag:
 * {@link io.containernetstat.sockdiag.SockDiagReader} holds one socket inside each namespace and dumps
 * it into an immutable {@link io.containernetstat.core.sockets.SocketStats}; {@link
 * io.containernetstat.sockdiag.SockDiagProbe} is the {@link io.containernetstat.core.sockets.SocketProbe} a
 * {@code Collector} takes; {@link
 * io.containernetstat.sockdiag.SockDiag#checkPrivilege()} says at start whether {@code CAP_SYS_ADMIN}
 * is there.
 */
package io.containernetstat.sockdiag;
