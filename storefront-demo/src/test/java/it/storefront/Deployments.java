package it.storefront;

import it.storefront.probe.BodyLengthServlet;
import it.storefront.probe.ProbeConversions;
import it.storefront.probe.ProbeResource;
import it.storefront.probe.ProbeRollback;
import it.storefront.probe.RollbackProbe;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;

/** The WAR under test: the real storefront WAR as Maven packaged it, plus test-only beans. */
final class Deployments {

    private Deployments() {
    }

    /** @return target/storefront-demo.war (context root / from ibm-web-ext.xml) */
    static WebArchive storefront() {
        File war = new File("target/storefront-demo.war");
        if (!war.isFile()) {
            throw new IllegalStateException(war.getAbsolutePath() + " is missing: run the package phase first");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }

    /** @return the storefront plus the transaction rollback probe (test-only, never in the shop) */
    static WebArchive storefrontWithProbe() {
        return storefront().addClasses(ProbeConversions.class, RollbackProbe.class, ProbeRollback.class,
                ProbeResource.class);
    }

    /** @return the storefront plus a plain servlet that counts the bytes of a request body (test-only) */
    static WebArchive storefrontWithBodyProbe() {
        return storefront().addClass(BodyLengthServlet.class);
    }
}
