package io.containernetstat.deploy.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Grafana dashboard as the tests see it: its panels (rows' nested panels included), every PromQL
 * query in them, and its template variables; immutable.
 */
final class Dashboard {
  /**
   * One query: a panel target or a template variable.
   *
   * @param where for messages: {@code panel "<title>" <refId>} or {@code variable $<name>}
   * @param expr the query as written, with Grafana's variables
   * @param promql what Prometheus receives with every variable set to All ({@link PromQl})
   */
  record Query(String where, String expr, String promql) {}

  static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode root;

  private Dashboard(JsonNode root) {
    this.root = root;
  }

  /**
   * Reads a dashboard.
   *
   * @param file Grafana dashboard JSON
   * @return the dashboard
   * @throws IOException if it cannot be read or is not JSON
   */
  static Dashboard read(Path file) throws IOException {
    return new Dashboard(JSON.readTree(file.toFile()));
  }

  /** {@return the whole JSON document} */
  JsonNode json() {
    return root;
  }

  /** {@return every panel, row panels and the panels inside collapsed rows included, in document order} */
  List<JsonNode> panels() {
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode panel : root.path("panels")) {
      all.add(panel);
      for (JsonNode nested : panel.path("panels")) {
        all.add(nested);
      }
    }
    return all;
  }

  /** {@return the template variables} */
  List<JsonNode> variables() {
    List<JsonNode> list = new ArrayList<>();
    root.path("templating").path("list").forEach(list::add);
    return list;
  }

  /** {@return the PromQL of every panel target, in document order} */
  List<Query> panelQueries() {
    List<Query> queries = new ArrayList<>();
    for (JsonNode panel : panels()) {
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText("");
        queries.add(new Query("panel \"" + panel.path("title").asText() + "\" " + target.path("refId").asText(),
            expr, PromQl.substituteGrafanaVariables(expr)));
      }
    }
    return queries;
  }

  /**
   * {@return the query variables' {@code label_values(...)} as PromQL ({@link PromQl#labelValuesAsPromQl})}
   */
  List<Query> variableQueries() {
    List<Query> queries = new ArrayList<>();
    for (JsonNode variable : variables()) {
      if (!variable.path("type").asText().equals("query")) {
        continue;
      }
      String definition = variable.path("definition").asText("");
      String promql = PromQl.substituteGrafanaVariables(PromQl.labelValuesAsPromQl(definition));
      queries.add(new Query("variable $" + variable.path("name").asText(), definition, promql));
    }
    return queries;
  }

  /** {@return {@link #panelQueries()} followed by {@link #variableQueries()}} */
  List<Query> allQueries() {
    List<Query> all = new ArrayList<>(panelQueries());
    all.addAll(variableQueries());
    return all;
  }
}
