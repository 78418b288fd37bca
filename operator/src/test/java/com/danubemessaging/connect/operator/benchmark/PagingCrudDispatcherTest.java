package com.danubemessaging.connect.operator.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * The Secret watch benchmark is only as good as the list pagination it is served: every object exactly once, across
 * pages, whatever the continue token looks like once URL-encoded (a token with Base64 padding once hung the
 * benchmark's third page), and a 410 for a token the server no longer holds, as the API server answers
 * (kubernetes/website content/en/docs/reference/using-api/api-concepts.md: an expired continue token gets
 * "410 Gone"; clients must tolerate it).
 */
class PagingCrudDispatcherTest {

    private final PagingCrudDispatcher dispatcher = new PagingCrudDispatcher();
    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void pagesServeStoredAndPreloadedSecretsEachExactlyOnce() {
        for (int i = 0; i < 3; i++) {
            client.secrets().inNamespace("ns").resource(secret("stored-" + i)).create();
        }
        Map<String, String> preloaded = new LinkedHashMap<>();
        IntStream.range(0, 120).forEach(i -> preloaded.put("bulk-" + i, Serialization.asJson(secret("bulk-" + i))));
        dispatcher.preload("ns", "secrets", preloaded);

        List<String> names = new ArrayList<>();
        List<Long> remaining = new ArrayList<>();
        String continueToken = null;
        int pages = 0;
        do {
            SecretList page = client.secrets().inAnyNamespace().list(new ListOptionsBuilder().withLimit(50L)
                    .withContinue(continueToken).build());
            pages++;
            assertThat(page.getItems()).hasSizeLessThanOrEqualTo(50);
            page.getItems().forEach(s -> names.add(s.getMetadata().getName()));
            remaining.add(page.getMetadata().getRemainingItemCount());
            continueToken = page.getMetadata().getContinue();
        } while (continueToken != null && !continueToken.isEmpty());

        Set<String> expected = new TreeSet<>(preloaded.keySet());
        expected.addAll(List.of("stored-0", "stored-1", "stored-2"));
        assertThat(pages).isEqualTo(3);
        assertThat(remaining).containsExactly(73L, 23L, null);
        assertThat(names).hasSize(123).doesNotHaveDuplicates();
        assertThat(new TreeSet<>(names)).isEqualTo(expected);
        assertThat(dispatcher.pagedResponses()).isEqualTo(3);
        assertThat(dispatcher.preloadedItemsServed()).isEqualTo(120);
    }

    @Test
    void namespacedListsAndReadsByNameSeeThePreloadedSecrets() {
        dispatcher.preload("ns", "secrets", Map.of("bulk-1", Serialization.asJson(secret("bulk-1"))));

        Secret read = client.secrets().inNamespace("ns").withName("bulk-1").get();
        SecretList otherNamespace = client.secrets().inNamespace("other").list(new ListOptionsBuilder()
                .withLimit(50L).build());
        SecretList own = client.secrets().inNamespace("ns").list(new ListOptionsBuilder().withLimit(50L).build());

        assertThat(read.getData()).containsEntry("token", "dG9rZW4=");
        assertThat(otherNamespace.getItems()).isEmpty();
        assertThat(own.getItems().stream().map(s -> s.getMetadata().getName()).collect(Collectors.toList()))
                .containsExactly("bulk-1");
    }

    @Test
    void aContinueTokenTheServerNoLongerHoldsIsGone() {
        Map<String, String> preloaded = new LinkedHashMap<>();
        IntStream.range(0, 4).forEach(i -> preloaded.put("bulk-" + i, Serialization.asJson(secret("bulk-" + i))));
        dispatcher.preload("ns", "secrets", preloaded);
        String token = client.secrets().inAnyNamespace().list(new ListOptionsBuilder().withLimit(2L).build())
                .getMetadata().getContinue();
        client.secrets().inAnyNamespace().list(new ListOptionsBuilder().withLimit(2L).withContinue(token).build());

        assertThatThrownBy(() -> client.secrets().inAnyNamespace().list(new ListOptionsBuilder().withLimit(2L)
                .withContinue(token).build()))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(410));
    }

    private static Secret secret(String name) {
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace("ns").endMetadata()
                .withData(Map.of("token", "dG9rZW4=")).build();
    }
}
