package io.tuneline.cli.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackLayoutTest {

    @TempDir
    Path dir;

    @Test
    void findsTheRepositoryAboveTheLauncherJar() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("checkout"));
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        Files.createDirectories(repo.resolve("cli/target"));
        Files.writeString(repo.resolve("cli/pom.xml"), "<project/>");

        assertThat(StackLayout.findRepoRoot(repo.resolve("cli/target/tuneline-cli.jar"))).isEqualTo(repo);
    }

    @Test
    void findsTheRepositoryThisTestRunsIn() {
        Path root = StackLayout.findRepoRootOfLauncher();

        assertThat(root.resolve("cli/pom.xml")).isRegularFile();
        assertThat(root.resolve("contracts")).isDirectory();
    }

    @Test
    void explainsWhenThereIsNoRepository() {
        assertThatThrownBy(() -> StackLayout.findRepoRoot(dir))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("Cannot find the Tuneline repository");
    }

    @Test
    void keepsEverythingUnderTheDataDirectory() {
        StackLayout layout = StackLayout.forRepository(dir, null);

        assertThat(layout.dataDir()).isEqualTo(dir.resolve(".tuneline"));
        assertThat(layout.kafkaDir()).isEqualTo(dir.resolve(".tuneline/kafka"));
        assertThat(layout.s3Dir()).isEqualTo(dir.resolve(".tuneline/s3"));
        assertThat(layout.logFile("dataset-service")).isEqualTo(dir.resolve(".tuneline/logs/dataset-service.log"));
        assertThat(layout.display(layout.logFile("kafka"))).isEqualTo(".tuneline/logs/kafka.log");
        assertThat(StackLayout.forRepository(dir, dir.resolve("elsewhere")).s3Dir()).isEqualTo(dir.resolve("elsewhere/s3"));
    }

    @Test
    void showsPathsOutsideTheRepositoryInFull() {
        StackLayout layout = StackLayout.forRepository(dir.resolve("repo"), dir.resolve("data"));

        assertThat(layout.display(layout.logsDir())).isEqualTo(dir.resolve("data/logs").toString());
    }
}
