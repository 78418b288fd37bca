package com.danubemessaging.connect.operator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TomlWriterTest {

    @Test
    void escapesStringsAndQuotesKeysThatAreNotBare() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("plain", "a \"quoted\" \\ path\nnext\ttab\u0001");
        doc.put("with space", 1);
        assertThat(TomlWriter.write(doc, "spec.config")).isEqualTo(
                "plain = \"a \\\"quoted\\\" \\\\ path\\nnext\\ttab\\u0001\"\n\"with space\" = 1\n");
    }

    @Test
    void writesScalarsBeforeTablesAndNestsArraysOfTables() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("mqtt", Map.of("routes", List.of(Map.of("qos", 1), Map.of("qos", 2))));
        doc.put("flags", List.of(true, false));
        doc.put("mixed", List.of(Map.of("a", 1), "x"));
        assertThat(TomlWriter.write(doc, "spec.config")).isEqualTo("""
                flags = [true, false]
                mixed = [{ a = 1 }, "x"]

                [mqtt]

                [[mqtt.routes]]
                qos = 1

                [[mqtt.routes]]
                qos = 2
                """);
    }

    @Test
    void rejectsNullsWithThePathOfTheValue() {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("password", null);
        assertThatThrownBy(() -> TomlWriter.write(Map.of("db", Map.of("list", Arrays.asList(1, null))), "spec.config"))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("spec.config.db.list[1] is null");
        assertThatThrownBy(() -> TomlWriter.write(Map.of("db", table), "spec.config"))
                .hasMessageContaining("spec.config.db.password is null");
    }

    @Test
    void writesFloatsAsTomlFloats() {
        assertThat(TomlWriter.write(Map.of("ratio", 0.5), "c")).isEqualTo("ratio = 0.5\n");
        assertThat(TomlWriter.write(Map.of("big", Double.POSITIVE_INFINITY), "c")).isEqualTo("big = inf\n");
    }
}
