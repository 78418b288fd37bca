package com.danubemessaging.connect.connectors.file;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads complete lines of a file from a byte position. A last line without its newline is left for a later read,
 * because the writer may still be in the middle of it.
 */
final class LineReader {
    private static final int BUFFER = 64 * 1024;

    /** One complete line, without its line terminator ({@code \n} or {@code \r\n}). */
    record Line(byte[] bytes, long start, long end) {
    }

    private LineReader() {
    }

    /**
     * @param from     byte position to start at (the start of a line)
     * @param maxLines the most lines to return, &gt; 0
     * @return up to {@code maxLines} complete lines; {@code end} of each is the position right after its newline
     */
    static List<Line> read(Path path, long from, int maxLines) throws IOException {
        List<Line> lines = new ArrayList<>(Math.min(maxLines, 1024));
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.position(from);
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel), BUFFER);
            ByteArrayOutputStream current = new ByteArrayOutputStream(256);
            long lineStart = from;
            long position = from;
            int b;
            while (lines.size() < maxLines && (b = in.read()) >= 0) {
                position++;
                if (b == '\n') {
                    byte[] bytes = current.toByteArray();
                    int length = bytes.length;
                    if (length > 0 && bytes[length - 1] == '\r') {
                        bytes = java.util.Arrays.copyOf(bytes, length - 1);
                    }
                    lines.add(new Line(bytes, lineStart, position));
                    current.reset();
                    lineStart = position;
                } else {
                    current.write(b);
                }
            }
        }
        return lines;
    }
}
