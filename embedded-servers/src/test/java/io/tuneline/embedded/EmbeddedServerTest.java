package io.tuneline.embedded;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared lifecycle, on a server that only records what it was asked to do. */
class EmbeddedServerTest {

    /** Serves nothing; fails to start while {@code failStarts} is positive. */
    static final class RecordingServer extends EmbeddedServer<RecordingServer> {
        final List<String> calls = new ArrayList<>();
        int failStarts;

        RecordingServer(Path dataDir) {
            super("Recording server", dataDir, "recording-server-");
        }

        @Override
        protected void startServing(Path dataDir) {
            calls.add("start " + dataDir.getFileName());
            if (failStarts-- > 0) {
                throw new IllegalStateException("port taken");
            }
        }

        @Override
        protected void stopServing() {
            calls.add("stop");
        }

        @Override
        public int port() {
            return 4711;
        }

        @Override
        public String address() {
            return "here:4711";
        }
    }

    @Test
    void startIsIdempotentAndRestartStopsThenStartsOnTheSameData() {
        try (RecordingServer server = new RecordingServer(null)) {
            String dir = server.dataDir().getFileName().toString();
            server.start().start();
            server.restart();

            assertThat(server.calls).containsExactly("start " + dir, "stop", "start " + dir);
            assertThat(server.isRunning()).isTrue();
            assertThat(server.dataDir()).isDirectory();
        }
    }

    @Test
    void aFailedStartIsStoppedAgainAndNamesServerAndPort() {
        try (RecordingServer server = new RecordingServer(null)) {
            server.failStarts = 1;

            assertThatThrownBy(server::start)
                    .hasMessage("Recording server did not start on port 4711")
                    .hasRootCauseMessage("port taken");
            assertThat(server.isRunning()).isFalse();
            assertThat(server.calls).containsExactly("start " + server.dataDir().getFileName(), "stop");
            assertThat(server.start().isRunning()).isTrue();
        }
    }

    @Test
    void closeRemovesOnlyATemporaryDataDirectory() throws Exception {
        RecordingServer temporary = new RecordingServer(null).start();
        temporary.close();
        assertThat(temporary.dataDir()).doesNotExist();
        assertThat(temporary.calls).endsWith("stop");

        Path given = java.nio.file.Files.createTempDirectory("given-");
        try {
            RecordingServer kept = new RecordingServer(given).start();
            kept.close();
            assertThat(given).isDirectory();
        } finally {
            TempDirectories.deleteRecursively(given);
        }
    }
}
