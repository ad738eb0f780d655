/**
 * Sockets by state and listen queues per network namespace: the model ({@link
 * io.containernetstat.core.sockets.SocketStats}, {@link io.containernetstat.core.sockets.NamespaceSockets})
 * and the {@link io.containernetstat.core.sockets.SocketProbe} a {@link io.containernetstat.core.Collector}
 * calls. sockdiag-core implements the probe with netlink sock_diag.
 */
package io.containernetstat.core.sockets;
