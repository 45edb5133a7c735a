package io.tuneline.worker.data;

import io.tuneline.contracts.storage.MalformedPromptLineException;
import io.tuneline.contracts.storage.PromptLine;
import io.tuneline.model.tokenizer.T5Tokenizer;
import io.tuneline.model.train.Seq2SeqExample;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams a prompt/completion JSONL file (template-service's rendered lines, {@link PromptLine}s: {@code prompt},
 * {@code completion}, and optionally {@code exampleId}, {@code task}, {@code templateId}; any other field is
 * ignored) and tokenizes it in chunks, so only the token ids are kept in memory, never the whole text. Prompts longer than {@code maxSourceTokens} and
 * completions longer than {@code maxTargetTokens} are cut (keeping the closing {@code </s>}) and counted.
 */
public final class PromptFileReader {

    private static final int CHUNK_LINES = 256;

    private final T5Tokenizer tokenizer;
    private final int maxSourceTokens;
    private final int maxTargetTokens;
    private final long eosTokenId;

    public PromptFileReader(T5Tokenizer tokenizer, int maxSourceTokens, int maxTargetTokens, long eosTokenId) {
        this.tokenizer = tokenizer;
        this.maxSourceTokens = maxSourceTokens;
        this.maxTargetTokens = maxTargetTokens;
        this.eosTokenId = eosTokenId;
    }

    /**
     * Reads every line of {@code in} (closed by the caller). {@code location} only names the file in errors.
     *
     * @throws BadPromptFileException naming the line when a line is not a JSON object with a non-empty
     *                                {@code prompt} and {@code completion} (or a field has the wrong type), or
     *                                when the file holds no example
     */
    public PromptSet read(String location, InputStream in) {
        List<PromptExample> examples = new ArrayList<>();
        int[] truncated = new int[2];
        List<String> ids = new ArrayList<>();
        List<String> prompts = new ArrayList<>();
        List<String> completions = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                PromptLine row = parse(location, lineNumber, line);
                ids.add(row.exampleId() != null ? row.exampleId() : "line-" + lineNumber);
                prompts.add(requiredText(location, lineNumber, row.prompt(), "prompt"));
                completions.add(requiredText(location, lineNumber, row.completion(), "completion"));
                if (ids.size() == CHUNK_LINES) {
                    tokenize(ids, prompts, completions, examples, truncated);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + location, e);
        }
        tokenize(ids, prompts, completions, examples, truncated);
        if (examples.isEmpty()) {
            throw new BadPromptFileException(location + " holds no prompt/completion pair");
        }
        return new PromptSet(location, List.copyOf(examples), truncated[0], truncated[1]);
    }

    private void tokenize(List<String> ids, List<String> prompts, List<String> completions,
            List<PromptExample> examples, int[] truncated) {
        if (ids.isEmpty()) {
            return;
        }
        long[][] promptIds = tokenizer.encode(prompts);
        long[][] completionIds = tokenizer.encode(completions);
        for (int i = 0; i < ids.size(); i++) {
            long[] source = cut(promptIds[i], maxSourceTokens, truncated, 0);
            long[] target = cut(completionIds[i], maxTargetTokens, truncated, 1);
            examples.add(new PromptExample(ids.get(i), new Seq2SeqExample(source, target)));
        }
        ids.clear();
        prompts.clear();
        completions.clear();
    }

    /** The first {@code max - 1} tokens and {@code </s>}, as Hugging Face's truncation keeps the special token. */
    private long[] cut(long[] tokens, int max, int[] truncated, int counter) {
        if (tokens.length <= max) {
            return tokens;
        }
        truncated[counter]++;
        long[] cut = Arrays.copyOf(tokens, max);
        cut[max - 1] = eosTokenId;
        return cut;
    }

    private static PromptLine parse(String location, int lineNumber, String line) {
        try {
            return PromptLine.parse(line);
        } catch (MalformedPromptLineException e) {
            throw new BadPromptFileException(location + " line " + lineNumber + ": " + e.reason());
        }
    }

    private static String requiredText(String location, int lineNumber, String value, String field) {
        if (value == null || value.isBlank()) {
            throw new BadPromptFileException(location + " line " + lineNumber + ": '" + field
                    + "' is missing or empty");
        }
        return value;
    }
}
