package org.microconversions.interceptors.record;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.microconversions.api.Durability;
import org.microconversions.api.Kind;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.api.MicroConversions;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The {@link MicroConversions} bean shop code injects. */
@ApplicationScoped
public class DefaultMicroConversions implements MicroConversions {

    @Inject
    Recorder recorder;

    @Override
    public Optional<UUID> record(String name) {
        return conversion(name).record();
    }

    @Override
    public Recording conversion(String name) {
        MicroConversionEvent.requireValidName(name);
        return new ByHand(recorder, name);
    }

    @Override
    public Optional<PendingConversion> current() {
        return Optional.ofNullable(CallStack.top(CallStack.current()));
    }

    private static final class ByHand implements Recording {
        private final Recorder recorder;
        private final Details details;
        private Kind kind = Kind.MICRO;
        private Durability durability = Durability.BY_KIND;

        ByHand(Recorder recorder, String name) {
            this.recorder = recorder;
            this.details = new Details(name);
        }

        @Override
        public Recording kind(Kind kind) {
            this.kind = Objects.requireNonNull(kind, "kind");
            return this;
        }

        @Override
        public Recording durable(Durability durability) {
            this.durability = Objects.requireNonNull(durability, "durability");
            return this;
        }

        @Override
        public Recording value(BigDecimal value, String currency) {
            details.value(value, currency);
            return this;
        }

        @Override
        public Recording attribute(String key, String value) {
            details.attribute(key, value);
            return this;
        }

        @Override
        public Recording userId(String userId) {
            details.userId(userId);
            return this;
        }

        @Override
        public Optional<UUID> record() {
            if (!recorder.enabled()) {
                return Optional.empty();
            }
            return Optional.of(recorder.record(details.name(), kind, durability, details, "api"));
        }
    }
}
