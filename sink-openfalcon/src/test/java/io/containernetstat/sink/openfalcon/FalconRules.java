package io.containernetstat.sink.openfalcon;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks one pushed JSON item the way the receivers do, independently of the code under test: falcon
 * transfer's {@code RecvMetricValues}, graph's character and length limits, and Nightingale's name rules.
 * Stricter than transfer where transfer would silently repair (a timestamp far from now, a string value).
 */
final class FalconRules {
  private static final Set<String> KEYS = Set.of("endpoint", "metric", "value", "step", "counterType", "tags",
      "timestamp");
  private static final Set<String> COUNTER_TYPES = Set.of("GAUGE", "COUNTER", "DERIVE");
  private static final Pattern TAG_VALUE = Pattern.compile("[a-zA-Z0-9_-]+");
  private static final Pattern N9E_METRIC = Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*$");
  private static final Pattern N9E_LABEL = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");

  private FalconRules() {}

  /** {@return null when the item is valid, else why not} */
  static String invalidReason(JsonNode item, long nowSeconds) {
    if (!item.isObject()) {
      return "item is not an object: " + item;
    }
    for (Iterator<String> it = item.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        return "unknown key " + key;
      }
    }
    for (String key : KEYS) {
      if (!item.has(key)) {
        return "missing " + key;
      }
    }
    JsonNode endpoint = item.get("endpoint");
    JsonNode metric = item.get("metric");
    JsonNode tags = item.get("tags");
    if (!endpoint.isTextual() || endpoint.asText().isEmpty()) {
      return "endpoint is not a non-empty string";
    }
    if (!metric.isTextual() || metric.asText().isEmpty()) {
      return "metric is not a non-empty string";
    }
    if (!tags.isTextual()) {
      return "tags is not a string";
    }
    if (!item.get("value").isNumber()) {
      return "value is not a JSON number: " + item.get("value");
    }
    JsonNode step = item.get("step");
    if (!step.isIntegralNumber() || !step.canConvertToLong() || step.asLong() <= 0) {
      return "step is not an integer > 0: " + step;
    }
    if (!COUNTER_TYPES.contains(item.get("counterType").asText(""))) {
      return "counterType is not GAUGE, COUNTER or DERIVE: " + item.get("counterType");
    }
    JsonNode ts = item.get("timestamp");
    if (!ts.isIntegralNumber() || !ts.canConvertToLong()) {
      return "timestamp is not an integer: " + ts;
    }
    if (Math.abs(ts.asLong() - nowSeconds) > 300) {
      return "timestamp is not Unix seconds near now (" + nowSeconds + "): " + ts;
    }
    String m = metric.asText();
    String t = tags.asText();
    if (m.length() + t.length() > 255) {
      return "len(metric) + len(tags) > 255: " + (m.length() + t.length());
    }
    for (String s : new String[] {endpoint.asText(), m, t}) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '\r' || c == '\n' || c == '\'' || c == '"' || c == '>' || c < 0x20 || c >= 0x7f) {
          return "forbidden character " + (int) c + " in '" + s + "'";
        }
      }
      if (s.indexOf(' ') >= 0) {
        return "space in '" + s + "' (falcon removes them)";
      }
    }
    if (!N9E_METRIC.matcher(m.replace('.', '_').replace('-', '_')).matches()) {
      return "metric is not a valid Nightingale name: " + m;
    }
    if (!t.isEmpty()) {
      for (String pair : t.split(",", -1)) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          return "tag is not key=value: '" + pair + "' in " + t;
        }
        String key = pair.substring(0, eq);
        String value = pair.substring(eq + 1);
        if (!N9E_LABEL.matcher(key.replace('.', '_').replace('-', '_')).matches()) {
          return "tag key is not a valid Nightingale label: " + key;
        }
        if (!TAG_VALUE.matcher(value).matches()) {
          return "tag value is not [a-zA-Z0-9_-]+: '" + value + "'";
        }
      }
    }
    return null;
  }
}
