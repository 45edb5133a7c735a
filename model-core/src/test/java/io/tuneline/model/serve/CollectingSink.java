package io.tuneline.model.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Collects one request's streamed tokens and its end, for assertions. */
final class CollectingSink implements TokenSink {

    record Result(long[] tokens, FinishReason reason, List<Long> streamed) {
    }

    final List<Long> streamed = new ArrayList<>();
    final CompletableFuture<Result> result = new CompletableFuture<>();

    @Override
    public synchronized void onToken(long token) {
        streamed.add(token);
    }

    @Override
    public synchronized void onFinished(long[] tokens, FinishReason reason) {
        result.complete(new Result(tokens, reason, List.copyOf(streamed)));
    }

    @Override
    public void onFailed(RuntimeException error) {
        result.completeExceptionally(error);
    }

    Result await() {
        try {
            return result.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The tokens streamed so far. */
    synchronized List<Long> streamed() {
        return List.copyOf(streamed);
    }

    static List<Long> boxed(long[] tokens) {
        List<Long> list = new ArrayList<>();
        for (long token : tokens) {
            list.add(token);
        }
        return list;
    }
}
