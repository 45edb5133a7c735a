package io.tuneline.corpus.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RougeLTest {

    @Test
    void scoresTheLongestCommonSubsequence() {
        assertThat(RougeL.f1("The agent refunds 20 euros.", "the agent refunds 20 euros")).isEqualTo(1.0);
        // LCS "the agent euros" = 3 of 5 predicted and 3 of 4 reference tokens.
        assertThat(RougeL.f1("the agent sends euros today", "the agent returns euros")).isCloseTo(
                2 * 0.6 * 0.75 / 1.35, within(1e-9));
        assertThat(RougeL.f1("nothing shared", "the agent")).isZero();
        assertThat(RougeL.f1("", "the agent")).isZero();
    }

    @Test
    void labelsScoreByExactMatchIgnoringCaseAndSpaces() {
        assertThat(QualityCheck.score("exact-match", " Positive ", "positive")).isEqualTo(1.0);
        assertThat(QualityCheck.score("exact-match", "4", "5")).isZero();
        assertThat(QualityCheck.score("rouge", "Luigi's on Friday", "dinner at Luigi's on Friday"))
                .isGreaterThan(0.5);
    }
}
