package io.tuneline.template.testing;

import io.tuneline.template.config.TemplateConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@link TemplateConfig} for tests without Quarkus: the defaults of {@code application.properties}, the module's
 * test {@code tokenizer.json}, and setters for what a test varies.
 */
public final class TestTemplateConfig implements TemplateConfig {

    /** The small T5 tokenizer the module's tests count tokens with. */
    public static final Path TOKENIZER = Path.of("src/test/resources/tokenizer.json").toAbsolutePath();

    private Path tokenizerPath = TOKENIZER;
    private int maxInputTokens = 512;
    private long defaultSeed = 42;
    private List<String> supportChatDatasets = List.of("support-*");
    private double truncationWarningShare = 0.2;

    public TestTemplateConfig tokenizerPath(Path path) {
        this.tokenizerPath = path;
        return this;
    }

    public TestTemplateConfig maxInputTokens(int tokens) {
        this.maxInputTokens = tokens;
        return this;
    }

    public TestTemplateConfig truncationWarningShare(double share) {
        this.truncationWarningShare = share;
        return this;
    }

    @Override
    public Tokenizer tokenizer() {
        return new Tokenizer() {
            @Override
            public Optional<String> path() {
                return Optional.of(tokenizerPath.toString());
            }

            @Override
            public String model() {
                return "flan-t5-base";
            }
        };
    }

    @Override
    public int maxInputTokens() {
        return maxInputTokens;
    }

    @Override
    public long defaultSeed() {
        return defaultSeed;
    }

    @Override
    public List<String> supportChatDatasets() {
        return supportChatDatasets;
    }

    @Override
    public double truncationWarningShare() {
        return truncationWarningShare;
    }

    @Override
    public AutoRender autoRender() {
        return new AutoRender() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public String task() {
                return "dialogue_summarization";
            }

            @Override
            public Optional<List<String>> templateIds() {
                return Optional.empty();
            }
        };
    }
}
