/**
 * The implementation of sock_diag reading: JNA bindings, the setns thread, the wire format and its
 * parser. Shared by this project's modules, never promised to embedders.
 */
package io.containernetstat.sockdiag.internal;
