-- Fencing token of the forwarding lease: raised by one on every acquisition (a takeover, a
-- restart of the same instance, a first lease), kept by renewals. Every outbox status change
-- checks, in its own transaction, that the lease still has the holder and epoch it was taken
-- with, so a delivery that outlived its lease cannot record its outcome over the new holder's.
-- Existing leases start at 0; the next acquisition makes them 1.
ALTER TABLE mc_sink_lease ADD COLUMN epoch BIGINT NOT NULL DEFAULT 0;
