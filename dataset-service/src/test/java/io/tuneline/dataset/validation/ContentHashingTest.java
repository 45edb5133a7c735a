package io.tuneline.dataset.validation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContentHashingTest {

    @Test
    void normalizationFoldsCompatibilityFormsWhitespaceAndCase() {
        assertThat(ContentHashing.normalize("  Ｈｅｌｌｏ\u00A0\tWORLD \n ﬁne ")).isEqualTo("hello world fine");
    }

    @Test
    void copiesThatDifferOnlyInFormattingShareTheContentHashButNotTheExactHash() {
        assertThat(ContentHashing.contentHash("Hi  there", "Bye")).isEqualTo(ContentHashing.contentHash("hi there ", "BYE"));
        assertThat(ContentHashing.exactHash("Hi  there", "Bye")).isNotEqualTo(ContentHashing.exactHash("hi there ", "BYE"));
    }

    @Test
    void inputAndOutputNeverRunIntoEachOther() {
        assertThat(ContentHashing.contentHash("ab", "c")).isNotEqualTo(ContentHashing.contentHash("a", "bc"));
        assertThat(ContentHashing.contentHash("a b", "c")).isNotEqualTo(ContentHashing.contentHash("a", "b c"));
    }
}
