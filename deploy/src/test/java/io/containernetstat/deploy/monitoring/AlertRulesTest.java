package io.containernetstat.deploy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.containernetstat.deploy.monitoring.RuleFile.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/prometheus/rules.yml: promtool accepts it and its unit tests (rules_test.yml) pass; every alert
 * is unit-tested firing and not firing; every alert says what it means and what to do; thresholds are
 * settings, not numbers buried in alert expressions; and every metric name is one the agent documents,
 * or a rule of the file records.
 */
class AlertRulesTest {
  static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");
  static final Pattern SETTING_EXPR = Pattern.compile("vector\\([0-9.* ]+\\)");

  @TempDir
  Path dir;

  @Test
  void promtoolCheckRulesAcceptsTheRuleFile() throws Exception {
    Promtool.Result result = Promtool.run(MonitoringFiles.rules().getParent(), "check", "rules", "rules.yml");
    assertThat(result.exitCode()).as("promtool check rules rules.yml:%n%s", result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void promtoolUnitTestsOfTheRulesPass() throws Exception {
    Promtool.Result result =
        Promtool.run(MonitoringFiles.rulesTest().getParent(), "test", "rules", "rules_test.yml");
    assertThat(result.exitCode()).as("promtool test rules rules_test.yml:%n%s", result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
  }

  @Test
  void everyAlertIsUnitTestedBothFiringAndNotFiring() throws Exception {
    JsonNode tests = RuleFile.YAML.readTree(MonitoringFiles.rulesTest().toFile());
    assertThat(tests.path("rule_files").toString()).as("rules_test.yml tests rules.yml").contains("rules.yml");
    Set<String> firing = new TreeSet<>();
    Set<String> silent = new TreeSet<>();
    for (JsonNode test : tests.path("tests")) {
      for (JsonNode alertTest : test.path("alert_rule_test")) {
        String name = alertTest.path("alertname").asText();
        if (alertTest.path("exp_alerts").size() > 0) {
          firing.add(name);
        } else {
          silent.add(name);
        }
      }
    }
    List<String> alerts = RuleFile.read(MonitoringFiles.rules()).alerts().stream().map(Rule::alert).toList();
    assertThat(alerts).as("alerts in rules.yml").isNotEmpty().doesNotHaveDuplicates();
    assertThat(firing).as("alerts with a test case where they fire").containsAll(alerts);
    assertThat(silent).as("alerts with a test case where they do not fire").containsAll(alerts);
    assertThat(alerts).as("every alert named in rules_test.yml exists").containsAll(firing).containsAll(silent);
  }

  @Test
  void everyAlertHasASeverityASummaryAndADescription() throws Exception {
    for (Rule alert : RuleFile.read(MonitoringFiles.rules()).alerts()) {
      assertThat(alert.alert()).as("alert names are CamelCase with the project's prefix")
          .matches("Container(Netstat|Filesystem)[A-Z][A-Za-z]+");
      assertThat(alert.labels().get("severity")).as("%s severity", alert.alert()).isIn(SEVERITIES);
      assertThat(alert.annotations()).as("%s annotations", alert.alert()).containsOnlyKeys("summary", "description");
      assertThat(alert.annotations().get("summary")).as("%s summary", alert.alert()).isNotBlank();
      assertThat(alert.annotations().get("description")).as("%s description: what it means and what to do",
          alert.alert()).hasSizeGreaterThan(200);
    }
  }

  @Test
  void alertsCompareAgainstSettingsNotAgainstNumbersBuriedInTheirExpressions() throws Exception {
    RuleFile rules = RuleFile.read(MonitoringFiles.rules());
    Set<String> settings = new TreeSet<>();
    for (Rule rule : rules.rules()) {
      if (rule.group().equals(RuleFile.SETTINGS_GROUP)) {
        assertThat(rule.isAlert()).as("%s: only settings in %s", rule.name(), RuleFile.SETTINGS_GROUP).isFalse();
        assertThat(rule.expr().trim()).as("%s is a constant", rule.record()).matches(SETTING_EXPR);
        settings.add(rule.record());
      } else {
        assertThat(rule.name()).as("settings live in %s only", RuleFile.SETTINGS_GROUP)
            .doesNotStartWith(RuleFile.THRESHOLD_PREFIX);
      }
    }
    Set<String> used = new HashSet<>();
    for (Rule alert : rules.alerts()) {
      // 0 and 1 are not thresholds: `== 0` / `== 1` on gauges that are 0 or 1, and `1 - ratio`.
      assertThat(PromQl.numbers(alert.expr())).as("numbers in %s's expression (use a %s... setting instead):%n%s",
          alert.alert(), RuleFile.THRESHOLD_PREFIX, alert.expr()).allMatch(n -> n.equals("0") || n.equals("1"));
      used.addAll(PromQl.metricNames(alert.expr()));
    }
    for (Rule rule : rules.rules()) {
      if (!rule.isAlert() && !rule.group().equals(RuleFile.SETTINGS_GROUP)) {
        used.addAll(PromQl.metricNames(rule.expr()));
      }
    }
    assertThat(used).as("every setting is used by a rule").containsAll(settings);
  }

  @Test
  void rulesUseOnlyDocumentedMetricsOrSeriesTheFileRecords() throws Exception {
    RuleFile rules = RuleFile.read(MonitoringFiles.rules());
    Set<String> documented = DocumentedMetrics.names();
    List<String> recorded = rules.recordedNames();
    Map<String, Set<String>> unknown = new TreeMap<>();
    for (Rule rule : rules.rules()) {
      for (String name : PromQl.metricNames(rule.expr())) {
        boolean known = name.contains(":") ? recorded.contains(name) : documented.contains(name);
        if (!known) {
          unknown.computeIfAbsent(rule.name(), k -> new TreeSet<>()).add(name);
        }
      }
    }
    assertThat(unknown).as("metric names that neither METRICS.md, issue 7's and 15's families nor a "
        + "recording rule of rules.yml define (a typo or a renamed metric?)").isEmpty();
    assertThat(recorded).as("recording rule names").doesNotHaveDuplicates()
        .allMatch(n -> n.startsWith("container_netstat:"), "start with container_netstat:");
  }

  @Test
  void theEndToEndCopyDiffersOnlyInItsForDurations() throws Exception {
    RuleFile rules = RuleFile.read(MonitoringFiles.rules());
    String shortened = rules.withForDurations("5s");
    RuleFile copy = RuleFile.read(Files.writeString(dir.resolve("rules.yml"), shortened));
    List<Rule> expected = new ArrayList<>();
    for (Rule r : rules.rules()) {
      expected.add(new Rule(r.group(), r.record(), r.alert(), r.expr(), r.forDuration() == null ? null : "5s",
          r.labels(), r.annotations()));
    }
    assertThat(copy.rules()).isEqualTo(expected);
    assertThat(rules.alerts()).as("alerts have a for: duration to shorten").allMatch(a -> a.forDuration() != null);
  }
}
