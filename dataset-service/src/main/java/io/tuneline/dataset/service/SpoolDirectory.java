package io.tuneline.dataset.service;

import io.quarkus.runtime.StartupEvent;
import io.tuneline.dataset.config.DatasetConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where uploads and version drafts spool their temporary files: {@code <spool-dir>/<pid>/}. A process that dies
 * mid-upload (killed, out of memory) leaves its files behind; the next start removes the directories of processes
 * that no longer run, and never those of a live one (several services or test JVMs may share a machine).
 */
@ApplicationScoped
public class SpoolDirectory {

    private static final Logger LOG = Logger.getLogger(SpoolDirectory.class);

    private final Path root;
    private final Path own;

    @Inject
    SpoolDirectory(DatasetConfig config) {
        this(config.upload().spoolDir().map(Paths::get)
                .orElse(Paths.get(System.getProperty("java.io.tmpdir"), "tuneline-dataset-spool")));
    }

    public SpoolDirectory(Path root) {
        this.root = root;
        this.own = root.resolve(Long.toString(ProcessHandle.current().pid()));
    }

    void onStart(@Observes StartupEvent start) {
        List<Path> removed = removeLeftovers();
        if (!removed.isEmpty()) {
            LOG.infof("Removed the temporary files of %d interrupted upload process(es) under %s", removed.size(),
                    root);
        }
    }

    /** Removes the spool directories of processes that are gone; returns them. */
    public List<Path> removeLeftovers() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            List<Path> stale = entries.filter(entry -> !isLive(entry.getFileName().toString())).toList();
            stale.forEach(SpoolDirectory::deleteTree);
            return stale;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /** A new private directory for one draft or upload. */
    public Path newDirectory(String prefix) {
        try {
            return Files.createTempDirectory(Files.createDirectories(own), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a spool directory under " + own, e);
        }
    }

    /** A new empty file for one upload's report. */
    public Path newFile(String prefix, String suffix) {
        try {
            return Files.createTempFile(Files.createDirectories(own), prefix, suffix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a spool file under " + own, e);
        }
    }

    private static boolean isLive(String name) {
        try {
            return ProcessHandle.of(Long.parseLong(name)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static void deleteTree(Path path) {
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("Cannot remove %s: %s", path, e.getMessage());
        }
    }
}
