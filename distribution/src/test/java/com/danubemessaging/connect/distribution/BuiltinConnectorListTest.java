package com.danubemessaging.connect.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.danubemessaging.connect.api.ConnectorProvider;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;

/**
 * The runtime image ships exactly the built-in connectors the operator accepts: the ids that the runtime's
 * ServiceLoader finds on the distribution's class path equal the root pom's {@code danube.builtin.connectors},
 * which is also the operator's default list.
 */
class BuiltinConnectorListTest {

    @Test
    void serviceLoaderFindsExactlyTheDeclaredBuiltins() {
        String declared = System.getProperty("danube.builtin.connectors");
        assertThat(declared).as("danube.builtin.connectors passed by the build").isNotBlank();
        List<String> expected = Arrays.stream(declared.split(",")).map(String::trim).sorted().toList();

        List<String> found = ServiceLoader.load(ConnectorProvider.class).stream()
                .map(p -> p.get().id()).sorted().toList();

        assertThat(found).as("connector ids registered by the modules the distribution bundles")
                .isNotEmpty()
                .doesNotHaveDuplicates()
                .isEqualTo(expected);
    }
}
