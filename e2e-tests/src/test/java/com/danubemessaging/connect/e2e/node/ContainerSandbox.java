package com.danubemessaging.connect.e2e.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Starts one container's process the way a container runtime would, with the host's tools: in the pod's network
 * namespace, in a private mount namespace where the image's files and the pod's volumes appear at exactly the paths
 * the image and the pod spec name (bind mounts over overlays of the host's top-level folders, so nothing of the host
 * changes), with a private /dev holding the termination-message file, and as the uid/gid, groups, no-new-privileges
 * and capability set the security context asks for. The process is the container's main process: the launcher
 * chain ({@code ip netns exec}, {@code unshare}, {@code sh}, {@code setpriv}) only execs, so its pid is the
 * process's pid and a signal to it reaches the JVM.
 */
public final class ContainerSandbox {

    /** Something that appears at {@code containerPath}: a host file or folder, read-only or not. */
    public record Mount(String containerPath, Path hostPath, boolean readOnly) {
    }

    /** Who the process runs as and with what privileges (from the image's USER and the securityContext). */
    public record Identity(long uid, long gid, List<Long> supplementaryGroups, boolean noNewPrivileges,
                           boolean dropAllCapabilities, boolean readOnlyRootFilesystem) {
    }

    /** Where host folders that a container mount covers stay reachable inside the sandbox's mount namespace. */
    private static final String HOST_VIEW = "/run/danube-e2e-host";

    private static final List<String> DEVICES = List.of("null", "zero", "full", "random", "urandom", "tty");

    private ContainerSandbox() {
    }

    /**
     * Starts {@code command} with exactly {@code env}; stdout and stderr go to {@code log}.
     *
     * @param staging a private folder of this container start on the host
     * @param dirs    folders the image creates (RUN mkdir -p)
     * @param mounts  image files and the pod's volume mounts; later entries win on the same path
     */
    public static Process start(NodeNetwork.PodNetwork network, Path staging, List<String> dirs, List<Mount> mounts,
                                String workingDir, Identity identity, List<String> command, Map<String, String> env,
                                Path log) {
        try {
            Files.createDirectories(staging);
            Path script = staging.resolve("sandbox.sh");
            Files.writeString(script, script(staging, dirs, mounts, workingDir, identity, command));
            List<String> launch = List.of(HostCommands.which("ip"), "netns", "exec", network.namespace(),
                    HostCommands.which("unshare"), "-m", "--propagation", "private",
                    HostCommands.which("sh"), script.toString());
            ProcessBuilder builder = new ProcessBuilder(launch).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().clear();
            builder.environment().putAll(env);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the container sandbox in " + staging, e);
        }
    }

