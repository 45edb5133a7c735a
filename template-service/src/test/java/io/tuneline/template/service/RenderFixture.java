package io.tuneline.template.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import io.tuneline.template.engine.TemplateEngine;
import io.tuneline.template.library.GeneralSets;
import io.tuneline.template.library.ShippedLibrary;
import io.tuneline.common.testing.RecordingPublisher;
import io.tuneline.common.testing.SharedObjectStore;
import io.tuneline.template.testing.TestData;
import io.tuneline.template.testing.TestTemplateConfig;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The render classes wired by hand as CDI wires them, over the shared real S3 server, an in-memory library, a
 * recording publisher and a simple meter registry; one fresh dataset id per fixture.
 */
final class RenderFixture {

    /** Loading the tokenizer once is enough for every test. */
    private static final TokenizerProvider TOKENIZERS = new TokenizerProvider(new TestTemplateConfig(), null,
            SharedObjectStore.DEFAULT_LAYOUT);

    final ObjectStore store = SharedObjectStore.store();
    final StorageLayout layout = SharedObjectStore.DEFAULT_LAYOUT;
    final ObjectMapper mapper = TestData.SERVICE_JSON;
    final TestTemplateConfig config = new TestTemplateConfig();
    final ShippedLibrary shipped = new ShippedLibrary();
    final GeneralSets generalSets = new GeneralSets();
    final InMemoryLibraryStore library = new InMemoryLibraryStore();
    final TaskRegistry tasks = new TaskRegistry(shipped, library, generalSets, mapper);
    final TemplateEngine engine = new TemplateEngine();
    final TemplateRegistry templates = new TemplateRegistry(shipped, library, tasks, engine);
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final RecordingPublisher publisher = new RecordingPublisher("template-service");
    final RenderStore renders = new RenderStore(store, layout, mapper);
    final DatasetVersions datasetVersions = new DatasetVersions(store, layout, mapper);
    final SplitRenderer splitRenderer = new SplitRenderer(renders);
    final SegmentReuse segmentReuse = new SegmentReuse(renders, datasetVersions, layout, metrics);
    final RenderRunner runner = new RenderRunner(TOKENIZERS, engine, mapper, splitRenderer, segmentReuse, renders,
            publisher.publisher(), metrics, config);
    final RenderService service = new RenderService(tasks, templates, generalSets, datasetVersions, runner, config);
    final String datasetId;

    RenderFixture() {
        this("chats");
    }

    RenderFixture(String datasetPrefix) {
        this.datasetId = SharedObjectStore.uniqueId(datasetPrefix);
    }

    /** {@code count} short chats with ids {@code <prefix>-0..}. */
    static List<Map<String, Object>> chats(String prefix, int count) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(TestData.chat(prefix + "-" + i, i, 0));
        }
        return lines;
    }

    ObjectRef putSplit(String versionId, String split, List<Map<String, Object>> lines) {
        ObjectRef ref = layout.datasetSplit(datasetId, versionId, split);
        TestData.putLines(store, ref, lines);
        return ref;
    }

    /** Lines held in memory, as a split file would give them. */
    static LineSource inMemory(String text) {
        return () -> new BufferedReader(new StringReader(text));
    }

    static String jsonLines(List<Map<String, Object>> lines) {
        return TestData.jsonLines(lines);
    }

    List<JsonNode> read(ObjectRef ref) {
        return TestData.readLines(store, ref);
    }

    String text(ObjectRef ref) {
        return new String(store.getBytes(ref.bucket(), ref.key()), java.nio.charset.StandardCharsets.UTF_8);
    }

    double counter(String name, String... tags) {
        return metrics.counter(name, tags).count();
    }
}
