package com.danubemessaging.connect.e2e.kubelet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.danubemessaging.connect.e2e.image.RuntimeImage;
import com.danubemessaging.connect.e2e.node.ContainerSandbox;
import com.danubemessaging.connect.e2e.node.NodeNetwork;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The kubelet's work for one pod with one container: resolve env and volumes (or report
 * CreateContainerConfigError), start the container's process in its sandbox, run the readiness and liveness probes
 * of the spec, restart it with the kubelet's back-off (10 s doubling to 5 min) when it exits (restartPolicy
 * Always), copy the termination message (the file at terminationMessagePath, or the log tail with
 * FallbackToLogsOnError) into the container's terminated state, and on deletion stop it with SIGTERM, then SIGKILL
 * after terminationGracePeriodSeconds. Every change goes to the pod's status in the API server.
 */
final class PodWorker {
    private static final Duration BACKOFF_START = Duration.ofSeconds(10);
    private static final Duration BACKOFF_MAX = Duration.ofMinutes(5);
    private static final Duration CONFIG_RETRY = Duration.ofSeconds(2);
    private static final int MESSAGE_BYTES = 4096;
    private static final int LOG_TAIL_LINES = 80;
    private static final int LOG_TAIL_BYTES = 2048;

    private final KubernetesClient client;
    private final NodeNetwork network;
    private final RuntimeImage image;
    private final Path podDir;
    private final Consumer<String> events;
    private final String namespace;
    private final String name;
    private final Container container;
    private final ContainerEnvironment environment;
    private final PodVolumes volumes;
    private final Thread thread;
    private final List<Process> started = new ArrayList<>();
    private volatile boolean stopping;
    private volatile Pod pod;
    private NodeNetwork.PodNetwork podNetwork;
    private int restarts;
    private ContainerState lastTerminated;

