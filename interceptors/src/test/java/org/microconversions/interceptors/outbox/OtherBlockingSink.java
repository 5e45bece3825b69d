package org.microconversions.interceptors.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import org.microconversions.spi.ConversionSink;

/** A second slow destination beside {@link BlockingSink}, under its own name (and its own bean type). */
@ApplicationScoped
@Typed({OtherBlockingSink.class, ConversionSink.class})
public class OtherBlockingSink extends BlockingSink {

    @Override
    public String name() {
        return "other-blocking";
    }
}
