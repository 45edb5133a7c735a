package io.tuneline.template.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/** Settings of the template service ({@code tuneline.template.*}, each also from the environment). */
@ConfigMapping(prefix = "tuneline.template")
public interface TemplateConfig {

    Tokenizer tokenizer();

    /** The model's input limit in tokens; longer prompts get their data field shortened. */
    @WithDefault("512")
    int maxInputTokens();

    /** The seed of the phrasing choice and of mixture sampling when a request names none. */
    @WithDefault("42")
    long defaultSeed();

    AutoRender autoRender();

    /**
     * Dataset ids (globs: {@code *} any characters) whose data are support chats: their renders may use the
     * phrasings written for support chats; other dialogues get only the general ones.
     */
    @WithDefault("support-*")
    List<String> supportChatDatasets();

    /**
     * A render where more than this share of examples had their data field cut to fit says so loudly: in its
     * manifest and response ({@code truncationWarning}), in {@code PromptsRendered}, and as a WARN log line.
     */
    @WithDefault("0.2")
    double truncationWarningShare();

    interface Tokenizer {
        /** A local {@code tokenizer.json}; when absent, the one of {@link #model()} in the models bucket. */
        Optional<String> path();

        /** The base model whose {@code tokenizer.json} counts tokens ({@code models/<model>/tokenizer.json}). */
        @WithDefault("flan-t5-base")
        String model();
    }

    /** What a new dataset version (a {@code DatasetVersionCreated} event) is rendered with. */
    interface AutoRender {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("dialogue_summarization")
        String task();

        /** A subset of the task's templates; all of them when absent. */
        Optional<List<String>> templateIds();
    }
}
