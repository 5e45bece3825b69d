package org.microconversions.interceptors.support;

import org.microconversions.api.MicroConversions;
import org.microconversions.api.VisitorContext;
import org.microconversions.interceptors.visitor.CurrentVisitor;

import javax.sql.DataSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One measured run of a sink fault test: records {@code visitors × rounds} conversions as fast as
 * the API takes them, waits until the sink's outbox rows of all of them are sent, and checks what
 * the receiver accepted: each conversion exactly once (no duplicate), in recording order per visitor.
 */
public final class ErrorRateRun {

    /** A conversion the receiver accepted (answered 2xx): its visitor and event id. */
    public record Accepted(String visitor, String id) {
    }

    private ErrorRateRun() {
    }

    /**
     * @param accepted everything the receiver accepted so far, in arrival order
     * @return milliseconds from the first recording to the last row marked sent
     */
    public static long run(String label, DataSource db, String sink, MicroConversions conversions, String prefix,
            int visitors, int rounds, Supplier<List<Accepted>> accepted) {
        int before = accepted.get().size();
        Map<String, List<String>> recorded = new LinkedHashMap<>();
        long start = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            for (int v = 0; v < visitors; v++) {
                String visitor = prefix + "-" + v;
                CurrentVisitor.set(new VisitorContext(visitor, "s-" + visitor, null, null, Map.of()));
                String id = conversions.record(r % 2 == 0 ? "add-to-cart" : "share").orElseThrow().toString();
                recorded.computeIfAbsent(visitor, k -> new ArrayList<>()).add(id);
            }
        }
        CurrentVisitor.clear();
        int total = visitors * rounds;
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(10)).until(() -> Databases.queryLong(db,
                "SELECT COUNT(*) FROM mc_outbox o JOIN mc_event e ON e.id = o.event_id WHERE o.sink = '" + sink
                        + "' AND o.status = 'sent' AND e.visitor_id LIKE '" + prefix + "-%'") == total);
        long millis = (System.nanoTime() - start) / 1_000_000;

        List<Accepted> got = accepted.get();
        List<Accepted> mine = got.subList(before, got.size()).stream().filter(a -> a.visitor().startsWith(prefix + "-"))
                .toList();
        assertThat(mine).as(label + ": every conversion accepted exactly once").hasSize(total)
                .extracting(Accepted::id).doesNotHaveDuplicates();
        Map<String, List<String>> seen = new LinkedHashMap<>();
        mine.forEach(a -> seen.computeIfAbsent(a.visitor(), k -> new ArrayList<>()).add(a.id()));
        assertThat(seen).as(label).hasSize(visitors);
        recorded.forEach((visitor, ids) -> assertThat(seen.get(visitor)).as(label + ": order of " + visitor)
                .containsExactlyElementsOf(ids));
        assertThat(Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox WHERE status = 'dead'")).as(label).isZero();
        System.out.printf("%s: %d conversions of %d visitors delivered in %d ms%n", label, total, visitors, millis);
        return millis;
    }

    /** Error-free and 1-in-7 phases run alternately this often; their medians are compared. */
    public static final int INTERLEAVED_ROUNDS = 3;

    /** @return the median of {@code millis} (an odd number of runs) */
    public static long median(long[] millis) {
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