    PodWorker(KubernetesClient client, NodeNetwork network, RuntimeImage image, Path podsRoot, Pod pod,
              Consumer<String> events) {
        this.client = client;
        this.network = network;
        this.image = image;
        this.pod = pod;
        this.events = events;
        this.namespace = pod.getMetadata().getNamespace();
        this.name = pod.getMetadata().getName();
        if (pod.getSpec().getContainers().size() != 1 || pod.getSpec().getInitContainers() != null
                && !pod.getSpec().getInitContainers().isEmpty()) {
            throw new IllegalStateException("the simulated kubelet runs pods with exactly one container: " + name);
        }
        this.container = pod.getSpec().getContainers().get(0);
        if (container.getLifecycle() != null) {
            throw new IllegalStateException("the simulated kubelet does not run lifecycle hooks: " + name);
        }
        this.podDir = podsRoot.resolve(name);
        this.environment = new ContainerEnvironment(client);
        this.volumes = new PodVolumes(client);
        this.thread = new Thread(this::run, "kubelet-" + name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Asks for graceful termination (the pod was deleted); {@link #isDone()} once the container is gone. */
    void stop() {
        // A flag, not an interrupt: the worker may be in the middle of an API call or of setting up the network,
        // and polls the flag at least every 200 ms.
        stopping = true;
    }

    boolean isDone() {
        return !thread.isAlive();
    }

    String name() {
        return name;
    }

    /** The pid of the running container process, if any. */
    Long pid() {
        synchronized (started) {
            return started.isEmpty() || !started.get(started.size() - 1).isAlive() ? null
                    : started.get(started.size() - 1).pid();
        }
    }

    /** Kills the running process with SIGKILL (a crash, as a test's fault injection). */
    void kill() {
        synchronized (started) {
            started.forEach(Process::destroyForcibly);
        }
    }

    private void run() {
        try {
            podNetwork = network.addPod();
            writeStatus(List.of(waiting("ContainerCreating", null)), false, false);
            Duration backoff = BACKOFF_START;
            while (!stopping) {
                List<ContainerSandbox.Mount> mounts;
                Map<String, String> containerEnv;
                Path attempt = podDir.resolve("start-" + (restarts + (lastTerminated == null ? 0 : 1)));
                try {
                    pod = Objects.requireNonNullElse(client.pods().inNamespace(namespace).withName(name).get(), pod);
                    mounts = new ArrayList<>(volumes.mount(pod, container, attempt.resolve("volumes")));
                    containerEnv = environment.resolve(pod, container);
                    checkNonRoot();
                } catch (ContainerConfigException e) {
                    events.accept(name + ": " + e.getMessage());
                    writeStatus(List.of(waiting("CreateContainerConfigError", e.getMessage())), false, false);
                    sleep(CONFIG_RETRY);
                    continue;
                }
                Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                long runStart = System.nanoTime();
                Path terminationLog = Files.createDirectories(attempt).resolve("termination-log");
                Files.writeString(terminationLog, "");
                ContainerSandbox.chmod(terminationLog, "666");
                String messagePath = container.getTerminationMessagePath() == null ? "/dev/termination-log"
                        : container.getTerminationMessagePath();
                mounts.add(new ContainerSandbox.Mount(messagePath, terminationLog, false));
                Path log = attempt.resolve("container.log");
                Process process = launch(attempt, mounts, containerEnv, log);
                synchronized (started) {
                    started.add(process);
                }
                events.accept(name + ": started container " + container.getName() + " (pid " + process.pid() + ")");
                runUntilExit(process, startedAt);
                int exitCode = process.exitValue();
                Instant finishedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                String message = terminationMessage(terminationLog, log, exitCode);
                ContainerState terminated = new ContainerStateBuilder().withNewTerminated()
                        .withExitCode(exitCode).withReason(exitCode == 0 ? "Completed" : "Error").withMessage(message)
                        .withStartedAt(startedAt.toString()).withFinishedAt(finishedAt.toString())
                        .withContainerID("sim://" + process.pid()).endTerminated().build();
                events.accept(name + ": container exited with " + exitCode
                        + (message == null ? "" : ": " + firstLine(message)));
                writeStatus(List.of(terminated), false, false);
                if (stopping) {
                    // The kubelet reports the final state of a terminating pod's container (often 143 after SIGTERM)
                    // before the pod object goes away; the operator sees it too.
                    break;
                }
                lastTerminated = terminated;
                if (Duration.ofNanos(System.nanoTime() - runStart).compareTo(Duration.ofMinutes(10)) > 0) {
                    backoff = BACKOFF_START;
                }
                writeStatus(List.of(waiting("CrashLoopBackOff", "back-off " + backoff.toSeconds()
                        + "s restarting failed container=" + container.getName() + " pod=" + name + "_" + namespace
                        + "(" + pod.getMetadata().getUid() + ")")), false, false);
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : backoff.multipliedBy(2);
                restarts++;
            }
        } catch (IOException e) {
            events.accept(name + ": kubelet failure: " + e);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            events.accept(name + ": kubelet failure: " + e);
            throw e;
        } finally {
            kill();
            if (podNetwork != null) {
                network.removePod(podNetwork);
            }
        }
    }

    /** Probes until the process exits or the pod is deleted (then SIGTERM, grace period, SIGKILL). */
    private void runUntilExit(Process process, Instant startedAt) {
        long start = System.nanoTime();
        ProbeSchedule readiness = new ProbeSchedule(container.getReadinessProbe(), start);
        ProbeSchedule liveness = new ProbeSchedule(container.getLivenessProbe(), start);
        boolean ready = !readiness.configured();
        writeStatus(List.of(running(startedAt)), ready, true);
        while (process.isAlive()) {
            if (stopping) {
                terminate(process);
                break;
            }
            long now = System.nanoTime();
            if (readiness.due(now)) {
                boolean verdict = readiness.record(Prober.probe(readiness.probe(), container, podNetwork.podIp()), now);
                if (verdict != ready) {
                    ready = verdict;
                    events.accept(name + ": readiness " + (ready ? "succeeded" : "failed"));
                    writeStatus(List.of(running(startedAt)), ready, true);
                }
            }
            if (liveness.due(now)) {
                liveness.record(Prober.probe(liveness.probe(), container, podNetwork.podIp()), now);
                if (liveness.failed()) {
                    events.accept(name + ": liveness probe failed " + liveness.probe().getFailureThreshold()
                            + " times, restarting the container");
                    terminate(process);
                    break;
                }
            }
            try {
                process.waitFor(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        waitFor(process);
    }

    private void terminate(Process process) {
        long grace = pod.getSpec().getTerminationGracePeriodSeconds() == null ? 30
                : pod.getSpec().getTerminationGracePeriodSeconds();
        process.destroy();
        boolean exited = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(grace);
        while (!exited && System.nanoTime() < deadline) {
            try {
                exited = process.waitFor(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                // keep waiting out the grace period
            }
        }
        if (!exited) {
            events.accept(name + ": grace period of " + grace + " s over, SIGKILL");
            process.destroyForcibly();
        }
    }

    private static void waitFor(Process process) {
        while (true) {
            try {
                process.waitFor();
                return;
            } catch (InterruptedException e) {
                // the process is already going
            }
        }
    }

    private Process launch(Path attempt, List<ContainerSandbox.Mount> volumeMounts, Map<String, String> containerEnv,
                           Path log) {
        List<ContainerSandbox.Mount> mounts = new ArrayList<>();
        for (RuntimeImage.ImageFile file : image.files()) {
            if (file.mode() != null) {
                ContainerSandbox.chmod(file.hostSource(), file.mode().length() > 3
                        ? file.mode().substring(file.mode().length() - 3) : file.mode());
            }
            mounts.add(new ContainerSandbox.Mount(file.containerPath(), file.hostSource(), true));
        }
        mounts.addAll(volumeMounts);
        Map<String, String> env = new LinkedHashMap<>();
        // The base image's PATH: the host JDK stands in for the image's JRE.
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        env.put("HOSTNAME", name);
        env.putAll(image.env());
        env.putAll(containerEnv);
        List<String> command = image.commandFor(expand(container.getCommand(), containerEnv),
                expand(container.getArgs(), containerEnv));
        String workingDir = container.getWorkingDir() == null || container.getWorkingDir().isEmpty()
                ? image.workdir() : container.getWorkingDir();
        return ContainerSandbox.start(podNetwork, attempt.resolve("sandbox"), image.directories(), mounts, workingDir,
                identity(), command, env, log);
    }

    private ContainerSandbox.Identity identity() {
        SecurityContext c = container.getSecurityContext();
        PodSecurityContext p = pod.getSpec().getSecurityContext();
        long uid = first(c == null ? null : c.getRunAsUser(), p == null ? null : p.getRunAsUser(),
                image.uid().orElse(0L));
        long gid = first(c == null ? null : c.getRunAsGroup(), p == null ? null : p.getRunAsGroup(),
                image.gid().orElse(0L));
        List<Long> groups = new ArrayList<>();
        if (p != null && p.getSupplementalGroups() != null) {
            groups.addAll(p.getSupplementalGroups());
        }
        if (p != null && p.getFsGroup() != null) {
            groups.add(p.getFsGroup());
        }
        boolean noNewPrivs = c != null && Boolean.FALSE.equals(c.getAllowPrivilegeEscalation());
        boolean dropAll = c != null && c.getCapabilities() != null && c.getCapabilities().getDrop() != null
                && c.getCapabilities().getDrop().contains("ALL");
        boolean readOnlyRoot = c != null && Boolean.TRUE.equals(c.getReadOnlyRootFilesystem());
        return new ContainerSandbox.Identity(uid, gid, groups, noNewPrivs, dropAll, readOnlyRoot);
    }

    /** runAsNonRoot with a uid of 0: the kubelet refuses the container (kuberuntime_container.go verifyRunAsNonRoot). */
    private void checkNonRoot() throws ContainerConfigException {
        SecurityContext c = container.getSecurityContext();
        PodSecurityContext p = pod.getSpec().getSecurityContext();
        boolean nonRoot = c != null && c.getRunAsNonRoot() != null ? c.getRunAsNonRoot()
                : p != null && Boolean.TRUE.equals(p.getRunAsNonRoot());
        if (nonRoot && identity().uid() == 0) {
            throw new ContainerConfigException("container's runAsUser breaks non-root policy (pod: \"" + name
                    + "\", container: " + container.getName() + ")");
        }
    }

    private static long first(Long a, Long b, long fallback) {
        return a != null ? a : b != null ? b : fallback;
    }

    private static List<String> expand(List<String> words, Map<String, String> env) {
        return words == null ? null : words.stream().map(w -> ContainerEnvironment.expand(w, env)).toList();
    }

    private String terminationMessage(Path terminationLog, Path log, int exitCode) {
        try {
            byte[] bytes = Files.readAllBytes(terminationLog);
            String message = new String(bytes, 0, Math.min(bytes.length, MESSAGE_BYTES), StandardCharsets.UTF_8);
            if (message.isEmpty() && exitCode != 0
                    && "FallbackToLogsOnError".equals(container.getTerminationMessagePolicy())) {
                List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
                String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES),
                        lines.size()));
                byte[] tailBytes = tail.getBytes(StandardCharsets.UTF_8);
                message = tailBytes.length <= LOG_TAIL_BYTES ? tail : new String(tailBytes,
                        tailBytes.length - LOG_TAIL_BYTES, LOG_TAIL_BYTES, StandardCharsets.UTF_8);
            }
            return message.isEmpty() ? null : message;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ContainerState waiting(String reason, String message) {
        return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting()
                .build();
    }

    private static ContainerState running(Instant startedAt) {
        return new ContainerStateBuilder().withNewRunning().withStartedAt(startedAt.toString()).endRunning().build();
    }

    /** Writes the pod's status: phase, conditions, IPs and the one container status. */
    private void writeStatus(List<ContainerState> state, boolean ready, boolean started) {
        ContainerStatus cs = new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage())
                .withImageID("sim://" + container.getImage()).withReady(ready).withStarted(started)
                .withRestartCount(restarts).withState(state.get(0)).withLastState(lastTerminated).build();
        boolean running = state.get(0).getRunning() != null;
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        try {
            client.pods().inNamespace(namespace).withName(name).editStatus(p -> {
                if (p.getStatus() == null) {
                    p.setStatus(new PodStatus());
                }
                var status = p.getStatus();
                status.setPhase(running || restarts > 0 || lastTerminated != null ? "Running" : "Pending");
                status.setHostIP(network.serviceIp());
                status.setPodIP(podNetwork.podIp());
                if (status.getStartTime() == null) {
                    status.setStartTime(now);
                }
                status.setContainerStatuses(List.of(cs));
                status.setConditions(conditions(status.getConditions(), ready, now));
                return p;
            });
        } catch (RuntimeException e) {
            if (client.pods().inNamespace(namespace).withName(name).get() != null) {
                throw e;
            }
            // the pod object is gone already: nothing to report to
        }
    }

    private static List<PodCondition> conditions(List<PodCondition> previous, boolean ready, String now) {
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put("PodScheduled", "True");
        wanted.put("Initialized", "True");
        wanted.put("ContainersReady", ready ? "True" : "False");
        wanted.put("Ready", ready ? "True" : "False");
        List<PodCondition> result = new ArrayList<>();
        wanted.forEach((type, value) -> {
            PodCondition old = previous == null ? null
                    : previous.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
            String since = old != null && value.equals(old.getStatus()) ? old.getLastTransitionTime() : now;
            result.add(new PodConditionBuilder().withType(type).withStatus(value).withLastTransitionTime(since)
                    .withReason(value.equals("False") && type.endsWith("Ready") ? "ContainersNotReady" : null)
                    .build());
        });
        return result;
    }

    private void sleep(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (!stopping && System.nanoTime() < deadline) {
            try {
                Thread.sleep(Math.min(200, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl) + " …";
    }
}
