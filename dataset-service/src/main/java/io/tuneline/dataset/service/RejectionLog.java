package io.tuneline.dataset.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.dataset.validation.Rejection;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The rejections of one upload, spooled to a temporary file (an upload of garbage may reject millions of rows),
 * with counts per code and the first few kept for the response.
 */
final class RejectionLog implements AutoCloseable {

    /** A rejection together with its payload, which the report leaves out but the dead letter carries. */
    record Entry(long row, String code, String reason, String exampleId, String payload) {

        Rejection rejection() {
            return new Rejection(row, code, reason, exampleId, payload);
        }
    }

    private static final ObjectMapper MAPPER = EventCodec.mapper();
    private static final ObjectReader ENTRY_READER = MAPPER.readerFor(Entry.class);

    private final Path file;
    private final BufferedWriter writer;
    private final int keptInline;
    private final List<Rejection> first = new ArrayList<>();
    private final Map<String, Long> countsByCode = new TreeMap<>();
    private long count;

    /**
     * @param file the spool file, from the {@link SpoolDirectory} (so a process that dies mid-upload leaves it where
     *             the next start removes it); emptied first, deleted on {@link #close}
     */
    RejectionLog(int keptInline, Path file) {
        this.keptInline = keptInline;
        this.file = file;
        try {
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the rejection spool", e);
        }
    }

    void add(Rejection rejection) {
        try {
            writer.write(MAPPER.writeValueAsString(new Entry(rejection.row(), rejection.code(), rejection.reason(),
                    rejection.exampleId(), rejection.payload())));
            writer.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool a rejection", e);
        }
        count++;
        countsByCode.merge(rejection.code(), 1L, Long::sum);
        if (first.size() < keptInline) {
            first.add(rejection);
        }
    }

    long count() {
        return count;
    }

    Map<String, Long> countsByCode() {
        return Map.copyOf(countsByCode);
    }

    List<Rejection> first() {
        return List.copyOf(first);
    }

    /** Replays every rejection in the order they were added. */
    void forEach(Consumer<Rejection> consumer) {
        try {
            writer.flush();
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    Entry entry = ENTRY_READER.readValue(line);
                    consumer.accept(entry.rejection());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rejection spool", e);
        }
    }

    @Override
    public void close() {
        try {
            writer.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the rejection spool", e);
        }
    }
}
