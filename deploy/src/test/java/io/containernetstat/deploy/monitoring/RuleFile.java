package io.containernetstat.deploy.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus rule file as the tests see it: its groups and rules, read with Jackson's YAML parser, and
 * its text (for the end-to-end copy whose {@code for:} durations are shortened); immutable.
 */
final class RuleFile {
  /** One recording or alerting rule. {@code forDuration} is null when the rule has no {@code for:}. */
  record Rule(String group, String record, String alert, String expr, String forDuration,
      Map<String, String> labels, Map<String, String> annotations) {
    boolean isAlert() {
      return alert != null;
    }

    String name() {
      return isAlert() ? alert : record;
    }
  }

  /** The name prefix of the settings: one recording rule per threshold, defined once. */
  static final String THRESHOLD_PREFIX = "container_netstat:threshold:";
  /** The group that holds the settings. */
  static final String SETTINGS_GROUP = "container-netstat-settings";

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Pattern FOR_LINE = Pattern.compile("(?m)^(\\s+)for:[ \\t]*\\S+[ \\t]*$");

  private final String text;
  private final List<Rule> rules;

  private RuleFile(String text, List<Rule> rules) {
    this.text = text;
    this.rules = List.copyOf(rules);
  }

  /**
   * Reads a rule file.
   *
   * @param file a Prometheus rule file ({@code groups: [{name, rules: [...]}]})
   * @return the parsed file
   * @throws IOException if it cannot be read or is not YAML
   */
  static RuleFile read(Path file) throws IOException {
    String text = Files.readString(file);
    JsonNode root = YAML.readTree(text);
    List<Rule> rules = new ArrayList<>();
    for (JsonNode group : root.path("groups")) {
      String groupName = group.path("name").asText();
      for (JsonNode rule : group.path("rules")) {
        rules.add(new Rule(groupName, textOrNull(rule, "record"), textOrNull(rule, "alert"),
            rule.path("expr").asText(), textOrNull(rule, "for"), strings(rule.path("labels")),
            strings(rule.path("annotations"))));
      }
    }
    return new RuleFile(text, rules);
  }

  /** {@return every rule, in file order} */
  List<Rule> rules() {
    return rules;
  }

  /** {@return the alerting rules, in file order} */
  List<Rule> alerts() {
    return rules.stream().filter(Rule::isAlert).toList();
  }

  /** {@return the names of the recording rules} */
  List<String> recordedNames() {
    return rules.stream().filter(r -> !r.isAlert()).map(Rule::record).toList();
  }

  /**
   * Rewrites every {@code for:} duration, and nothing else, for a test that cannot wait minutes.
   *
   * @param duration the new duration, for example {@code 5s}
   * @return the file's text with each {@code for: <d>} line replaced by {@code for: <duration>}
   * @throws IllegalStateException if the number of lines replaced differs from the number of rules that
   *     have a {@code for:} (the text layout no longer matches what this method expects)
   */
  String withForDurations(String duration) {
    Matcher m = FOR_LINE.matcher(text);
    StringBuilder out = new StringBuilder();
    int replaced = 0;
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + "for: " + duration));
      replaced++;
    }
    m.appendTail(out);
    long expected = rules.stream().filter(r -> r.forDuration() != null).count();
    if (replaced != expected) {
      throw new IllegalStateException("replaced " + replaced + " 'for:' lines, but " + expected
          + " rules have a for: duration");
    }
    return out.toString();
  }

  private static String textOrNull(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> map = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }
}
