package io.tuneline.worker.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A run's output in a local folder; folders are staged next to their final place and renamed into it. */
public final class LocalRunOutput implements RunOutput {

    private final Path root;

    public LocalRunOutput(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output folder " + this.root, e);
        }
    }

    @Override
    public String location(String name) {
        Path path = root.resolve(name);
        return Files.isDirectory(path) || !name.contains(".") ? path + "/" : path.toString();
    }

    @Override
    public Path stagingFolder(String name) {
        return emptyFolder(staging(name));
    }

    @Override
    public void publishFolder(String name) {
        Path target = root.resolve(name);
        // Move the old one aside first: a rename cannot replace a non-empty folder.
        Path old = root.resolve("." + name + ".old");
        try {
            deleteRecursively(old);
            if (Files.exists(target)) {
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging(name), target, StandardCopyOption.ATOMIC_MOVE);
            deleteRecursively(old);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + target, e);
        }
    }

    @Override
    public void writeFile(String name, byte[] content) {
        Path target = root.resolve(name);
        Path temporary = root.resolve("." + name + ".partial");
        try {
            Files.write(temporary, content);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    @Override
    public Optional<byte[]> readFile(String name) {
        try {
            return Optional.of(Files.readAllBytes(root.resolve(name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root.resolve(name), e);
        }
    }

    @Override
    public List<String> checkpointFolders() {
        try (Stream<Path> children = Files.list(root)) {
            return children.map(path -> path.getFileName().toString())
                    .filter(name -> RunFolderNames.stepOf(name) >= 0)
                    .filter(name -> Files.exists(root.resolve(name).resolve(RunFolderNames.TRAINER_STATE)
                            .resolve(RunFolderNames.STATE_JSON)))
                    .sorted(Comparator.comparingLong(RunFolderNames::stepOf))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /**
     * A copy in {@code .resume/}: the run keeps reading from the folder it loaded (the model's tokenizer.json is
     * copied into every later checkpoint), and retention may delete the original.
     */
    @Override
    public Path localCopy(String name) {
        Path copy = root.resolve(".resume").resolve(name);
        deleteRecursively(copy);
        Path source = root.resolve(name);
        try (Stream<Path> walk = Files.walk(source)) {
            Files.createDirectories(copy.getParent());
            for (Path each : walk.toList()) {
                Files.copy(each, copy.resolve(source.relativize(each).toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source, e);
        }
        return copy;
    }

    @Override
    public void deleteFolder(String name) {
        deleteRecursively(root.resolve(name));
    }

    private Path staging(String name) {
        return root.resolve("." + name + ".partial");
    }

    /** {@code folder}, created empty (anything an earlier attempt left there is deleted). */
    static Path emptyFolder(Path folder) {
        deleteRecursively(folder);
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
    }

    static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }
}
