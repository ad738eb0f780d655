package io.containernetstat.sink.openfalcon.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.containernetstat.sink.openfalcon.ResponseCheck;
import java.io.IOException;

/**
 * Judges a receiver's reply. Not API.
 *
 * <p>Replies are read with jackson-core's streaming parser, not databind: the few fields looked at do not
 * justify the ~280 classes an {@code ObjectMapper} loads into the agent.
 */
public final class Replies {
  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final int MAX_QUOTED = 200;

  private Replies() {}

  /**
   * The result of one attempt.
   *
   * @param delivered whether the receiver took the batch
   * @param retryable whether another attempt may succeed (only meaningful when not delivered)
   * @param rejected how many items the receiver refused one by one although it took the batch
   * @param error null when delivered and nothing was rejected; else what went wrong
   */
  public record Outcome(boolean delivered, boolean retryable, long rejected, String error) {
    static Outcome ok(long rejected) {
      return new Outcome(true, false, rejected, rejected > 0 ? "receiver refused " + rejected + " items" : null);
    }

    /** {@return a failed attempt} */
    public static Outcome failed(boolean retryable, String error) {
      return new Outcome(false, retryable, 0, error);
    }
  }

  /**
   * Judges an HTTP reply.
   *
   * @param check which bodies count as delivered
   * @param code the HTTP status
   * @param body the reply body (possibly cut)
   * @return the outcome; 5xx, 408, 429 and Nightingale's 499 (queue full) are retryable, other failures not
   */
  public static Outcome judge(ResponseCheck check, int code, String body) {
    String text = body.trim();
    if (code < 200 || code > 299) {
      boolean retryable = code >= 500 || code == 408 || code == 429 || code == 499;
      return Outcome.failed(retryable, "HTTP " + code + (text.isEmpty() ? "" : ": " + quote(text)));
    }
    if ((check == ResponseCheck.FALCON_AGENT || check == ResponseCheck.ANY) && text.equals("success")) {
      return Outcome.ok(0);
    }
    if (check != ResponseCheck.FALCON_AGENT && text.startsWith("{")) {
      Reply reply = parse(text);
      if (reply != null) {
        if (check != ResponseCheck.FALCON_TRANSFER && reply.succIsNumber) {
          return Outcome.ok(Math.max(0, reply.fail));
        }
        if (check != ResponseCheck.NIGHTINGALE && "success".equals(reply.msg)) {
          return Outcome.ok(Math.max(0, reply.invalid));
        }
      }
    }
    return Outcome.failed(false, "HTTP " + code + " with an unexpected body (" + check + "): " + quote(text));
  }

  /** {@return a failed attempt for an I/O failure: refused, reset, timed out} */
  public static Outcome ioFailure(IOException e) {
    return Outcome.failed(true, e.getClass().getSimpleName() + ": " + e.getMessage());
  }

  /** The fields of a JSON reply that matter; a later duplicate key wins, as in a JSON tree. */
  private static final class Reply {
    /** Nightingale / falcon-agent HTTP: {@code {"succ":N,"fail":M,...}}. */
    boolean succIsNumber;
    long fail;
    /** transfer: {@code {"msg":"success","data":{"Invalid":M,...}}}. */
    String msg;
    long invalid;
  }

  /** {@return the reply's fields, or null if the text does not start with one well-formed JSON object} */
  private static Reply parse(String text) {
    try (JsonParser in = JSON.createParser(text)) {
      if (in.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Reply reply = new Reply();
      for (JsonToken t = in.nextToken(); t != JsonToken.END_OBJECT; t = in.nextToken()) {
        if (t != JsonToken.FIELD_NAME) {
          return null; // cannot happen with a well-formed object (the parser throws first); be safe
        }
        String name = in.currentName();
        JsonToken value = in.nextToken();
        switch (name) {
          case "succ" -> reply.succIsNumber = value.isNumeric();
          case "fail" -> reply.fail = asLong(in, value);
          case "msg" -> reply.msg = value == JsonToken.VALUE_STRING ? in.getText() : null;
          case "data" -> reply.invalid = value == JsonToken.START_OBJECT ? invalid(in) : 0;
          default -> { }
        }
        in.skipChildren(); // a structured value not read above (no-op on scalars and on what was read)
      }
      return reply;
    } catch (IOException | RuntimeException e) {
      return null; // not JSON, cut, or nested too deep: an unexpected body
    }
  }

  /** Reads {@code data}'s fields up to its end; {@return its {@code Invalid}, 0 if absent} */
  private static long invalid(JsonParser in) throws IOException {
    long invalid = 0;
    for (JsonToken t = in.nextToken(); t != JsonToken.END_OBJECT; t = in.nextToken()) {
      String name = in.currentName();
      JsonToken value = in.nextToken();
      if ("Invalid".equals(name)) {
        invalid = asLong(in, value);
      }
      in.skipChildren();
    }
    return invalid;
  }

  /** As databind's {@code JsonNode.asLong(0)}: numbers (cut), numeric strings, true = 1, else 0. */
  private static long asLong(JsonParser in, JsonToken value) throws IOException {
    switch (value) {
      case VALUE_NUMBER_INT:
        return in.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? in.getBigIntegerValue().longValue() : in.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return (long) in.getDoubleValue();
      case VALUE_STRING:
      case VALUE_TRUE:
      case VALUE_FALSE:
      case VALUE_NULL:
        return in.getValueAsLong(0);
      default:
        return 0; // an object or array: the caller skips it
    }
  }

  private static String quote(String text) {
    String cut = text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "..." : text;
    return '\'' + cut.replace('\n', ' ').replace('\r', ' ') + '\'';
  }
}
