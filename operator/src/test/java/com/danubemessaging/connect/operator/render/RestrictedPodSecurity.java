package com.danubemessaging.connect.operator.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;

/**
 * A port of the Pod Security Standards checks of the "restricted" level (which includes "baseline"), as the Pod
 * Security admission controller applies them: kubernetes/pod-security-admission, {@code policy/check_*.go}. Each
 * check below names its upstream file. Returns the violations, empty when the pod would be admitted into a namespace
 * labelled {@code pod-security.kubernetes.io/enforce: restricted}. Ephemeral containers are not rendered by the
 * operator, so they are not visited.
 */
final class RestrictedPodSecurity {

    /** check_restrictedVolumes.go: the only volume sources restricted allows. */
    private static final Set<String> RESTRICTED_VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");
    /** check_sysctls.go: the safe sysctls (as of 1.32). */
    private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes", "net.ipv4.tcp_rmem",
            "net.ipv4.tcp_wmem");
    /** check_seLinuxOptions.go: allowed SELinux types. */
    private static final Set<String> SELINUX_TYPES = Set.of("", "container_t", "container_init_t",
            "container_kvm_t", "container_engine_t");

    private RestrictedPodSecurity() {
    }

    static List<String> violations(PodSpec pod) {
        List<String> v = new ArrayList<>();
        PodSecurityContext psc = pod.getSecurityContext();
        // check_hostNamespaces.go
        if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
                || Boolean.TRUE.equals(pod.getHostIPC())) {
            v.add("host namespaces: hostNetwork, hostPID and hostIPC must be unset or false");
        }
        // check_hostPathVolumes.go and check_restrictedVolumes.go
        for (Volume volume : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
            String type = volumeType(volume);
            if (!RESTRICTED_VOLUME_TYPES.contains(type)) {
                v.add("restricted volume types: volume '" + volume.getName() + "' uses " + type);
            }
        }
        // check_sysctls.go
        if (psc != null && psc.getSysctls() != null) {
            for (Sysctl sysctl : psc.getSysctls()) {
                if (!SAFE_SYSCTLS.contains(sysctl.getName())) {
                    v.add("sysctls: " + sysctl.getName() + " is not a safe sysctl");
                }
            }
        }
        // check_seLinuxOptions.go (pod level)
        if (psc != null && psc.getSeLinuxOptions() != null) {
            checkSeLinux("pod", psc.getSeLinuxOptions(), v);
        }
        // check_appArmorProfile.go (pod level)
        if (psc != null && psc.getAppArmorProfile() != null
                && "Unconfined".equals(psc.getAppArmorProfile().getType())) {
            v.add("appArmorProfile: pod sets Unconfined");
        }
        // check_runAsUser.go (pod level)
        if (psc != null && psc.getRunAsUser() != null && psc.getRunAsUser() == 0) {
            v.add("runAsUser: pod sets runAsUser=0");
        }
        boolean podNonRoot = psc != null && Boolean.TRUE.equals(psc.getRunAsNonRoot());
        if (psc != null && Boolean.FALSE.equals(psc.getRunAsNonRoot())) {
            v.add("runAsNonRoot: pod sets runAsNonRoot=false");
        }
        String podSeccomp = psc == null || psc.getSeccompProfile() == null ? null
                : psc.getSeccompProfile().getType();
        if (podSeccomp != null && !isRestrictedSeccomp(podSeccomp)) {
            v.add("seccompProfile: pod sets " + podSeccomp + " (RuntimeDefault or Localhost required)");
        }
        // check_windowsHostProcess.go
        if (psc != null && psc.getWindowsOptions() != null
                && Boolean.TRUE.equals(psc.getWindowsOptions().getHostProcess())) {
            v.add("hostProcess: pod sets windowsOptions.hostProcess=true");
        }

        visitContainers(pod, (where, c) -> {
            SecurityContext sc = c.getSecurityContext();
            // check_privileged.go
            if (sc != null && Boolean.TRUE.equals(sc.getPrivileged())) {
                v.add("privileged: " + where + " is privileged");
            }
            // check_hostPorts.go
            for (ContainerPort port : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                if (port.getHostPort() != null && port.getHostPort() != 0) {
                    v.add("hostPort: " + where + " uses hostPort " + port.getHostPort());
                }
            }
            // check_allowPrivilegeEscalation.go: must be explicitly false
            if (sc == null || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                v.add("allowPrivilegeEscalation: " + where + " must set allowPrivilegeEscalation=false");
            }
            // check_capabilities_restricted.go: drop ALL, add at most NET_BIND_SERVICE
            Capabilities caps = sc == null ? null : sc.getCapabilities();
            if (caps == null || caps.getDrop() == null || !caps.getDrop().contains("ALL")) {
                v.add("capabilities: " + where + " must drop ALL");
            }
            if (caps != null && caps.getAdd() != null) {
                for (String add : caps.getAdd()) {
                    if (!"NET_BIND_SERVICE".equals(add)) {
                        v.add("capabilities: " + where + " adds " + add + " (only NET_BIND_SERVICE is allowed)");
                    }
                }
            }
            // check_runAsNonRoot.go: explicit false is forbidden; unset only when the pod says true
            if (sc != null && Boolean.FALSE.equals(sc.getRunAsNonRoot())) {
                v.add("runAsNonRoot: " + where + " sets runAsNonRoot=false");
            } else if (!podNonRoot && (sc == null || sc.getRunAsNonRoot() == null)) {
                v.add("runAsNonRoot: " + where + " must set runAsNonRoot=true (or the pod must)");
            }
            // check_runAsUser.go
            if (sc != null && sc.getRunAsUser() != null && sc.getRunAsUser() == 0) {
                v.add("runAsUser: " + where + " sets runAsUser=0");
            }
            // check_seccompProfile_restricted.go: set at container level or inherited from the pod
            SeccompProfile seccomp = sc == null ? null : sc.getSeccompProfile();
            if (seccomp != null && !isRestrictedSeccomp(seccomp.getType())) {
                v.add("seccompProfile: " + where + " sets " + seccomp.getType());
            } else if (seccomp == null && podSeccomp == null) {
                v.add("seccompProfile: " + where + " must set RuntimeDefault or Localhost (or the pod must)");
            }
            // check_procMount.go
            if (sc != null && sc.getProcMount() != null && !"Default".equals(sc.getProcMount())) {
                v.add("procMount: " + where + " sets " + sc.getProcMount());
            }
            // check_seLinuxOptions.go (container level)
            if (sc != null && sc.getSeLinuxOptions() != null) {
                checkSeLinux(where, sc.getSeLinuxOptions(), v);
            }
            // check_appArmorProfile.go (container level)
            if (sc != null && sc.getAppArmorProfile() != null
                    && "Unconfined".equals(sc.getAppArmorProfile().getType())) {
                v.add("appArmorProfile: " + where + " sets Unconfined");
            }
            // check_windowsHostProcess.go (container level)
            if (sc != null && sc.getWindowsOptions() != null
                    && Boolean.TRUE.equals(sc.getWindowsOptions().getHostProcess())) {
                v.add("hostProcess: " + where + " sets windowsOptions.hostProcess=true");
            }
        });
        return v;
    }

    private static boolean isRestrictedSeccomp(String type) {
        return "RuntimeDefault".equals(type) || "Localhost".equals(type);
    }

    private static void checkSeLinux(String where, io.fabric8.kubernetes.api.model.SELinuxOptions options,
            List<String> v) {
        if (options.getType() != null && !SELINUX_TYPES.contains(options.getType())) {
            v.add("seLinuxOptions: " + where + " sets type " + options.getType());
        }
        if (options.getUser() != null && !options.getUser().isEmpty()
                || options.getRole() != null && !options.getRole().isEmpty()) {
            v.add("seLinuxOptions: " + where + " sets user or role");
        }
    }

    private static void visitContainers(PodSpec pod, BiConsumer<String, Container> check) {
        for (Container c : pod.getInitContainers() == null ? List.<Container>of() : pod.getInitContainers()) {
            check.accept("initContainer " + c.getName(), c);
        }
        for (Container c : pod.getContainers() == null ? List.<Container>of() : pod.getContainers()) {
            check.accept("container " + c.getName(), c);
        }
    }

    private static String volumeType(Volume v) {
        if (v.getConfigMap() != null) {
            return "configMap";
        }
        if (v.getCsi() != null) {
            return "csi";
        }
        if (v.getDownwardAPI() != null) {
            return "downwardAPI";
        }
        if (v.getEmptyDir() != null) {
            return "emptyDir";
        }
        if (v.getEphemeral() != null) {
            return "ephemeral";
        }
        if (v.getPersistentVolumeClaim() != null) {
            return "persistentVolumeClaim";
        }
        if (v.getProjected() != null) {
            return "projected";
        }
        if (v.getSecret() != null) {
            return "secret";
        }
        if (v.getHostPath() != null) {
            return "hostPath";
        }
        return "another volume source";
    }
}
