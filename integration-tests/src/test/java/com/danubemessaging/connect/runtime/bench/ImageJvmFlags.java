package com.danubemessaging.connect.runtime.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM flags the runtime image starts the runtime with, read from the Dockerfile itself so a benchmark cannot
 * drift from the image: {@code JAVA_DEFAULT_OPTS} as the {@code runtime} stage sees it (its own ENV if it has one,
 * else the one of {@code jre-base} it is built on). The operator adds nothing unless a CR sets {@code jvmOptions}
 * (then {@code JAVA_OPTS}, after these).
 */
public final class ImageJvmFlags {
    private static final Pattern STAGE = Pattern.compile("(?m)^FROM\\s+\\S+\\s+AS\\s+(\\S+)\\s*$");
    private static final Pattern DEFAULT_OPTS = Pattern.compile("JAVA_DEFAULT_OPTS=\"([^\"]*)\"");
    private static final Pattern MALLOC_ARENA_MAX = Pattern.compile("MALLOC_ARENA_MAX=(\\d+)");

    private ImageJvmFlags() {
    }

    public static List<String> runtimeImage(Path dockerfile) throws IOException {
        String text = Files.readString(dockerfile);
        String runtime = stage(text, "runtime");
        String base = stage(text, "jre-base");
        for (String stage : List.of(runtime, base)) {
            Matcher m = DEFAULT_OPTS.matcher(stage);
            String value = null;
            while (m.find()) {
                value = m.group(1);
            }
            if (value != null) {
                return Arrays.stream(value.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
            }
        }
        throw new IllegalStateException("no JAVA_DEFAULT_OPTS=\"…\" in the runtime or jre-base stage of "
                + dockerfile);
    }

    /** The glibc setting the image gives the JVM ({@code MALLOC_ARENA_MAX}), if it sets one. */
    public static java.util.Map<String, String> runtimeImageEnvironment(Path dockerfile) throws IOException {
        String text = Files.readString(dockerfile);
        for (String stage : List.of(stage(text, "runtime"), stage(text, "jre-base"))) {
            Matcher m = MALLOC_ARENA_MAX.matcher(stage);
            if (m.find()) {
                return java.util.Map.of("MALLOC_ARENA_MAX", m.group(1));
            }
        }
        return java.util.Map.of();
    }

    private static String stage(String dockerfile, String name) {
        Matcher m = STAGE.matcher(dockerfile);
        int start = -1;
        while (m.find()) {
            if (start >= 0) {
                return dockerfile.substring(start, m.start());
            }
            if (m.group(1).equals(name)) {
                start = m.end();
            }
        }
        if (start < 0) {
            throw new IllegalStateException("no stage '" + name + "' in the Dockerfile");
        }
        return dockerfile.substring(start);
    }
}
