package org.microconversions.interceptors.cdi;

import org.junit.jupiter.api.Test;
import org.microconversions.interceptors.record.Recorder;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.TestContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each interceptor instance (one per intercepted bean instance) takes its plans and advice from one
 * {@code @Singleton}, injected as the object itself: no client proxy to call in the constructor.
 */
class InterceptorAdviceTest {

    @Test
    void everyInterceptorInstanceSharesOneAdviceThatIsNoProxy() {
        try (TestContainer c = TestContainer.builder(Databases.derby()).beans(ValidBean.class).start()) {
            Advice advice = c.bean(Advice.class);
            assertThat(advice.getClass()).isEqualTo(Advice.class);
            assertThat(c.bean(Advice.class)).isSameAs(advice);
            assertThat(advice.invocations()).isSameAs(c.bean(Recorder.class).invocations());

            // the interceptor records through it
            for (int i = 0; i < 3; i++) {
                c.bean(ValidBean.class).share();
            }
            assertThat(TestContainer.conversions("share", "micro")).isEqualTo(3);
        }
    }
}
