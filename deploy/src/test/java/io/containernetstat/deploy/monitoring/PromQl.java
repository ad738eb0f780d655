package io.containernetstat.deploy.monitoring;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Small, conservative readings of PromQL text for tests: which metric names an expression selects, which
 * numbers it compares against, and Grafana's template variables replaced by values Prometheus accepts.
 * Not a parser: {@code promtool} and Prometheus itself check the syntax. Stateless.
 */
final class PromQl {
  /** The values the tests give Grafana's variables: every value of a regex-matched label, and fixed windows. */
  static final List<String[]> GRAFANA_SUBSTITUTIONS = List.of(
      new String[] {"$__rate_interval", "1m"},
      new String[] {"${__rate_interval}", "1m"},
      new String[] {"$__interval", "15s"},
      new String[] {"$__range", "5m"});

  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern LABEL_LIST =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+-?[0-9a-z]+");
  private static final Pattern IDENTIFIER = Pattern.compile("(?<![A-Za-z0-9_:.])[A-Za-z_:][A-Za-z0-9_:]*");
  private static final Pattern NUMBER =
      Pattern.compile("(?<![A-Za-z0-9_:.])(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?(?![A-Za-z0-9_:])");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "by", "without", "on",
      "ignoring", "group_left", "group_right", "offset", "inf", "nan", "Inf", "NaN", "start", "end");

  private PromQl() {}

  /**
   * {@return the metric names an expression selects, in order of appearance}: identifiers that are
   * neither functions, aggregations, keywords, label names in {@code by (...)}-style lists, nor inside
   * strings, label matchers or range brackets
   */
  static Set<String> metricNames(String expr) {
    String s = STRING.matcher(expr).replaceAll(" ");
    s = MATCHERS.matcher(s).replaceAll(" ");
    s = RANGE.matcher(s).replaceAll(" ");
    s = LABEL_LIST.matcher(s).replaceAll(" ");
    s = OFFSET.matcher(s).replaceAll(" ");
    Set<String> names = new LinkedHashSet<>();
    Matcher m = IDENTIFIER.matcher(s);
    while (m.find()) {
      String name = m.group();
      String rest = s.substring(m.end()).stripLeading();
      if (rest.startsWith("(") || KEYWORDS.contains(name)) {
        continue; // a function or an aggregation, or an operator keyword
      }
      names.add(name);
    }
    return names;
  }

  /**
   * {@return the numeric literals of an expression, outside strings, label matchers, range windows and
   * offsets}: what a threshold buried in an expression would look like
   */
  static List<String> numbers(String expr) {
    String s = STRING.matcher(expr).replaceAll(" ");
    s = MATCHERS.matcher(s).replaceAll(" ");
    s = RANGE.matcher(s).replaceAll(" ");
    s = OFFSET.matcher(s).replaceAll(" ");
    return NUMBER.matcher(s).results().map(java.util.regex.MatchResult::group).toList();
  }

  /**
   * Replaces Grafana's variables: the built-in intervals by fixed windows ({@link #GRAFANA_SUBSTITUTIONS}),
   * every dashboard variable ({@code $job}, {@code ${instance}}, ...) by {@code .*}, which the
   * dashboard's {@code =~} matchers accept as "All" (also matching an absent label).
   *
   * @param expr a panel's or a variable's query
   * @return the query as Prometheus would receive it with everything selected
   */
  static String substituteGrafanaVariables(String expr) {
    String s = expr;
    for (String[] sub : GRAFANA_SUBSTITUTIONS) {
      s = s.replace(sub[0], sub[1]);
    }
    return VARIABLE.matcher(s).replaceAll(".*");
  }

  /**
   * Turns a Grafana variable query {@code label_values(<selector>, <label>)} into the PromQL that returns
   * the same label values, {@code count by (<label>) (<selector>)}.
   *
   * @param query the variable's query
   * @return the PromQL
   * @throws IllegalArgumentException for any other kind of variable query
   */
  static String labelValuesAsPromQl(String query) {
    Matcher m = Pattern.compile("^\\s*label_values\\((.*),\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)\\s*$",
        Pattern.DOTALL).matcher(query);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a label_values(<selector>, <label>) query: " + query);
    }
    return "count by (" + m.group(2) + ") (" + m.group(1) + ")";
  }
}
