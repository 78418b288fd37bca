package com.danubemessaging.connect.runtime.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/** Works out this process's identity among the connector's replicas. */
public final class InstanceId {

    private InstanceId() {
    }

    /** {@code DANUBE_CONNECT_INSTANCE_ID}, else {@code HOSTNAME} (the pod name in Kubernetes), else the host name. */
    public static String resolve(Map<String, String> env) {
        String explicit = env.get(RuntimeEnv.INSTANCE_ID);
        if (explicit != null && !explicit.isBlank()) {
            return explicit.trim();
        }
        String hostname = env.get("HOSTNAME");
        if (hostname != null && !hostname.isBlank()) {
            return hostname.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "instance-" + ProcessHandle.current().pid();
        }
    }
}
