package com.danubemessaging.connect.runtime;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.Offset;
import com.danubemessaging.connect.api.ProducerConfig;
import com.danubemessaging.connect.api.RetryableException;
import com.danubemessaging.connect.api.SourceConnector;
import com.danubemessaging.connect.api.SourceMode;
import com.danubemessaging.connect.api.SourceRecord;
import com.danubemessaging.connect.api.SourceSender;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * A test source emitting {@code {"seq": i}} for i in [0, total), each with offset ("seq", i), in polling or
 * streaming mode, with optional injected failures. Records which offsets were committed.
 */
class SequenceSource implements SourceConnector {
    final String topic;
    final int total;
    final int chunk;
    final SourceMode mode;
    final List<Offset> commits = new CopyOnWriteArrayList<>();
    final AtomicLong highestCommitted = new AtomicLong(-1);
    final AtomicInteger retryableFailuresLeft = new AtomicInteger();
    /** Streaming: seqs whose send() returned (the runtime accepted them). */
    final Set<Integer> accepted = ConcurrentHashMap.newKeySet();
    /** Streaming: seqs whose completion completed normally (published). */
    final Set<Integer> published = ConcurrentHashMap.newKeySet();
    /** Streaming: seqs whose completion failed, with the reason. */
    final Map<Integer, Throwable> failed = new ConcurrentHashMap<>();
    /** Streaming: called with each seq when its completion completes normally, on the runtime's thread. */
    volatile IntConsumer onPublished = seq -> { };
    volatile boolean shutdownCalled;
    volatile IntFunction<SourceRecord> recordFactory;
    volatile Integer fatalAtPoll;
    volatile List<ProducerConfig> producers;
    private int next;
    private int polls;
    private volatile Thread streamer;

    SequenceSource(String topic, int total, int chunk, SourceMode mode) {
        this.topic = topic;
        this.total = total;
        this.chunk = chunk;
        this.mode = mode;
        this.recordFactory = i -> SourceRecord.ofObject(topic, Map.of("seq", i)).withKey("k" + (i % 7))
                .withAttribute("seq", Integer.toString(i));
        this.producers = List.of(ProducerConfig.of(topic));
    }

    @Override
    public void initialize(ConnectorConfig config) {
    }

    @Override
    public List<ProducerConfig> producerConfigs() {
        return producers;
    }

    @Override
    public SourceMode mode() {
        return mode;
    }

    @Override
    public synchronized List<SourceRecord> poll() {
        polls++;
        if (fatalAtPoll != null && polls >= fatalAtPoll) {
            throw new FatalException("source lost its position");
        }
        if (retryableFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new RetryableException("external system busy");
        }
        List<SourceRecord> out = new ArrayList<>();
        while (next < total && out.size() < chunk) {
            out.add(recordFactory.apply(next).withOffset(Offset.of("seq", next)));
            next++;
        }
        return out;
    }

    @Override
    public void startStreaming(SourceSender sender) {
        streamer = new Thread(() -> {
            try {
                for (int i = 0; i < total; i++) {
                    int seq = i;
                    CompletionStage<Void> stage = sender.send(recordFactory.apply(i).withOffset(Offset.of("seq", i)));
                    accepted.add(seq);
                    stage.whenComplete((ok, error) -> {
                        if (error == null) {
                            onPublished.accept(seq);
                            published.add(seq);
                        } else {
                            failed.put(seq, error instanceof CompletionException && error.getCause() != null
                                    ? error.getCause() : error);
                        }
                    });
                }
            } catch (FatalException stopped) {
                // the runtime stopped; the remaining records are not sent
            }
        }, "sequence-streamer");
        streamer.setDaemon(true);
        streamer.start();
    }

    @Override
    public void commit(List<Offset> offsets) {
        commits.addAll(offsets);
        offsets.forEach(o -> highestCommitted.accumulateAndGet(o.value(), Math::max));
    }

    @Override
    public void shutdown() {
        shutdownCalled = true;
        Thread t = streamer;
        if (t != null) {
            t.interrupt();
        }
    }
}
