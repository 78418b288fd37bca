package com.danubemessaging.connect.connectors.http;

import com.danubemessaging.connect.api.SinkRecord;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Messages an endpoint already accepted during a flush that failed as a whole. The runtime hands those same
 * {@link SinkRecord} objects over again (the whole batch, or one by one to isolate a bad message); skipping the
 * accepted ones keeps one failing message from sending its neighbours twice.
 *
 * <p>Records are compared by identity, never by message id: on a non-reliable topic every message has offset 0,
 * so ids are not unique, and a false match would drop a message. A redelivery by the broker is a new object and is
 * sent again (at least once). The set is bounded; forgetting an entry only costs a duplicate request.
 */
final class DeliveredRecords {
    private static final int CAPACITY = 100_000;

    /** Identity wrapper: equal only to itself. */
    private record Same(SinkRecord record) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Same same && same.record == record;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(record);
        }
    }

    private final Map<Same, Boolean> accepted = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Same, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized boolean contains(SinkRecord record) {
        return accepted.containsKey(new Same(record));
    }

    synchronized void addAll(Collection<SinkRecord> records) {
        records.forEach(r -> accepted.put(new Same(r), Boolean.TRUE));
    }

    /** Forgets records whose flush succeeded: they will be acknowledged and never handed over again. */
    synchronized void removeAll(Collection<SinkRecord> records) {
        records.forEach(r -> accepted.remove(new Same(r)));
    }

    synchronized int size() {
        return accepted.size();
    }
}
