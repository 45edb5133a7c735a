package io.tuneline.template.engine;

import io.tuneline.template.library.FieldType;
import io.tuneline.template.library.Origin;
import io.tuneline.template.library.TaskDefinition;
import io.tuneline.template.library.TaskField;

import java.util.List;

/** Small task declarations for engine tests. */
final class Tasks {

    static final TaskDefinition DIALOGUE = new TaskDefinition("dialogue_summarization", "test", List.of(
            new TaskField("dialogue", "input", FieldType.TEXT, true, null),
            new TaskField("summary", "output", FieldType.TEXT, true, null),
            new TaskField("topic", "topic", FieldType.TEXT, false, null)), "dialogue", null, null, Origin.CUSTOM);

    static final TaskDefinition REVIEWS = new TaskDefinition("product_reviews", "test", List.of(
            new TaskField("title", "title", FieldType.TEXT, false, null),
            new TaskField("content", "input", FieldType.TEXT, true, null),
            new TaskField("label", "label", FieldType.INTEGER, true, null)), "content", null, null, Origin.CUSTOM);

    private Tasks() {
    }
}
