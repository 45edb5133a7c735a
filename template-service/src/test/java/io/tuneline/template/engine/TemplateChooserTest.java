package io.tuneline.template.engine;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateChooserTest {

    private static final List<String> TEMPLATES = List.of("a", "b", "c", "d", "e", "f", "g", "h");

    @Property
    void sameSeedAndExampleAlwaysGiveTheSamePhrasing(@ForAll long seed, @ForAll String exampleId,
                                                     @ForAll @IntRange(min = 0, max = 5) int repetition) {
        String first = TemplateChooser.choose(TEMPLATES, seed, exampleId, repetition);
        assertThat(TemplateChooser.choose(TEMPLATES, seed, exampleId, repetition)).isEqualTo(first);
        assertThat(TEMPLATES).contains(first);
    }

    @Test
    void choicesAreRoughlyUniform() {
        int examples = 16_000;
        int[] counts = new int[TEMPLATES.size()];
        IntStream.range(0, examples)
                .forEach(i -> counts[TemplateChooser.index(TEMPLATES.size(), 42, "chat-" + i, 0)]++);

        double expected = (double) examples / TEMPLATES.size();
        double chiSquare = 0;
        for (int count : counts) {
            chiSquare += (count - expected) * (count - expected) / expected;
        }
        // 7 degrees of freedom: the 99.9th percentile of chi-square is 24.3.
        assertThat(chiSquare).isLessThan(24.3);
    }

    @Test
    void anotherSeedOrRepetitionReshufflesTheChoices() {
        long sameWithOtherSeed = IntStream.range(0, 1000).filter(i ->
                TemplateChooser.index(8, 1, "ex-" + i, 0) == TemplateChooser.index(8, 2, "ex-" + i, 0)).count();
        long sameOnRepetition = IntStream.range(0, 1000).filter(i ->
                TemplateChooser.index(8, 1, "ex-" + i, 0) == TemplateChooser.index(8, 1, "ex-" + i, 1)).count();

        // Independent choices agree about 1 time in 8.
        assertThat(sameWithOtherSeed).isBetween(70L, 190L);
        assertThat(sameOnRepetition).isBetween(70L, 190L);
    }
}
