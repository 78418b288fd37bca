package com.danubemessaging.connect.connectors;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/** Expected sets of record ids, for end-to-end tests that compare exactly which records arrived. */
public final class RecordIds {

    private RecordIds() {
    }

    /** The ids {@code from} (inclusive) to {@code to} (exclusive), without the given ones, sorted. */
    public static Set<Long> range(long from, long to, Long... without) {
        Set<Long> ids = LongStream.range(from, to).boxed().collect(Collectors.toCollection(TreeSet::new));
        ids.removeAll(List.of(without));
        return ids;
    }
}
