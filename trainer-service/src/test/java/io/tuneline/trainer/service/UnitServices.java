package io.tuneline.trainer.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.storage.ObjectStore;
import io.tuneline.common.testing.RecordingPublisher;
import io.tuneline.trainer.testing.ScriptedExecutor;
import io.tuneline.trainer.testing.TestTrainerConfig;
import io.tuneline.trainer.testing.UnitStorage;

/**
 * trainer-service's service classes wired by hand as CDI wires them, over a real object store, a recording publisher
 * and a scripted executor.
 */
final class UnitServices {

    static final ObjectMapper JSON = EventCodec.mapper();

    final ObjectStore store;
    final JsonObjects objects;
    final RunStore runStore;
    final BaseModelRegistry registry;
    final RecordingPublisher published = new RecordingPublisher("trainer-service");
    final ScriptedExecutor executor;
    final RunService runs;

    UnitServices(ObjectStore store, ScriptedExecutor executor) {
        this.store = store;
        this.executor = executor;
        objects = new JsonObjects(store, JSON);
        runStore = new RunStore(store, UnitStorage.LAYOUT, objects);
        registry = new BaseModelRegistry(store, UnitStorage.LAYOUT, JSON, objects);
        runs = new RunService(runStore, registry, UnitStorage.LAYOUT, published.publisher(), executor);
    }

    RetrainingService retraining(TestTrainerConfig config) {
        return new RetrainingService(store, UnitStorage.LAYOUT, JSON, objects, config, runs);
    }
}
