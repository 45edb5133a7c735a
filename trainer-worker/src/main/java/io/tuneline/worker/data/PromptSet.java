package io.tuneline.worker.data;

import io.tuneline.model.train.Seq2SeqExample;
import java.util.List;
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
}
