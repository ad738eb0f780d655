package io.containernetstat.core.internal;

import io.containernetstat.core.Counters;
import java.util.Arrays;

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
 *
 * <p>A header line is the same from one read to the next (same kernel): the k-th pair's header is kept,
 * bytes and names, and a header equal to the one kept costs one comparison instead of interning each
 * name. At most {@link #KEPT_HEADERS} headers of at most {@link #KEPT_HEADER_BYTES} bytes are kept, so
 * hostile input cannot grow the cache; others are read name by name as before.
 */
abstract class PairedLinesParser implements ProcNetParser {
  private final NameTable names = new NameTable();
  private final CountersBuilder out = new CountersBuilder();
  private final LineCursor line = new LineCursor();
  private int[] nameStart = new int[256];
  private int[] nameEnd = new int[256];
  static final int KEPT_HEADERS = 16;
  static final int KEPT_HEADER_BYTES = 4096;
  private final Header[] kept = new Header[KEPT_HEADERS];

  /** A header line as last read: its bytes from the prefix on, its group, names and signed fields. */
  private static final class Header {
    final byte[] bytes;
    final String group;
    final String[] names;
    final boolean[] signed;

    Header(byte[] bytes, String group, String[] names, boolean[] signed) {
      this.bytes = bytes;
      this.group = group;
      this.names = names;
      this.signed = signed;
    }
  }

  @Override
  public Counters parse(String source, byte[] buf, int offset, int length) {
    out.reset();
    line.start(source, buf, offset, length);
    int pair = 0;
    while (line.nextLine()) {
      if (line.blank()) {
        continue;
      }
      int prefixStart = line.skipSpaces(line.lineStart);
      Header header = pair < KEPT_HEADERS ? kept[pair] : null;
      if (header == null || !Arrays.equals(buf, prefixStart, line.lineEnd, header.bytes, 0, header.bytes.length)) {
        header = header(buf, prefixStart, pair);
      }
      pair++;
      if (!line.nextLine()) {
        throw line.fail("header line has no value line after it");
      }
      values(buf, prefixStart, prefixStart + header.group.length() + 1, header);
    }
    return out.build(line);
  }

  /** Reads the header line name by name, and keeps it as the {@code pair}-th when it is small enough. */
  private Header header(byte[] buf, int prefixStart, int pair) {
    int prefixEnd = prefix(prefixStart);
    int count = headerNames(prefixEnd);
    String group = names.intern("", buf, prefixStart, prefixEnd - 1);
    String[] fields = new String[count];
    boolean[] signed = new boolean[count];
    for (int i = 0; i < count; i++) {
      fields[i] = names.intern("", buf, nameStart[i], nameEnd[i]);
      signed[i] = signedByDefinition(group, i, buf);
    }
    Header h = new Header(Arrays.copyOfRange(buf, prefixStart, line.lineEnd), group, fields, signed);
    if (pair < KEPT_HEADERS) {
      kept[pair] = h.bytes.length <= KEPT_HEADER_BYTES ? h : null;
    }
    return h;
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

  private void values(byte[] buf, int prefixStart, int prefixEnd, Header header) {
    int count = header.names.length;
    int p = line.skipSpaces(line.lineStart);
    int t = line.tokenEnd(p);
    if (!Arrays.equals(buf, p, t, buf, prefixStart, prefixEnd)) {
      throw line.fail("value line does not start with the header's '" + line.quote(prefixStart, prefixEnd) + "'");
    }
    String group = header.group;
    int i = 0;
    p = line.skipSpaces(t);
    while (p < line.lineEnd) {
      t = line.tokenEnd(p);
      if (i == count) {
        throw line.fail("more values than the " + count + " names of the header line " + lineBefore());
      }
      boolean signed = false;
      long value;
      if (header.signed[i]) {
        value = line.signedValue(p, t);
        // A value above Long.MAX_VALUE (a kernel printing MaxConn with %lu) stays unsigned, so that
        // format() prints it back as the kernel printed it.
        signed = line.lastSigned || value >= 0;
      } else {
        value = line.value(p, t);
      }
      // The field is named on the header line, the line before.
      out.add(group, header.names[i], value, signed, line.lineNumber - 1);
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
