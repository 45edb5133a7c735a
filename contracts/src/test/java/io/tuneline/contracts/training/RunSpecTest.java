package io.tuneline.contracts.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneline.contracts.training.RunSpec.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunSpecTest {

    private static RunSpec spec(String precision, Integer maxSteps, Double learningRate, Integer batchSize,
            String optimizer, Integer earlyStoppingPatience) {
        return new RunSpec("m", "s3://tuneline-models/flan-t5-small/", "train.jsonl", null, null, null, null, null,
                maxSteps, learningRate, null, null, batchSize, null, null, null, null, null, earlyStoppingPatience,
                null, null, optimizer, precision, null, null, null, null, null, null);
    }

    @Test
    void aMinimalSpecIsValidAndGetsTheFlanT5Defaults() {
        RunSpec spec = spec(null, null, null, null, null, null);
        assertThat(spec.validate()).isEmpty();
        RunSpec defaults = spec.withDefaults();
        assertThat(defaults.method()).isEqualTo("full");
        assertThat(defaults.optimizer()).isEqualTo("adamw");
        assertThat(defaults.precision()).isEqualTo("float32");
        assertThat(defaults.epochs()).isEqualTo(3);
        assertThat(defaults.learningRate()).isEqualTo(3e-4);
        assertThat(defaults.maxNonFiniteSteps()).isEqualTo(5);
    }

    @Test
    void everyBadFieldIsNamed() {
        List<FieldError> errors = spec(null, 0, -1.0, 0, "sgd", 2).validate();
        assertThat(errors).extracting(FieldError::field)
                .containsExactlyInAnyOrder("maxSteps", "learningRate", "batchSize", "optimizer",
                        "earlyStoppingPatience");
        assertThat(errors).filteredOn(e -> e.field().equals("optimizer")).singleElement()
                .extracting(FieldError::message).asString().contains("'sgd'");
        assertThat(new RunSpec(null, " ", null, null, null, "qlora", null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null).validate())
                .extracting(FieldError::field).containsExactlyInAnyOrder("baseModel", "train", "method");
    }

    @Test
    void float16IsRefusedForT5WithTheReasonAndBfloat16BecauseTheEngineCannotRunIt() {
        assertThat(spec("float16", null, null, null, null, null).validate()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("precision");
            assertThat(error.message()).contains("pre-trained in bfloat16").contains("overflow");
        });
        assertThat(spec("bfloat16", null, null, null, null, null).validate()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("precision");
            assertThat(error.message()).contains("DJL");
        });
        assertThat(spec("int8", null, null, null, null, null).validate()).extracting(FieldError::field)
                .containsExactly("precision");
    }

    @Test
    void aMixtureNeedsFilesAndAFractionUpToNinetyPercent() {
        RunSpec plain = spec(null, null, null, null, null, null).withDefaults();
        assertThat(plain.mixWith()).isEmpty();
        assertThat(plain.mixFraction()).isZero();
        assertThat(mixture(java.util.Arrays.asList("s3://tuneline-prompts/_general/mix.jsonl"), null).withDefaults()
                .mixFraction()).isEqualTo(0.3);
        assertThat(mixture(java.util.Arrays.asList("s3://tuneline-prompts/_general/mix.jsonl"), 0.3).validate()).isEmpty();
        assertThat(mixture(java.util.Arrays.asList("s3://a/b.jsonl", " ", null), 0.95).validate())
                .extracting(FieldError::field).containsExactlyInAnyOrder("mixFraction", "mixWith[1]", "mixWith[2]");
        assertThat(mixture(null, 0.2).validate()).extracting(FieldError::field).containsExactly("mixFraction");
        assertThat(mixture(List.of("s3://a/b.jsonl"), -0.1).validate()).extracting(FieldError::field)
                .containsExactly("mixFraction");
    }

    @Test
    void generalValidationNeedsTheChatsValidationFileAndAToleranceBetweenZeroAndOne() throws Exception {
        RunSpec plain = spec(null, null, null, null, null, null).withDefaults();
        assertThat(plain.validationMixWith()).isEmpty();
        assertThat(plain.watchesGeneralValidation()).isFalse();
        assertThat(plain.validationMixTolerance()).isEqualTo(RunSpec.DEFAULT_VALIDATION_MIX_TOLERANCE);

        RunSpec watched = watching("validation.jsonl", List.of("s3://tuneline-prompts/_general/validation.jsonl"), 0.1);
        assertThat(watched.validate()).isEmpty();
        assertThat(watched.withDefaults().watchesGeneralValidation()).isTrue();
        assertThat(watching(null, List.of("s3://a/v.jsonl"), null).validate()).extracting(FieldError::field)
                .containsExactly("validationMixWith");
        assertThat(watching("validation.jsonl", java.util.Arrays.asList("s3://a/v.jsonl", " "), 1.5).validate())
                .extracting(FieldError::field).containsExactlyInAnyOrder("validationMixWith[1]", "validationMixTolerance");
        assertThat(watching("validation.jsonl", List.of("s3://a/v.jsonl"), Double.NaN).validate())
                .extracting(FieldError::field).containsExactly("validationMixTolerance");

        // a posted spec: the JSON names are the fields' names, and a spec without them still reads
        com.fasterxml.jackson.databind.ObjectMapper json = io.tuneline.contracts.events.EventCodec.mapper();
        RunSpec read = json.readValue("{\"baseModel\":\"b\",\"train\":\"t\",\"validation\":\"v\","
                + "\"validationMixWith\":[\"s3://a/v.jsonl\"],\"validationMixTolerance\":0.08}", RunSpec.class);
        assertThat(read.validationMixWith()).containsExactly("s3://a/v.jsonl");
        assertThat(read.validationMixTolerance()).isEqualTo(0.08);
        assertThat(json.readValue("{\"baseModel\":\"b\",\"train\":\"t\"}", RunSpec.class).validationMixWith())
                .isNull();
    }

    private static RunSpec watching(String validation, List<String> files, Double tolerance) {
        return new RunSpec("m", "s3://tuneline-models/flan-t5-small/", "train.jsonl", validation, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, files, tolerance);
    }

    private static RunSpec mixture(List<String> mixWith, Double mixFraction) {
        return new RunSpec("m", "s3://tuneline-models/flan-t5-small/", "train.jsonl", null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, mixWith, mixFraction);
    }
}
