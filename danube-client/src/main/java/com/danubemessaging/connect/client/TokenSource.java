package com.danubemessaging.connect.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Supplies the JWT sent as {@code authorization: Bearer <token>}; null means "send no token". */
interface TokenSource {

    String token();

    static TokenSource fixed(String token) {
        return () -> token;
    }

    static TokenSource file(Path path) {
        return new FileTokenSource(path);
    }

    /**
     * Re-reads the token file whenever the file it resolves to, its modification time or its size changes. A
     * Kubernetes Secret volume rotates by writing the new files into a fresh directory and swapping the {@code ..data}
     * symlink, so the path then resolves to another inode even when size and time happen to match.
     */
    final class FileTokenSource implements TokenSource {
        private static final Logger LOG = LoggerFactory.getLogger(FileTokenSource.class);

        private final Path path;
        private FileTime lastModified;
        private long lastSize = -1;
        private Object lastFileKey;
        private String cached;

        FileTokenSource(Path path) {
            this.path = path;
        }

        @Override
        public synchronized String token() {
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                FileTime modified = attributes.lastModifiedTime();
                long size = attributes.size();
                Object fileKey = attributes.fileKey();
                if (cached == null || !modified.equals(lastModified) || size != lastSize
                        || !Objects.equals(fileKey, lastFileKey)) {
                    cached = Files.readString(path, StandardCharsets.UTF_8).trim();
                    lastModified = modified;
                    lastSize = size;
                    lastFileKey = fileKey;
                }
            } catch (IOException e) {
                // Keep the last good token: a rotation in progress can briefly hide the file.
                LOG.warn("Cannot read Danube token file {}: {}", path, e.toString());
            }
            return cached;
        }
    }
}
