package org.microconversions.interceptors.pipeline;

import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.metrics.ConversionMetrics;
import org.microconversions.interceptors.store.Rejection;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.TestContainer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class RejectionLogTest {

    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private final Logger logger = Logger.getLogger(Pipeline.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel() == Level.WARNING && r.getMessage().startsWith("Quarantined")) {
                warnings.add(r.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stop() {
        logger.removeHandler(capture);
    }

    @Test
    void logsOneWarningPerReasonPerMinuteAndCountsEveryRow() {
        try (TestContainer c = TestContainer.builder(Databases.derby()).start()) {
            AtomicLong now = new AtomicLong(1_000_000);
            RejectionLog log = new RejectionLog(c.bean(ConversionMetrics.class), now::get);

            log.rejected(List.of(rejection("check"), rejection("check"), rejection("too-long")));
            now.addAndGet(59_000);
            log.rejected(List.of(rejection("check"), rejection("too-long")));
            assertThat(warnings).hasSize(2);

            now.addAndGet(1_000); // a minute after the first warning
            log.rejected(List.of(rejection("check")));
            assertThat(warnings).hasSize(3);
            assertThat(warnings.get(2)).startsWith("Quarantined 3 conversion(s)").contains("reason check");

            assertThat(TestContainer.counter("microconversions.rejected", new Tag("reason", "check"))).isEqualTo(4);
            assertThat(TestContainer.counter("microconversions.rejected", new Tag("reason", "too-long")))
                    .isEqualTo(2);
        }
    }

    private static Rejection rejection(String reason) {
        return new Rejection(MicroConversionEvent.builder().id(UUID.randomUUID()).name("share")
                .timestamp(Instant.now()).build(), reason, "23514", "refused");
    }
}
