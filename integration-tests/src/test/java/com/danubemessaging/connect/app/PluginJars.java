package com.danubemessaging.connect.app;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles Java sources with the JDK's compiler and packs them into jars, as a connector author's build would. */
final class PluginJars {

    private PluginJars() {
    }

    /**
     * Compiles {@code sources} (file name relative to the source root, e.g. {@code com/example/A.java} → text)
     * against the test class path plus {@code extraClassPath}; returns the classes directory.
     */
    static Path compile(Path workDir, String name, Map<String, String> sources, Path... extraClassPath) {
        try {
            Path src = Files.createDirectories(workDir.resolve(name + "-src"));
            Path classes = Files.createDirectories(workDir.resolve(name + "-classes"));
            List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17", "-proc:none",
                    "-cp", classPath(extraClassPath)));
            for (Map.Entry<String, String> source : sources.entrySet()) {
                Path file = src.resolve(source.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.getValue());
                args.add(file.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                throw new IllegalStateException("no Java compiler: the tests need a JDK, not a JRE");
            }
            int rc = javac.run(null, null, null, args.toArray(String[]::new));
            if (rc != 0) {
                throw new AssertionError("javac failed (" + rc + ") for " + name);
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A jar of every file under each of {@code classDirs}, plus {@code extraEntries} (path → text). */
    static Path jar(Path jar, List<Path> classDirs, Map<String, String> extraEntries) {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (Path dir : classDirs) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
                        out.putNextEntry(new JarEntry(dir.relativize(path).toString().replace('\\', '/')));
                        out.write(Files.readAllBytes(path));
                        out.closeEntry();
                    }
                }
            }
            for (Map.Entry<String, String> entry : extraEntries.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String classPath(Path... extra) {
        StringBuilder cp = new StringBuilder(System.getProperty("java.class.path"));
        for (Path path : extra) {
            cp.append(java.io.File.pathSeparator).append(path);
        }
        return cp.toString();
    }
}
