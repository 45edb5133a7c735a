package io.tuneline.dataset.split;

import io.tuneline.contracts.dataset.SplitPolicy;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.model.Split;
import io.tuneline.dataset.validation.ContentHashing;
import io.tuneline.dataset.version.SplitWriter;
import io.tuneline.dataset.version.VersionAssembler;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/**
 * A dataset grows version by version; no example may ever move to another split (a test example leaking into a
 * later training set is exactly this), rows of one group always share a split, and large datasets follow the ratios.
 */
class SplitStabilityPropertyTest {

    @Property(tries = 60)
    void noExampleEverChangesSplitAsTheDatasetGrows(@ForAll("policies") SplitPolicy policy,
                                                    @ForAll @Size(min = 1, max = 6) List<@Size(max = 40) List<@From("examples") Example>> growth) {
        Map<Split, byte[]> files = emptyFiles();
        Map<String, Split> splitOfId = new HashMap<>();
        Map<String, Split> splitOfGroup = new HashMap<>();

        for (List<Example> batch : growth) {
            files = nextVersion(policy, files, batch);
            Map<String, Split> current = splitsById(files);
            splitOfId.forEach((id, split) -> assertThat(current.get(id)).as("split of %s", id).isEqualTo(split));
            for (Map.Entry<Split, byte[]> file : files.entrySet()) {
                for (Example example : examples(file.getValue())) {
                    if (example.group() != null) {
                        Split earlier = splitOfGroup.putIfAbsent(example.group(), file.getKey());
                        assertThat(earlier == null ? file.getKey() : earlier).as("group %s", example.group())
                                .isEqualTo(file.getKey());
                    }
                }
            }
            splitOfId.putAll(current);
        }
    }

    @Property(tries = 8)
    void largeDatasetsFollowTheRatios(@ForAll("policies") SplitPolicy policy,
                                      @ForAll @IntRange(min = 0, max = 1_000_000) int idOffset) {
        int n = 20_000;
        SplitAssigner assigner = new SplitAssigner(policy);
        Map<Split, Integer> counts = new EnumMap<>(Split.class);
        for (int i = 0; i < n; i++) {
            counts.merge(assigner.assign("id:" + (idOffset + i)), 1, Integer::sum);
        }

        double tolerance = 0.015;
        assertThat(counts.getOrDefault(Split.TRAIN, 0) / (double) n).isCloseTo(policy.trainRatio(),
                offset(tolerance));
        assertThat(counts.getOrDefault(Split.VALIDATION, 0) / (double) n).isCloseTo(policy.validationRatio(),
                offset(tolerance));
        assertThat(counts.getOrDefault(Split.TEST, 0) / (double) n).isCloseTo(policy.testRatio(),
                offset(tolerance));
    }

    @Provide
    Arbitrary<SplitPolicy> policies() {
        Arbitrary<String> seeds = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12);
        Arbitrary<Integer> train = Arbitraries.integers().between(0, 10_000);
        return Combinators.combine(seeds, train, Arbitraries.integers().between(0, 10_000))
                .as((seed, t, v) -> new SplitPolicy(seed, t, Math.min(v, 10_000 - t)));
    }

    @Provide
    Arbitrary<Example> examples() {
        Arbitrary<String> ids = Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(6);
        Arbitrary<String> texts = Arbitraries.strings().withChars("ab Xy\t").ofMinLength(1).ofMaxLength(8)
                .filter(s -> !s.isBlank());
        Arbitrary<String> groups = Arbitraries.of("acme", "globex", "initech").injectNull(0.6);
        return Combinators.combine(ids, texts, texts, groups).as((id, input, output, group) ->
                new Example(id, input, output, null, null, group, "prop", ContentHashing.contentHash(input, output)));
    }

    private static Map<Split, byte[]> nextVersion(SplitPolicy policy, Map<Split, byte[]> parent, List<Example> batch) {
        Map<Split, ByteArrayOutputStream> buffers = new EnumMap<>(Split.class);
        Map<Split, SplitWriter> writers = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            buffers.put(split, new ByteArrayOutputStream());
            writers.put(split, new SplitWriter(buffers.get(split)));
        }
        VersionAssembler assembler = new VersionAssembler(policy, writers);
        parent.forEach((split, bytes) -> lines(bytes).forEach(line -> assembler.carryOver(split, line)));
        batch.forEach(assembler::offer);
        writers.values().forEach(SplitWriter::close);
        Map<Split, byte[]> files = new EnumMap<>(Split.class);
        buffers.forEach((split, buffer) -> files.put(split, buffer.toByteArray()));
        return files;
    }

    private static Map<String, Split> splitsById(Map<Split, byte[]> files) {
        Map<String, Split> splits = new HashMap<>();
        files.forEach((split, bytes) -> examples(bytes).forEach(example ->
                assertThat(splits.put(example.id(), split)).as("%s stored once", example.id()).isNull()));
        return splits;
    }

    private static List<Example> examples(byte[] file) {
        return lines(file).stream().map(VersionAssembler::read).toList();
    }

    private static List<byte[]> lines(byte[] file) {
        String text = new String(file, StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of()
                : text.lines().map(line -> line.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static Map<Split, byte[]> emptyFiles() {
        Map<Split, byte[]> files = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            files.put(split, new byte[0]);
        }
        return files;
    }
}
