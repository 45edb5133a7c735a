package io.tuneline.trainer.executor.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.tuneline.contracts.events.TrainingCompleted;
import io.tuneline.contracts.events.TrainingFailed;
import io.tuneline.trainer.config.TrainerConfig;
import io.tuneline.trainer.executor.RunExecutor;
import io.tuneline.trainer.executor.RunListener;
import io.tuneline.trainer.executor.WorkerLaunch;
import io.tuneline.contracts.api.RunState;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One batch/v1 Job per run. Job and Pod watch events (and a periodic sweep, for anything a watch missed) make it
 * look at the run's Job and Pods again and report changes. The worker in the Job publishes progress and its result
 * on Kafka itself; this reports only what Kubernetes knows (scheduling, image pulls, OOM kills, deadlines).
 */
@ApplicationScoped
public class KubernetesExecutor implements RunExecutor {

    public static final String NAME = "kubernetes";

    private static final Logger LOG = Logger.getLogger(KubernetesExecutor.class);

    private final KubernetesClient client;
    private final TrainerConfig config;
    private final String kafkaBootstrapServers;
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService sweeper;
    private volatile List<Watch> watches = List.of();
    private volatile TrainingJobFactory factory;

    KubernetesExecutor(KubernetesClient client, TrainerConfig config,
                       @ConfigProperty(name = "kafka.bootstrap.servers") String kafkaBootstrapServers) {
        this.client = client;
        this.config = config;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean servicePublishesEvents() {
        return false;
    }

    @Override
    public void submit(WorkerLaunch launch, RunListener listener) {
        startWatching();
        String name = TrainingJobFactory.jobName(launch.runId());
        try {
            if (jobs().withName(name).get() == null) {
                jobs().resource(factory().build(launch)).create();
            } else {
                LOG.infof("Run %s: Job %s already exists; following it", launch.runId(), name);
            }
        } catch (KubernetesClientException | IllegalStateException e) {
            listener.onFailed(new TrainingFailed(launch.runId(), "job-not-created",
                    "cannot create the training Job: " + e.getMessage(), null));
            return;
        }
        // Followed only once the Job exists: the sweep must never look for a Job still being created.
        tracked.put(launch.runId(), new Tracked(name, listener, null));
        reconcile(launch.runId());
    }

    @Override
    public boolean cancel(String runId) {
        Tracked run = tracked.remove(runId);
        String name = run == null ? TrainingJobFactory.jobName(runId) : run.jobName();
        jobs().withName(name).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        client.pods().inNamespace(namespace()).withLabel(TrainingJobFactory.RUN_ID_LABEL, runId).delete();
        return run != null;
    }

    /** Looks at the run's Job and Pods now and reports what changed since the last look. */
    public void reconcile(String runId) {
        Tracked run = tracked.get(runId);
        if (run == null) {
            return;
        }
        JobObservation seen;
        try {
            Job job = jobs().withName(run.jobName()).get();
            List<Pod> pods = client.pods().inNamespace(namespace())
                    .withLabel(TrainingJobFactory.RUN_ID_LABEL, runId).list().getItems();
            seen = JobStatusInterpreter.observe(job, pods);
            if (job == null) {
                seen = new JobObservation(seen.state(), seen.errorCode(), "Job " + run.jobName() + " not found in "
                        + "namespace " + namespace() + "; it was deleted outside trainer-service");
            }
        } catch (KubernetesClientException e) {
            LOG.warnf("Run %s: cannot read its Job (%s); trying again later", runId, e.getMessage());
            return;
        }
        synchronized (run) {
            if (seen.equals(run.last) || tracked.get(runId) != run) {
                return;
            }
            run.last = seen;
        }
        RunListener listener = run.listener();
        switch (seen.state()) {
            case SUCCEEDED -> {
                tracked.remove(runId);
                // The worker published its TrainingCompleted with checkpoints and metrics; this only closes the
                // run if that event has not been applied yet.
                listener.onCompleted(new TrainingCompleted(runId, null, null, null, null, null, null, null,
                        null, null, 0, Double.NaN, Map.of(), Map.of()));
            }
            case FAILED -> {
                tracked.remove(runId);
                listener.onFailed(new TrainingFailed(runId, seen.errorCode(), seen.reason(), null));
            }
            default -> listener.onState(runId, seen.state(), seen.errorCode(), seen.reason(),
                    seen.state() == RunState.RUNNING);
        }
    }

    /** Runs this executor follows (tests and the sweep). */
    public java.util.Set<String> trackedRuns() {
        return java.util.Set.copyOf(tracked.keySet());
    }

    private synchronized void startWatching() {
        if (sweeper != null) {
            return;
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "job-sweep");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(100, config.kubernetes().pollInterval().toMillis());
        sweeper.scheduleWithFixedDelay(() -> tracked.keySet().forEach(this::safeReconcile), every, every,
                TimeUnit.MILLISECONDS);
        try {
            watches = List.of(
                    jobs().withLabel(TrainingJobFactory.COMPONENT_LABEL, TrainingJobFactory.COMPONENT)
                            .watch(new RunWatcher<>()),
                    client.pods().inNamespace(namespace())
                            .withLabel(TrainingJobFactory.COMPONENT_LABEL, TrainingJobFactory.COMPONENT)
                            .watch(new RunWatcher<>()));
        } catch (KubernetesClientException e) {
            LOG.warnf("Cannot watch training Jobs (%s); following them every %d ms", e.getMessage(), every);
        }
    }

    private void safeReconcile(String runId) {
        try {
            reconcile(runId);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Run %s: reconciling failed", runId);
        }
    }

    private TrainingJobFactory factory() {
        if (factory == null) {
            String template = config.kubernetes().jobTemplate().orElseThrow(() -> new IllegalStateException(
                    "no Job template: set TUNELINE_TRAINER_JOB_TEMPLATE (the Helm chart mounts one)"));
            factory = new TrainingJobFactory(TrainingJobFactory.loadTemplate(Path.of(template)), config,
                    kafkaBootstrapServers);
        }
        return factory;
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<Job, io.fabric8.kubernetes.api.model.batch.v1.JobList,
            io.fabric8.kubernetes.client.dsl.ScalableResource<Job>> jobs() {
        return client.batch().v1().jobs().inNamespace(namespace());
    }

    private String namespace() {
        return config.kubernetes().namespace().filter(ns -> !ns.isBlank())
                .orElseGet(() -> Objects.requireNonNullElse(client.getNamespace(), "default"));
    }

    @PreDestroy
    void stop() {
        watches.forEach(Watch::close);
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    /** Any change of a labelled Job or Pod: look at that run again. */
    private final class RunWatcher<T extends HasMetadata> implements Watcher<T> {

        @Override
        public void eventReceived(Action action, T resource) {
            Map<String, String> labels = resource.getMetadata().getLabels();
            String runId = labels == null ? null : labels.get(TrainingJobFactory.RUN_ID_LABEL);
            if (runId != null && tracked.containsKey(runId)) {
                safeReconcile(runId);
            }
        }

        @Override
        public void onClose(WatcherException cause) {
            LOG.warnf("Watch of training Jobs closed (%s); the periodic sweep continues",
                    cause == null ? "normally" : cause.getMessage());
        }
    }

    private static final class Tracked {
        private final String jobName;
        private final RunListener listener;
        private JobObservation last;

        Tracked(String jobName, RunListener listener, JobObservation last) {
            this.jobName = jobName;
            this.listener = listener;
            this.last = last;
        }

        String jobName() {
            return jobName;
        }

        RunListener listener() {
            return listener;
        }
    }
}
