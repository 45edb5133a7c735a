package io.tuneline.contracts.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How fast prompt lines are read: {@link PromptLine#parse} (typed, strict about types) against the tree walk the
 * trainer worker and the evaluation module did before ({@code readTree}, then the fields by name). Not a test: run
 * it by hand ({@code java -cp … io.tuneline.contracts.storage.PromptLineBenchmark [lines] [rounds]}) on a machine
 * whose load you note.
 */
public final class PromptLineBenchmark {

    private static final ObjectMapper TREE = new ObjectMapper();
    private static final String[] WORDS = {"order", "refund", "invoice", "router", "delivery", "password", "the",
            "customer", "agent", "asks", "about", "late", "parcel", "and", "resolves", "it"};

    private PromptLineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        List<String> lines = lines(count, new SplittableRandom(7));
        long bytes = lines.stream().mapToLong(String::length).sum();
        System.out.printf(Locale.ROOT, "%d lines, %.1f MB, %d cores, load %s%n", count, bytes / 1e6,
                Runtime.getRuntime().availableProcessors(), loadAverage());
        for (int round = 1; round <= rounds; round++) {
            long typed = time(() -> lines.forEach(line -> sink(PromptLine.parse(line).prompt())));
            long tree = time(() -> lines.forEach(line -> sink(treeWalk(line))));
            System.out.printf(Locale.ROOT, "round %d: PromptLine.parse %.0f ns/line (%.0f MB/s), readTree %.0f "
                            + "ns/line (%.0f MB/s)%n", round, (double) typed / count, bytes / (typed / 1e3),
                    (double) tree / count, bytes / (tree / 1e3));
        }
        System.out.println(sunk);
    }

    private static long sunk;

    private static void sink(String text) {
        sunk += text.length();
    }

    private static String treeWalk(String line) {
        try {
            JsonNode row = TREE.readTree(line);
            String id = row.hasNonNull("exampleId") ? row.get("exampleId").asText() : "line";
            return row.get("prompt").asText() + row.get("completion").asText().length() + id;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }

    /** Lines shaped like a rendered dialogue summary: a prompt of ~60 words, a completion of ~12. */
    private static List<String> lines(int count, SplittableRandom random) throws Exception {
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(TREE.writeValueAsString(new PromptLine("Dialogue:\n" + words(random, 60)
                    + "\n\nWhat is a summary of this dialogue?", words(random, 12), "dialogue_summarization",
                    "dsum-what-is-a-summary", "chat-" + i)));
        }
        return lines;
    }

    private static String words(SplittableRandom random, int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
