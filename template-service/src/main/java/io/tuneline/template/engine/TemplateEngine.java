package io.tuneline.template.engine;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.interpret.TemplateSyntaxException;
import com.hubspot.jinjava.interpret.UnknownTokenException;
import io.tuneline.template.library.PromptTemplate;
import io.tuneline.template.library.PromptsourceFormat;
import io.tuneline.template.library.TaskDefinition;
import io.tuneline.template.library.TaskField;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jinja through Jinjava, with promptsource's semantics: the template renders to {@code prompt ||| target}, both
 * stripped; {@code answer_choices} is the rendered answer-choices string split on {@code |||}.
 */
@ApplicationScoped
public class TemplateEngine {

    public static final String ANSWER_CHOICES = "answer_choices";

    /** Templates come from users: bound what one render may produce. */
    private static final long MAX_OUTPUT_CHARS = 8L * 1024 * 1024;
    private static final int RANGE_LIMIT = 10_000;
    /** Names Jinja templates may use without a field behind them (Python-style constants, macro helpers). */
    private static final Set<String> JINJA_NAMES = Set.of("none", "None", "True", "False", "caller", "varargs",
            "kwargs", "self", "super");
    /** What an unknown name evaluates to during validation, so the render can go on to find the next one. */
    private static final String STAND_IN = "sample";

    private static final Pattern TAG = Pattern.compile("\\{\\{.*?}}|\\{%.*?%}", Pattern.DOTALL);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Jinjava runtime;
    /** Renders every branch and loop body once (validation mode) and fails on unknown properties and filters. */
    private final Jinjava validator;

    public TemplateEngine() {
        this.runtime = new Jinjava(limits().build());
        this.validator = new Jinjava(limits().withValidationMode(true).withFailOnUnknownTokens(true).build());
    }

    /** Bounded output, and data is data: a dialogue that contains "{{ … }}" is never interpreted as Jinja. */
    private static JinjavaConfig.Builder limits() {
        return JinjavaConfig.newBuilder().withMaxOutputSize(MAX_OUTPUT_CHARS).withRangeLimit(RANGE_LIMIT)
                .withNestedInterpretationEnabled(false);
    }

    /** Renders one example; the variables are a task's fields as {@code ExampleMapper} produced them. */
    public RenderedPrompt render(PromptTemplate template, Map<String, Object> variables) throws RenderException {
        Map<String, Object> bindings = new HashMap<>(variables);
        if (template.answerChoices() != null) {
            bindings.put(ANSWER_CHOICES, answerChoices(template.answerChoices(), variables));
        }
        String output = renderOrFail(template.jinja(), bindings);
        int separator = output.indexOf(PromptsourceFormat.SEPARATOR);
        if (separator < 0) {
            throw new RenderException(RenderException.NO_SEPARATOR, "the rendered template has no '|||'");
        }
        String prompt = output.substring(0, separator).strip();
        String completion = output.substring(separator + PromptsourceFormat.SEPARATOR.length()).strip();
        if (prompt.isEmpty()) {
            throw new RenderException(RenderException.EMPTY_PROMPT, "the prompt rendered empty");
        }
        if (completion.isEmpty()) {
            throw new RenderException(RenderException.EMPTY_TARGET, "the target rendered empty");
        }
        return new RenderedPrompt(prompt, completion);
    }

    private List<String> answerChoices(String answerChoicesTemplate, Map<String, Object> variables)
            throws RenderException {
        String rendered = renderOrFail(answerChoicesTemplate, variables);
        return Arrays.stream(rendered.split(Pattern.quote(PromptsourceFormat.SEPARATOR))).map(String::strip).toList();
    }

