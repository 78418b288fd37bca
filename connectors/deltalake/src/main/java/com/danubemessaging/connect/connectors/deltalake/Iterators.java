package com.danubemessaging.connect.connectors.deltalake;

import io.delta.kernel.utils.CloseableIterator;
import java.util.Iterator;
import java.util.List;

/** In-memory lists as the {@link CloseableIterator}s Delta Kernel takes. */
final class Iterators {

    private Iterators() {
    }

    static <T> CloseableIterator<T> of(List<T> items) {
        Iterator<T> it = items.iterator();
        return new CloseableIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public T next() {
                return it.next();
            }

            @Override
            public void close() {
                // nothing to release
            }
        };
    }
}
