package com.danubemessaging.connect.runtime.source;

import com.danubemessaging.connect.api.SourceRecord;
import com.danubemessaging.connect.runtime.metrics.ConnectorMetrics;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * A record the runtime holds until it is settled: published (the completion completes) or given up (it fails with
 * the reason). It counts in {@code danube_connector_inflight_messages} from the moment the runtime took it over
 * until it is settled, so the gauge shows what is really in flight, queued and retried records included.
 *
 * @param record     the record
 * @param completion settled exactly once; a streaming connector waits on it
 */
record PendingRecord(SourceRecord record, CompletableFuture<Void> completion) {

    /** A record not settled yet. */
    static PendingRecord of(SourceRecord record) {
        return new PendingRecord(record, new CompletableFuture<>());
    }

    /** Takes {@code record} over: in flight until settled. */
    static PendingRecord track(SourceRecord record, ConnectorMetrics metrics) {
        return of(record).countedIn(metrics);
    }

    /** Counts this record in flight until it is settled (at once, if it already is). */
    PendingRecord countedIn(ConnectorMetrics metrics) {
        String topic = record.topic();
        metrics.inflightChanged(topic, 1);
        completion.whenComplete((ok, error) -> metrics.inflightChanged(topic, -1));
        return this;
    }

    /** Marks it published. No effect once settled. */
    void published() {
        completion.complete(null);
    }

    /** Marks it given up with {@code reason}. No effect once settled. */
    void failed(Throwable reason) {
        completion.completeExceptionally(reason);
    }

    boolean isSettled() {
        return completion.isDone();
    }

    /** Fails every record of {@code records} that is not settled yet. */
    static void failUnsettled(Collection<PendingRecord> records, Throwable reason) {
        records.forEach(r -> r.failed(reason));
    }
}
