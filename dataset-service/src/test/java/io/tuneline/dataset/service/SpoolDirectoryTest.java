package io.tuneline.dataset.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SpoolDirectoryTest {

    @TempDir
    Path root;

    @Test
    void leftoversOfDeadProcessesAreRemovedAndThoseOfLiveOnesKept() throws IOException {
        Path deadProcess = root.resolve(Long.toString(deadPid()));
        Path dead = Files.createDirectories(deadProcess.resolve("dataset-version-1"));
        Files.writeString(dead.resolve("train.jsonl"), "{}\n");
        Path notAProcess = Files.createDirectories(root.resolve("upload-report-stray"));
        SpoolDirectory spool = new SpoolDirectory(root);
        Path mine = spool.newDirectory("dataset-version-");
        Path report = spool.newFile("upload-report-", ".json");

        assertThat(spool.removeLeftovers()).containsExactlyInAnyOrder(deadProcess, notAProcess);

        assertThat(deadProcess).doesNotExist();
        assertThat(mine).isDirectory();
        assertThat(report).exists();
        assertThat(mine.getParent().getFileName().toString())
                .isEqualTo(Long.toString(ProcessHandle.current().pid()));
    }

    /** A pid no process has: above the kernel's largest pid_max. */
    private static long deadPid() {
        return 4_194_304L + 17;
    }
}
