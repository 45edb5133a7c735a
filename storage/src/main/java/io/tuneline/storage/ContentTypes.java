package io.tuneline.storage;

import java.nio.file.Path;
import java.util.Locale;

/** Content types of the files Tuneline moves to and from storage, guessed from the file name. */
public final class ContentTypes {

    public static final String OCTET_STREAM = "application/octet-stream";
    public static final String JSON = "application/json";
    public static final String JSON_LINES = "application/x-ndjson";
    public static final String CSV = "text/csv";
    public static final String TEXT = "text/plain";
    public static final String PNG = "image/png";

    private ContentTypes() {
    }

    public static String forFile(Path file) {
        return forName(file.getFileName().toString());
    }

    public static String forName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".json")) {
            return JSON;
        }
        if (lower.endsWith(".jsonl")) {
            return JSON_LINES;
        }
        if (lower.endsWith(".csv")) {
            return CSV;
        }
        if (lower.endsWith(".txt") || lower.endsWith(".md")) {
            return TEXT;
        }
        if (lower.endsWith(".png")) {
            return PNG;
        }
        return OCTET_STREAM;
    }
}
