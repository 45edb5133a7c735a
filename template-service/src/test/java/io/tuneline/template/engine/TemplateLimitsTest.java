package io.tuneline.template.engine;

import io.tuneline.template.library.PromptTemplate;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loops are bounded by {@code range} ≤ 10,000 and an 8 MB output cap (the README's "Limits"). */
class TemplateLimitsTest {

    private final TemplateEngine engine = new TemplateEngine();

    private static PromptTemplate template(String jinja) {
        return new PromptTemplate("t", "task", "t", jinja, null, null, null, null);
    }

    @Test
    void rangeStopsAtTenThousandItems() throws RenderException {
        RenderedPrompt rendered = engine.render(template("{% for i in range(50000) %}x{% endfor %} ||| done"),
                Map.of());

        assertThat(rendered.prompt()).hasSize(10_000);
    }

    @Test
    void outputOverEightMegabytesIsARenderErrorNotAHugeString() {
        String kilobyte = "y".repeat(1024);
        // 10,000 × 1 KiB ≈ 10 MB: over the cap.
        assertThatThrownBy(() -> engine.render(template(
                "{% for i in range(10000) %}{{ text }}{% endfor %} ||| done"), Map.of("text", kilobyte)))
                .isInstanceOf(RenderException.class);
    }

    @Test
    void outputJustUnderTheCapRenders() throws RenderException {
        String kilobyte = "y".repeat(1024);
        // 7,000 × 1 KiB ≈ 7 MB: under the cap.
        RenderedPrompt rendered = engine.render(template(
                "{% for i in range(7000) %}{{ text }}{% endfor %} ||| done"), Map.of("text", kilobyte));

        assertThat(rendered.prompt()).hasSize(7000 * 1024);
    }
}
