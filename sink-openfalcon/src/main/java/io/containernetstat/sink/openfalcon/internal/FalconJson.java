package io.containernetstat.sink.openfalcon.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.containernetstat.sink.openfalcon.CounterType;
import io.containernetstat.sink.openfalcon.FalconItem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
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
 * <p>An instance writes into a buffer it keeps between bodies, with the keys, the counter types and the
 * metric names, endpoints and tags it has seen encoded once (Jackson's {@link SerializedString}; a
 * namespace's tags kept while the bodies use them); not
 * thread-safe: one per writing thread (the pusher's delivery thread). {@link #write(List)} is the
 * one-off form, thread-safe.
 */
public final class FalconJson {
  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final SerializedString ENDPOINT = new SerializedString("endpoint");
  private static final SerializedString METRIC = new SerializedString("metric");
  private static final SerializedString VALUE = new SerializedString("value");
  private static final SerializedString STEP = new SerializedString("step");
  private static final SerializedString COUNTER_TYPE = new SerializedString("counterType");
  private static final SerializedString TAGS = new SerializedString("tags");
  private static final SerializedString TIMESTAMP = new SerializedString("timestamp");
  private static final SerializedString[] COUNTER_TYPES = Arrays.stream(CounterType.values())
      .map(t -> new SerializedString(t.name())).toArray(SerializedString[]::new);
  /** Strings kept encoded, at most: metric names and endpoints are a bounded set, tags one per namespace. */
  private static final int MAX_KEPT = 4096;

  private final Body body = new Body();
  /** Encoded metric names and endpoints: a bounded set, so kept. */
  private final Map<String, SerializedString> names = new HashMap<>();
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
  private SerializedString lastTagsEncoded;

  /** Creates a writer with an empty buffer. */
  public FalconJson() {}

  /** {@return the items as one JSON array, UTF-8, in a new array} */
  public static byte[] write(List<FalconItem> items) {
    FalconJson json = new FalconJson();
    json.writeBody(items);
    return Arrays.copyOf(json.body.array(), json.body.size());
  }

  /**
   * Writes the items as one JSON array, UTF-8, into this writer's buffer, replacing the last body.
   *
   * @param items the items
   * @return the number of bytes of the body, from index 0 of {@link #array()}
   */
  public int writeBody(List<FalconItem> items) {
    body.reset();
    bodies++;
    tagsUsed = 0;
    lastTags = null; // each body marks the tags it uses
    try (JsonGenerator out = JSON.createGenerator(body)) {
      out.writeStartArray();
      for (FalconItem item : items) {
        out.writeStartObject();
        out.writeFieldName(ENDPOINT);
        out.writeString(name(item.endpoint()));
        out.writeFieldName(METRIC);
        out.writeString(name(item.metric()));
        out.writeFieldName(VALUE);
        if (item.signed() || item.value() >= 0) {
          out.writeNumber(item.value());
        } else {
          out.writeNumber(new BigInteger(Long.toUnsignedString(item.value())));
        }
        out.writeFieldName(STEP);
        out.writeNumber(item.step());
        out.writeFieldName(COUNTER_TYPE);
        out.writeString(COUNTER_TYPES[item.counterType().ordinal()]);
        out.writeFieldName(TAGS);
        out.writeString(tags(item.tags()));
        out.writeFieldName(TIMESTAMP);
        out.writeNumber(item.timestamp());
        out.writeEndObject();
      }
      out.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // the buffer does not fail
    }
    if (tags.size() > tagsUsed) {
      tags.values().removeIf(k -> k.body != bodies); // namespaces gone since the last body
    }
    return body.size();
  }

  /** {@return the number of tags strings kept encoded: those the last body used} */
  int keptTags() {
    return tags.size();
  }

  /** {@return the buffer holding the last body, from index 0; overwritten by the next} */
  public byte[] array() {
    return body.array();
  }

  private SerializableString name(String s) {
    SerializedString e = names.get(s);
    if (e == null) {
      e = new SerializedString(s);
      if (names.size() >= MAX_KEPT) {
        names.clear();
      }
      names.put(s, e);
    }
    return e;
  }

  private SerializableString tags(String s) {
    if (s != lastTags) {
      KeptTags k = tags.get(s);
      if (k == null) {
        k = new KeptTags(new SerializedString(s));
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

  /** One tags string, encoded, and the last body that used it. */
  private static final class KeptTags {
    final SerializedString encoded;
    long body;

    KeptTags(SerializedString encoded) {
      this.encoded = encoded;
    }
  }

  /** The reused buffer, read without a copy. */
  private static final class Body extends ByteArrayOutputStream {
    Body() {
      super(8192);
    }

    byte[] array() {
      return buf;
    }
  }
}
