package io.tuneline.cli.stack;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * Where the local stack keeps its files: broker log, objects and process logs under one data directory
 * ({@code .tuneline/} at the repository root unless {@code --data-dir} says otherwise).
 */
public record StackLayout(Path repoRoot, Path dataDir) {

    public StackLayout {
        repoRoot = repoRoot.toAbsolutePath().normalize();
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** The layout for the repository this launcher was built from, with the default or the given data directory. */
    public static StackLayout forRepository(Path repoRoot, Path dataDirOrNull) {
        return new StackLayout(repoRoot, dataDirOrNull != null ? dataDirOrNull : repoRoot.resolve(".tuneline"));
    }

    /**
     * The repository root: the first directory above {@code start} that holds the parent pom and the cli module.
     * The launcher runs from {@code cli/target/tuneline-cli.jar} (or {@code cli/target/classes} in tests), so its
     * own location finds the repository whatever the current directory is.
     */
    public static Path findRepoRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("cli/pom.xml"))) {
                return dir;
            }
        }
        throw new StackException("Cannot find the Tuneline repository above " + start
                + ": run the launcher from a checkout (./tuneline up).");
    }

    /** The repository that holds the running launcher's code, else the one around the current directory. */
    public static Path findRepoRootOfLauncher() {
        CodeSource source = StackLayout.class.getProtectionDomain().getCodeSource();
        if (source != null) {
            try {
                return findRepoRoot(Path.of(source.getLocation().toURI()));
            } catch (URISyntaxException | StackException e) {
                // A launcher copied out of its checkout: the current directory is the next best guess.
            }
        }
        return findRepoRoot(Path.of(""));
    }

    public Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    public Path s3Dir() {
        return dataDir.resolve("s3");
    }

    public Path logsDir() {
        return dataDir.resolve("logs");
    }

    public Path logFile(String processName) {
        return logsDir().resolve(processName + ".log");
    }

    public Path lockFile() {
        return dataDir.resolve("up.lock");
    }

    /** A path as the user would type it from the repository root (shorter in tables and messages). */
    public String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(repoRoot) ? repoRoot.relativize(absolute).toString() : absolute.toString();
    }
}
