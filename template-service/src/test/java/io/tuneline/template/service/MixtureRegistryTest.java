package io.tuneline.template.service;

import io.tuneline.template.engine.TemplateEngine;
import io.tuneline.template.library.GeneralSets;
import io.tuneline.template.library.Mixture;
import io.tuneline.template.library.MixtureComponent;
import io.tuneline.template.library.MixtureSource;
import io.tuneline.template.library.ShippedLibrary;
import io.tuneline.template.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.tuneline.template.testing.ApiErrors.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

/** Named mixtures, with the shipped library and an in-memory store instead of S3. */
class MixtureRegistryTest {

    private static final MixtureSource CHATS = new MixtureSource(MixtureSource.DATASET, "support-chats", "v3");
    private static final MixtureSource GENERAL = new MixtureSource(MixtureSource.GENERAL, null, null);

    private final InMemoryLibraryStore store = new InMemoryLibraryStore();
    private final ShippedLibrary shipped = new ShippedLibrary();
    private final TaskRegistry tasks = new TaskRegistry(shipped, store, new GeneralSets(), TestData.SERVICE_JSON);
    private final MixtureRegistry registry = new MixtureRegistry(store, tasks,
            new TemplateRegistry(shipped, store, tasks, new TemplateEngine()));

    private static Mixture mixture(String name, Long total, MixtureComponent... components) {
        return new Mixture(name, null, List.of(components), total, 11L);
    }

    private static MixtureComponent component(String task, MixtureSource source, double weight) {
        return new MixtureComponent(task, null, source, weight);
    }


    @Test
    void aValidMixtureIsStoredAndListedByName() {
        Mixture second = registry.create(mixture("with-replay", 1000L,
                component("dialogue_summarization", CHATS, 70), component("sentiment", GENERAL, 30)));
        Mixture first = registry.create(mixture("chats-only", null, component("dialogue_summarization", CHATS, 1)));

        assertThat(registry.require("with-replay")).isEqualTo(second);
        assertThat(registry.all()).containsExactly(first, second);
        assertRejected(() -> registry.create(mixture("chats-only", null,
                component("dialogue_summarization", CHATS, 1))), 409, "mixture-exists");
    }

    @Test
    void refusesMixturesThatCannotBeRendered() {
        assertRejected(() -> registry.create(mixture("Bad Name", null,
                component("dialogue_summarization", CHATS, 1))), 400, "invalid-mixture");
        assertRejected(() -> registry.create(mixture("empty", null)), 400, "invalid-mixture");
        assertRejected(() -> registry.create(mixture("zero", null,
                component("dialogue_summarization", CHATS, 0))), 400, "invalid-mixture");
        assertRejected(() -> registry.create(mixture("too-many", MixtureRegistry.MAX_TOTAL_EXAMPLES + 1,
                component("dialogue_summarization", CHATS, 1))), 400, "invalid-mixture");
        assertRejected(() -> registry.create(mixture("no-replay-set", null,
                component("dialogue_summarization", GENERAL, 1))), 400, "invalid-mixture");
        assertRejected(() -> registry.create(mixture("no-version", null,
                component("dialogue_summarization", new MixtureSource(MixtureSource.DATASET, "chats", null), 1))),
                400, "invalid-mixture");
        assertRejected(() -> registry.create(mixture("unknown-task", null,
                component("no_such_task", CHATS, 1))), 404, "unknown-task");
        assertThat(registry.all()).isEmpty();
    }

    @Test
    void anUnknownMixtureIsA404() {
        assertRejected(() -> registry.require("missing"), 404, "unknown-mixture");
        assertThat(registry.find("missing")).isEmpty();
    }
}
