package io.tuneline.trainer.executor.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.trainer.config.TrainerConfig;
import io.tuneline.trainer.executor.WorkerArguments;
import io.tuneline.trainer.executor.WorkerLaunch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a run's batch/v1 Job from the template the Helm chart mounts: the template keeps what the cluster
 * decides (image, resources, node selector, tolerations, S3 Secret, security context); this adds the run (name,
 * labels, worker command and arguments, run id and spec, Kafka) and the configured overrides (GPUs, runtime class,
 * back-off limit, deadline, TTL).
 */
public final class TrainingJobFactory {

    /** On the Job and its Pods: which run they belong to. */
    public static final String RUN_ID_LABEL = "tuneline.io/run-id";
    public static final String COMPONENT_LABEL = "app.kubernetes.io/component";
    public static final String COMPONENT = "training-job";
    /**
     * Exit statuses of trainer-worker that a new attempt cannot change: 1, the run failed (it published
     * {@code TrainingFailed} and wrote {@code result.json}; started again with {@code --resume} it reports the stored
     * failure again, so every retry would publish another {@code TrainingFailed}), and 2, its arguments or spec were
     * refused.
     */
    public static final List<Integer> FINAL_EXIT_CODES = List.of(1, 2);
    /** The action of a Pod failure policy rule that fails the Job at once (Kubernetes' word). */
    public static final String FAIL_JOB = "FailJob";

    private final Job template;
    private final TrainerConfig config;
    private final String kafkaBootstrapServers;

    public TrainingJobFactory(Job template, TrainerConfig config, String kafkaBootstrapServers) {
        this.template = template;
        this.config = config;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
    }

    public static Job loadTemplate(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new KubernetesSerialization().unmarshal(in, Job.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Job template " + file, e);
        }
    }

    /** A Kubernetes name (DNS label, at most 63 characters) for the run's Job. */
    public static String jobName(String runId) {
        String name = ("train-" + runId.toLowerCase()).replaceAll("[^a-z0-9-]", "-");
        name = name.length() > 63 ? name.substring(0, 63) : name;
        return name.replaceAll("-+$", "");
    }

    public Job build(WorkerLaunch launch) {
        KubernetesSerialization serialization = new KubernetesSerialization();
        Job job = serialization.clone(template);
        ObjectMeta meta = job.getMetadata() == null ? new ObjectMeta() : job.getMetadata();
        meta.setName(jobName(launch.runId()));
        meta.setLabels(withRunLabels(meta.getLabels(), launch.runId()));
        job.setMetadata(meta);

        var spec = job.getSpec();
        config.kubernetes().backoffLimit().ifPresent(spec::setBackoffLimit);
        spec.setActiveDeadlineSeconds(config.kubernetes().activeDeadlineSeconds());
        config.kubernetes().ttlSecondsAfterFinished().ifPresent(spec::setTtlSecondsAfterFinished);

        PodTemplateSpec pod = spec.getTemplate();
        ObjectMeta podMeta = pod.getMetadata() == null ? new ObjectMeta() : pod.getMetadata();
        podMeta.setLabels(withRunLabels(podMeta.getLabels(), launch.runId()));
        pod.setMetadata(podMeta);
        // Never restart in place: a restarted container replays the worker's stored outcome like a new Pod does,
        // and a Pod failure policy (below) is only allowed with Never.
        pod.getSpec().setRestartPolicy("Never");
        config.kubernetes().runtimeClassName().ifPresent(pod.getSpec()::setRuntimeClassName);

        Container container = pod.getSpec().getContainers().stream().filter(c -> "train".equals(c.getName()))
                .findFirst().orElse(pod.getSpec().getContainers().get(0));
        spec.setPodFailurePolicy(failFinalExits(spec.getPodFailurePolicy(), container.getName()));
        config.kubernetes().image().ifPresent(container::setImage);
        container.setCommand(List.copyOf(config.kubernetes().command()));
        container.setArgs(WorkerArguments.expand(config.worker().args(), config.kubernetes().specPath(),
                launch.runId(), launch.out().toString(), "kafka"));
        List<EnvVar> env = new ArrayList<>(container.getEnv() == null ? List.of() : container.getEnv());
        Map<String, String> runEnv = new LinkedHashMap<>();
        runEnv.put("TUNELINE_RUN_ID", launch.runId());
        runEnv.put("TUNELINE_RUN_SPEC", specJson(launch));
        runEnv.put("TUNELINE_RUN_SPEC_FILE", config.kubernetes().specPath());
        runEnv.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        env.removeIf(e -> runEnv.containsKey(e.getName()));
        runEnv.forEach((name, value) -> env.add(new EnvVar(name, value, null)));
        container.setEnv(env);
        config.kubernetes().gpuCount().ifPresent(count -> setGpus(container, count));
        return job;
    }

    /**
     * Kubernetes retries a failed Pod up to {@code backoffLimit} times whatever its exit status; a worker that failed
     * for good would fail (and announce it) again on every attempt. This rule fails the Job on the worker's final
     * exit statuses, and leaves retries to what a new attempt can cure (OOM kills, signals, evictions, crashes).
     * Rules of the template come after it (the first matching rule wins).
     */
    private static PodFailurePolicy failFinalExits(PodFailurePolicy templatePolicy, String containerName) {
        List<PodFailurePolicyRule> rules = new ArrayList<>();
        rules.add(new PodFailurePolicyRule(FAIL_JOB, new PodFailurePolicyOnExitCodesRequirement(containerName, "In",
                FINAL_EXIT_CODES), List.of()));
        if (templatePolicy != null && templatePolicy.getRules() != null) {
            rules.addAll(templatePolicy.getRules());
        }
        return new PodFailurePolicy(rules);
    }

    private static String specJson(WorkerLaunch launch) {
        try {
            return EventCodec.mapper().writeValueAsString(launch.spec());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the spec of " + launch.runId(), e);
        }
    }

    /** Extended resources are whole devices, and Kubernetes wants requests equal to limits for them. */
    private void setGpus(Container container, int count) {
        ResourceRequirements resources = container.getResources() == null ? new ResourceRequirements()
                : container.getResources();
        Map<String, Quantity> requests = new HashMap<>(resources.getRequests() == null ? Map.of()
                : resources.getRequests());
        Map<String, Quantity> limits = new HashMap<>(resources.getLimits() == null ? Map.of() : resources.getLimits());
        String gpu = config.kubernetes().gpuResourceName();
        if (count > 0) {
            requests.put(gpu, new Quantity(Integer.toString(count)));
            limits.put(gpu, new Quantity(Integer.toString(count)));
        } else {
            requests.remove(gpu);
            limits.remove(gpu);
        }
        resources.setRequests(requests);
        resources.setLimits(limits);
        container.setResources(resources);
    }

    private static Map<String, String> withRunLabels(Map<String, String> labels, String runId) {
        Map<String, String> all = new HashMap<>(labels == null ? Map.of() : labels);
        all.put(RUN_ID_LABEL, runId);
        all.put(COMPONENT_LABEL, COMPONENT);
        return all;
    }
}
