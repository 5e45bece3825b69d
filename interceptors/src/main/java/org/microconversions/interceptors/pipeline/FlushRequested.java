package org.microconversions.interceptors.pipeline;

/** The async CDI event that asks {@link PersistingObserver} to drain the buffer. */
public final class FlushRequested {
    static final FlushRequested INSTANCE = new FlushRequested();

    private FlushRequested() {
    }
}
