package io.containernetstat.sink.openfalcon.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.containernetstat.sink.openfalcon.ResponseCheck;
import java.io.IOException;

/** Judges a receiver's reply. Not API. */
public final class Replies {
  private static final ObjectMapper JSON = new ObjectMapper();
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
      JsonNode reply = parse(text);
      if (reply != null) {
        if (check != ResponseCheck.FALCON_TRANSFER && reply.path("succ").isNumber()) {
          return Outcome.ok(Math.max(0, reply.path("fail").asLong(0)));
        }
        if (check != ResponseCheck.NIGHTINGALE && "success".equals(reply.path("msg").asText(null))) {
          return Outcome.ok(Math.max(0, reply.path("data").path("Invalid").asLong(0)));
        }
      }
    }
    return Outcome.failed(false, "HTTP " + code + " with an unexpected body (" + check + "): " + quote(text));
  }

  /** {@return a failed attempt for an I/O failure: refused, reset, timed out} */
  public static Outcome ioFailure(IOException e) {
    return Outcome.failed(true, e.getClass().getSimpleName() + ": " + e.getMessage());
  }

  private static JsonNode parse(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String quote(String text) {
    String cut = text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "..." : text;
    return '\'' + cut.replace('\n', ' ').replace('\r', ' ') + '\'';
  }
}
