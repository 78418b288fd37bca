package com.danubemessaging.connect.runtime.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** Finds the known key closest to a misspelt one, for "did you mean" hints. */
final class KeySuggester {

    private KeySuggester() {
    }

    /** The closest known key when it is plausibly a typo (distance at most a third of its length, min 2). */
    static Optional<String> closest(String unknown, Collection<String> known) {
        return known.stream()
                .min(Comparator.comparingInt(candidate -> distance(unknown, candidate)))
                .filter(best -> distance(unknown, best) <= Math.max(2, best.length() / 3));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
