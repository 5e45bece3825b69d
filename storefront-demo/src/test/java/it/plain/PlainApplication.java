package it.plain;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The plain shop's JAX-RS application: every resource in the WAR and its libraries, at /api. */
@ApplicationPath("api")
public class PlainApplication extends Application {
}
