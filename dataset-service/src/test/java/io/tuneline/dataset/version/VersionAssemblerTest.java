package io.tuneline.dataset.version;

import io.tuneline.contracts.dataset.SplitPolicy;
import io.tuneline.contracts.dataset.SplitStatistics;
import io.tuneline.contracts.dataset.TextStatistics;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.model.Split;
import io.tuneline.dataset.validation.ContentHashing;
import io.tuneline.dataset.validation.DedupeIndex;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VersionAssemblerTest {

    private final Map<Split, ByteArrayOutputStream> files = new EnumMap<>(Split.class);
    private final Map<Split, SplitWriter> writers = new EnumMap<>(Split.class);

    VersionAssemblerTest() {
        for (Split split : Split.values()) {
            files.put(split, new ByteArrayOutputStream());
            writers.put(split, new SplitWriter(files.get(split)));
        }
    }

    @Test
    void keepsTheParentsLinesAndAddsOnlyWhatIsNew() {
        VersionAssembler assembler = new VersionAssembler(SplitPolicy.ofRatios("s", 0, 1, 0), writers);
        byte[] parentLine = VersionAssembler.write(example("p1", "Parent dialogue", "Parent summary"));
        assembler.carryOver(Split.TEST, parentLine);

        assertThat(assembler.offer(example("p1", "Parent dialogue", "Parent summary")).verdict())
                .isEqualTo(DedupeIndex.Verdict.SAME_EXAMPLE);
        assertThat(assembler.offer(example("n1", "parent   DIALOGUE", "parent summary")).verdict())
                .isEqualTo(DedupeIndex.Verdict.NORMALIZED_DUPLICATE);
        VersionAssembler.Offer added = assembler.offer(example("n2", "New one", "Fresh"));
        assertThat(added.added()).isTrue();
        assertThat(added.split()).isEqualTo(Split.VALIDATION);
        assertThat(assembler.offer(example("n2", "New one", "Fresh")).verdict())
                .isEqualTo(DedupeIndex.Verdict.SAME_EXAMPLE);
        writers.values().forEach(SplitWriter::close);

        assertThat(new String(files.get(Split.TEST).toByteArray(), StandardCharsets.UTF_8))
                .isEqualTo(new String(parentLine, StandardCharsets.UTF_8) + "\n");
        assertThat(assembler.added(Split.VALIDATION)).isEqualTo(1);
        assertThat(assembler.addedTotal()).isEqualTo(1);
        assertThat(writers.get(Split.TEST).examples()).isEqualTo(1);
        assertThat(writers.get(Split.TRAIN).examples()).isZero();
    }

    @Test
    void splitWritersKnowTheirChecksumSizeAndLengthStatistics() {
        VersionAssembler assembler = new VersionAssembler(SplitPolicy.ofRatios("s", 1, 0, 0), writers);
        for (int i = 1; i <= 20; i++) {
            assembler.offer(example("e" + i, "word ".repeat(i).strip(), "x".repeat(i)));
        }
        writers.values().forEach(SplitWriter::close);

        SplitWriter train = writers.get(Split.TRAIN);
        byte[] content = files.get(Split.TRAIN).toByteArray();
        assertThat(train.bytes()).isEqualTo(content.length);
        assertThat(train.sha256()).isEqualTo(HexFormat.of().formatHex(
                ContentHashing.newSha256().digest(content)));
        SplitStatistics statistics = train.statistics();
        assertThat(statistics.inputTokens()).isEqualTo(new TextStatistics(1, 10.5, 10, 19, 20));
        assertThat(statistics.outputChars()).isEqualTo(new TextStatistics(1, 10.5, 10, 19, 20));
        assertThat(statistics.inputChars().max()).isEqualTo(99);
        assertThat(writers.get(Split.TEST).statistics().inputChars()).isNull();
    }

    @Test
    void examplesRoundTripThroughTheirJsonLine() {
        Example example = new Example("t1", "in", "out", List.of("r1", "r2"), "topic", "g", "up-1",
                ContentHashing.contentHash("in", "out"));

        assertThat(VersionAssembler.read(VersionAssembler.write(example))).isEqualTo(example);
        assertThat(new String(VersionAssembler.write(example("x", "a", "b")), StandardCharsets.UTF_8))
                .doesNotContain("references").doesNotContain("group").doesNotContain("splitKey");
    }

    private static Example example(String id, String input, String output) {
        return new Example(id, input, output, null, null, null, "test", ContentHashing.contentHash(input, output));
    }
}