    private static String script(Path staging, List<String> dirs, List<Mount> mounts, String workingDir,
                                 Identity identity, List<String> command) {
        String mount = HostCommands.which("mount");
        String mkdir = HostCommands.which("mkdir");
        String touch = HostCommands.which("touch");
        String ln = HostCommands.which("ln");
        StringBuilder s = new StringBuilder("set -eu\n");
        // Paths that do not exist on the host need a writable layer: overlay their top-level folder (as a
        // container's root filesystem is an overlay over its image), so creating them changes nothing outside.
        Set<String> overlays = new LinkedHashSet<>();
        List<String> targets = new ArrayList<>(dirs);
        mounts.forEach(m -> targets.add(m.containerPath()));
        for (String target : targets) {
            String top = topLevel(target);
            if (!top.equals("/dev") && !Files.exists(Path.of(target)) && !target.equals(top)) {
                overlays.add(top);
            }
        }
        // A checkout under a folder that the pod mounts over (a clone in /tmp, where the pod has its /tmp emptyDir)
        // would vanish from the container's view once that mount is made, together with the staging folder and
        // the host side of every mount: reach such host folders through a bind made before any container mount.
        Set<String> covered = new LinkedHashSet<>();
        for (String target : targets) {
            String top = topLevel(target);
            boolean hidesHostPath = staging.startsWith(top)
                    || mounts.stream().anyMatch(m -> m.hostPath().startsWith(top));
            if (hidesHostPath && !top.equals("/") && !top.equals("/dev")) {
                covered.add(top);
            }
        }
        for (String top : covered) {
            s.append(mkdir).append(" -p ").append(q(HOST_VIEW + top)).append('\n');
            s.append(mount).append(" --rbind ").append(q(top)).append(' ').append(q(HOST_VIEW + top)).append('\n');
        }
        Function<Path, String> host = path -> covered.stream().anyMatch(path::startsWith)
                ? HOST_VIEW + path : path.toString();
        int n = 0;
        for (String top : overlays) {
            String layer = host.apply(staging.resolve("layer-" + n++));
            s.append(mkdir).append(" -p ").append(q(layer + "/upper")).append(' ').append(q(layer + "/work"))
                    .append('\n');
            s.append(mount).append(" -t overlay overlay -o ")
                    .append(q("lowerdir=" + top + ",upperdir=" + layer + "/upper,workdir=" + layer + "/work"))
                    .append(' ').append(q(top)).append('\n');
        }
        // A private /dev with the usual devices, like a runtime's default /dev; the termination-message file the
        // kubelet provides is one of the mounts.
        String dev = host.apply(staging.resolve("dev"));
        s.append(mkdir).append(" -p ").append(q(dev)).append('\n');
        s.append(mount).append(" -t tmpfs -o mode=755,nosuid tmpfs ").append(q(dev)).append('\n');
        for (String device : DEVICES) {
            s.append(touch).append(' ').append(q(dev + "/" + device)).append('\n');
            s.append(mount).append(" --bind ").append(q("/dev/" + device)).append(' ').append(q(dev + "/" + device))
                    .append('\n');
        }
        for (String[] link : List.of(new String[] {"/proc/self/fd", "fd"}, new String[] {"/proc/self/fd/0", "stdin"},
                new String[] {"/proc/self/fd/1", "stdout"}, new String[] {"/proc/self/fd/2", "stderr"})) {
            s.append(ln).append(" -s ").append(q(link[0])).append(' ').append(q(dev + "/" + link[1])).append('\n');
        }
        s.append(mkdir).append(" -p ").append(q(dev + "/shm")).append(' ').append(q(dev + "/pts")).append('\n');
        s.append(mount).append(" -t tmpfs -o mode=1777 tmpfs ").append(q(dev + "/shm")).append('\n');
        s.append(mount).append(" --move ").append(q(dev)).append(" /dev\n");
        for (String dir : dirs) {
            s.append(mkdir).append(" -p ").append(q(dir)).append('\n');
        }
        List<Mount> ordered = new ArrayList<>(mounts);
        ordered.sort(Comparator.comparingInt(m -> m.containerPath().split("/").length));
        for (Mount m : ordered) {
            String target = m.containerPath();
            if (Files.isDirectory(m.hostPath())) {
                s.append(mkdir).append(" -p ").append(q(target)).append('\n');
            } else {
                s.append(mkdir).append(" -p ").append(q(parent(target))).append('\n');
                s.append("[ -e ").append(q(target)).append(" ] || ").append(touch).append(' ').append(q(target))
                        .append('\n');
            }
            s.append(mount).append(" --bind ").append(q(host.apply(m.hostPath()))).append(' ').append(q(target))
                    .append('\n');
            if (m.readOnly()) {
                s.append(mount).append(" -o remount,bind,ro ").append(q(target)).append('\n');
            }
        }
        if (identity.readOnlyRootFilesystem()) {
            for (String top : overlays) {
                s.append(mount).append(" -o remount,ro ").append(q(top)).append('\n');
            }
        }
        s.append("cd ").append(q(workingDir)).append('\n');
        s.append("exec ").append(q(HostCommands.which("setpriv")))
                .append(" --reuid=").append(identity.uid()).append(" --regid=").append(identity.gid());
        if (identity.supplementaryGroups().isEmpty()) {
            s.append(" --clear-groups");
        } else {
            s.append(" --groups=").append(String.join(",",
                    identity.supplementaryGroups().stream().map(String::valueOf).toList()));
        }
        if (identity.noNewPrivileges()) {
            s.append(" --no-new-privs");
        }
        if (identity.dropAllCapabilities()) {
            s.append(" --inh-caps=-all --bounding-set=-all");
        }
        s.append(" --");
        for (String word : command) {
            s.append(' ').append(q(word));
        }
        s.append('\n');
        return s.toString();
    }

    /** Makes a host file or folder what the container expects at a path (mode as the kubelet or image sets it). */
    public static void chmod(Path path, String octal) {
        try {
            int mode = Integer.parseInt(octal, 8);
            StringBuilder perms = new StringBuilder();
            String rwx = "rwxrwxrwx";
            for (int i = 0; i < 9; i++) {
                perms.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
            }
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(perms.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String topLevel(String path) {
        int second = path.indexOf('/', 1);
        return second < 0 ? path : path.substring(0, second);
    }

    private static String parent(String path) {
        int last = path.lastIndexOf('/');
        return last <= 0 ? "/" : path.substring(0, last);
    }

    private static String q(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
