package io.containernetstat.core.internal;

/**
 * Parses {@code /proc/<pid>/net/snmp6}: one IPv6 MIB counter per line. Not thread-safe.
 *
 * <pre>
 * Ip6InReceives                   	5
 * Icmp6InMsgs                     	0
 * Udp6InDatagrams                 	1
 * </pre>
 * The name is split after its first {@code 6}: {@code Ip6InReceives} becomes group {@code Ip6}, name
 * {@code InReceives}, the way node_exporter names {@code node_netstat_Ip6_InReceives}. A line of
 * exactly two tokens whose first ends with {@code ':'} is not a counter (such as the stray
 * {@code Mode: 644} of a known fixture) and is skipped; any other line must be exactly a name and a
 * value, so that a file of another format (for example {@code snmp}, whose lines also start with
 * {@code 'Proto:'}) is rejected rather than read as no counters. An empty file, a counter listed twice
 * and a negative value are malformed.
 */
public final class Snmp6Parser extends LineByLineParser {

  /** Creates a parser with an empty name cache. */
  public Snmp6Parser() {}

  @Override
  void parseLine(byte[] buf) {
    int p = line.skipSpaces(line.lineStart);
    int nameEnd = line.tokenEnd(p);
    if (buf[nameEnd - 1] == ':' && isLabelAndOneToken(nameEnd)) {
      return;
    }
    int split = p;
    while (split < nameEnd && buf[split] != '6') {
      split++;
    }
    if (split == nameEnd || split == p || split + 1 == nameEnd || Ascii.isDigit(buf[p])) {
      throw line.fail("expected a name like 'Ip6InReceives', found '" + line.quote(p, nameEnd) + "'");
    }
    int v = line.skipSpaces(nameEnd);
    if (v == line.lineEnd) {
      throw line.fail("'" + line.quote(p, nameEnd) + "' has no value");
    }
    int valueEnd = line.tokenEnd(v);
    long value = line.value(v, valueEnd);
    if (line.skipSpaces(valueEnd) != line.lineEnd) {
      throw line.fail("expected one name and one value");
    }
    String group = names.intern("", buf, p, split + 1);
    out.add(group, names.intern("", buf, split + 1, nameEnd), value, false, line.lineNumber);
  }

  /** Whether the rest of the line after a {@code 'Label:'} token is exactly one token. */
  private boolean isLabelAndOneToken(int labelEnd) {
    int p = line.skipSpaces(labelEnd);
    return p < line.lineEnd && line.skipSpaces(line.tokenEnd(p)) == line.lineEnd;
  }
}
