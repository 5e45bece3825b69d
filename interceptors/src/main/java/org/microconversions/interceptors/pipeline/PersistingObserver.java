package org.microconversions.interceptors.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

/** Persists buffered conversions off the request thread, on the container-managed executor. */
@ApplicationScoped
public class PersistingObserver {

    @Inject
    Pipeline pipeline;

    void onFlush(@ObservesAsync FlushRequested request) {
        pipeline.drain();
    }
}
