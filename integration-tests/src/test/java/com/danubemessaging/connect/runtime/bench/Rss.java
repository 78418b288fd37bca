package com.danubemessaging.connect.runtime.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** VmRSS from /proc, in KiB (Linux). */
public final class Rss {
    private Rss() {
    }

    public static long ofPid(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
