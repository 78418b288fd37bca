package com.danubemessaging.connect.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.danubemessaging.connect.api.ProcessingSettings;
import com.danubemessaging.connect.operator.render.ConnectorTomlRenderer;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/**
 * Every key of the runtime's {@code [processing]} table ({@link ProcessingSettings}, what the runtime parses) is
 * reachable from {@code spec.processing}: a key added to the runtime without a CR field fails here, and so does a CR
 * field the renderer forgets to write. {@code metrics_port} is the one exception: it comes from {@code spec.metrics}.
 */
class ProcessingSpecParityTest {

    /** Runtime keys set through another field of the spec (key → the field). */
    private static final Map<String, String> ELSEWHERE = Map.of("metrics_port", "spec.metrics.port");

    @Test
    void everyRuntimeProcessingKeyHasACrFieldAndIsRendered() throws Exception {
        Set<String> runtimeKeys = Arrays.stream(ProcessingSettings.class.getRecordComponents())
                .map(RecordComponent::getName).map(ProcessingSpecParityTest::snakeCase)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(runtimeKeys).as("the runtime's [processing] keys").contains("batch_size", "dead_letter_topic",
                "max_in_flight");

        Map<String, Field> crFields = new LinkedHashMap<>();
        for (Field field : ProcessingSpec.class.getDeclaredFields()) {
            crFields.put(snakeCase(field.getName()), field);
        }
        Set<String> expectedCrKeys = new TreeSet<>(runtimeKeys);
        expectedCrKeys.removeAll(ELSEWHERE.keySet());
        assertThat(new TreeSet<>(crFields.keySet())).as("spec.processing fields (as TOML keys) vs the runtime's "
                + "ProcessingSettings; add the missing field to ProcessingSpec and the renderer").isEqualTo(expectedCrKeys);

        // Set every CR field and check that the rendered [processing] table carries each runtime key.
        ProcessingSpec processing = new ProcessingSpec();
        for (Field field : crFields.values()) {
            field.setAccessible(true);
            field.set(processing, sampleValue(field.getType()));
        }
        DanubeSinkConnector cr = new DanubeSinkConnector();
        cr.setMetadata(new ObjectMetaBuilder().withName("parity").withNamespace("ns").build());
        ConnectorSpec spec = new ConnectorSpec();
        DanubeConnection danube = new DanubeConnection();
        danube.setServiceUrl("http://danube:6650");
        spec.setDanube(danube);
        spec.setProcessing(processing);
        cr.setSpec(spec);
        String toml = ConnectorTomlRenderer.render(cr, 9090);
        assertThat(renderedProcessingKeys(toml)).as("keys rendered into [processing] of:\n" + toml)
                .isEqualTo(runtimeKeys);
    }

    private static Set<String> renderedProcessingKeys(String toml) {
        String table = toml.substring(toml.indexOf("[processing]\n") + "[processing]\n".length());
        int next = table.indexOf("\n[");
        table = next < 0 ? table : table.substring(0, next);
        Set<String> keys = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^([a-z_]+) = ").matcher(table);
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    private static Object sampleValue(Class<?> type) {
        if (type == Integer.class) {
            return 7;
        }
        if (type == Long.class) {
            return 7L;
        }
        if (type == String.class) {
            return "/default/sample";
        }
        throw new IllegalStateException("ProcessingSpec has a field of type " + type.getName()
                + " this test cannot fill; extend sampleValue");
    }

    static String snakeCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void snakeCaseMatchesTheRuntimeSpelling() {
        assertThat(List.of("healthCheckFailureThreshold", "maxInFlight").stream().map(
                ProcessingSpecParityTest::snakeCase)).containsExactly("health_check_failure_threshold", "max_in_flight");
    }
}
