package org.microconversions.interceptors.insights;

import jakarta.ws.rs.core.SecurityContext;
import org.junit.jupiter.api.Test;

import java.security.Principal;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The insights API's access rule: closed by default, then authenticated and in role, checked in code. */
class InsightsGuardTest {

    private static final String ROLE = InsightsResource.ROLE;

    /** A caller as the container would describe it; {@code user == null}: nobody signed in. */
    private static SecurityContext caller(String user, Set<String> roles) {
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return user == null ? null : () -> user;
            }

            @Override
            public boolean isUserInRole(String role) {
                return roles.contains(role);
            }

            @Override
            public boolean isSecure() {
                return false;
            }

            @Override
            public String getAuthenticationScheme() {
                return user == null ? null : BASIC_AUTH;
            }
        };
    }

    @Test
    void disabledAnswers404ToEveryoneEvenTheAnalyst() {
        assertThat(InsightsGuard.decide(false, caller(null, Set.of()), ROLE)).isEqualTo(404);
        assertThat(InsightsGuard.decide(false, caller("analyst", Set.of(ROLE)), ROLE)).isEqualTo(404);
        assertThat(InsightsGuard.decide(false, null, ROLE)).isEqualTo(404);
    }

    @Test
    void enabledWithoutAnAuthenticatedCallerAnswers401() {
        // what every request sees on a server without appSecurity, whatever credentials it sends
        assertThat(InsightsGuard.decide(true, caller(null, Set.of()), ROLE)).isEqualTo(401);
        assertThat(InsightsGuard.decide(true, null, ROLE)).isEqualTo(401);
    }

    @Test
    void aRoleWithoutAPrincipalIsNotEnough() {
        assertThat(InsightsGuard.decide(true, caller(null, Set.of(ROLE)), ROLE)).isEqualTo(401);
    }

    @Test
    void enabledAndAuthenticatedButOutsideTheRoleAnswers403() {
        assertThat(InsightsGuard.decide(true, caller("shopper", Set.of()), ROLE)).isEqualTo(403);
        assertThat(InsightsGuard.decide(true, caller("admin", Set.of("microconversions-admin")), ROLE))
                .isEqualTo(403);
    }

    @Test
    void enabledAndInTheRoleGoesOnToTheResource() {
        assertThat(InsightsGuard.decide(true, caller("analyst", Set.of(ROLE)), ROLE)).isEqualTo(InsightsGuard.ALLOW);
    }

    @Test
    void theResourceIsBoundToTheGuard() {
        assertThat(InsightsResource.class.isAnnotationPresent(InsightsApi.class)).isTrue();
        assertThat(InsightsGuard.class.isAnnotationPresent(InsightsApi.class)).isTrue();
        assertThat(InsightsGuard.class.isAnnotationPresent(jakarta.ws.rs.ext.Provider.class)).isTrue();
    }
}
