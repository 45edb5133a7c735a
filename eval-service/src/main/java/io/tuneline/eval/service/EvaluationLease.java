package io.tuneline.eval.service;

import java.time.Instant;

/**
 * What {@code lease.json} beside an evaluation holds: who evaluates it now and until when, unless renewed.
 *
 * @param owner     the instance (host and process) that claimed it, for people reading the bucket
 * @param token     unique per claim: how a claimer tells its own claim from another's, even in one instance
 * @param expiresAt after this another instance may take the evaluation over
 */
public record EvaluationLease(String evaluationId, String owner, String token, Instant claimedAt,
                              Instant expiresAt) {

    public boolean liveAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    public boolean sameClaim(EvaluationLease other) {
        return other != null && token.equals(other.token());
    }

    public EvaluationLease renewedUntil(Instant newExpiry) {
        return new EvaluationLease(evaluationId, owner, token, claimedAt, newExpiry);
    }
}
