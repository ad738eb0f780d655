package io.containernetstat.core.internal;

import io.containernetstat.core.Snapshot.HostWide;
import io.containernetstat.core.NetnsStats.Summary;

/**
 * Parses {@code /proc/<pid>/net/sockstat} and {@code sockstat6}. Not thread-safe.
 *
 * <pre>
 * sockets: used 12
 * TCP: inuse 5 orphan 0 tw 1 alloc 10 mem 0
 * UDP: inuse 2 mem 0
 * UDPLITE: inuse 0
 * RAW: inuse 0
 * FRAG: inuse 0 memory 0
 * </pre>
 * Each line is {@code GROUP: key value key value ...}; pairs are taken by key, never by position, and
 * keys a newer kernel appends (such as a proposed {@code pressure}) are kept under their own names.
 * Which fields are per namespace and which host-wide is the business of {@link Summary} and
 * {@link HostWide}, not of the parser. Every field is unsigned: a negative value (such as
 * {@code inuse -5}), a key repeated within its group and an empty file are malformed.
 */
public final class SockstatParser extends LineByLineParser {

  /** Creates a parser with an empty name cache. */
  public SockstatParser() {}

  @Override
  void parseLine(byte[] buf) {
    int p = line.skipSpaces(line.lineStart);
    int t = line.tokenEnd(p);
    if (buf[t - 1] != ':' || t - 1 == p) {
      throw line.fail("expected 'NAME:' at the start of the line");
    }
    int groupStart = p;
    p = line.skipSpaces(t);
    if (p == line.lineEnd) {
      throw line.fail("no key/value pairs after '" + line.quote(groupStart, t) + "'");
    }
    String group = names.intern("", buf, groupStart, t - 1);
    while (p < line.lineEnd) {
      int keyEnd = line.tokenEnd(p);
      if (Ascii.isDigit(buf[p]) || buf[p] == '-') {
        throw line.fail("expected a key, found '" + line.quote(p, keyEnd) + "'");
      }
      int v = line.skipSpaces(keyEnd);
      if (v == line.lineEnd) {
        throw line.fail("key '" + line.quote(p, keyEnd) + "' has no value");
      }
      int valueEnd = line.tokenEnd(v);
      long value = line.value(v, valueEnd);
      out.add(group, names.intern("", buf, p, keyEnd), value, false, line.lineNumber);
      p = line.skipSpaces(valueEnd);
    }
  }
}
