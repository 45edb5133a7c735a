package io.tuneline.worker.data;

import io.tuneline.model.train.Seq2SeqExample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * A tokenized prompt file: its examples in file order and what truncation did to them.
 *
 * @param truncatedPrompts  prompts cut to the maximum source length
 * @param truncatedCompletions completions cut to the maximum target length
 */
public record PromptSet(String location, List<PromptExample> examples, int truncatedPrompts,
        int truncatedCompletions) {

    public List<Seq2SeqExample> tokens() {
        return examples.stream().map(PromptExample::tokens).toList();
    }

    public int size() {
        return examples.size();
    }

    /** Prompt plus completion tokens. */
    public long tokenCount() {
        return examples.stream().mapToLong(e -> e.tokens().inputIds().length + e.tokens().labels().length).sum();
    }

    /**
     * A checksum of every token id in order: a resumed run refuses data that changed since its checkpoint,
     * because the saved position in the data would then point at other examples.
     */
    public String fingerprint() {
        CRC32 crc = new CRC32();
        for (PromptExample example : examples) {
            for (long id : example.tokens().inputIds()) {
                crc.update((int) id);
            }
            crc.update(-1);
            for (long id : example.tokens().labels()) {
                crc.update((int) id);
            }
            crc.update(-2);
        }
        return size() + ":" + Long.toHexString(crc.getValue());
    }

    /**
     * This set with examples drawn from {@code pool} so that they make up {@code fraction} of the result (multi-task
     * fine-tuning: general tasks replayed against forgetting). The draw is seeded, so a resumed run sees the same
     * data; the pool's examples come after this set's, and the batcher shuffles. A pool smaller than needed is used
     * whole. Truncation counts include the drawn examples'.
     */
    public PromptSet mixedWith(PromptSet pool, double fraction, long seed) {
        if (fraction <= 0 || pool.size() == 0) {
            return this;
        }
        int wanted = (int) Math.round(size() * fraction / (1 - fraction));
        List<PromptExample> drawn = new ArrayList<>(pool.examples());
        Collections.shuffle(drawn, new Random(seed));
        drawn = drawn.subList(0, Math.min(wanted, drawn.size()));
        List<PromptExample> mixed = new ArrayList<>(examples);
        mixed.addAll(drawn);
        return new PromptSet(location + " + " + drawn.size() + " from " + pool.location(), List.copyOf(mixed),
                truncatedPrompts + pool.truncatedPrompts(), truncatedCompletions + pool.truncatedCompletions());
    }

    /** Several prompt files as one pool, in the given order. */
    public static PromptSet concat(List<PromptSet> sets) {
        List<PromptExample> all = new ArrayList<>();
        int prompts = 0;
        int completions = 0;
        for (PromptSet set : sets) {
            all.addAll(set.examples());
            prompts += set.truncatedPrompts();
            completions += set.truncatedCompletions();
        }
        return new PromptSet(String.join(", ", sets.stream().map(PromptSet::location).toList()), List.copyOf(all),
                prompts, completions);
    }
}
