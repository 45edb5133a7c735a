package io.tuneline.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExactMatchTest {

    @Test
    void caseWhitespaceAndTrailingPunctuationDoNotMatter() {
        assertThat(ExactMatch.score("  Positive. ", List.of("positive"))).isEqualTo(1.0);
        assertThat(ExactMatch.score("four\n stars!", List.of("Four stars"))).isEqualTo(1.0);
        assertThat(ExactMatch.score("Charlie", List.of("The cat is called Charlie", "charlie."))).isEqualTo(1.0);
    }

    @Test
    void differentWordsOrInnerPunctuationDo() {
        assertThat(ExactMatch.score("negative", List.of("positive"))).isEqualTo(0.0);
        assertThat(ExactMatch.score("not positive", List.of("positive"))).isEqualTo(0.0);
        assertThat(ExactMatch.score("e-mail", List.of("email"))).isEqualTo(0.0);
        assertThat(ExactMatch.normalise("  Hello,   World?! ")).isEqualTo("hello, world");
    }
}
