package org.microconversions.interceptors.insights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Matches one visitor's conversions at a time against a funnel's definition (docs/insights.md):
 * feed a visitor's conversions with {@link #add}, then {@link #endVisitor()}; the counts add up.
 */
final class FunnelPaths {

    private final boolean closed;
    private final long windowMicros;
    private final int n;
    private final long[] visitors;
    private final List<List<Double>> gaps = new ArrayList<>();
    private final long[] reached;
    private long entered;
    private int size;
    private int[] step = new int[64];
    private long[] at = new long[64];

    FunnelPaths(FunnelDefinition funnel) {
        closed = funnel.mode() == FunnelDefinition.Mode.CLOSED;
        windowMicros = funnel.window() == null ? -1 : funnel.window().getSeconds() * 1_000_000L;
        n = funnel.steps().size();
        visitors = new long[n];
        reached = new long[n];
        for (int k = 0; k < n; k++) {
            gaps.add(new ArrayList<>());
        }
    }

    /** @return visitors who entered the funnel */
    long entered() {
        return entered;
    }

    /** @return visitors who reached each step */
    long[] visitors() {
        return visitors;
    }

    /** @return seconds from step {@code k - 1} to step {@code k}, one per visitor who did both */
    List<Double> gaps(int k) {
        return gaps.get(k);
    }

    /**
     * @param s      the step, 0-based
     * @param micros when, in microseconds since the epoch
     */
    void add(int s, long micros) {
        if (size == step.length) {
            step = Arrays.copyOf(step, size * 2);
            at = Arrays.copyOf(at, size * 2);
        }
        step[size] = s;
        at[size] = micros;
        size++;
    }

    /** Counts the current visitor's path and starts the next visitor. */
    void endVisitor() {
        if (size == 0) {
            return;
        }
        // entry: first step-1 conversion (closed) or first conversion of any step, earliest step on ties (open)
        int entryStep = -1;
        long t0 = 0;
        for (int i = 0; i < size; i++) {
            if (closed && step[i] != 0) {
                continue;
            }
            if (entryStep < 0 || at[i] < t0 || (at[i] == t0 && step[i] < entryStep)) {
                t0 = at[i];
                entryStep = step[i];
            }
        }
        if (entryStep < 0) {
            size = 0;
            return;
        }
        entered++;
        long limit = windowMicros < 0 ? Long.MAX_VALUE : t0 + windowMicros;
        visitors[entryStep]++;
        reached[entryStep] = t0;
        for (int k = entryStep + 1; k < n; k++) {
            long previous = reached[k - 1];
            long best = Long.MAX_VALUE;
            for (int i = 0; i < size; i++) {
                if (step[i] == k && at[i] >= previous && at[i] <= limit && at[i] < best) {
                    best = at[i];
                }
            }
            if (best == Long.MAX_VALUE) {
                break;
            }
            reached[k] = best;
            visitors[k]++;
            gaps.get(k).add((best - previous) / 1e6);
        }
        size = 0;
    }
}
