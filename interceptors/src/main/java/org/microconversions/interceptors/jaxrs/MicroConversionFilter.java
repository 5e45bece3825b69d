package org.microconversions.interceptors.jaxrs;

import jakarta.enterprise.inject.Vetoed;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import org.microconversions.api.MicroConversion;
import org.microconversions.interceptors.record.Recorder;
import org.microconversions.interceptors.record.ResponseRecording;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records {@link MicroConversion} on JAX-RS resource methods, only for 2xx responses (a 404 for
 * an unknown product is not an add-to-cart). Name-bound, so it runs only for annotated methods.
 *
 * <p>Vetoed as a CDI bean: it carries the interceptor binding, and must not be intercepted itself.
 */
@Provider
@MicroConversion
@Vetoed
public class MicroConversionFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(MicroConversionFilter.class.getName());

    @Context
    ResourceInfo resourceInfo;

    private volatile ResponseRecording recording;
    private volatile boolean failureLogged;

    @Override
    public void filter(ContainerRequestContext request) {
        try {
            recording().requestStarted();
        } catch (RuntimeException e) {
            logOnce(e);
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        try {
            recording().responded(resourceInfo.getResourceMethod(), response.getStatus());
        } catch (RuntimeException e) {
            logOnce(e);
        }
    }

    private ResponseRecording recording() {
        ResponseRecording r = recording;
        if (r == null) {
            r = CDI.current().select(Recorder.class).get().responses(); // no proxy hop per request
            recording = r;
        }
        return r;
    }

    private void logOnce(RuntimeException e) {
        if (!failureLogged) {
            failureLogged = true;
            LOG.log(Level.WARNING, "Could not record a conversion from a JAX-RS response (logged once)", e);
        }
    }
}
