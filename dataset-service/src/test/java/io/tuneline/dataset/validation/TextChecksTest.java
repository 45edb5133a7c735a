package io.tuneline.dataset.validation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextChecksTest {

    @Test
    void unicodeWhitespaceAndInvisibleCharactersAreBlank() {
        assertThat(TextChecks.isBlank("\u00a0\u2003\u2007\u202f\u200b\u2060\ufeff \t\n")).isTrue();
        assertThat(TextChecks.isBlank("\u00a0x\u00a0")).isFalse();
        assertThat(TextChecks.isBlank("")).isTrue();
    }

    @Test
    void controlCharactersAreFoundAndStrippedButTabsAndNewlinesAreText() {
        assertThat(TextChecks.firstForbiddenControl("ok\tline\r\nnext")).isEqualTo(-1);
        assertThat(TextChecks.firstForbiddenControl("a\u0000b")).isEqualTo(1);
        assertThat(TextChecks.firstForbiddenControl("esc \u001b[0m")).isEqualTo(4);
        assertThat(TextChecks.firstForbiddenControl("del\u007f and c1 \u0085")).isEqualTo(3);
        assertThat(TextChecks.stripControls("a\u0007b\tc\u0000")).isEqualTo("ab\tc");
        assertThat(TextChecks.codePointName(0x1b)).isEqualTo("U+001B");
    }

    @Test
    void excerptsAreShortAndSayTheyWereCut() {
        assertThat(TextChecks.excerpt("short")).isEqualTo("short");
        String excerpt = TextChecks.excerpt("x".repeat(5_000_000));
        assertThat(excerpt).hasSizeLessThan(120).startsWith("x".repeat(80))
                .endsWith("… (truncated, 5000000 characters)");
        String emoji = "a".repeat(79) + "\uD83D\uDE00" + "b".repeat(10);
        assertThat(TextChecks.excerpt(emoji)).startsWith("a".repeat(79) + "…");
    }
}
