package io.tuneline.dataset.version;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.contracts.dataset.SplitPolicy;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.model.Split;
import io.tuneline.dataset.split.SplitAssigner;
import io.tuneline.dataset.validation.ContentHashing;
import io.tuneline.dataset.validation.DedupeIndex;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * Builds the split files of a new version: the parent's examples first, each in the split it already had, then
 * every new example that is not a copy of one already there, in the split its hash decides. Storage-agnostic:
 * it writes to whatever {@link SplitWriter}s it is given.
 */
public final class VersionAssembler {

    /** What became of an offered example: {@code split} is set when it was added. */
    public record Offer(DedupeIndex.Verdict verdict, Split split) {

        public boolean added() {
            return verdict == DedupeIndex.Verdict.NEW;
        }
    }

    private static final ObjectMapper MAPPER = EventCodec.mapper();

    private final SplitAssigner assigner;
    private final Map<Split, SplitWriter> writers;
    private final DedupeIndex index;
    private final Map<Split, Long> added = new EnumMap<>(Split.class);

    public VersionAssembler(SplitPolicy policy, Map<Split, SplitWriter> writers) {
        this(policy, writers, new DedupeIndex());
    }

    /** Continues {@code index}, which already holds the parent's examples (the assembler extends it). */
    public VersionAssembler(SplitPolicy policy, Map<Split, SplitWriter> writers, DedupeIndex index) {
        this.assigner = new SplitAssigner(policy);
        this.index = index;
        this.writers = new EnumMap<>(writers);
        for (Split split : Split.values()) {
            if (!writers.containsKey(split)) {
                throw new IllegalArgumentException("no writer for split " + split.wireName());
            }
            added.put(split, 0L);
        }
    }

    public SplitPolicy policy() {
        return assigner.policy();
    }

    /** Copies one line of the parent's split file unchanged (so its bytes, and its split, stay as they were). */
    public void carryOver(Split split, byte[] jsonLine) {
        Example example = read(jsonLine);
        index.add(example.id(), ContentHashing.exactHash(example.input(), example.output()), example.contentHash());
        writers.get(split).write(jsonLine, example.input(), example.output());
    }

    /** Indexes one line of a parent segment and counts it in the split's totals, without writing it again. */
    public void indexParent(Split split, byte[] jsonLine) {
        Example example = read(jsonLine);
        index.add(example.id(), ContentHashing.exactHash(example.input(), example.output()), example.contentHash());
        writers.get(split).account(jsonLine, example.input(), example.output());
    }

    /** Everything the version holds so far, by id and content. */
    public DedupeIndex index() {
        return index;
    }

    public Offer offer(Example example) {
        return offer(example, assigner.assign(example));
    }

    /** Offers an example for a split chosen by the caller (an upload marked {@code split=test}). */
    public Offer offer(Example example, Split split) {
        byte[] exactHash = ContentHashing.exactHash(example.input(), example.output());
        DedupeIndex.Verdict verdict = index.check(example.id(), exactHash, example.contentHash());
        if (verdict != DedupeIndex.Verdict.NEW) {
            return new Offer(verdict, null);
        }
        index.add(example.id(), exactHash, example.contentHash());
        writers.get(split).write(write(example), example.input(), example.output());
        added.merge(split, 1L, Long::sum);
        return new Offer(verdict, split);
    }

    public long added(Split split) {
        return added.get(split);
    }

    public long addedTotal() {
        return added.values().stream().mapToLong(Long::longValue).sum();
    }

    public static byte[] write(Example example) {
        try {
            return MAPPER.writeValueAsBytes(example);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an example always serializes", e);
        }
    }

    public static Example read(byte[] jsonLine) {
        try {
            return MAPPER.readValue(jsonLine, Example.class);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored split file holds a line that is not an example", e);
        }
    }
}
