package io.tuneline.common.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * A token bucket per caller: {@code requests} calls per {@code period}, refilled evenly, bursts up to
 * {@code requests}. Remembers at most {@code maxCallers} callers (the least recently seen are forgotten).
 */
@ApplicationScoped
public class RateLimiter {

    private final double capacity;
    private final double tokensPerNano;
    private final LongSupplier nanoClock;
    private final Map<String, double[]> buckets; // caller -> {tokens, last refill (nanos)}

    @Inject
    RateLimiter(SecurityConfig config) {
        this(config.rateLimit().requests(), config.rateLimit().period(), config.rateLimit().maxCallers(),
                System::nanoTime);
    }

    RateLimiter(int requests, Duration period, int maxCallers, LongSupplier nanoClock) {
        if (requests < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("tuneline.security.rate-limit needs requests >= 1 and a positive period");
        }
        this.capacity = requests;
        this.tokensPerNano = requests / (double) period.toNanos();
        this.nanoClock = nanoClock;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
                return size() > maxCallers;
            }
        };
    }

    /** Empty when the call may go ahead; otherwise how many seconds to wait (at least 1). */
    public synchronized OptionalLong tryAcquire(String caller) {
        long now = nanoClock.getAsLong();
        double[] bucket = buckets.computeIfAbsent(caller, c -> new double[]{capacity, now});
        bucket[0] = Math.min(capacity, bucket[0] + (now - bucket[1]) * tokensPerNano);
        bucket[1] = now;
        if (bucket[0] >= 1) {
            bucket[0] -= 1;
            return OptionalLong.empty();
        }
        double waitNanos = (1 - bucket[0]) / tokensPerNano;
        return OptionalLong.of(Math.max(1, (long) Math.ceil(waitNanos / 1e9)));
    }
}
