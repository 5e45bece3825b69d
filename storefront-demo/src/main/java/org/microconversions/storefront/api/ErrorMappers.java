package org.microconversions.storefront.api;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.microconversions.storefront.shop.ShopException;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns every failure into {@code {"error": ...}} JSON; never a stack trace. */
public final class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class.getName());

    private ErrorMappers() {
    }

    static Response error(int status, String reason) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(reason)).build();
    }

    /** A refusal by the shop: its status and reason. */
    @Provider
    public static class Shop implements ExceptionMapper<ShopException> {
        @Override
        public Response toResponse(ShopException e) {
            return error(e.status(), e.getMessage());
        }
    }

    /** JAX-RS errors (unknown path, wrong method, wrong media type): status and a generic reason. */
    @Provider
    public static class Web implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
            if (status >= 500) {
                LOG.log(Level.WARNING, "request failed", e);
                return error(500, "internal error");
            }
            String reason = switch (status) {
                case 400 -> "malformed request";
                case 404 -> "not found";
                case 405 -> "method not allowed";
                case 406 -> "not acceptable: this API speaks application/json";
                case 415 -> "unsupported media type: send application/json";
                default -> Response.Status.Family.familyOf(status) == Response.Status.Family.CLIENT_ERROR
                        ? "request refused"
                        : "unexpected status";
            };
            return error(status, reason);
        }
    }

    /** A request body that is not the JSON we expect. */
    @Provider
    public static class Json implements ExceptionMapper<JsonbException> {
        @Override
        public Response toResponse(JsonbException e) {
            return error(400, "malformed JSON body");
        }
    }

    /** A request body that could not be read. */
    @Provider
    public static class Processing implements ExceptionMapper<ProcessingException> {
        @Override
        public Response toResponse(ProcessingException e) {
            return error(400, "malformed JSON body");
        }
    }

    /** Anything else: 500, details only in the server log. */
    @Provider
    public static class Unexpected implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            LOG.log(Level.SEVERE, "unexpected error", e);
            return error(500, "internal error");
        }
    }
}
