package org.microconversions.interceptors.bench;

import org.eclipse.microprofile.metrics.Counter;
import org.jboss.weld.context.bound.BoundLiteral;
import org.jboss.weld.context.bound.BoundRequestContext;
import org.microconversions.interceptors.metrics.MetricNames;
import org.microconversions.interceptors.pipeline.Pipeline;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What a call costs the request thread: the same trivial method ({@code x + 1}) through the CDI
 * client proxy, plain, with an interceptor that only proceeds, with MicroProfile {@code @Counted},
 * and with {@code @MicroConversion} (persistence replaced by {@link NoopEventStore}; the buffer is
 * still drained by the async observer on its own thread, with the default capacity and overflow).
 *
 * <p>{@code names} is how many distinct annotated methods (so conversion names or counters) the
 * calls spread over, in a fixed pseudo-random order. Every variant uses the same dispatch, so
 * differences between variants are the interceptor's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RequestThreadBenchmark {

    private static final int ORDER_LENGTH = 4096; // a power of two

    @Param({"1", "100"})
    int names;

    /**
     * Whether the calls run inside a request context bound to a request's storage, as Weld's HTTP
     * request context is while a servlet container (Open Liberty among them) serves a request.
     * Weld then keeps its per-thread interception stack for the request; outside one it builds and
     * removes that stack (a thread-local entry) on every intercepted call and every client-proxy
     * call, for every variant alike.
     */
    @Param({"false", "true"})
    boolean inRequest;

    private BenchContainer container;
    private PlainTargets plain;
    private EmptyTargets empty;
    private CountedTargets counted;
    private ConversionTargets conversion;
    private int[] order;

    @Setup(Level.Trial)
    public void start() {
        container = new BenchContainer(null, Map.of(), List.of(PlainTargets.class, EmptyTargets.class,
                CountedTargets.class, ConversionTargets.class, EmptyInterceptor.class, NoopEventStore.class));
        plain = container.bean(PlainTargets.class);
        empty = container.bean(EmptyTargets.class);
        counted = container.bean(CountedTargets.class);
        conversion = container.bean(ConversionTargets.class);
        SplittableRandom random = new SplittableRandom(42);
        order = new int[ORDER_LENGTH];
        for (int i = 0; i < ORDER_LENGTH; i++) {
            order[i] = names == 1 ? 0 : random.nextInt(names);
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        Pipeline pipeline = container.bean(Pipeline.class);
        long conversions = BenchContainer.registry().getCounters((id, m) ->
                id.getName().equals(MetricNames.CONVERSIONS)).values().stream().mapToLong(Counter::getCount).sum();
        long counters = BenchContainer.registry().getCounters((id, m) ->
                id.getName().startsWith("bench_counted_")).values().stream().mapToLong(Counter::getCount).sum();
        System.out.printf("%n[drain] conversions recorded=%d, stored by no-op store=%d in %d batches, "
                        + "of which inline (buffer full)=%d, buffer depth at end=%d; @Counted total=%d; load average %s%n",
                conversions, NoopEventStore.EVENTS.sum(), NoopEventStore.BATCHES.sum(), NoopEventStore.INLINE.sum(),
                pipeline.depth(), counters, PersistenceThroughput.loadAverage());
        container.close();
    }

    /** Per-thread position in the call order, and the thread's request context if any. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
        long x;
        private BoundRequestContext request;
        private final Map<String, Object> requestStorage = new HashMap<>();

        /** Runs on the benchmark thread itself (thread-scoped state). */
        @Setup(Level.Trial)
        public void enter(RequestThreadBenchmark benchmark) {
            if (benchmark.inRequest) {
                request = benchmark.container.bean(BoundRequestContext.class, BoundLiteral.INSTANCE);
                request.associate(requestStorage);
                request.activate();
            }
        }

        @TearDown(Level.Trial)
        public void leave() {
            if (request != null) {
                request.invalidate();
                request.deactivate();
                request.dissociate(requestStorage);
            }
        }

        int index(int[] order) {
            return order[next++ & (ORDER_LENGTH - 1)];
        }
    }

    @Benchmark
    public long plain(Cursor c) {
        return PlainTargets.call(plain, c.index(order), c.x++);
    }

    @Benchmark
    public long emptyInterceptor(Cursor c) {
        return EmptyTargets.call(empty, c.index(order), c.x++);
    }

    @Benchmark
    public long counted(Cursor c) {
        return CountedTargets.call(counted, c.index(order), c.x++);
    }

    @Benchmark
    public long microConversion(Cursor c) {
        return ConversionTargets.call(conversion, c.index(order), c.x++);
    }
}
