package com.danubemessaging.connect.e2e.kubelet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import com.danubemessaging.connect.e2e.image.RuntimeImage;
import com.danubemessaging.connect.e2e.node.NodeNetwork;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The kubelet of the one simulated node: runs every pod bound to the node (spec.nodeName) with a {@link PodWorker},
 * stops a pod's container when the pod is marked for deletion and then lets the API server remove the pod. The mock
 * API server has no graceful deletion, so pods carry {@link #TERMINATION_FINALIZER}: deleting such a pod sets its
 * deletionTimestamp and keeps it (as graceful deletion keeps a terminating pod) until the kubelet has stopped the
 * container and removed the finalizer.
 */
public final class SimulatedKubelet implements AutoCloseable {
    public static final String NODE_NAME = "simulated-node";
    public static final String TERMINATION_FINALIZER = "e2e.danube-messaging.io/kubelet-graceful-termination";

    private final KubernetesClient client;
    private final NodeNetwork network;
    private final RuntimeImage image;
    private final Path podsRoot;
    private final String namespace;
    private final Consumer<String> events;
    private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
    private final List<String> started = new ArrayList<>();

    public SimulatedKubelet(KubernetesClient client, NodeNetwork network, RuntimeImage image, Path podsRoot,
                            String namespace, Consumer<String> events) {
        this.client = client;
        this.network = network;
        this.image = image;
        this.podsRoot = podsRoot;
        this.namespace = namespace;
        this.events = events;
    }

    /** One pass of the kubelet's sync loop. */
    public synchronized void sync() {
        List<Pod> pods = client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(p -> NODE_NAME.equals(p.getSpec().getNodeName())).toList();
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            PodWorker worker = workers.get(name);
            boolean deleting = pod.getMetadata().getDeletionTimestamp() != null;
            if (worker == null && !deleting) {
                worker = new PodWorker(client, network, image, podsRoot, pod, events);
                workers.put(name, worker);
                started.add(name);
                worker.start();
            } else if (worker != null && deleting) {
                worker.stop();
                if (worker.isDone()) {
                    client.pods().inNamespace(namespace).withName(name).edit(p -> {
                        p.getMetadata().getFinalizers().remove(TERMINATION_FINALIZER);
                        return p;
                    });
                    workers.remove(name);
                    events.accept(name + ": terminated and removed");
                }
            } else if (worker == null) {
                client.pods().inNamespace(namespace).withName(name).edit(p -> {
                    p.getMetadata().getFinalizers().remove(TERMINATION_FINALIZER);
                    return p;
                });
            }
        }
        List<String> present = pods.stream().map(p -> p.getMetadata().getName()).toList();
        workers.entrySet().removeIf(e -> {
            if (!present.contains(e.getKey())) {
                e.getValue().stop();
                e.getValue().kill();
                return true;
            }
            return false;
        });
    }

    /** The pid of the container process of a pod, while it runs. */
    public Optional<Long> pid(String podName) {
        PodWorker worker = workers.get(podName);
        return worker == null ? Optional.empty() : Optional.ofNullable(worker.pid());
    }

    /** Names of every pod this kubelet started, in order. */
    public synchronized List<String> startedPods() {
        return List.copyOf(started);
    }

    @Override
    public synchronized void close() {
        workers.values().forEach(PodWorker::stop);
        workers.values().forEach(PodWorker::kill);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (workers.values().stream().anyMatch(w -> !w.isDone()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        workers.clear();
    }
}
