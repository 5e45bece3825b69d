package org.microconversions.interceptors.visitor;

import org.microconversions.api.VisitorContext;

/**
 * The visitor of the request this thread is serving, set by the capture filter ({@code http.VisitorCaptureFilter}).
 * A thread-local, because request-scoped beans are not active where events are persisted and
 * a lookup per conversion must cost nanoseconds.
 */
public final class CurrentVisitor {

    private static final ThreadLocal<VisitorContext> CURRENT = new ThreadLocal<>();

    private CurrentVisitor() {
    }

    /** @return this thread's visitor, or {@link VisitorContext#NONE} */
    public static VisitorContext get() {
        VisitorContext v = CURRENT.get();
        return v == null ? VisitorContext.NONE : v;
    }

    /** Sets this thread's visitor; pair with {@link #clear()} in a finally block. */
    public static void set(VisitorContext visitor) {
        CURRENT.set(visitor);
    }

    /**
     * Forgets this thread's visitor. Sets null rather than removing the entry: a pooled thread
     * serves request after request, and removing and re-adding the entry on each one rehashed
     * the thread's map (Liberty's threads carry many thread-locals). A null value pins no class
     * loader.
     */
    public static void clear() {
        CURRENT.set(null);
    }
}
