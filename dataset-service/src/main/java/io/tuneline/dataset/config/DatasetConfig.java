package io.tuneline.dataset.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.tuneline.contracts.dataset.SplitPolicy;
import io.tuneline.dataset.validation.ControlCharacterPolicy;
import io.tuneline.dataset.validation.ValidationLimits;

import java.time.Duration;
import java.util.Optional;

/** Settings of dataset-service ({@code tuneline.dataset.*}); every one can come from the environment. */
@ConfigMapping(prefix = "tuneline.dataset")
public interface DatasetConfig {

    Upload upload();

    Validation validation();

    SplitDefaults split();

    Stream stream();

    interface Upload {
        /** A physical row (JSONL line, CSV record) longer than this is rejected as too-long without being held. */
        @WithDefault("1048576")
        int maxRowBytes();

        /** How many rejections the upload response lists inline; the stored report lists all. */
        @WithDefault("100")
        int rejectionsInResponse();

        /** Where uploads spool temporary files (default: {@code <java.io.tmpdir>/tuneline-dataset-spool}). */
        Optional<String> spoolDir();
    }

    interface Validation {
        /** Longest accepted input (dialogue, prompt) in characters. */
        @WithDefault("50000")
        int maxInputChars();

        /** Longest accepted output (summary, completion) in characters. */
        @WithDefault("10000")
        int maxOutputChars();

        /** {@code reject} rows with control characters (NUL, BEL, ESC, …), or {@code strip} them. */
        @WithDefault("reject")
        ControlCharacterPolicy controlCharacters();

        default ValidationLimits limits() {
            return new ValidationLimits(maxInputChars(), maxOutputChars(), controlCharacters());
        }
    }

    /** The split policy of datasets created from now on; existing datasets keep the one of their first version. */
    interface SplitDefaults {
        @WithDefault("tuneline")
        String seed();

        @WithDefault("0.8")
        double train();

        @WithDefault("0.1")
        double validation();

        @WithDefault("0.1")
        double test();

        default SplitPolicy policy() {
            return SplitPolicy.ofRatios(seed(), train(), validation(), test());
        }
    }

    interface Stream {
        /** Consume {@code tuneline.support-chats} into a dataset. */
        @WithDefault("true")
        boolean enabled();

        /** The dataset that support chats grow. */
        @WithDefault("support-chats")
        String datasetId();

        /** Cut a version as soon as this many distinct chats are pending. */
        @WithDefault("1000")
        int cutEveryExamples();

        /** Cut whatever is pending at this interval (the scheduler's period). */
        @WithDefault("PT10M")
        Duration cutInterval();

        /** The chat attribute that groups related chats into one split (e.g. the customer), if any. */
        Optional<String> groupAttribute();
    }
}
