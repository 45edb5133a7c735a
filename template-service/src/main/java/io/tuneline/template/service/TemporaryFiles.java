package io.tuneline.template.service;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The local files a split is written to before it is uploaded. */
final class TemporaryFiles {

    private static final Logger LOG = Logger.getLogger(TemporaryFiles.class);

    private TemporaryFiles() {
    }

    static Path create(String prefix) throws IOException {
        return Files.createTempFile(prefix, ".jsonl");
    }

    /** A leftover temporary file is worth a warning, not a failed render. */
    static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warnf("Cannot delete the temporary file %s: %s", file, e.getMessage());
            }
        }
    }
}
