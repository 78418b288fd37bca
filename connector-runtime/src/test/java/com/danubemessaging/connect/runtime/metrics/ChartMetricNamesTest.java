package com.danubemessaging.connect.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart's Grafana dashboard and alert rules query only series that the runtime really serves: every metric
 * name in their PromQL is looked up in a scrape of {@link ConnectorMetrics} after each of its meters was used.
 */
class ChartMetricNamesTest {

    private static final Path CHART_FILES = Path.of("..", "helm", "danube-connect-operator", "files");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> PROMQL_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan");

    @Test
    void dashboardAndAlertRulesUseOnlySeriesTheRuntimeServes() throws IOException {
        Set<String> served = scrapedNames();
        Set<String> used = new TreeSet<>();
        for (String expr : dashboardQueries()) {
            used.addAll(metricNames(expr));
        }
        int dashboardNames = used.size();
        for (String expr : ruleExpressions()) {
            used.addAll(metricNames(expr));
        }
        assertThat(dashboardNames).as("metric names in the dashboard").isGreaterThanOrEqualTo(5);
        assertThat(used).as("metric names in the dashboard and the rules")
                .contains("danube_connector_health", "danube_connector_messages_failed_total",
                        "danube_connector_inflight_messages")
                .allSatisfy(name -> assertThat(served).as("series served by the runtime").contains(name));
    }

    @Test
    void theNameExtractionFindsNamesAndSkipsFunctionsLabelsAndKeywords() {
        assertThat(metricNames("histogram_quantile(0.95, sum by (namespace, le) (rate(a_bucket{x=~\"$y\", "
                + "le!=\"1\"}[5m]))) / on (namespace) group_left b_total > 0.05 unless c offset 5m"))
                .containsExactlyInAnyOrder("a_bucket", "b_total", "c");
        assertThat(metricNames("label_values(danube_connector_health{namespace=~\"$namespace\"}, connector)"))
                .containsExactly("danube_connector_health");
    }

    /** Metric names in a PromQL expression (or a Grafana label_values() query). */
    static Set<String> metricNames(String expr) {
        String stripped = expr
                .replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^\\]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        // label_values(metric, label): the second argument is a label name.
        stripped = stripped.replaceAll("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,[^)]*\\)", "$1");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(stripped);
        while (m.find()) {
            String token = m.group();
            boolean numberPart = m.start() > 0 && Character.isDigit(stripped.charAt(m.start() - 1));
            boolean function = stripped.substring(m.end()).stripLeading().startsWith("(");
            if (!numberPart && !function && !PROMQL_KEYWORDS.contains(token.toLowerCase())) {
                names.add(token);
            }
        }
        return names;
    }

    private static Set<String> scrapedNames() {
        try (ConnectorMetrics metrics = new ConnectorMetrics("names").withJvmMetrics()) {
            String topic = "/default/names";
            metrics.messagesReceived(topic, 3);
            metrics.messagesProcessed(topic, 2);
            for (ErrorType type : ErrorType.values()) {
                metrics.messageFailed(topic, type);
            }
            metrics.messageRetried(topic);
            metrics.recordProcessingDuration(topic, Duration.ofMillis(12));
            metrics.recordBatchSize(topic, 7);
            metrics.inflightChanged(topic, 1);
            metrics.setHealthy(true);
            Set<String> names = new TreeSet<>();
            for (String line : metrics.scrape().split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    Matcher m = IDENTIFIER.matcher(line);
                    if (m.lookingAt()) {
                        names.add(m.group());
                    }
                }
            }
            return names;
        }
    }

    private static List<String> dashboardQueries() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(CHART_FILES.resolve("grafana-dashboard.json").toFile());
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panel.path("targets").forEach(t -> queries.add(t.path("expr").asText()));
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                queries.add(variable.path("query").path("query").asText());
            }
        }
        assertThat(queries).as("queries in the dashboard").isNotEmpty().doesNotContain("");
        return queries;
    }

    private static List<String> ruleExpressions() throws IOException {
        JsonNode rules = new YAMLMapper().readTree(Files.readString(CHART_FILES.resolve("prometheus-rules.yaml")));
        List<String> exprs = new ArrayList<>();
        for (JsonNode group : rules.path("groups")) {
            group.path("rules").forEach(r -> exprs.add(r.path("expr").asText()));
        }
        assertThat(exprs).as("alert expressions").hasSizeGreaterThanOrEqualTo(3).doesNotContain("");
        return exprs;
    }
}
