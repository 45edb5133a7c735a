package io.tuneline.dataset.ingest;

import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The syntaxes an upload may use. {@code dialogsum} is JSON Lines read with the DialogSum field names. */
public enum UploadFormat {
    JSONL,
    CSV,
    DIALOGSUM;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<UploadFormat> ofWireName(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName().equalsIgnoreCase(name)).findFirst();
    }

    /** Without an explicit {@code format}, CSV content types mean CSV and everything else JSON Lines. */
    public static UploadFormat fromContentType(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/csv") ? CSV : JSONL;
    }

    public RowReader open(InputStream in, int maxRowBytes) {
        return this == CSV ? new CsvRowReader(in, maxRowBytes) : new JsonlRowReader(in, maxRowBytes);
    }
}
