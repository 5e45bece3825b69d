package org.microconversions.interceptors.collect;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The beacon script is served only by {@link CollectResource#script()}, which answers 404 while
 * the collect endpoint is off: it must not sit under {@code META-INF/resources}, where the servlet
 * container would serve it to anyone, switch or not.
 */
class BeaconScriptTest {

    @Test
    void theScriptLivesBesideTheResourceNotUnderMetaInfResources() {
        assertThat(CollectResource.class.getResource(CollectResource.SCRIPT)).isNotNull();
        ClassLoader loader = CollectResource.class.getClassLoader();
        assertThat(loader.getResource("META-INF/resources/microconversions/beacon.js")).isNull();
    }
}
