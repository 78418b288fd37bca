package com.danubemessaging.connect.e2e.kubelet;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;

/**
 * One probe of a container as the kubelet runs it (pkg/kubelet/prober): httpGet to the pod IP (or the probe's
 * host) on the probe's port, a number or the name of one of the container's ports, success for status 200 to 399;
 * tcpSocket succeeds when the connection opens. The timing fields (initialDelaySeconds, periodSeconds,
 * timeoutSeconds, failureThreshold, successThreshold) are honoured by {@link ProbeSchedule}.
 */
final class Prober {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(1)).build();

    private Prober() {
    }

    static boolean probe(Probe probe, Container container, String podIp) {
        int timeout = probe.getTimeoutSeconds() == null ? 1 : probe.getTimeoutSeconds();
        if (probe.getHttpGet() != null) {
            var get = probe.getHttpGet();
            String host = get.getHost() == null || get.getHost().isEmpty() ? podIp : get.getHost();
            String scheme = get.getScheme() == null ? "http" : get.getScheme().toLowerCase();
            String path = get.getPath() == null ? "/" : get.getPath();
            URI uri = URI.create(scheme + "://" + host + ":" + port(get.getPort(), container) + path);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(timeout)).GET()
                    .header("User-Agent", "kube-probe/1.33");
            if (get.getHttpHeaders() != null) {
                get.getHttpHeaders().forEach(h -> request.header(h.getName(), h.getValue()));
            }
            try {
                int status = HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                return status >= 200 && status < 400;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (probe.getTcpSocket() != null) {
            var tcp = probe.getTcpSocket();
            String host = tcp.getHost() == null || tcp.getHost().isEmpty() ? podIp : tcp.getHost();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port(tcp.getPort(), container)), timeout * 1000);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
        throw new IllegalStateException("the simulated kubelet runs httpGet and tcpSocket probes only, not " + probe);
    }

    /** A port number, or the containerPort of the container port with that name. */
    static int port(IntOrString port, Container container) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        String name = port.getStrVal();
        if (name.matches("\\d+")) {
            return Integer.parseInt(name);
        }
        return container.getPorts() == null ? fail(name, container) : container.getPorts().stream()
                .filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort).findFirst()
                .orElseGet(() -> fail(name, container));
    }

    private static int fail(String name, Container container) {
        throw new IllegalStateException("probe port '" + name + "' is not a port of container " + container.getName());
    }
}
