package io.tuneline.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Closed-loop clients: each sends its next request when its previous one ended. */
final class ClosedLoopClients {

    /** One request, e.g. an HTTP call or a submit to the engine, returning its measurement. */
    interface Client<I, O> {
        O request(I input) throws Exception;
    }

    /** The measurements of one level and its wall time. */
    record Level<O>(List<O> samples, double seconds) {
    }

    private ClosedLoopClients() {
    }

    /** Runs {@code inputs} split evenly over {@code clients} threads, each sending its share one after another. */
    static <I, O> Level<O> run(List<I> inputs, int clients, Client<I, O> client) throws Exception {
        int perClient = inputs.size() / clients;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        try {
            List<Future<List<O>>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                List<I> own = inputs.subList(i * perClient, (i + 1) * perClient);
                results.add(pool.submit(() -> {
                    List<O> samples = new ArrayList<>();
                    for (I input : own) {
                        samples.add(client.request(input));
                    }
                    return samples;
                }));
            }
            List<O> samples = new ArrayList<>();
            for (Future<List<O>> result : results) {
                samples.addAll(result.get());
            }
            return new Level<>(samples, (System.nanoTime() - started) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }
}
