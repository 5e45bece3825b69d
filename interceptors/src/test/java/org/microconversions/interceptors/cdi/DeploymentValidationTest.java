package org.microconversions.interceptors.cdi;

import org.junit.jupiter.api.Test;
import org.microconversions.interceptors.config.ConfigKeys;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.TestContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad annotations and bad settings fail the deployment with a message naming the method or key. */
class DeploymentValidationTest {

    private static TestContainer.Builder container() {
        return TestContainer.builder(Databases.derby());
    }

    @Test
    void invalidNameFailsDeploymentNamingTheMethod() {
        assertThatThrownBy(() -> container().beans(InvalidNameBean.class).start())
                .hasStackTraceContaining("org.microconversions.interceptors.cdi.InvalidNameBean#add()")
                .hasStackTraceContaining("invalid conversion name 'Add To Cart'");
    }

    @Test
    void annotationOnPrivateMethodFailsDeploymentBecauseItWouldNeverRecord() {
        assertThatThrownBy(() -> container().beans(PrivateMethodBean.class).start())
                .hasStackTraceContaining("PrivateMethodBean#pay() is private");
    }

    @Test
    void nameOutsideTheAllowlistFailsDeployment() {
        assertThatThrownBy(() -> container().beans(ValidBean.class)
                .config(ConfigKeys.NAMES_ALLOWED, "add-to-cart").start())
                .hasStackTraceContaining("ValidBean#share()")
                .hasStackTraceContaining("name 'share' is not in microconversions.names.allowed");
    }

    @Test
    void allowlistedNamesDeploy() {
        try (TestContainer c = container().beans(ValidBean.class)
                .config(ConfigKeys.NAMES_ALLOWED, "add-to-cart, share").start()) {
            c.bean(ValidBean.class).share();
            assertThat(TestContainer.conversions("share", "micro")).isEqualTo(1);
        }
    }

    @Test
    void unknownSettingFailsStartupNamingTheKey() {
        assertThatThrownBy(() -> container().beans(ValidBean.class)
                .config("microconversions.batchsize", "10").start())
                .hasStackTraceContaining("Unknown configuration microconversions.batchsize");
    }

    @Test
    void aHyphenatedKeySetByAnEnvironmentVariableIsNotTakenForAnUnknownOne() {
        // Open Liberty lists MICROCONVERSIONS_BUFFER_OVERFLOW_WAIT as microconversions.buffer.overflow.wait
        try (TestContainer c = container().beans(ValidBean.class)
                .config("microconversions.buffer.overflow.wait", "1s")
                .config("microconversions.sink.ga4.api.secret", "secret").start()) {
            c.bean(ValidBean.class).add();
            assertThat(TestContainer.conversions("add-to-cart", "micro")).isEqualTo(1);
        }
    }

    @Test
    void badValueFailsStartupNamingTheKey() {
        assertThatThrownBy(() -> container().beans(ValidBean.class)
                .config(ConfigKeys.BUFFER_OVERFLOW, "block").start())
                .hasStackTraceContaining("Invalid configuration microconversions.buffer.overflow=block")
                .hasStackTraceContaining("expected one of persist-inline, drop");
    }

    @Test
    void disabledTrackingRecordsNothing() {
        try (TestContainer c = container().beans(ValidBean.class).config(ConfigKeys.ENABLED, "false").start()) {
            c.bean(ValidBean.class).add();
            assertThat(TestContainer.hasCounter("microconversions.conversions",
                    new org.eclipse.microprofile.metrics.Tag("name", "add-to-cart"),
                    new org.eclipse.microprofile.metrics.Tag("kind", "micro"))).isFalse();
        }
    }

    @Test
    void everyProblemIsReportedTogetherInOneDeploymentFailure() {
        assertThatThrownBy(() -> container().beans(ValidBean.class).config(ConfigKeys.BATCH_SIZE, "0")
                .config("microconversions.sink.webhook.enabled", "true")
                .config("microconversions.sink.webhook.url", "https://hooks.example.com/x")
                .config("microconversions.experiment.layout.variants", "only-one").start())
                .hasStackTraceContaining("3 configuration problems")
                .hasStackTraceContaining("Invalid configuration microconversions.batch-size=0")
                .hasStackTraceContaining("Invalid configuration microconversions.sink.webhook.secret=")
                .hasStackTraceContaining("Invalid configuration microconversions.experiment.layout.variants=only-one");
    }

    @Test
    void aLeaseTheSinksDeliveryMayOutliveFailsDeploymentNamingTheKey() {
        assertThatThrownBy(() -> container().beans(ValidBean.class).config(ConfigKeys.OUTBOX_LEASE, "3s")
                .config("microconversions.sink.webhook.enabled", "true")
                .config("microconversions.sink.webhook.url", "https://hooks.example.com/x")
                .config("microconversions.sink.webhook.secret",
                        "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]))
                .start())
                .hasStackTraceContaining("Invalid configuration microconversions.outbox.lease=3s");
    }
}
