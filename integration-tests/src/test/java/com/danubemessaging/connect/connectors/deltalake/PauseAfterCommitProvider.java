package com.danubemessaging.connect.connectors.deltalake;

import com.danubemessaging.connect.api.ConnectorProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only: the production {@link DeltaLakeSink} with a {@link CommitObserver} that, after the
 * {@code PAUSE_AFTER_COMMITS}-th data commit, writes {@code PAUSE_MARKER} and blocks the runtime thread for good, so
 * that a test can SIGKILL the process exactly between a Delta commit and the acks of its records. Selected with
 * {@code --connector com.danubemessaging.connect.connectors.deltalake.PauseAfterCommitProvider}.
 */
public final class PauseAfterCommitProvider implements ConnectorProvider {

    @Override
    public String id() {
        return "test-sink-deltalake-pause-after-commit";
    }

    @Override
    public Object create() {
        int pauseAfter = Integer.parseInt(System.getenv("PAUSE_AFTER_COMMITS"));
        Path marker = Path.of(System.getenv("PAUSE_MARKER"));
        AtomicInteger commits = new AtomicInteger();
        return new DeltaLakeSink(System.getenv(), (table, version, rows) -> {
            if (commits.incrementAndGet() < pauseAfter) {
                return;
            }
            try {
                Files.writeString(marker, version + " " + rows);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // keep holding the acks back until the test kills the process
                }
            }
        });
    }
}
