package io.containernetstat.sink.prometheus.internal.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.containernetstat.sink.prometheus.WebConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One node of a parsed web-config file with its dotted key, so that every error names file and key.
 * Not API.
 *
 * <p>Scalars are read as Go's YAML decoder reads them into a string: {@code 123} and {@code true} are
 * the text {@code "123"} and {@code "true"}; a key written without a value ({@code key_file:}) is absent.
 */
final class ConfigNode {
  private final Path file;
  private final String key;
  private final JsonNode node;

  ConfigNode(Path file, String key, JsonNode node) {
    this.file = file;
    this.key = key;
    this.node = node;
  }

  /** {@return whether the node is missing or null} */
  boolean absent() {
    return node == null || node.isNull() || node.isMissingNode();
  }

  /** {@return the child under {@code name}, absent if there is none} */
  ConfigNode get(String name) {
    return new ConfigNode(file, key.isEmpty() ? name : key + "." + name, absent() ? null : node.get(name));
  }

  /**
   * Checks that this is a mapping whose keys are all among {@code known}.
   *
   * @throws WebConfigException naming the first unknown key, or this key if it is not a mapping
   */
  ConfigNode mapping(Set<String> known) throws WebConfigException {
    if (!present(JsonNode::isObject, "a mapping of keys to values")) {
      return this;
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw get(name).error("unknown key (known here: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
      }
    }
    return this;
  }

  /** {@return the scalar's text, empty when absent} */
  String text() throws WebConfigException {
    if (!present(JsonNode::isValueNode, "a single value")) {
      return "";
    }
    return node.asText();
  }

  /** {@return the boolean, {@code otherwise} when absent} */
  boolean bool(boolean otherwise) throws WebConfigException {
    if (!present(JsonNode::isBoolean, "true or false")) {
      return otherwise;
    }
    return node.booleanValue();
  }

  /** {@return the strings of a sequence, empty when absent} */
  List<String> strings() throws WebConfigException {
    List<String> out = new ArrayList<>();
    if (!present(JsonNode::isArray, "a list")) {
      return out;
    }
    for (int i = 0; i < node.size(); i++) {
      out.add(new ConfigNode(file, key + "[" + i + "]", node.get(i)).text());
    }
    return out;
  }

  /** {@return the names of a mapping's keys, in the file's order} */
  List<String> names() throws WebConfigException {
    List<String> out = new ArrayList<>();
    if (!present(JsonNode::isObject, "a mapping of keys to values")) {
      return out;
    }
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  /**
   * {@return false when the node is absent, true when it is of the kind {@code is} accepts}
   *
   * @throws WebConfigException naming the key when it is present but of another kind
   */
  private boolean present(java.util.function.Predicate<JsonNode> is, String expected) throws WebConfigException {
    if (absent()) {
      return false;
    }
    if (!is.test(node)) {
      throw error("expected " + expected + ", found " + kind());
    }
    return true;
  }

  /** {@return the integer, {@code otherwise} when absent} */
  long integer(long otherwise) throws WebConfigException {
    if (!present(n -> n.isIntegralNumber() && n.canConvertToLong(), "a whole number")) {
      return otherwise;
    }
    return node.longValue();
  }

  /** {@return whether the node is a number (Go reads a number into a duration as nanoseconds)} */
  boolean isNumber() {
    return !absent() && node.isNumber();
  }

  /** {@return the dotted key} */
  String key() {
    return key;
  }

  /** {@return an error naming the file and this key} */
  WebConfigException error(String problem) {
    return new WebConfigException(file, key, problem, null);
  }

  /** {@return an error naming the file and this key, with its cause} */
  WebConfigException error(String problem, Throwable cause) {
    return new WebConfigException(file, key, problem, cause);
  }

  private String kind() {
    return node.isObject() ? "a mapping" : node.isArray() ? "a list" : "'" + node.asText() + "'";
  }
}
