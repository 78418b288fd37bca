package com.danubemessaging.connect.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
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

    /** Re-reads the token file whenever its modification time or size changes (e.g. a rotated Kubernetes token). */
    final class FileTokenSource implements TokenSource {
        private static final Logger LOG = LoggerFactory.getLogger(FileTokenSource.class);

        private final Path path;
        private FileTime lastModified;
        private long lastSize = -1;
        private String cached;

        FileTokenSource(Path path) {
            this.path = path;
        }

        @Override
        public synchronized String token() {
            try {
                FileTime modified = Files.getLastModifiedTime(path);
                long size = Files.size(path);
                if (cached == null || !modified.equals(lastModified) || size != lastSize) {
                    cached = Files.readString(path, StandardCharsets.UTF_8).trim();
                    lastModified = modified;
                    lastSize = size;
                }
            } catch (IOException e) {
                // Keep the last good token: a rotation in progress can briefly hide the file.
                LOG.warn("Cannot read Danube token file {}: {}", path, e.toString());
            }
            return cached;
        }
    }
}
