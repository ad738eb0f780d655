package io.containernetstat.sink.openfalcon.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.NumberOutput;
import io.containernetstat.sink.openfalcon.CounterType;
import io.containernetstat.sink.openfalcon.FalconItem;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes items as the JSON array falcon-agent and Nightingale read. Not API.
 *
 * <p>The body starts with {@code [} (Nightingale looks at the first byte to tell an array from one object)
 * and holds no whitespace. Keys are written in the order of falcon's {@code MetricValue}. {@code step} and
 * {@code timestamp} are JSON integers (falcon refuses the whole request on {@code 60.0}); values are JSON
 * integers too, an unsigned value above {@link Long#MAX_VALUE} exactly as the kernel printed it.
 *
 * <p>The bytes are those Jackson's generator writes for the same items (strings escaped by Jackson's
 * {@link JsonStringEncoder}, integers by its {@link NumberOutput}), assembled from pieces encoded once:
 * an item is {@code {"endpoint":E,"metric":M,"value":} (kept per endpoint and metric), the value,
 * {@code ,"step":S,"counterType":T,"tags":} (kept per step and type), {@code T,"timestamp":} (kept per
 * tags string, one per namespace, while the bodies use it), the timestamp and {@code }}.
 *
 * <p>An instance writes into a buffer it keeps between bodies; not thread-safe: one per writing thread
 * (the pusher's delivery thread). {@link #write(List)} is the one-off form, thread-safe.
 */
public final class FalconJson {
  private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();
  /** Strings kept encoded, at most: metric names and endpoints are a bounded set, tags one per namespace. */
  private static final int MAX_KEPT = 4096;
  /** The most bytes an item writes besides its kept pieces: a comma, two numbers, the closing brace. */
  private static final int NUMBERS = 1 + 20 + 20 + 1;
  private static final byte[] TIMESTAMP = ascii(",\"timestamp\":");

  private byte[] buf = new byte[8192];
  private int size;
  /** {@code {"endpoint":E,"metric":M,"value":} by metric, for the endpoint of {@link #headsEndpoint}. */
  private final Map<String, byte[]> heads = new HashMap<>();
  private String headsEndpoint;
  /** {@code ,"step":S,"counterType":T,"tags":} by type ordinal, for step {@link #middlesStep}. */
  private final byte[][] middles = new byte[CounterType.values().length][];
  private int middlesStep = -1;
  /**
   * Encoded tags, one per namespace, kept while bodies use them: the mapper gives a namespace the same
   * tags string cycle after cycle, so each is encoded once.
   */
  private final Map<String, KeptTags> tags = new HashMap<>();
  /** The number of bodies written, to tell the tags a body used. */
  private long bodies;
  /** The distinct tags the current body used. */
  private int tagsUsed;
  /** The tags of the item before: items come namespace by namespace, each namespace's under one string. */
  private String lastTags;
  private byte[] lastTagsEncoded;

  /** Creates a writer with an empty buffer. */
  public FalconJson() {}

  /** {@return the items as one JSON array, UTF-8, in a new array} */
  public static byte[] write(List<FalconItem> items) {
    FalconJson json = new FalconJson();
    int n = json.writeBody(items);
    return Arrays.copyOf(json.buf, n);
  }

  /**
   * Writes the items as one JSON array, UTF-8, into this writer's buffer, replacing the last body.
   *
   * @param items the items
   * @return the number of bytes of the body, from index 0 of {@link #array()}
   */
  public int writeBody(List<FalconItem> items) {
    begin();
    for (int i = 0, n = items.size(); i < n; i++) {
      FalconItem item = items.get(i);
      item(item.endpoint(), item.metric(), item.value(), item.signed(), item.step(), item.counterType(),
          item.tags(), item.timestamp());
    }
    return end();
  }

  /** Starts a body: the bytes of the last one are overwritten. */
  private void begin() {
    bodies++;
    tagsUsed = 0;
    lastTags = null; // each body marks the tags it uses
    buf[0] = '[';
    size = 1;
  }

  /** Writes one item; the strings are a valid item's ({@link FalconItem}'s rules). */
  private void item(String endpoint, String metric, long value, boolean signed, int step, CounterType type,
      String itemTags, long timestamp) {
    byte[] head = head(endpoint, metric);
    byte[] middle = middle(step, type);
    byte[] tail = tags(itemTags);
    ensure(head.length + middle.length + tail.length + NUMBERS);
    byte[] b = buf;
    int pos = size;
    if (pos > 1) {
      b[pos++] = ',';
    }
    System.arraycopy(head, 0, b, pos, head.length);
    pos += head.length;
    if (signed || value >= 0) {
      pos = NumberOutput.outputLong(value, b, pos);
    } else {
      byte[] digits = Long.toUnsignedString(value).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(digits, 0, b, pos, digits.length);
      pos += digits.length;
    }
    System.arraycopy(middle, 0, b, pos, middle.length);
    pos += middle.length;
    System.arraycopy(tail, 0, b, pos, tail.length);
    pos += tail.length;
    pos = NumberOutput.outputLong(timestamp, b, pos);
    b[pos++] = '}';
    size = pos;
  }

  /** Ends the body; forgets the tags of namespaces gone since the last one. */
  private int end() {
    ensure(1);
    buf[size++] = ']';
    if (tags.size() > tagsUsed) {
      tags.values().removeIf(k -> k.body != bodies);
    }
    return size;
  }

  /** {@return the number of tags strings kept encoded: those the last body used} */
  int keptTags() {
    return tags.size();
  }

  /** {@return the buffer holding the last body, from index 0; overwritten by the next} */
  public byte[] array() {
    return buf;
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }

  private byte[] head(String endpoint, String metric) {
    if (!endpoint.equals(headsEndpoint)) {
      heads.clear();
      headsEndpoint = endpoint;
    }
    byte[] head = heads.get(metric);
    if (head == null) {
      head = concat("{\"endpoint\":", quoted(endpoint), ",\"metric\":", quoted(metric), ",\"value\":");
      if (heads.size() >= MAX_KEPT) {
        heads.clear();
      }
      heads.put(metric, head);
    }
    return head;
  }

  private byte[] middle(int step, CounterType type) {
    if (step != middlesStep) {
      Arrays.fill(middles, null);
      middlesStep = step;
    }
    byte[] middle = middles[type.ordinal()];
    if (middle == null) {
      byte[] digits = new byte[11];
      int n = NumberOutput.outputInt(step, digits, 0);
      middle = concat(",\"step\":", Arrays.copyOf(digits, n), ",\"counterType\":", quoted(type.name()),
          ",\"tags\":");
      middles[type.ordinal()] = middle;
    }
    return middle;
  }

  private byte[] tags(String s) {
    if (s != lastTags) {
      KeptTags k = tags.get(s);
      if (k == null) {
        k = new KeptTags(concat(quoted(s), TIMESTAMP));
        tags.put(s, k);
      }
      if (k.body != bodies) {
        k.body = bodies;
        tagsUsed++;
      }
      lastTags = s;
      lastTagsEncoded = k.encoded;
    }
    return lastTagsEncoded;
  }

  /** {@return {@code s} as a JSON string: quoted and escaped as Jackson's generator writes it, UTF-8} */
  private static byte[] quoted(String s) {
    byte[] escaped = ENCODER.quoteAsUTF8(s);
    byte[] out = new byte[escaped.length + 2];
    out[0] = '"';
    System.arraycopy(escaped, 0, out, 1, escaped.length);
    out[out.length - 1] = '"';
    return out;
  }

  private static byte[] concat(Object... parts) {
    byte[][] bytes = new byte[parts.length][];
    int n = 0;
    for (int i = 0; i < parts.length; i++) {
      bytes[i] = parts[i] instanceof String s ? ascii(s) : (byte[]) parts[i];
      n += bytes[i].length;
    }
    byte[] out = new byte[n];
    int pos = 0;
    for (byte[] b : bytes) {
      System.arraycopy(b, 0, out, pos, b.length);
      pos += b.length;
    }
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** One tags string, encoded with the timestamp's key after it, and the last body that used it. */
  private static final class KeptTags {
    final byte[] encoded;
    long body;

    KeptTags(byte[] encoded) {
      this.encoded = encoded;
    }
  }
}
