package com.danubemessaging.connect.bench;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Several rounds of one benchmark figure: the median, and every round, for a table cell. */
public final class Rounds {

    private Rounds() {
    }

    public static double median(double[] rounds) {
        double[] sorted = rounds.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** {@code 1234 (1200, 1234, 1400)}. */
    public static String describe(double[] rounds) {
        return String.format("%.0f (%s)", median(rounds),
                Arrays.stream(rounds).mapToObj(r -> String.format("%.0f", r)).collect(Collectors.joining(", ")));
    }
}
