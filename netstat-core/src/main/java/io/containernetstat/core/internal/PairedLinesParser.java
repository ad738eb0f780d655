package io.containernetstat.core.internal;

import io.containernetstat.core.Counters;

/**
 * The layout shared by {@code net/snmp} and {@code net/netstat}: pairs of a header line and a value
 * line with the same prefix. Not thread-safe.
 *
 * <pre>
 * Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens ...
 * Tcp: 1 200 120000 -1 4 ...
 * </pre>
 * Values are matched to the header of their own pair by position within the pair, never by column of
 * the file: kernels add, remove and reorder columns, and IcmpMsg pairs come and go (zero, one or
 * several, 16 columns each at most). Extra columns are kept under their header names. An empty file,
 * a field named twice in the file and a negative value other than {@code Tcp MaxConn}'s are malformed.
 */
abstract class PairedLinesParser implements ProcNetParser {
  private final NameTable names = new NameTable();
  private final CountersBuilder out = new CountersBuilder();
  private final LineCursor line = new LineCursor();
  private int[] nameStart = new int[256];
  private int[] nameEnd = new int[256];

  @Override
  public Counters parse(String source, byte[] buf, int offset, int length) {
    out.reset();
    line.start(source, buf, offset, length);
    while (line.nextLine()) {
      if (line.blank()) {
        continue;
      }
      int prefixStart = line.skipSpaces(line.lineStart);
      int prefixEnd = prefix(prefixStart);
      int count = headerNames(prefixEnd);
      if (!line.nextLine()) {
        throw line.fail("header line has no value line after it");
      }
      values(buf, prefixStart, prefixEnd, count);
    }
    return out.build(line);
  }

  private int prefix(int start) {
    int t = line.tokenEnd(start);
    if (t - 1 <= start || line.buf[t - 1] != ':') {
      throw line.fail("expected 'Proto:' at the start of the line");
    }
    return t;
  }

  /** Records the header's names (as offsets into the buffer) and returns how many there are. */
  private int headerNames(int prefixEnd) {
    byte[] buf = line.buf;
    int count = 0;
    int p = line.skipSpaces(prefixEnd);
    while (p < line.lineEnd) {
      int t = line.tokenEnd(p);
      if (Ascii.isDigit(buf[p]) || buf[p] == '-') {
        throw line.fail("expected a header line of names, found '" + line.quote(p, t) + "'");
      }
      if (count == nameStart.length) {
        nameStart = java.util.Arrays.copyOf(nameStart, count * 2);
        nameEnd = java.util.Arrays.copyOf(nameEnd, count * 2);
      }
      nameStart[count] = p;
      nameEnd[count] = t;
      count++;
      p = line.skipSpaces(t);
    }
    if (count == 0) {
      throw line.fail("header line has no names");
    }
    return count;
  }

  private void values(byte[] buf, int prefixStart, int prefixEnd, int count) {
    int p = line.skipSpaces(line.lineStart);
    int t = line.tokenEnd(p);
    if (!java.util.Arrays.equals(buf, p, t, buf, prefixStart, prefixEnd)) {
      throw line.fail("value line does not start with the header's '" + line.quote(prefixStart, prefixEnd) + "'");
    }
    String group = names.intern("", buf, prefixStart, prefixEnd - 1);
    int i = 0;
    p = line.skipSpaces(t);
    while (p < line.lineEnd) {
      t = line.tokenEnd(p);
      if (i == count) {
        throw line.fail("more values than the " + count + " names of the header line " + lineBefore());
      }
      boolean signed = false;
      long value;
      if (signedByDefinition(group, i, buf)) {
        value = line.signedValue(p, t);
        // A value above Long.MAX_VALUE (a kernel printing MaxConn with %lu) stays unsigned, so that
        // format() prints it back as the kernel printed it.
        signed = line.lastSigned || value >= 0;
      } else {
        value = line.value(p, t);
      }
      // The field is named on the header line, the line before.
      out.add(group, names.intern("", buf, nameStart[i], nameEnd[i]), value, signed, line.lineNumber - 1);
      i++;
      p = line.skipSpaces(t);
    }
    if (i != count) {
      throw line.fail(i + " values for the " + count + " names of the header line " + lineBefore());
    }
  }

  private String lineBefore() {
    return Integer.toString(line.lineNumber - 1);
  }

  /**
   * Whether a field is signed by definition even when its value has no sign. Only {@code Tcp MaxConn}
   * (RFC 2012; {@code %ld} in {@code net/ipv4/proc.c}); all other fields are unsigned.
   */
  private boolean signedByDefinition(String group, int i, byte[] buf) {
    return group.equals("Tcp")
        && java.util.Arrays.equals(buf, nameStart[i], nameEnd[i], MAX_CONN, 0, MAX_CONN.length);
  }

  private static final byte[] MAX_CONN = {'M', 'a', 'x', 'C', 'o', 'n', 'n'};
}
