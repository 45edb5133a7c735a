package io.tuneline.model.serve;

import ai.djl.pytorch.jni.JniUtils;
import io.tuneline.model.generate.GenerationConfig;
import io.tuneline.model.generate.Generator;
import io.tuneline.model.generate.Seq2SeqModel;
import io.tuneline.model.generate.SpecialTokens;
import io.tuneline.model.generate.TokenChoice;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous batching for one model: one thread decodes a running batch of greedy and sampling requests one token
 * per step; between steps, finished or cancelled rows leave and queued requests join as slots free up. A newcomer
 * is encoded in a session of its own (the prefill, with newcomers of similar length) on a second thread, while the
 * running rows keep decoding (encoding a chat costs as much as several decoder steps: done on the decoding thread,
 * it stalled every running row), then absorbed into the running session between two steps
 * ({@link Seq2SeqModel.DecodingSession#absorb}) and decodes its first token in the next shared step, so every row
 * decodes as it would alone and
 * chooses its tokens with {@link TokenChoice} and a random generator of its own: the output of a request does not
 * depend on what it was batched with. Beam search runs alone, between steps, through {@link Generator}.
 *
 * <p>Encoding a chat costs several times what decoding it costs in a full batch, so under heavy load the prefill
 * thread alone cannot keep the batch full. The decoding thread then encodes a waiting group itself between two
 * steps when more newcomers wait to be encoded than rows are running (the running rows wait for that group, but
 * they are outnumbered by the requests that wait for all of it), and always when it has no rows to decode.
 */
public final class ContinuousBatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ContinuousBatcher.class);
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    /** Newcomers encoded together at most: the encoder's attention memory grows with rows x length squared. */
    private static final int MAX_PREFILL_GROUP = 8;
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Seq2SeqModel model;
    private final SpecialTokens special;
    private final BatchingConfig config;
    private final LongSupplier clock;
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private final List<Row> rows = new ArrayList<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final Thread worker;
    /** Encodes newcomers (one thread, with the engine's libtorch thread setting). */
    private final Thread prefiller;
    /** Groups of newcomers waiting to be encoded, by either thread (guarded by {@code queue}). */
    private final ArrayDeque<List<Request>> toEncode = new ArrayDeque<>();
    /** Set when the decoding thread ended: the prefill thread stops once {@link #toEncode} is empty. */
    private boolean encodingStopped;
    /** Newcomers encoded and waiting to join, oldest first (guarded by {@code queue}). */
    private final ArrayDeque<Prepared> prepared = new ArrayDeque<>();
    /** Requests admitted for encoding that have not joined (or failed) yet (guarded by {@code queue}). */
    private int preparing;
    private Seq2SeqModel.DecodingSession session;
    private boolean shuttingDown;
    private volatile int batchSize;
    private volatile long steps;
    private volatile Stats stats = Stats.ZERO;

    /** Starts the engine's thread, named {@code name}. */
    public ContinuousBatcher(String name, Seq2SeqModel model, SpecialTokens special, BatchingConfig config) {
        this(name, model, special, config, System::nanoTime);
    }

    ContinuousBatcher(String name, Seq2SeqModel model, SpecialTokens special, BatchingConfig config,
                      LongSupplier clock) {
        this.model = model;
        this.special = special;
        this.config = config;
        this.clock = clock;
        this.prefiller = new Thread(this::encodeLoop, name + "-prefill");
        prefiller.setDaemon(true);
        this.worker = new Thread(this::run, name);
        worker.setDaemon(true);
        prefiller.start();
        worker.start();
    }

    /**
     * Queues a request. {@code deadlineNanos} ({@link System#nanoTime()} scale, {@code Long.MAX_VALUE} for none)
     * ends it with {@link FinishReason#TIMEOUT}, waiting or decoding.
     *
     * @throws QueueFullException when {@link BatchingConfig#maxQueue()} requests wait already or the engine is
     *                            shutting down
     * @throws IllegalArgumentException for several return sequences (not served) or an empty prompt
     */
    public Ticket submit(long[] prompt, GenerationConfig generation, long deadlineNanos, TokenSink sink) {
        if (generation.numReturnSequences() != 1) {
            throw new IllegalArgumentException("num_return_sequences must be 1");
        }
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt has no tokens");
        }
        Request request = new Request(prompt.clone(), generation, deadlineNanos, sink);
        synchronized (queue) {
            if (shuttingDown) {
                throw new QueueFullException("the model is being replaced or stopped", queue.size());
            }
            if (queue.size() >= config.maxQueue()) {
                throw new QueueFullException("the queue holds " + queue.size() + " requests already",
                        queue.size());
            }
            queue.add(request);
            queue.notifyAll();
        }
        return request;
    }

    /** Requests waiting for a slot. */
    public int queueDepth() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /** Rows decoded in the latest step. */
    public int batchSize() {
        return batchSize;
    }

    /** Decoder steps run so far (prefills included). */
    public long steps() {
        return steps;
    }

    /**
     * The engine thread's CPU time: the timers measure work, not the share of the cores this thread got (the
     * machine may be shared; with one libtorch thread every op runs on the engine thread).
     */
    private static long cpuNow() {
        return CPU.getCurrentThreadCpuTime();
    }

    /** Where the engine's time went so far (read between steps; for benchmarks and profiling). */
    public Stats stats() {
        return stats;
    }

    /**
     * Cumulative engine timers (CPU time): encoding newcomers (on the prefill thread), the shared decoder steps (and
     * how many rows they decoded), and merging newcomers' caches into the running batch or removing finished rows.
     */
    public record Stats(long prefillNanos, long decodeNanos, long mergeNanos, long decodeSteps, long decodedRows) {
        static final Stats ZERO = new Stats(0, 0, 0, 0, 0);

        /** The difference since an earlier reading. */
        public Stats minus(Stats earlier) {
            return new Stats(prefillNanos - earlier.prefillNanos, decodeNanos - earlier.decodeNanos,
                    mergeNanos - earlier.mergeNanos, decodeSteps - earlier.decodeSteps,
                    decodedRows - earlier.decodedRows);
        }

        Stats add(long prefill, long decode, long merge, long rows) {
            return new Stats(prefillNanos + prefill, decodeNanos + decode, mergeNanos + merge,
                    decodeSteps + (decode > 0 ? 1 : 0), decodedRows + rows);
        }
    }

    public BatchingConfig config() {
        return config;
    }

    /** Refuses new requests; the queued and running ones are still served. */
    public void shutdown() {
        synchronized (queue) {
            shuttingDown = true;
            queue.notifyAll();
        }
    }

    /** Waits until every accepted request ended after {@link #shutdown()}. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Shuts down and waits for the accepted requests (at most a minute). */
    @Override
    public void close() {
        shutdown();
        try {
            if (!awaitTermination(Duration.ofMinutes(1))) {
                worker.interrupt();
            }
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
        }
    }

    /** A queued or running request; {@link #cancel()} frees its slot at the next step. */
    public interface Ticket {
        void cancel();
    }

    private void run() {
        if (config.threads() > 0) {
            JniUtils.setNumThreads(config.threads()); // per calling thread: only this engine's ops
        }
        try {
            while (true) {
                List<Request> admitted = admit();
                if (admitted == null) {
                    return;
                }
                try {
                    dispatch(admitted);
                    encodeHereIfBehind();
                    join(takePrepared());
                    if (!rows.isEmpty()) {
                        step();
                    }
                } catch (RuntimeException e) {
                    LOG.error("decoding failed; failing the {} requests of the batch", rows.size(), e);
                    for (Row row : rows) {
                        row.request.fail(e);
                    }
                    rows.clear();
                    closeSession();
                }
                batchSize = rows.size();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopPrefiller();
            closeSession();
            for (Row row : rows) {
                row.request.finish(row.tokens(), FinishReason.SHUTDOWN);
            }
            synchronized (queue) {
                shuttingDown = true;
                queue.forEach(request -> request.finish(new long[0], FinishReason.SHUTDOWN));
                queue.clear();
                for (Prepared group : prepared) {
                    group.close();
                    group.requests.forEach(request -> request.finish(new long[0], FinishReason.SHUTDOWN));
                }
                prepared.clear();
                for (List<Request> group : toEncode) { // only after a failure or an interrupt
                    group.forEach(request -> request.finish(new long[0], FinishReason.SHUTDOWN));
                }
                toEncode.clear();
            }
            terminated.countDown();
        }
    }

    /** Stops the prefill thread once the groups handed to it are encoded (or after a minute). */
    private void stopPrefiller() {
        synchronized (queue) {
            encodingStopped = true;
            queue.notifyAll();
        }
        try {
            prefiller.join(TimeUnit.MINUTES.toMillis(1));
            if (prefiller.isAlive()) {
                LOG.warn("the prefill thread did not stop within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The prefill thread: encodes the waiting groups in order until the engine ends. */
    private void encodeLoop() {
        if (config.threads() > 0) {
            JniUtils.setNumThreads(config.threads());
        }
        while (true) {
            List<Request> group;
            synchronized (queue) {
                while (toEncode.isEmpty() && !encodingStopped) {
                    try {
                        queue.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (toEncode.isEmpty()) {
                    return;
                }
                group = toEncode.poll();
            }
            prepare(group);
        }
    }

    /**
     * On the decoding thread, between two steps: encodes the oldest waiting group here when the prefill thread is
     * behind, i.e. more newcomers wait to be encoded than rows are running, or no row is running at all.
     */
    private void encodeHereIfBehind() {
        List<Request> group;
        synchronized (queue) {
            int waiting = 0;
            for (List<Request> waitingGroup : toEncode) {
                waiting += waitingGroup.size();
            }
            if (waiting == 0 || waiting <= rows.size()) {
                return;
            }
            group = toEncode.poll();
        }
        prepare(group);
    }

    /**
     * The requests that join now: as many queued ones as slots are free (slots of newcomers being encoded count as
     * taken). An engine with no running rows waits for a request or for encoded newcomers; an idle one (nothing
     * being encoded either) then waits up to {@code maxWait} for more. Null when shut down with nothing left to do.
     */
    private List<Request> admit() throws InterruptedException {
        synchronized (queue) {
            if (rows.isEmpty()) {
                while (prepared.isEmpty() && toEncode.isEmpty()
                        && (queue.isEmpty() || preparing >= config.maxBatchSize())) {
                    if (shuttingDown && queue.isEmpty() && preparing == 0) {
                        return null;
                    }
                    TimeUnit.NANOSECONDS.timedWait(queue, IDLE_POLL_NANOS);
                }
                if (prepared.isEmpty() && preparing == 0) {
                    long until = clock.getAsLong() + config.maxWait().toNanos();
                    long left;
                    while (queue.size() < config.maxBatchSize() && !shuttingDown
                            && (left = until - clock.getAsLong()) > 0) {
                        TimeUnit.NANOSECONDS.timedWait(queue, left);
                    }
                }
            }
            int taken = rows.size() + preparing;
            List<Request> admitted = new ArrayList<>();
            while (taken + admitted.size() < config.maxBatchSize() && !queue.isEmpty()) {
                Request next = queue.peek();
                if (next.generation.numBeams() > 1 && !(taken == 0 && prepared.isEmpty() && admitted.isEmpty())) {
                    break; // beam search runs alone, once the running batch has finished
                }
                admitted.add(queue.poll());
                if (next.generation.numBeams() > 1) {
                    break;
                }
            }
            return admitted;
        }
    }

    /** Hands the newcomers to the prefill thread in groups of similar length (beam search runs alone, here). */
    private void dispatch(List<Request> admitted) {
        List<Request> joining = new ArrayList<>();
        for (Request request : admitted) {
            if (request.cancelled) {
                request.finish(new long[0], FinishReason.CANCELLED);
            } else if (clock.getAsLong() > request.deadlineNanos) {
                request.finish(new long[0], FinishReason.TIMEOUT);
            } else if (request.generation.numBeams() > 1) {
                runAlone(request);
            } else {
                joining.add(request);
            }
        }
        for (List<Request> group : similarLengths(joining)) {
            synchronized (queue) {
                preparing += group.size();
                toEncode.add(group);
                queue.notifyAll();
            }
        }
    }

    /**
     * Splits the newcomers into groups encoded together without much padding: attention costs grow with the square
     * of the padded length, so one long chat must not make 30 short ones pay for its length (sorted by length, a
     * group ends where padding would exceed a quarter of its real tokens, or at {@link #MAX_PREFILL_GROUP}).
     */
    private static List<List<Request>> similarLengths(List<Request> joining) {
        List<Request> sorted = new ArrayList<>(joining);
        sorted.sort(Comparator.comparingInt(request -> request.prompt.length));
        List<List<Request>> groups = new ArrayList<>();
        List<Request> group = new ArrayList<>();
        long realTokens = 0;
        for (Request request : sorted) {
            long withIt = realTokens + request.prompt.length;
            if (!group.isEmpty() && ((long) (group.size() + 1) * request.prompt.length > 1.25 * withIt
                    || group.size() == MAX_PREFILL_GROUP)) {
                groups.add(group);
                group = new ArrayList<>();
                withIt = request.prompt.length;
            }
            group.add(request);
            realTokens = withIt;
        }
        if (!group.isEmpty()) {
            groups.add(group);
        }
        return groups;
    }

    /**
     * On the prefill thread (or the decoding thread, when the prefill thread is behind): encodes a group of
     * newcomers in a session of their own, with everything the merge needs (their cross-attention keys and values),
     * and leaves it for the engine thread. A failure fails only the
     * group (the engine thread reports it), never the running rows.
     */
    private void prepare(List<Request> group) {
        long started = cpuNow();
        long[][] prompts = group.stream().map(request -> request.prompt).toArray(long[][]::new);
        Seq2SeqModel.DecodingSession newcomers = null;
        RuntimeException error = null;
        try {
            newcomers = model.startDecoding(prompts, 1);
            newcomers.prepareToJoin();
        } catch (RuntimeException | Error e) { // an Error too: the engine must learn that the group ended
            if (newcomers != null) {
                newcomers.close();
                newcomers = null;
            }
            error = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
        Prepared done = new Prepared(group, newcomers, error, cpuNow() - started);
        synchronized (queue) {
            prepared.add(done);
            queue.notifyAll();
        }
    }

    /** The encoded groups waiting to join (their slots stay counted until they have joined). */
    private List<Prepared> takePrepared() {
        synchronized (queue) {
            List<Prepared> ready = new ArrayList<>(prepared);
            prepared.clear();
            for (Prepared group : ready) {
                preparing -= group.requests.size();
            }
            return ready;
        }
    }

    /**
     * Merges encoded newcomers into the running batch between two steps; they decode their first token in the
     * next shared step (a step of their own would cost a whole decoder pass per group).
     */
    private void join(List<Prepared> ready) {
        for (int i = 0; i < ready.size(); i++) {
            Prepared group = ready.get(i);
            stats = stats.add(group.cpuNanos, 0, 0, 0);
            if (group.error != null) {
                LOG.warn("encoding {} newcomers failed", group.requests.size(), group.error);
                group.requests.forEach(request -> request.fail(group.error));
                continue;
            }
            long started = cpuNow();
            try {
                if (session == null) {
                    session = group.session;
                } else {
                    session.absorb(group.session);
                }
            } catch (RuntimeException e) {
                for (Prepared failed : ready.subList(i, ready.size())) {
                    failed.close();
                    failed.requests.forEach(request -> request.fail(e));
                }
                throw e;
            }
            for (Request request : group.requests) {
                rows.add(new Row(request, special.decoderStartTokenId()));
            }
            stats = stats.add(0, 0, cpuNow() - started, 0);
        }
        if (!ready.isEmpty()) {
            removeFinished(); // newcomers cancelled or timed out while they were encoded
        }
    }

    /** One decoder step for every running row. */
    private void step() {
        long[] lastTokens = new long[rows.size()];
        for (int i = 0; i < lastTokens.length; i++) {
            lastTokens[i] = rows.get(i).lastToken();
        }
        long started = cpuNow();
        float[] scores = session.next(lastTokens, false);
        steps++;
        for (int i = 0; i < rows.size(); i++) {
            rows.get(i).choose(scores, i * model.vocabSize());
        }
        stats = stats.add(0, Math.max(1, cpuNow() - started), 0, rows.size());
        removeFinished();
    }

    /**
     * Ends rows that produced {@code </s>}, reached their length, were cancelled or timed out; frees their slots.
     * The rows that remain keep their places, except that the last ones move into the freed slots: the cache then
     * moves only those rows instead of copying every row of every layer ({@link #compaction}).
     */
    private void removeFinished() {
        long now = clock.getAsLong();
        boolean[] kept = new boolean[rows.size()];
        int keptCount = 0;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            FinishReason reason = row.finishReason(now);
            if (reason == null) {
                kept[i] = true;
                keptCount++;
            } else {
                row.request.finish(row.tokens(), reason);
            }
        }
        if (keptCount == rows.size()) {
            return;
        }
        long started = cpuNow();
        int[] sources = compaction(kept, keptCount);
        List<Row> remaining = new ArrayList<>(keptCount);
        for (int source : sources) {
            remaining.add(rows.get(source));
        }
        rows.clear();
        rows.addAll(remaining);
        if (rows.isEmpty()) {
            closeSession();
        } else {
            session.reorder(sources);
        }
        stats = stats.add(0, 0, cpuNow() - started, 0);
    }

    /**
     * Where each of the {@code keptCount} remaining rows comes from: a kept row below {@code keptCount} stays, and
     * each freed slot below it takes the next kept row from the end.
     */
    static int[] compaction(boolean[] kept, int keptCount) {
        int[] sources = new int[keptCount];
        int tail = kept.length - 1;
        for (int slot = 0; slot < keptCount; slot++) {
            if (kept[slot]) {
                sources[slot] = slot;
            } else {
                while (!kept[tail]) {
                    tail--;
                }
                sources[slot] = tail--;
            }
        }
        return sources;
    }

    private void runAlone(Request request) {
        long[][] output;
        try {
            output = new Generator(model, special).generate(new long[][] {request.prompt}, request.generation);
        } catch (RuntimeException e) {
            request.fail(e);
            throw e;
        }
        steps++;
        long[] tokens = Arrays.copyOfRange(output[0], 1, output[0].length);
        int length = tokens.length;
        while (length > 0 && tokens[length - 1] == special.padTokenId()) {
            length--; // beam search pads shorter hypotheses
        }
        tokens = Arrays.copyOf(tokens, length);
        for (long token : tokens) {
            request.emit(token);
        }
        boolean eos = length > 0 && tokens[length - 1] == special.eosTokenId();
        request.finish(tokens, eos ? FinishReason.EOS : FinishReason.LENGTH);
    }

    private void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    /** A group of newcomers encoded by the prefill thread: its session, or why encoding failed. */
    private record Prepared(List<Request> requests, Seq2SeqModel.DecodingSession session, RuntimeException error,
                            long cpuNanos) {
        void close() {
            if (session != null) {
                session.close();
            }
        }
    }

    /** One request's place in the running batch: its sequence so far and its random generator. */
    private final class Row {
        final Request request;
        final long[] sequence;
        final SplittableRandom random;
        int length = 1;

        Row(Request request, long decoderStart) {
            this.request = request;
            this.sequence = new long[1 + request.generation.maxNewTokens()];
            this.sequence[0] = decoderStart;
            this.random = new SplittableRandom(request.generation.seed());
        }

        long lastToken() {
            return sequence[length - 1];
        }

        void choose(float[] scores, int offset) {
            long token = TokenChoice.next(scores, offset, model.vocabSize(), sequence, length, request.generation,
                    special.eosTokenId(), random);
            sequence[length++] = token;
            request.emit(token);
        }

        FinishReason finishReason(long now) {
            if (sequence[length - 1] == special.eosTokenId() && length > 1) {
                return FinishReason.EOS;
            }
            if (length == sequence.length) {
                return FinishReason.LENGTH;
            }
            if (request.cancelled) {
                return FinishReason.CANCELLED;
            }
            return now > request.deadlineNanos ? FinishReason.TIMEOUT : null;
        }

        long[] tokens() {
            return Arrays.copyOfRange(sequence, 1, length);
        }
    }

    /** A submitted request; its sink is shielded from the engine (a throwing sink cannot stop the batch). */
    private static final class Request implements Ticket {
        final long[] prompt;
        final GenerationConfig generation;
        final long deadlineNanos;
        final TokenSink sink;
        volatile boolean cancelled;
        boolean ended;

        Request(long[] prompt, GenerationConfig generation, long deadlineNanos, TokenSink sink) {
            this.prompt = prompt;
            this.generation = generation;
            this.deadlineNanos = deadlineNanos;
            this.sink = sink;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        void emit(long token) {
            if (!cancelled) {
                guard(() -> sink.onToken(token));
            }
        }

        void finish(long[] tokens, FinishReason reason) {
            if (!ended) {
                ended = true;
                guard(() -> sink.onFinished(tokens, reason));
            }
        }

        void fail(RuntimeException error) {
            if (!ended) {
                ended = true;
                guard(() -> sink.onFailed(error));
            }
        }

        private void guard(Runnable call) {
            try {
                call.run();
            } catch (RuntimeException e) {
                LOG.warn("a token sink threw; its request is cancelled", e);
                cancelled = true;
            }
        }
    }
}
