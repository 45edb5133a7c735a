package io.tuneline.template.engine;

import io.tuneline.template.library.PromptTemplate;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateEngineTest {

    private final TemplateEngine engine = new TemplateEngine();

    private static PromptTemplate template(String jinja, String answerChoices) {
        return new PromptTemplate("t", "task", "t", jinja, answerChoices, null, null, null);
    }

    @Test
    void rendersPromptAndTargetAroundTheSeparator() throws RenderException {
        RenderedPrompt rendered = engine.render(template("Summarize:\n{{ dialogue }}\n|||\n{{ summary }}\n", null),
                Map.of("dialogue", "A: hi\nB: hello", "summary", "They greet."));

        assertThat(rendered.prompt()).isEqualTo("Summarize:\nA: hi\nB: hello");
        assertThat(rendered.completion()).isEqualTo("They greet.");
    }

    @Test
    void jinjaSyntaxInsideTheDataIsKeptVerbatim() throws RenderException {
        RenderedPrompt rendered = engine.render(template("Summarize: {{ dialogue }} ||| {{ summary }}", null),
                Map.of("dialogue", "A: try {{ 1 + 1 }} or {% if true %}x{% endif %}", "summary", "s"));

        assertThat(rendered.prompt()).isEqualTo("Summarize: A: try {{ 1 + 1 }} or {% if true %}x{% endif %}");
    }

    @Test
    void answerChoicesBecomeAListVariableAsInPromptsource() throws RenderException {
        RenderedPrompt rendered = engine.render(
                template("{{ content }} Options: {{ answer_choices | join(' or ') }} ||| {{ answer_choices[label] }}",
                        "Negative ||| Positive"), Map.of("content", "Great!", "label", 1L));

        assertThat(rendered.prompt()).isEqualTo("Great! Options: Negative or Positive");
        assertThat(rendered.completion()).isEqualTo("Positive");
    }

    @Test
    void answerChoicesAreThemselvesTemplates() throws RenderException {
        RenderedPrompt rendered = engine.render(template("Pick one. ||| {{ answer_choices[0] }}",
                "{{ options | join(' ||| ') }}"), Map.of("options", List.of("red", "blue")));

        assertThat(rendered.completion()).isEqualTo("red");
    }

    @Test
    void anEmptyTargetIsNotAnExample() {
        Map<String, Object> noSummary = new java.util.HashMap<>();
        noSummary.put("dialogue", "A: hi");
        noSummary.put("summary", null);
        assertThatThrownBy(() -> engine.render(template("{{ dialogue }} ||| {{ summary }}", null), noSummary))
                .isInstanceOf(RenderException.class)
                .satisfies(e -> assertThat(((RenderException) e).reason()).isEqualTo(RenderException.EMPTY_TARGET));
    }

    @Test
    void acceptsAValidTemplateWithOptionalFieldsAndLoops() {
        assertThat(engine.validate("""
                {% if topic %}About {{ topic | lower }}.{% endif %}
                {% for line in dialogue.split('\\n') %}{{ loop.index }}: {{ line }}
                {% endfor %}|||{{ summary }}""", null, Tasks.DIALOGUE)).isEmpty();
    }

    @Test
    void reportsASyntaxErrorWithItsLineAndColumn() {
        List<TemplateProblem> problems = engine.validate("Summarize:\n{{ dialogue | }}\n|||{{ summary }}", null,
                Tasks.DIALOGUE);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo(TemplateProblem.SYNTAX);
            assertThat(problem.line()).isEqualTo(2);
            assertThat(problem.column()).isNotNull().isPositive();
            assertThat(problem.part()).isEqualTo("jinja");
        });
    }

    @Test
    void reportsAnUnclosedBlockWithItsLine() {
        List<TemplateProblem> problems = engine.validate("Summarize:\n\n{% if topic %}{{ topic }}\n|||{{ summary }}",
                null, Tasks.DIALOGUE);

        assertThat(problems).extracting(TemplateProblem::code).contains(TemplateProblem.SYNTAX);
        assertThat(problems).filteredOn(p -> p.code().equals(TemplateProblem.SYNTAX))
                .first().extracting(TemplateProblem::line).isEqualTo(3);
    }

    @Test
    void putsSyntaxErrorsFirst() {
        assertThat(engine.validate("Sum {% if topic %}{{ topic }}\n{{ dialog }} ||| {{ summary }}", null,
                Tasks.DIALOGUE)).extracting(TemplateProblem::code)
                .containsExactly(TemplateProblem.SYNTAX, TemplateProblem.UNKNOWN_FIELD);
    }

    @Test
    void namesEveryUnknownFieldAndWhereItIs() {
        List<TemplateProblem> problems = engine.validate(
                "Summarize:\n  {{ dialog }}\n"
                        + "{% if topic %}{{ topic }}{% else %}{{ speakers }}{% endif %}|||{{ summary }}",
                null, Tasks.DIALOGUE);

        assertThat(problems).extracting(TemplateProblem::code).containsOnly(TemplateProblem.UNKNOWN_FIELD);
        assertThat(problems).extracting(TemplateProblem::field).containsExactly("dialog", "speakers");
        assertThat(problems.get(0).line()).isEqualTo(2);
        assertThat(problems.get(0).column()).isEqualTo(6);
        assertThat(problems.get(1).line()).isEqualTo(3);
        assertThat(problems.get(1).column()).isEqualTo(39);
    }

    @Test
    void checksFieldsInsideLoopsThatWouldNeverRunOnTheSample() {
        assertThat(engine.validate("{% for x in [] %}{{ nowhere }}{% endfor %}{{ dialogue }}|||{{ summary }}", null,
                Tasks.DIALOGUE)).extracting(TemplateProblem::field).containsExactly("nowhere");
    }

    @Test
    void reportsUnknownFilters() {
        assertThat(engine.validate("{{ dialogue | shout }}|||{{ summary }}", null, Tasks.DIALOGUE))
                .singleElement().satisfies(problem -> {
                    assertThat(problem.code()).isEqualTo(TemplateProblem.UNKNOWN_FILTER);
                    assertThat(problem.field()).isEqualTo("shout");
                    assertThat(problem.column()).isEqualTo(15);
                });
    }

    @Test
    void requiresTheSeparatorOnce() {
        assertThat(engine.validate("Summarize: {{ dialogue }} {{ summary }}", null, Tasks.DIALOGUE))
                .extracting(TemplateProblem::code).containsExactly(TemplateProblem.MISSING_SEPARATOR);
        assertThat(engine.validate("{{ dialogue }} ||| {{ summary }} ||| more", null, Tasks.DIALOGUE))
                .extracting(TemplateProblem::code).containsExactly(TemplateProblem.EXTRA_SEPARATOR);
    }

    @Test
    void answerChoicesMustBeDeclaredToBeUsed() {
        assertThat(engine.validate("{{ content }} ||| {{ answer_choices[label] }}", null, Tasks.REVIEWS))
                .singleElement().satisfies(problem -> {
                    assertThat(problem.code()).isEqualTo(TemplateProblem.UNKNOWN_FIELD);
                    assertThat(problem.field()).isEqualTo("answer_choices");
                });
        assertThat(engine.validate("{{ content }} ||| {{ answer_choices[label] }}", "No ||| Yes", Tasks.REVIEWS))
                .isEmpty();
    }

    @Test
    void checksTheAnswerChoicesTemplateToo() {
        assertThat(engine.validate("{{ content }} ||| {{ answer_choices[label] }}", "{{ choices | join('|||') }}",
                Tasks.REVIEWS)).singleElement().satisfies(problem -> {
                    assertThat(problem.part()).isEqualTo("answerChoices");
                    assertThat(problem.field()).isEqualTo("choices");
                    assertThat(problem.line()).isEqualTo(1);
                    assertThat(problem.column()).isEqualTo(4);
                });
    }

    @Test
    void refusesAnEmptyTemplate() {
        assertThat(engine.validate("  ", null, Tasks.DIALOGUE)).extracting(TemplateProblem::code)
                .containsExactly(TemplateProblem.EMPTY);
    }
}
