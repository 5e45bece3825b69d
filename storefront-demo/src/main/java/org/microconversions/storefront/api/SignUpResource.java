package org.microconversions.storefront.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.microconversions.api.MicroConversion;
import org.microconversions.api.MicroConversions;
import org.microconversions.storefront.shop.Accounts;

import java.util.Map;

/** E-mail capture: newsletter ({@code newsletter-signup}) and accounts ({@code sign-up}). */
@RequestScoped
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SignUpResource {

    @Inject
    Accounts accounts;
    @Inject
    MicroConversions conversions;

    @POST
    @Path("newsletter")
    @MicroConversion("newsletter-signup")
    public Map<String, Object> subscribe(Requests.Email body) {
        boolean added = accounts.subscribe(Requests.require(body).email());
        if (!added) {
            // already subscribed: a second sign-up is not a new conversion
            conversions.current().ifPresent(MicroConversions.PendingConversion::cancel);
        }
        return Map.of("subscribed", true, "alreadySubscribed", !added);
    }

    @POST
    @Path("accounts")
    @MicroConversion("sign-up")
    public Response signUp(Requests.SignUp body) {
        Requests.require(body);
        Accounts.Account account = accounts.signUp(body.name(), body.email(), body.password());
        conversions.current().ifPresent(c -> c.userId(account.id()));
        return Response.status(Response.Status.CREATED)
                .entity(Map.of("id", account.id(), "name", account.name(), "email", account.email()))
                .build();
    }
}
