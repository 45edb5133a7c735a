package io.tuneline.cli.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataDirLockTest {

    @TempDir
    Path dir;

    @Test
    void onlyOneLauncherPerDataDirectory() {
        Path lockFile = dir.resolve(".tuneline/up.lock");
        try (DataDirLock first = DataDirLock.acquire(lockFile)) {
            assertThat(lockFile).hasContent(Long.toString(ProcessHandle.current().pid()));
            assertThatThrownBy(() -> DataDirLock.acquire(lockFile))
                    .isInstanceOf(StackException.class)
                    .hasMessageContaining("Another ./tuneline up is running")
                    .hasMessageContaining("--data-dir");
        }
        DataDirLock.acquire(lockFile).close();
    }
}
