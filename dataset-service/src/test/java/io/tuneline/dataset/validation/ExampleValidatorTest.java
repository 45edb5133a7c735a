package io.tuneline.dataset.validation;

import io.tuneline.dataset.model.Example;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExampleValidatorTest {

    private final ExampleValidator validator = new ExampleValidator(new ValidationLimits(20, 10));

    @Test
    void acceptsAValidRowAndBuildsTheCanonicalExample() {
        ExampleValidator.Outcome outcome = validator.validate(" t-1 ", "#P1#: Hi", "Greeting.",
                Arrays.asList("Greeting.", " ", null), "  small talk ", "", "up-1");

        assertThat(outcome.accepted()).isTrue();
        Example example = outcome.example();
        assertThat(example.id()).isEqualTo("t-1");
        assertThat(example.references()).containsExactly("Greeting.");
        assertThat(example.topic()).isEqualTo("small talk");
        assertThat(example.group()).isNull();
        assertThat(example.source()).isEqualTo("up-1");
        assertThat(example.contentHash()).isEqualTo(ContentHashing.contentHash("#P1#: Hi", "Greeting."));
    }

    @Test
    void derivesAnIdFromTheContentWhenThereIsNone() {
        Example example = validator.validate(null, "a", "b", List.of(), null, null, "up-1").example();

        assertThat(example.id()).isEqualTo("h-" + example.contentHash().substring(0, 16));
    }

    @Test
    void rejectsMissingEmptyAndOverlongTexts() {
        assertThat(validator.validate("1", null, "b", List.of(), null, null, "s").code())
                .isEqualTo(RejectionCode.MISSING_FIELD);
        assertThat(validator.validate("1", " \t\n", "b", List.of(), null, null, "s").code())
                .isEqualTo(RejectionCode.EMPTY_FIELD);
        assertThat(validator.validate("1", "a", "", List.of(), null, null, "s").code())
                .isEqualTo(RejectionCode.EMPTY_FIELD);
        ExampleValidator.Outcome tooLong = validator.validate("1", "a".repeat(21), "b", List.of(), null, null, "s");
        assertThat(tooLong.code()).isEqualTo(RejectionCode.TOO_LONG);
        assertThat(tooLong.reason()).isEqualTo("input has 21 characters, more than the limit of 20");
        assertThat(validator.validate("1", "a", "b".repeat(11), List.of(), null, null, "s").code())
                .isEqualTo(RejectionCode.TOO_LONG);
    }

    @Test
    void countsCharactersAsCodePoints() {
        String twentyEmoji = "😀".repeat(20);

        assertThat(validator.validate("1", twentyEmoji, "b", List.of(), null, null, "s").accepted()).isTrue();
    }

    @Test
    void unicodeWhitespaceIsEmptyToo() {
        assertThat(validator.validate("1", "a", "\u00a0\u2003\u200b", List.of(), null, null, "s").code())
                .isEqualTo(RejectionCode.EMPTY_FIELD);
        assertThat(validator.validate("1", "a", "b", List.of(), "\u00a0", null, "s").example().topic()).isNull();
    }

    @Test
    void controlCharactersAreRejectedNamingFieldAndCharacterUnlessStripped() {
        ExampleValidator.Outcome rejected = validator.validate("1", "a\u0000b", "c", List.of(), null, null, "s");
        assertThat(rejected.code()).isEqualTo(RejectionCode.CONTROL_CHARACTER);
        assertThat(rejected.reason()).startsWith("input holds the control character U+0000 at character 2");
        assertThat(validator.validate("1", "a\tb\nc", "d", List.of(), null, null, "s").accepted()).isTrue();

        ExampleValidator stripping = new ExampleValidator(new ValidationLimits(20, 10, ControlCharacterPolicy.STRIP));
        assertThat(stripping.validate("1", "a\u0007b", "c\u001b", List.of(), null, null, "s").example())
                .satisfies(e -> {
                    assertThat(e.input()).isEqualTo("ab");
                    assertThat(e.output()).isEqualTo("c");
                });
    }

    @Test
    void keepsEveryTopicOfARowWithSeveral() {
        assertThat(validator.validate("1", "a", "b", List.of(), "x", List.of("x", " ", "y"), null, "s").example()
                .topics()).containsExactly("x", "y");
    }
}
