package com.danubemessaging.connect.operator.rbac;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/**
 * Every request the mock API server received, split into the operator's and the test driver's. The test acts
 * through its own client with a distinct User-Agent ({@link #driver}), so whatever else reached the server came from
 * the operator.
 */
public final class RecordedCalls {

    static final String DRIVER_USER_AGENT = "danube-rbac-test-driver";

    private final KubernetesMockServer server;
    private final List<RecordedRequest> operatorRequests = new ArrayList<>();

    RecordedCalls(KubernetesMockServer server) {
        this.server = server;
    }

    /** A client for the test's own actions (playing the user and the cluster's controllers). */
    static KubernetesClient driver(String masterUrl) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(masterUrl).withTrustCerts(true)
                .withHttp2Disable(true).withUserAgent(DRIVER_USER_AGENT).withNamespace(ChartRbac.RELEASE_NAMESPACE)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Takes what the server recorded since the last call and keeps the operator's requests. */
    public synchronized List<ApiCall> operatorCalls() {
        try {
            RecordedRequest request;
            while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
                if (!DRIVER_USER_AGENT.equals(request.getHeader("User-Agent"))) {
                    operatorRequests.add(request);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return operatorRequests.stream().map(r -> ApiCall.of(r.getMethod(), r.getPath())).toList();
    }

    /** The operator's requests with their content type (e.g. to tell a merge patch from a JSON patch). */
    public synchronized List<String> operatorRequestLines() {
        operatorCalls();
        return operatorRequests.stream().map(r -> r.getMethod() + " " + r.getPath() + " ["
                + r.getHeader("Content-Type") + "]").toList();
    }
}
