package io.tuneline.template.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.common.rest.ApiException;
import io.tuneline.template.library.FieldType;
import io.tuneline.template.library.GeneralSets;
import io.tuneline.template.library.Origin;
import io.tuneline.template.library.ShippedLibrary;
import io.tuneline.template.library.TaskDefinition;
import io.tuneline.template.library.TaskField;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Custom tasks next to the shipped ones, with the shipped library and an in-memory store instead of S3. */
class TaskRegistryTest {

    private final InMemoryLibraryStore store = new InMemoryLibraryStore();
    private final TaskRegistry registry = new TaskRegistry(new ShippedLibrary(), store, new GeneralSets(),
            new ObjectMapper());

    @Test
    void aCreatedTaskIsCustomAndListedAfterTheShippedOnes() {
        TaskDefinition created = registry.create(task("ticket_priority", "text", null));

        assertThat(created.origin()).isEqualTo(Origin.CUSTOM);
        assertThat(registry.require("ticket_priority")).isEqualTo(created);
        List<TaskDefinition> all = registry.all();
        assertThat(all.get(all.size() - 1)).isEqualTo(created);
        assertThat(all).extracting(TaskDefinition::name).contains("dialogue_summarization");
    }

    @Test
    void refusesADuplicateNameAShippedNameAndAnInvalidTask() {
        registry.create(task("ticket_priority", "text", null));

        assertThat(status(() -> registry.create(task("ticket_priority", "text", null)))).isEqualTo(409);
        assertThat(status(() -> registry.create(task("dialogue_summarization", "text", null)))).isEqualTo(409);
        assertThat(status(() -> registry.create(task("Bad Name", "text", null)))).isEqualTo(400);
        assertThat(status(() -> registry.create(task("ticket_x", "answer_choices", null)))).isEqualTo(400);
        assertThat(status(() -> registry.create(task("ticket_y", "text", "nowhere")))).isEqualTo(400);
    }

    @Test
    void anUnknownTaskIsA404() {
        assertThat(status(() -> registry.require("no_such_task"))).isEqualTo(404);
    }

    private static TaskDefinition task(String name, String fieldName, String replaySet) {
        return new TaskDefinition(name, "a test task",
                List.of(new TaskField(fieldName, null, FieldType.TEXT, true, null)), null, replaySet, null, null);
    }

    private static int status(Runnable call) {
        try {
            call.run();
        } catch (ApiException e) {
            return e.status();
        }
        throw new AssertionError("expected an ApiException");
    }
}
