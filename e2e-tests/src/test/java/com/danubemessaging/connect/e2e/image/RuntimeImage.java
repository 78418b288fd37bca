package com.danubemessaging.connect.e2e.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the connector image holds and runs, read from the repository's Dockerfile (its {@code runtime} stage and the
 * stages it is built FROM) instead of being written into the test: ENV, ENTRYPOINT/CMD, WORKDIR, USER, the files
 * COPY'd from the build stage (mapped to the built files of this checkout), heredoc files such as the launcher
 * script, and the directories {@code RUN mkdir -p} creates. The simulated kubelet lays these out in the container's
 * mount namespace, so a change of the Dockerfile's launcher or paths changes what the end-to-end test runs.
 *
 * <p>Not replayed: other RUN steps (user creation; the uid/gid come from USER and the pod's securityContext) and
 * the base image's own environment (JAVA_HOME, PATH: the host's JDK stands in for the base image's JRE).
 */
public final class RuntimeImage {
    private static final Pattern FROM = Pattern.compile("(?i)(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?");
    private static final Pattern HEREDOC = Pattern.compile("<<-?'?\"?(\\w+)'?\"?");
    private static final Pattern MKDIR = Pattern.compile("mkdir\\s+-p\\s+(.+)");

    /** A file or directory of the image: where it is in the container and where its content is on this host. */
    public record ImageFile(String containerPath, Path hostSource, boolean directory, String mode) {
    }

    private final Map<String, String> env;
    private final List<String> entrypoint;
    private final List<String> cmd;
    private final String workdir;
    private final String user;
    private final List<ImageFile> files;
    private final List<String> directories;
    private final List<String> skippedRunSteps;

    private RuntimeImage(Map<String, String> env, List<String> entrypoint, List<String> cmd, String workdir,
                         String user, List<ImageFile> files, List<String> directories, List<String> skipped) {
        this.env = env;
        this.entrypoint = entrypoint;
        this.cmd = cmd;
        this.workdir = workdir;
        this.user = user;
        this.files = files;
        this.directories = directories;
        this.skippedRunSteps = skipped;
    }

    /**
     * Reads stage {@code stage} of {@code dockerfile}. {@code buildWorkspace} is the build stage's WORKDIR
     * ({@code /workspace}): a {@code COPY --from=build /workspace/x} takes {@code x} from {@code repoRoot}, with the
     * Maven output folder {@code target} replaced by {@code buildDir} (parallel builds use other folders). Heredoc
     * files are written under {@code scratch}.
     */
    public static RuntimeImage read(Path dockerfile, String stage, Path repoRoot, String buildDir, Path scratch) {
        List<Instruction> all = instructions(dockerfile);
        Map<String, List<Instruction>> stages = new LinkedHashMap<>();
        Map<String, String> parents = new LinkedHashMap<>();
        String current = null;
        for (Instruction instruction : all) {
            if (instruction.keyword.equals("FROM")) {
                Matcher m = FROM.matcher(instruction.text);
                if (!m.matches()) {
                    throw new IllegalStateException("unreadable FROM in " + dockerfile + ": " + instruction.text);
                }
                current = m.group(2) == null ? m.group(1) : m.group(2);
                parents.put(current, m.group(1));
                stages.put(current, new ArrayList<>());
            } else if (current != null) {
                stages.get(current).add(instruction);
            }
        }
        if (!stages.containsKey(stage)) {
            throw new IllegalStateException(dockerfile + " has no stage '" + stage + "' (stages: " + stages.keySet() + ")");
        }
        List<String> chain = new ArrayList<>();
        for (String s = stage; s != null && stages.containsKey(s); s = parents.get(s)) {
            chain.add(0, s);
        }
        Map<String, String> env = new LinkedHashMap<>();
        List<String> entrypoint = List.of();
        List<String> cmd = List.of();
        String workdir = "/";
        String user = "0";
        List<ImageFile> files = new ArrayList<>();
        List<String> directories = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int heredocs = 0;
        for (String s : chain) {
            for (Instruction in : stages.get(s)) {
                switch (in.keyword) {
                    case "ENV" -> env.putAll(envPairs(in.text));
                    case "ENTRYPOINT" -> {
                        entrypoint = execForm(in.text);
                        cmd = List.of(); // Docker resets CMD when ENTRYPOINT is set in a later stage
                    }
                    case "CMD" -> cmd = execForm(in.text);
                    case "WORKDIR" -> workdir = in.text.trim();
                    case "USER" -> user = in.text.trim();
                    case "COPY" -> {
                        if (in.heredoc != null) {
                            Path file = writeHeredoc(scratch, "heredoc-" + (heredocs++), in.heredoc);
                            List<String> words = words(in.text);
                            files.add(new ImageFile(words.get(words.size() - 1), file, false, option(words, "--chmod")));
                        } else {
                            files.add(copy(in.text, repoRoot, buildDir));
                        }
                    }
                    case "RUN" -> {
                        Matcher m = MKDIR.matcher(in.text.trim());
                        if (m.matches()) {
                            directories.addAll(words(m.group(1)));
                        } else {
                            skipped.add(s + ": RUN " + firstLine(in.text));
                        }
                    }
                    default -> {
                        // ARG, LABEL, EXPOSE: nothing a process sees
                    }
                }
            }
        }
        if (entrypoint.isEmpty() && cmd.isEmpty()) {
            throw new IllegalStateException("stage '" + stage + "' of " + dockerfile + " runs nothing");
        }
        return new RuntimeImage(env, entrypoint, cmd, workdir, user, files, directories, skipped);
    }

    public Map<String, String> env() {
        return env;
    }

    public List<String> entrypoint() {
        return entrypoint;
    }

    public List<String> cmd() {
        return cmd;
    }

    public String workdir() {
        return workdir;
    }

    /** USER as {@code uid[:gid]}. */
    public String user() {
        return user;
    }

    public List<ImageFile> files() {
        return files;
    }

    public List<String> directories() {
        return directories;
    }

    public List<String> skippedRunSteps() {
        return skippedRunSteps;
    }

    /** The command a container runs: spec command replaces ENTRYPOINT (and drops CMD), spec args replace CMD. */
    public List<String> commandFor(List<String> specCommand, List<String> specArgs) {
        List<String> result = new ArrayList<>();
        boolean hasCommand = specCommand != null && !specCommand.isEmpty();
        result.addAll(hasCommand ? specCommand : entrypoint);
        if (specArgs != null && !specArgs.isEmpty()) {
            result.addAll(specArgs);
        } else if (!hasCommand) {
            result.addAll(cmd);
        }
        return result;
    }

    private static ImageFile copy(String text, Path repoRoot, String buildDir) {
        List<String> words = words(text);
        String from = option(words, "--from");
        List<String> paths = words.stream().filter(w -> !w.startsWith("--")).toList();
        if (!"build".equals(from) || paths.size() != 2) {
            throw new IllegalStateException("the simulated image only takes single COPY --from=build steps: " + text);
        }
        String source = paths.get(0);
        String workspace = "/workspace/";
        if (!source.startsWith(workspace)) {
            throw new IllegalStateException("COPY source outside the build workspace: " + text);
        }
        String relative = source.substring(workspace.length()).replace("/target/", "/" + buildDir + "/");
        Path host = repoRoot.resolve(relative).normalize();
        boolean directory = source.endsWith("/");
        if (directory ? !Files.isDirectory(host) : !Files.isRegularFile(host)) {
            throw new IllegalStateException("the image needs " + host + " (COPY " + source
                    + "); build it first: ./mvnw -pl distribution -am package -DskipTests");
        }
        String target = paths.get(1);
        if (target.endsWith("/") && !directory) {
            target = target + host.getFileName();
        }
        return new ImageFile(stripSlash(target), host, directory, option(words, "--chmod"));
    }

    private static String stripSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String option(List<String> words, String name) {
        return words.stream().filter(w -> w.startsWith(name + "=")).map(w -> w.substring(name.length() + 1))
                .findFirst().orElse(null);
    }

    private static Path writeHeredoc(Path scratch, String name, String content) {
        try {
            Files.createDirectories(scratch);
            return Files.writeString(scratch.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code ["a", "b"]} (exec form) or a shell string, which Docker runs as {@code /bin/sh -c}. */
    private static List<String> execForm(String text) {
        String t = text.trim();
        if (!t.startsWith("[")) {
            return List.of("/bin/sh", "-c", t);
        }
        List<String> result = new ArrayList<>();
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(t);
        while (m.find()) {
            result.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return result;
    }

    /** {@code ENV A="x y" B=z} (the legacy {@code ENV A x} form too). */
    static Map<String, String> envPairs(String text) {
        Map<String, String> result = new LinkedHashMap<>();
        List<String> words = words(text);
        if (words.size() >= 1 && !words.get(0).contains("=")) {
            result.put(words.get(0), String.join(" ", words.subList(1, words.size())));
            return result;
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            result.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return result;
    }

    /** Splits on blanks outside double quotes and drops the quotes. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == '\\' && i + 1 < text.length() && quoted) {
                word.append(text.charAt(++i));
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    words.add(word.toString());
                    word.setLength(0);
                    any = false;
                }
            } else {
                word.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(word.toString());
        }
        return words;
    }

    private static String firstLine(String text) {
        String t = text.trim();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl) + " …";
    }

    private record Instruction(String keyword, String text, String heredoc) {
    }

    /** Instructions with continuation lines joined and heredoc bodies attached; comments dropped. */
    private static List<Instruction> instructions(Path dockerfile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dockerfile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dockerfile, e);
        }
        List<Instruction> result = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            StringBuilder text = new StringBuilder(line.strip());
            while (text.toString().endsWith("\\") && i + 1 < lines.size()) {
                text.setLength(text.length() - 1);
                String next = lines.get(++i);
                if (!next.stripLeading().startsWith("#")) {
                    text.append(' ').append(next.strip());
                }
            }
            String joined = text.toString();
            int space = joined.indexOf(' ');
            String keyword = (space < 0 ? joined : joined.substring(0, space)).toUpperCase();
            String rest = space < 0 ? "" : joined.substring(space + 1);
            String heredoc = null;
            Matcher m = HEREDOC.matcher(rest);
            if (m.find()) {
                String end = m.group(1);
                StringBuilder body = new StringBuilder();
                while (++i < lines.size() && !lines.get(i).equals(end)) {
                    body.append(lines.get(i)).append('\n');
                }
                heredoc = body.toString();
                rest = (rest.substring(0, m.start()) + rest.substring(m.end())).trim();
            }
            result.add(new Instruction(keyword, rest, heredoc));
        }
        return result;
    }

    /** The image's numeric uid of USER, if it is numeric. */
    public Optional<Long> uid() {
        String u = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        return u.matches("\\d+") ? Optional.of(Long.parseLong(u)) : Optional.empty();
    }

    public Optional<Long> gid() {
        if (!user.contains(":")) {
            return Optional.empty();
        }
        String g = user.substring(user.indexOf(':') + 1);
        return g.matches("\\d+") ? Optional.of(Long.parseLong(g)) : Optional.empty();
    }
}
