package org.microconversions.interceptors.visitor;

import jakarta.enterprise.context.ApplicationScoped;
import org.microconversions.api.VisitorContext;
import org.microconversions.spi.VisitorResolver;

/** The default {@link VisitorResolver}: what the servlet filter captured from the request. */
@ApplicationScoped
public class HttpVisitorResolver implements VisitorResolver {

    @Override
    public VisitorContext current() {
        return CurrentVisitor.get();
    }
}
