package io.tuneline.common.messaging;

import io.smallrye.common.annotation.Blocking;
import io.tuneline.contracts.events.SupportChatReceived;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A consumer of its own topic ({@value #TOPIC}) whose handler does what the test scripted for a chat id: fail a
 * number of times, or wait until the test releases it and then reject. It records every call with its time, so
 * tests count the handler's calls and measure the gaps between them instead of trusting the inbox's own report.
 */
@ApplicationScoped
public class ScriptedProbeConsumer {

    static final String TOPIC = "tuneline.probe-scripted";

    /** What the handler does with one chat id. */
    sealed interface Script {
    }

    /** Throw on the first {@code failures} calls, then handle. */
    record FailTimes(int failures) implements Script {
    }

    /** Signal {@code entered}, wait for {@code release}, then reject the event. */
    record HoldThenReject(CountDownLatch entered, CountDownLatch release) implements Script {
    }

    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final Map<String, Queue<Long>> callNanos = new ConcurrentHashMap<>();
    private final Queue<String> handled = new ConcurrentLinkedQueue<>();

    @Inject
    EventInbox inbox;

    void script(String chatId, Script script) {
        scripts.put(chatId, script);
    }

    @Incoming("probe-scripted")
    @Blocking
    void onChat(ConsumerRecord<String, byte[]> record) {
        inbox.accept(record, SupportChatReceived.class, event -> {
            String chatId = event.payload().chatId();
            Queue<Long> calls = callNanos.computeIfAbsent(chatId, id -> new ConcurrentLinkedQueue<>());
            calls.add(System.nanoTime());
            Script script = scripts.get(chatId);
            if (script instanceof FailTimes failTimes && calls.size() <= failTimes.failures()) {
                throw new IllegalStateException("scripted failure " + calls.size() + " of " + failTimes.failures());
            }
            if (script instanceof HoldThenReject hold) {
                hold.entered().countDown();
                awaitRelease(hold.release());
                throw new RejectedEventException("scripted-rejection", "the test rejects " + chatId);
            }
            handled.add(chatId);
        });
    }

    /** Times of the handler's calls for this chat id, in call order (System.nanoTime). */
    List<Long> callNanos(String chatId) {
        return List.copyOf(callNanos.getOrDefault(chatId, new ConcurrentLinkedQueue<>()));
    }

    boolean handled(String chatId) {
        return handled.contains(chatId);
    }

    private static void awaitRelease(CountDownLatch release) {
        try {
            if (!release.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the test never released the handler");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
