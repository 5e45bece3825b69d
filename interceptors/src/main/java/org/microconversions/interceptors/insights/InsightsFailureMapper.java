package org.microconversions.interceptors.insights;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers an {@link InsightsFailure} with its status and {@code {"error": reason}}. */
@Provider
public class InsightsFailureMapper implements ExceptionMapper<InsightsFailure> {

    @Override
    public Response toResponse(InsightsFailure failure) {
        return Response.status(failure.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store").entity(failure.reason()).build();
    }
}