    private String renderOrFail(String source, Map<String, Object> bindings) throws RenderException {
        RenderResult result = runtime.renderForResult(source, bindings);
        Optional<TemplateError> fatal = result.getErrors().stream()
                .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL).findFirst();
        if (fatal.isPresent()) {
            throw new RenderException(RenderException.RENDER_ERROR, fatal.get().getMessage());
        }
        return result.getOutput();
    }

    /**
     * Everything wrong with a template for a task: syntax errors, names that are not fields of the task, a missing
     * {@code |||}. Every branch and loop body is checked, on stand-in values of the declared field types.
     */
    public List<TemplateProblem> validate(String jinja, String answerChoices, TaskDefinition task) {
        if (jinja == null || jinja.isBlank()) {
            return List.of(new TemplateProblem(TemplateProblem.EMPTY, "the template is empty", "jinja", null, null,
                    null));
        }
        Map<String, Object> probe = new HashMap<>();
        for (TaskField field : task.fields()) {
            probe.put(field.name(), field.type().probeValue(field.name()));
        }
        List<TemplateProblem> problems = new ArrayList<>();
        if (answerChoices != null) {
            Check choices = check(answerChoices, probe, "answerChoices");
            problems.addAll(choices.problems());
            probe.put(ANSWER_CHOICES, choices.problems().isEmpty()
                    ? Arrays.stream(choices.output().split(Pattern.quote(PromptsourceFormat.SEPARATOR)))
                    .map(String::strip).toList()
                    : List.of("choice 1", "choice 2"));
        }
        Check body = check(jinja, probe, "jinja");
        problems.addAll(body.problems());
        if (!jinja.contains(PromptsourceFormat.SEPARATOR)) {
            problems.add(new TemplateProblem(TemplateProblem.MISSING_SEPARATOR,
                    "the template has no '|||' between the prompt and the target", "jinja", null, null, null));
        } else if (body.problems().isEmpty()
                && body.output().split(Pattern.quote(PromptsourceFormat.SEPARATOR), -1).length > 2) {
            problems.add(new TemplateProblem(TemplateProblem.EXTRA_SEPARATOR,
                    "the template renders more than one '|||'; exactly one separates the prompt from the target",
                    "jinja", null, null, null));
        }
        // A syntax error explains the rest: it comes first (the sort is stable).
        problems.sort(Comparator.comparingInt(problem -> TemplateProblem.SYNTAX.equals(problem.code()) ? 0 : 1));
        return problems;
    }

    private record Check(String output, List<TemplateProblem> problems) {
    }

    /**
     * Renders strictly in validation mode. A name that is neither a field nor defined by the template itself is
     * reported where it is used, and bound to a stand-in so that one pass finds all of them.
     */
    private Check check(String source, Map<String, Object> probe, String part) {
        Context context = new Context(validator.getGlobalContext(), new HashMap<>(probe));
        JinjavaInterpreter interpreter = new JinjavaInterpreter(validator, context, validator.getGlobalConfig());
        Map<String, Integer> unknownNames = new LinkedHashMap<>();
        context.setDynamicVariableResolver(name -> {
            if (JINJA_NAMES.contains(name)) {
                return null;
            }
            unknownNames.putIfAbsent(name, interpreter.getLineNumber());
            return STAND_IN;
        });
        String output = "";
        List<TemplateError> errors = new ArrayList<>();
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            output = interpreter.render(source);
        } catch (UnknownTokenException e) {
            errors.add(TemplateError.fromSyntaxError(e));
        } catch (InterpretException e) {
            errors.add(e instanceof TemplateSyntaxException syntax ? TemplateError.fromException(syntax)
                    : TemplateError.fromSyntaxError(e));
        } finally {
            JinjavaInterpreter.popCurrent();
        }
        errors.addAll(0, interpreter.getErrorsCopy());
        Set<TemplateProblem> problems = new LinkedHashSet<>();
        unknownNames.forEach((name, line) -> problems.add(unknownField(source, part, name, line)));
        for (TemplateError error : errors) {
            if (error.getException() instanceof UnknownTokenException unknown) {
                String root = rootName(unknown.getToken());
                if (!unknownNames.containsKey(root)) {
                    problems.add(unknownMember(source, part, unknown.getToken(), root, error));
                }
            } else if (error.getReason() == TemplateError.ErrorReason.SYNTAX_ERROR) {
                problems.add(new TemplateProblem(TemplateProblem.SYNTAX, error.getMessage(), part,
                        blankToNull(error.getFieldName()), positive(error.getLineno()),
                        positive(error.getStartPosition())));
            } else if (error.getSeverity() == TemplateError.ErrorType.FATAL && unknownNames.isEmpty()) {
                // With stand-ins in play, a failing operation is a consequence of the unknown names reported.
                problems.add(new TemplateProblem(TemplateProblem.RENDER_ERROR, error.getMessage(), part,
                        blankToNull(error.getFieldName()), positive(error.getLineno()),
                        positive(error.getStartPosition())));
            }
        }
        return new Check(output, List.copyOf(problems));
    }

    private static TemplateProblem unknownField(String source, String part, String name, int line) {
        int[] position = locate(source, name, line);
        String message = ANSWER_CHOICES.equals(name)
                ? "'answer_choices' is used but the template declares no answer choices"
                : "'" + name + "' is not a field of this task";
        return new TemplateProblem(TemplateProblem.UNKNOWN_FIELD, message, part, name,
                position != null ? position[0] : positive(line), position != null ? position[1] : null);
    }

    /** A known field with an unknown property ({@code dialogue.foo}) or an unknown filter ({@code x | nofilter}). */
    private static TemplateProblem unknownMember(String source, String part, String token, String root,
                                                 TemplateError error) {
        int pipe = token.lastIndexOf('|');
        if (pipe >= 0) {
            String filter = rootName(token.substring(pipe + 1).strip());
            int[] position = filter == null ? null : locate(source, filter, error.getLineno());
            return new TemplateProblem(TemplateProblem.UNKNOWN_FILTER, "unknown filter '" + filter + "' in '"
                    + token + "'", part, filter, position != null ? position[0] : positive(error.getLineno()),
                    position != null ? position[1] : positive(error.getStartPosition()));
        }
        int[] position = root == null ? null : locate(source, root, error.getLineno());
        return new TemplateProblem(TemplateProblem.UNKNOWN_FIELD, "'" + token + "' cannot be resolved: field '"
                + root + "' has no such property", part, token,
                position != null ? position[0] : positive(error.getLineno()),
                position != null ? position[1] : positive(error.getStartPosition()));
    }

    private static String rootName(String token) {
        Matcher matcher = IDENTIFIER.matcher(token.strip());
        return matcher.lookingAt() ? matcher.group() : null;
    }

    /**
     * The 1-based line and column of the first use of {@code name} inside a {@code {{ }}} or {@code {% %}} at or
     * after {@code fromLine} (Jinjava reports the enclosing tag, we point at the name itself).
     */
    static int[] locate(String source, String name, int fromLine) {
        Pattern use = Pattern.compile("(?<![\\w.'\"])" + Pattern.quote(name) + "(?![\\w'\"])");
        int[] first = null;
        Matcher tag = TAG.matcher(source);
        while (tag.find()) {
            Matcher inTag = use.matcher(source).region(tag.start(), tag.end());
            if (inTag.find()) {
                int[] position = lineAndColumn(source, inTag.start());
                if (position[0] >= fromLine) {
                    return position;
                }
                if (first == null) {
                    first = position;
                }
            }
        }
        return first;
    }

    private static int[] lineAndColumn(String source, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (source.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[]{line, offset - lineStart + 1};
    }

    private static Integer positive(int value) {
        return value > 0 ? value : null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
