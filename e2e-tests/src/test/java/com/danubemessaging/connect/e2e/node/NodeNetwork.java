package com.danubemessaging.connect.e2e.node;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated node's network, as a CNI plugin and kube-proxy would give it: every pod gets its own network
 * namespace with its own IP (so two replicas can both listen on the metrics port the spec names, as real pods do),
 * joined to the host by a veth pair; and one "service IP", an extra address of the host's loopback interface, stands
 * for the cluster's Services (the test's broker and forwarders listen there). Pods reach it through their default route; the kubelet
 * reaches a pod at its pod IP. Names carry a per-run tag so that parallel runs on one machine do not collide.
 */
public final class NodeNetwork implements AutoCloseable {
    private final String tag;
    private final int octet;
    private final String serviceIp;
    private final AtomicInteger pods = new AtomicInteger();
    private final List<PodNetwork> created = new ArrayList<>();

    /** The network namespace, and the pod IP inside it, of one pod. */
    public record PodNetwork(String namespace, String hostInterface, String podIp) {
    }

    private NodeNetwork() {
        this.tag = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
        this.octet = freeSecondOctet();
        this.serviceIp = "10." + octet + ".255.1";
    }

    public static NodeNetwork create() {
        NodeNetwork network = new NodeNetwork();
        String ip = HostCommands.which("ip");
        HostCommands.run(ip, "addr", "add", network.serviceIp + "/32", "dev", "lo");
        return network;
    }

    /** The address Services have in this cluster (pods and the host both reach it). */
    public String serviceIp() {
        return serviceIp;
    }

    /** A network namespace with a pod IP, routed to the host (and so to the service IP). */
    public synchronized PodNetwork addPod() {
        int n = pods.getAndIncrement();
        if (n >= 64 * 250) {
            throw new IllegalStateException("out of pod addresses");
        }
        String base = "10." + octet + "." + (n / 64) + ".";
        String hostIp = base + (4 * (n % 64) + 1);
        String podIp = base + (4 * (n % 64) + 2);
        String ns = "dpod" + tag + "-" + n;
        String hostIf = "dvh" + tag + n;
        String podIf = "dvp" + tag + n;
        String ip = HostCommands.which("ip");
        HostCommands.run(ip, "netns", "add", ns);
        PodNetwork network = new PodNetwork(ns, hostIf, podIp);
        created.add(network);
        HostCommands.run(ip, "link", "add", hostIf, "type", "veth", "peer", "name", podIf);
        HostCommands.run(ip, "link", "set", podIf, "netns", ns);
        HostCommands.run(ip, "addr", "add", hostIp + "/30", "dev", hostIf);
        HostCommands.run(ip, "link", "set", hostIf, "up");
        HostCommands.run(ip, "-n", ns, "addr", "add", podIp + "/30", "dev", podIf);
        HostCommands.run(ip, "-n", ns, "link", "set", podIf, "up");
        HostCommands.run(ip, "-n", ns, "link", "set", "lo", "up");
        HostCommands.run(ip, "-n", ns, "route", "add", "default", "via", hostIp);
        return network;
    }

    /** Deletes a pod's namespace (its veth pair goes with it). */
    public synchronized void removePod(PodNetwork network) {
        HostCommands.quietly(HostCommands.which("ip"), "netns", "del", network.namespace());
        HostCommands.quietly(HostCommands.which("ip"), "link", "del", network.hostInterface());
        created.remove(network);
    }

    @Override
    public synchronized void close() {
        for (PodNetwork network : List.copyOf(created)) {
            removePod(network);
        }
        HostCommands.quietly(HostCommands.which("ip"), "addr", "del", serviceIp + "/32", "dev", "lo");
    }

    /** A 10.x.0.0/16 no route of this host uses yet. */
    private static int freeSecondOctet() {
        String routes = HostCommands.run(HostCommands.which("ip"), "-4", "route", "show", "table", "all");
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate = 100 + ThreadLocalRandom.current().nextInt(150);
            if (!routes.contains("10." + candidate + ".")) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free 10.x.0.0/16 for the simulated pod network");
    }
}
