package io.containernetstat.sink.openfalcon.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.containernetstat.sink.openfalcon.FalconItem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;

/**
 * Writes items as the JSON array falcon-agent and Nightingale read; thread-safe. Not API.
 *
 * <p>The body starts with {@code [} (Nightingale looks at the first byte to tell an array from one object)
 * and holds no whitespace. Keys are written in the order of falcon's {@code MetricValue}. {@code step} and
 * {@code timestamp} are JSON integers (falcon refuses the whole request on {@code 60.0}); values are JSON
 * integers too, an unsigned value above {@link Long#MAX_VALUE} exactly as the kernel printed it.
 */
public final class FalconJson {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private FalconJson() {}

  /** {@return the items as one JSON array, UTF-8} */
  public static byte[] write(List<FalconItem> items) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + items.size() * 192);
    try (JsonGenerator out = JSON.createGenerator(bytes)) {
      out.writeStartArray();
      for (FalconItem item : items) {
        out.writeStartObject();
        out.writeStringField("endpoint", item.endpoint());
        out.writeStringField("metric", item.metric());
        out.writeFieldName("value");
        if (item.signed() || item.value() >= 0) {
          out.writeNumber(item.value());
        } else {
          out.writeNumber(new BigInteger(Long.toUnsignedString(item.value())));
        }
        out.writeNumberField("step", item.step());
        out.writeStringField("counterType", item.counterType().name());
        out.writeStringField("tags", item.tags());
        out.writeNumberField("timestamp", item.timestamp());
        out.writeEndObject();
      }
      out.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }
}
