package io.tuneline.eval.service;

import io.tuneline.eval.config.EvalConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One instance at a time evaluates a run: it holds the lease ({@code lease.json} beside the evaluation: owner,
 * claim token, expiry) and renews it while it works; another instance handed the same record (a consumer-group
 * rebalance in the middle of an evaluation) waits until the evaluation is done, or takes it over once a dead
 * holder's lease has expired.
 *
 * <p>The object store offers no compare-and-set that every S3 server honours: the embedded s3proxy ignores
 * {@code If-None-Match: *} on a PUT ({@code EvaluationLeasesTest} shows it), so two conditional creates would both
 * succeed there. A lease is therefore claimed with Fischer's timed mutual exclusion over plain reads and writes:
 * read the lease; only if it is absent or expired, write a claim; wait {@code settle}; read it back — the claim
 * holds if it is still there. Two claimers cannot both hold as long as each one's read-to-write takes less than
 * {@code settle}; a claimer measures that on its own clock and treats a slower claim as lost. It relies on the
 * store's read-after-write consistency (S3, MinIO and s3proxy have it) and on clocks that agree to well within the
 * lease's lifetime.
 */
@ApplicationScoped
public class EvaluationLeases {

    private static final Logger LOG = Logger.getLogger(EvaluationLeases.class);

    private final EvaluationRepository repository;
    private final Duration ttl;
    private final Duration settle;
    private final Duration poll;
    private final String owner;
    private final Clock clock;
    private final ScheduledExecutorService renewals;
    /** Evaluations this instance waits for because another holds their lease (shown in logs and to tests). */
    private final Set<String> awaited = ConcurrentHashMap.newKeySet();

    @Inject
    EvaluationLeases(EvaluationRepository repository, EvalConfig config) {
        this(repository, config, defaultOwner(), Clock.systemUTC());
    }

    EvaluationLeases(EvaluationRepository repository, EvalConfig config, String owner, Clock clock) {
        this.repository = repository;
        this.ttl = config.lease().ttl();
        this.settle = config.lease().settle();
        this.poll = config.lease().poll();
        if (settle.multipliedBy(2).compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("tuneline.eval.lease.settle (" + settle + ") must be well below"
                    + " tuneline.eval.lease.ttl (" + ttl + ")");
        }
        this.owner = owner;
        this.clock = clock;
        this.renewals = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "evaluation-lease-renewal");
            thread.setDaemon(true);
            return thread;
        });
    }

    private static String defaultOwner() {
        return ManagementFactory.getRuntimeMXBean().getName(); // pid@host: the Pod's name in Kubernetes
    }

    /**
     * The lease of an evaluation, once this caller holds it. While another holder's lease is live, waits and asks
     * {@code done} after every look: when it says the work is done, returns empty. An expired lease (its holder
     * died or stopped renewing) is taken over.
     */
    public Optional<Held> acquire(String evaluationId, BooleanSupplier done) {
        boolean waited = false;
        try {
            while (true) {
                long readNanos = System.nanoTime();
                Optional<EvaluationLease> current = repository.lease(evaluationId);
                if (current.isPresent() && current.get().liveAt(clock.instant())) {
                    if (awaited.add(evaluationId)) {
                        LOG.infof("Evaluation %s is held by %s until %s; waiting for it", evaluationId,
                                current.get().owner(), current.get().expiresAt());
                    }
                    waited = true;
                    sleep(poll);
                    if (done.getAsBoolean()) {
                        return Optional.empty();
                    }
                    continue;
                }
                if (waited && done.getAsBoolean()) { // the holder finished and let go between two looks
                    return Optional.empty();
                }
                current.ifPresent(expired -> LOG.infof("Evaluation %s: the lease of %s expired at %s; taking it over",
                        evaluationId, expired.owner(), expired.expiresAt()));
                Instant now = clock.instant();
                EvaluationLease claim = new EvaluationLease(evaluationId, owner, UUID.randomUUID().toString(), now,
                        now.plus(ttl));
                repository.saveLease(claim);
                if (Duration.ofNanos(System.nanoTime() - readNanos).compareTo(settle) >= 0) {
                    LOG.warnf("Claiming the lease of %s took longer than %s; it does not count", evaluationId,
                            settle);
                    waited = true;
                    continue;
                }
                sleep(settle);
                if (claim.sameClaim(repository.lease(evaluationId).orElse(null))) {
                    return Optional.of(new Held(claim));
                }
                waited = true; // another claim landed after ours: it holds
            }
        } finally {
            awaited.remove(evaluationId);
        }
    }

    /** Evaluations this instance is waiting for, held by another claim. */
    public Set<String> awaited() {
        return Set.copyOf(awaited);
    }

    @PreDestroy
    void close() {
        renewals.shutdownNow();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an evaluation's lease", e);
        }
    }

    /** A lease this instance holds: renewed in the background until closed. */
    public final class Held implements AutoCloseable {

        private volatile EvaluationLease lease;
        private volatile boolean lost;
        private final ScheduledFuture<?> renewal;

        private Held(EvaluationLease lease) {
            this.lease = lease;
            long every = Math.max(1, ttl.toMillis() / 4);
            this.renewal = renewals.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
        }

        /**
         * Whether the lease is still this holder's, as stored now. Asked before anything is published or stored
         * for good: a holder that lost it (it paused past the expiry, and another instance may have taken over)
         * must leave the run to the other.
         */
        public boolean held() {
            if (lost) {
                return false;
            }
            Optional<EvaluationLease> stored = repository.lease(lease.evaluationId());
            return stored.isPresent() && lease.sameClaim(stored.get()) && stored.get().liveAt(clock.instant());
        }

        /** Renews before the expiry, with {@code settle} to spare; a renewal that lands later gives the lease up. */
        private synchronized void renew() {
            EvaluationLease current = lease;
            try {
                if (!current.sameClaim(repository.lease(current.evaluationId()).orElse(null))) {
                    giveUp("another claim replaced it");
                    return;
                }
                EvaluationLease renewed = current.renewedUntil(clock.instant().plus(ttl));
                repository.saveLease(renewed);
                if (clock.instant().isAfter(current.expiresAt().minus(settle))) {
                    giveUp("its renewal landed too close to the expiry");
                    return;
                }
                lease = renewed;
            } catch (RuntimeException e) {
                LOG.warnf("Cannot renew the lease of %s (%s); trying again", current.evaluationId(), e.getMessage());
            }
        }

        private void giveUp(String why) {
            lost = true;
            renewal.cancel(false);
            LOG.warnf("Lost the lease of %s: %s", lease.evaluationId(), why);
        }

        /** Stops renewing and removes the lease if it is still this holder's with time to spare. */
        @Override
        public synchronized void close() {
            renewal.cancel(false);
            if (lost) {
                return;
            }
            try {
                Optional<EvaluationLease> stored = repository.lease(lease.evaluationId());
                if (stored.isPresent() && lease.sameClaim(stored.get())
                        && stored.get().liveAt(clock.instant().plus(settle))) {
                    repository.deleteLease(lease.evaluationId());
                }
            } catch (RuntimeException e) {
                LOG.warnf("Cannot release the lease of %s (%s); it expires at %s", lease.evaluationId(),
                        e.getMessage(), lease.expiresAt());
            }
        }
    }
}
