package io.tuneline.trainer.executor.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.TrainingCompleted;
import io.tuneline.contracts.events.TrainingFailed;
import io.tuneline.contracts.events.TrainingProgress;
import io.tuneline.contracts.training.RunSpec;
import io.tuneline.storage.ObjectStore;
import io.tuneline.trainer.testing.Runs;
import io.tuneline.trainer.testing.TopicClient;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The kubernetes executor against Fabric8's mock API server (CRUD mode): the Job it creates, and every run state a
 * Job and its Pods can lead to, driven by writing Pod and Job status into the mock as the kubelet and the Job
 * controller would.
 */
@QuarkusTest
@WithKubernetesTestServer
@TestProfile(KubernetesExecutorProfile.class)
class KubernetesExecutorTest {

    private static final String NS = "tuneline";

    @KubernetesTestServer
    KubernetesServer server;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    ObjectStore store;

    @Test
    void theJobIsTheTemplatePlusTheRun() throws Exception {
        String runId = Runs.create(Runs.spec("k8s-spec", 100, 10));
        Job job = awaitJob(runId);

        assertThat(job.getMetadata().getName()).isEqualTo("train-" + runId);
        assertThat(job.getMetadata().getLabels()).containsEntry("tuneline.io/run-id", runId)
                .containsEntry("app.kubernetes.io/component", "training-job")
                .containsEntry("app.kubernetes.io/instance", "tuneline");
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(7200L);
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(86400);
        var pod = job.getSpec().getTemplate();
        assertThat(pod.getMetadata().getLabels()).containsEntry("tuneline.io/run-id", runId);
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getSpec().getPodFailurePolicy().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getAction()).isEqualTo("FailJob");
            assertThat(rule.getOnExitCodes().getContainerName()).isEqualTo("train");
            assertThat(rule.getOnExitCodes().getOperator()).isEqualTo("In");
            assertThat(rule.getOnExitCodes().getValues()).containsExactly(1, 2);
        });
        assertThat(pod.getSpec().getRuntimeClassName()).isEqualTo("nvidia");
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSpec().getNodeSelector()).isEqualTo(Map.of("nvidia.com/gpu.present", "true"));
        assertThat(pod.getSpec().getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
            assertThat(t.getOperator()).isEqualTo("Exists");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        var container = pod.getSpec().getContainers().get(0);
        assertThat(container.getName()).isEqualTo("train");
        assertThat(container.getImage()).isEqualTo("ghcr.io/tuneline/trainer-service:0.1.0");
        assertThat(container.getCommand()).containsExactly("sh", "-c", "printf '%s' \"$TUNELINE_RUN_SPEC\" > "
                + "\"$TUNELINE_RUN_SPEC_FILE\" && exec java $JAVA_OPTS -cp '/deployments/lib/worker/*' "
                + "io.tuneline.worker.WorkerMain \"$@\"", "worker");
        assertThat(container.getArgs()).containsExactly("--spec", "/tmp/run-spec.json", "--run-id", runId,
                "--out", "s3://tuneline-checkpoints/" + runId + "/", "--progress", "kafka", "--resume");
        assertThat(container.getEnv()).extracting(EnvVar::getName).containsExactly("TUNELINE_S3_ACCESS_KEY",
                "TUNELINE_S3_SECRET_KEY", "TUNELINE_RUN_ID", "TUNELINE_RUN_SPEC", "TUNELINE_RUN_SPEC_FILE",
                "KAFKA_BOOTSTRAP_SERVERS");
        assertThat(container.getEnv().get(0).getValueFrom().getSecretKeyRef().getName()).isEqualTo("tuneline-s3");
        assertThat(container.getEnv().get(1).getValueFrom().getSecretKeyRef().getKey()).isEqualTo("secret-key");
        assertThat(container.getEnv().get(2).getValue()).isEqualTo(runId);
        RunSpec spec = EventCodec.mapper().readValue(container.getEnv().get(3).getValue(), RunSpec.class);
        assertThat(spec.baseModel()).isEqualTo(Runs.BASE_MODEL);
        assertThat(spec.maxSteps()).isEqualTo(100);
        assertThat(spec.optimizer()).isEqualTo("adamw");
        assertThat(container.getEnv().get(4).getValue()).isEqualTo("/tmp/run-spec.json");
        assertThat(container.getEnv().get(5).getValue()).isEqualTo(kafka);
        assertThat(container.getEnvFrom().get(0).getConfigMapRef().getName()).isEqualTo("tuneline-config");
        assertThat(container.getResources().getRequests()).containsEntry("nvidia.com/gpu", new Quantity("1"))
                .containsEntry("cpu", new Quantity("2")).containsEntry("memory", new Quantity("8Gi"));
        assertThat(container.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"))
                .containsEntry("memory", new Quantity("16Gi"));

        JsonPath run = Runs.awaitState(runId, "PENDING");
        assertThat(run.getString("executor")).isEqualTo("kubernetes");
        given().post("/api/v1/runs/" + runId + "/cancel").then().statusCode(200);
    }

    @Test
    void podAndJobStatusBecomeRunStatesWithReasons() {
        String runId = Runs.create(Runs.spec("k8s-states", 100, 10));
        awaitJob(runId);
        Pod pod = createPod(runId, "a");

        setStatus(pod, new PodStatusBuilder().withPhase("Pending").withConditions(new PodConditionBuilder()
                .withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage("0/3 nodes are available: 3 Insufficient nvidia.com/gpu.").build()).build());
        JsonPath run = awaitErrorCode(runId, "unschedulable");
        assertThat(run.getString("state")).isEqualTo("PENDING");
        assertThat(run.getString("reason")).isEqualTo("Unschedulable: 0/3 nodes are available: 3 Insufficient "
                + "nvidia.com/gpu.");

        setStatus(pod, new PodStatusBuilder().withPhase("Pending").withContainerStatuses(new ContainerStatusBuilder()
                .withName("train").withImage("ghcr.io/tuneline/trainer-service:0.1.0")
                .withState(new ContainerStateBuilder().withNewWaiting().withReason("ImagePullBackOff")
                        .withMessage("Back-off pulling image").endWaiting().build()).build()).build());
        run = awaitErrorCode(runId, "image-pull-backoff");
        assertThat(run.getString("reason")).contains("ImagePullBackOff", "ghcr.io/tuneline/trainer-service:0.1.0");

        setStatus(pod, new PodStatusBuilder().withPhase("Running").build());
        run = Runs.awaitState(runId, "RUNNING");
        assertThat(run.getString("errorCode")).isNull();
        assertThat(run.getInt("attempts")).isEqualTo(1);

        setStatus(pod, oomKilled());
        run = Runs.awaitState(runId, "RESTARTING");
        assertThat(run.getString("errorCode")).isEqualTo("oom-killed");
        assertThat(run.getString("reason")).contains("OOMKilled", "Kubernetes retries it");

        setJobStatus(runId, "BackoffLimitExceeded", "Job has reached the specified backoff limit");
        run = Runs.awaitState(runId, "FAILED");
        assertThat(run.getString("errorCode")).isEqualTo("oom-killed");
        assertThat(run.getString("reason")).contains("ran out of memory", "BackoffLimitExceeded");
        await().atMost(Duration.ofSeconds(20)).until(() -> TopicClient.payloads("tuneline.training-results",
                TrainingFailed.class, f -> f.runId().equals(runId)).size() == 1);
    }

    @Test
    void aJobPastItsDeadlineFails() {
        String runId = Runs.create(Runs.spec("k8s-deadline", 100, 10));
        awaitJob(runId);
        setStatus(createPod(runId, "a"), new PodStatusBuilder().withPhase("Running").build());
        Runs.awaitState(runId, "RUNNING");

        setJobStatus(runId, "DeadlineExceeded", "Job was active longer than specified deadline");

        JsonPath run = Runs.awaitState(runId, "FAILED");
        assertThat(run.getString("errorCode")).isEqualTo("deadline-exceeded");
        assertThat(run.getString("reason")).isEqualTo("DeadlineExceeded: Job was active longer than specified deadline");
    }

    @Test
    void failedWithoutOomAfterBackoffNamesTheLastExit() {
        String runId = Runs.create(Runs.spec("k8s-backoff", 100, 10));
        awaitJob(runId);
        setStatus(createPod(runId, "a"), exited(3));
        Runs.awaitState(runId, "RESTARTING");

        setJobStatus(runId, "BackoffLimitExceeded", "Job has reached the specified backoff limit");

        JsonPath run = Runs.awaitState(runId, "FAILED");
        assertThat(run.getString("errorCode")).isEqualTo("backoff-limit-exceeded");
        assertThat(run.getString("reason")).contains("exit code 3 (Error)");
    }

    @Test
    void aFailureTheWorkerReportedIsOnTheTopicOnceWhenTheJobsFailureIsSeenFirst() {
        String runId = Runs.create(Runs.spec("k8s-reported", 100, 10));
        awaitJob(runId);
        // The worker wrote its outcome and published TrainingFailed (below, after the Job's failure is seen).
        store.put("tuneline-checkpoints", runId + "/result.json", "{\"status\":\"failed\"}".getBytes());
        setJobStatus(runId, "BackoffLimitExceeded", "Job has reached the specified backoff limit");
        Runs.awaitState(runId, "FAILED");
        TopicClient.publish(Event.of("trainer-worker", new TrainingFailed(runId, "bad-data", "line 3", null)));

        assertOneTrainingFailed(runId, "bad-data");
    }

    /**
     * The test plays Kubernetes' Job controller from the Job as created: a failed Pod fails the Job when a rule of
     * its Pod failure policy says FailJob, and is otherwise retried until the backoff limit. It plays the worker as
     * trainer-worker behaves: once its run has failed ({@code result.json}), every attempt started with
     * {@code --resume} publishes the stored failure again and exits 1. Without the policy this published one
     * {@code TrainingFailed} per attempt (backoffLimit + 1 of them); an OOM kill is still retried.
     */
    @Test
    void aFailureTheWorkerReportsEndsTheJobWithOneTrainingFailedWhateverTheBackoffLimit() {
        String runId = Runs.create(Runs.spec("k8s-final", 100, 10));
        Job job = awaitJob(runId);
        int backoffLimit = job.getSpec().getBackoffLimit();
        assertThat(backoffLimit).isPositive();

        setStatus(createPod(runId, "a"), oomKilled());
        assertThat(failsTheJob(job, "train", 137)).isFalse();
        Runs.awaitState(runId, "RESTARTING");

        int attempts = 1;
        String jobFailure = null;
        while (jobFailure == null) {
            attempts++;
            Pod pod = createPod(runId, "attempt-" + attempts);
            setStatus(pod, new PodStatusBuilder().withPhase("Running").build());
            // The worker: bad data on its first attempt, the stored failure replayed on every later one.
            store.put("tuneline-checkpoints", runId + "/result.json", "{\"status\":\"failed\"}".getBytes());
            TopicClient.publish(Event.of("trainer-worker", new TrainingFailed(runId, "bad-data", "line 3", null)));
            setStatus(pod, exited(1));
            if (failsTheJob(job, "train", 1)) {
                jobFailure = "PodFailurePolicy";
            } else if (attempts > backoffLimit) {
                jobFailure = "BackoffLimitExceeded";
            }
        }
        setJobStatus(runId, jobFailure, "Container train for pod " + NS + "/train-" + runId + "-attempt-"
                + attempts + " failed with exit code 1 matching FailJob rule at index 0");

        JsonPath run = Runs.awaitState(runId, "FAILED");
        assertThat(run.getString("errorCode")).isIn("bad-data", "worker-failed");
        assertOneTrainingFailed(runId, "bad-data");
        assertThat(attempts).isEqualTo(2);
    }

    @Test
    void aSpecTheWorkerRefusesFailsTheJobAtOnceAndTheServiceSaysSo() {
        String runId = Runs.create(Runs.spec("k8s-refused", 100, 10));
        Job job = awaitJob(runId);
        setStatus(createPod(runId, "a"), exited(2));
        assertThat(failsTheJob(job, "train", 2)).isTrue();

        setJobStatus(runId, "PodFailurePolicy", "Container train for pod " + NS + "/train-" + runId
                + "-a failed with exit code 2 matching FailJob rule at index 0");

        JsonPath run = Runs.awaitState(runId, "FAILED");
        assertThat(run.getString("errorCode")).isEqualTo("worker-refused-spec");
        assertThat(run.getString("reason")).contains("PodFailurePolicy", "exit code 2");
        assertOneTrainingFailed(runId, "worker-refused-spec");
    }

    private static void assertOneTrainingFailed(String runId, String errorCode) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !TopicClient.payloads("tuneline.training-results",
                TrainingFailed.class, f -> f.runId().equals(runId)).isEmpty());
        // A second one would be published within moments of the first: give it the time to arrive.
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(TopicClient.payloads("tuneline.training-results", TrainingFailed.class,
                f -> f.runId().equals(runId))).singleElement()
                .satisfies(failed -> assertThat(failed.errorCode()).isEqualTo(errorCode));
    }

    /**
     * What the Job controller does with a Pod whose container exited with {@code exitCode}: the first rule of the
     * Pod failure policy whose exit codes match decides; FailJob fails the Job, anything else (Count, Ignore, no
     * rule) leaves it to the backoff limit.
     */
    private static boolean failsTheJob(Job job, String container, int exitCode) {
        if (job.getSpec().getPodFailurePolicy() == null) {
            return false;
        }
        for (PodFailurePolicyRule rule : job.getSpec().getPodFailurePolicy().getRules()) {
            PodFailurePolicyOnExitCodesRequirement codes = rule.getOnExitCodes();
            if (codes == null || (codes.getContainerName() != null && !codes.getContainerName().equals(container))) {
                continue;
            }
            boolean listed = codes.getValues().contains(exitCode);
            if ("In".equals(codes.getOperator()) ? listed : !listed && exitCode != 0) {
                return "FailJob".equals(rule.getAction());
            }
        }
        return false;
    }

    @Test
    void theWorkersKafkaEventsFillTheRunAndAreNotPublishedAgain() {
        String runId = Runs.create(Runs.spec("k8s-events", 2, 1));
        awaitJob(runId);
        setStatus(createPod(runId, "a"), new PodStatusBuilder().withPhase("Running").build());
        Runs.awaitState(runId, "RUNNING");

        TopicClient.publish(Event.of("trainer-worker", new TrainingProgress(runId, 1, 2, 0, 2.5, null, 3e-4, 900.0,
                4)));
        await().atMost(Duration.ofSeconds(30)).until(() -> Runs.get(runId).getList("metrics").size() == 1);
        ObjectRef best = new ObjectRef("tuneline-checkpoints", runId + "/step-1/");
        ObjectRef last = new ObjectRef("tuneline-checkpoints", runId + "/final/");
        TopicClient.publish(Event.of("trainer-worker", new TrainingCompleted(runId, "k8s-events", null, null, "full",
                "chats", null, null, best, last, 2, 1.2, Map.of(), Map.of("best_validation_loss", 1.1))));

        JsonPath run = Runs.awaitState(runId, "SUCCEEDED");
        assertThat(run.getString("bestCheckpoint")).isEqualTo(best.toString());
        assertThat(run.getDouble("finalMetrics.best_validation_loss")).isEqualTo(1.1, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(TopicClient.payloads("tuneline.training-results", TrainingCompleted.class,
                c -> c.runId().equals(runId))).hasSize(1);
        assertThat(TopicClient.payloads("tuneline.training-progress", TrainingProgress.class,
                p -> p.runId().equals(runId))).hasSize(1);
    }

    @Test
    void aWorkersCompletionConsumedAfterTheJobCompletedStillFillsTheRun() {
        String runId = Runs.create(Runs.spec("k8s-late", 2, 1));
        awaitJob(runId);
        Job job = server.getClient().batch().v1().jobs().inNamespace(NS).withName("train-" + runId).get();
        job.setStatus(new JobStatusBuilder().withSucceeded(1).withConditions(new JobConditionBuilder()
                .withType("Complete").withStatus("True").build()).build());
        server.getClient().batch().v1().jobs().inNamespace(NS).resource(job).updateStatus();
        assertThat(Runs.awaitState(runId, "SUCCEEDED").getString("bestCheckpoint")).isNull();

        ObjectRef best = new ObjectRef("tuneline-checkpoints", runId + "/step-1/");
        ObjectRef last = new ObjectRef("tuneline-checkpoints", runId + "/final/");
        TopicClient.publish(Event.of("trainer-worker", new TrainingCompleted(runId, "k8s-late", null, null, "full",
                "chats", null, null, best, last, 2, 1.2, Map.of(), Map.of("best_validation_loss", 1.1))));

        await().atMost(Duration.ofSeconds(30)).until(() -> best.toString().equals(Runs.get(runId)
                .getString("bestCheckpoint")));
        assertThat(Runs.get(runId).getString("state")).isEqualTo("SUCCEEDED");
        assertThat(Runs.get(runId).getDouble("finalMetrics.best_validation_loss"))
                .isCloseTo(1.1, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(TopicClient.payloads("tuneline.training-results", TrainingCompleted.class,
                c -> c.runId().equals(runId))).hasSize(1);
    }

    @Test
    void cancelDeletesTheJobAndItsPods() {
        String runId = Runs.create(Runs.spec("k8s-cancel", 100, 10));
        awaitJob(runId);
        createPod(runId, "a");

        given().post("/api/v1/runs/" + runId + "/cancel").then().statusCode(200);

        KubernetesClient client = server.getClient();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                client.batch().v1().jobs().inNamespace(NS).withName("train-" + runId).get() == null
                        && client.pods().inNamespace(NS).withLabel("tuneline.io/run-id", runId).list().getItems()
                        .isEmpty());
        assertThat(Runs.get(runId).getString("state")).isEqualTo("CANCELLED");
    }

    private Job awaitJob(String runId) {
        await().atMost(Duration.ofSeconds(20)).until(() ->
                server.getClient().batch().v1().jobs().inNamespace(NS).withName("train-" + runId).get() != null);
        return server.getClient().batch().v1().jobs().inNamespace(NS).withName("train-" + runId).get();
    }

    private Pod createPod(String runId, String suffix) {
        Pod pod = new PodBuilder().withNewMetadata().withName("train-" + runId + "-" + suffix).withNamespace(NS)
                .addToLabels("tuneline.io/run-id", runId).addToLabels("app.kubernetes.io/component", "training-job")
                .endMetadata().withNewSpec().addNewContainer().withName("train").withImage("x").endContainer()
                .endSpec().build();
        return server.getClient().pods().inNamespace(NS).resource(pod).create();
    }

    private void setStatus(Pod pod, PodStatus status) {
        Pod current = server.getClient().pods().inNamespace(NS).withName(pod.getMetadata().getName()).get();
        current.setStatus(status);
        server.getClient().pods().inNamespace(NS).resource(current).updateStatus();
    }

    private void setJobStatus(String runId, String reason, String message) {
        Job job = server.getClient().batch().v1().jobs().inNamespace(NS).withName("train-" + runId).get();
        job.setStatus(new JobStatusBuilder().withFailed(1).withConditions(new JobConditionBuilder().withType("Failed")
                .withStatus("True").withReason(reason).withMessage(message).build()).build());
        server.getClient().batch().v1().jobs().inNamespace(NS).resource(job).updateStatus();
    }

    private static PodStatus exited(int exitCode) {
        return new PodStatusBuilder().withPhase("Failed").withContainerStatuses(new ContainerStatusBuilder()
                .withName("train").withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode)
                        .withReason("Error").endTerminated().build()).build()).build();
    }

    private static PodStatus oomKilled() {
        return new PodStatusBuilder().withPhase("Failed").withContainerStatuses(new ContainerStatusBuilder()
                .withName("train").withState(new ContainerStateBuilder().withNewTerminated().withExitCode(137)
                        .withReason("OOMKilled").endTerminated().build()).build()).build();
    }

    private static JsonPath awaitErrorCode(String runId, String errorCode) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> errorCode.equals(Runs.get(runId).getString("errorCode")));
        return Runs.get(runId);
    }

}
