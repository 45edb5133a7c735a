package io.tuneline.eval.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.eval.evaluation.Evaluation;
import io.tuneline.eval.evaluation.PromotedModel;
import io.tuneline.storage.ContentTypes;
import io.tuneline.storage.ObjectNotFoundException;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Evaluations and promoted-model records in the evaluations bucket. {@code evaluation.json} is written first as
 * RUNNING and last as COMPLETED or FAILED, so a COMPLETED summary means every other file of it is in place.
 */
@ApplicationScoped
public class EvaluationRepository {

    public static final String SUMMARY = "evaluation.json";
    public static final String PREDICTIONS = "predictions.jsonl";
    public static final String REPORT = "report.html";
    public static final String CHART = "chart.svg";
    /** Who evaluates a run now ({@link EvaluationLeases}); gone once the holder is done. */
    public static final String LEASE = "lease.json";

    private static final ObjectMapper JSON = EventCodec.mapper();
    private static final Logger LOG = Logger.getLogger(EvaluationRepository.class);

    private final ObjectStore store;
    private final StorageLayout layout;

    EvaluationRepository(ObjectStore store, StorageLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    public Optional<Evaluation> find(String evaluationId) {
        return read(layout.evaluationFile(evaluationId, SUMMARY), Evaluation.class);
    }

    public void save(Evaluation evaluation) {
        write(layout.evaluationFile(evaluation.evaluationId(), SUMMARY), evaluation);
    }

    /**
     * Every readable evaluation, newest first. A summary that cannot be parsed (a half-written object from a crashed
     * store, a hand edit) is skipped with a warning naming it: one damaged object must not hide all the others.
     * {@link #find} still fails loudly on it.
     */
    public List<Evaluation> list() {
        return store.list(layout.evaluations(), "").stream()
                .map(StoredObject::key)
                .filter(key -> !key.startsWith("_") && key.endsWith("/" + SUMMARY))
                .map(key -> readOrSkip(new ObjectRef(layout.evaluations(), key)))
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(Evaluation::createdAt).reversed())
                .toList();
    }

    public void putFile(String evaluationId, String fileName, byte[] content, String contentType) {
        ObjectRef ref = layout.evaluationFile(evaluationId, fileName);
        store.put(ref.bucket(), ref.key(), content, contentType);
    }

    public Optional<byte[]> file(String evaluationId, String fileName) {
        ObjectRef ref = layout.evaluationFile(evaluationId, fileName);
        try {
            return Optional.of(store.getBytes(ref.bucket(), ref.key()));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    public Optional<PromotedModel> promoted(String modelName) {
        return read(layout.promotedModel(modelName), PromotedModel.class);
    }

    public void savePromoted(PromotedModel promoted) {
        write(layout.promotedModel(promoted.modelName()), promoted);
    }

    public Optional<EvaluationLease> lease(String evaluationId) {
        return read(layout.evaluationFile(evaluationId, LEASE), EvaluationLease.class);
    }

    public void saveLease(EvaluationLease lease) {
        write(layout.evaluationFile(lease.evaluationId(), LEASE), lease);
    }

    public void deleteLease(String evaluationId) {
        ObjectRef ref = layout.evaluationFile(evaluationId, LEASE);
        store.delete(ref.bucket(), ref.key());
    }

    private Optional<Evaluation> readOrSkip(ObjectRef ref) {
        try {
            return read(ref, Evaluation.class);
        } catch (UncheckedIOException e) {
            LOG.warnf("Skipping an unreadable evaluation summary %s: %s", ref, e.getCause().getMessage());
            return Optional.empty();
        }
    }

    private <T> Optional<T> read(ObjectRef ref, Class<T> type) {
        try {
            return Optional.of(JSON.readValue(store.getBytes(ref.bucket(), ref.key()), type));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ref, e);
        }
    }

    private void write(ObjectRef ref, Object value) {
        try {
            store.put(ref.bucket(), ref.key(), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value),
                    ContentTypes.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + ref, e);
        }
    }
}
