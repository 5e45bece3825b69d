package org.microconversions.interceptors.outbox;

/**
 * A sink's forwarding lease as one instance took it: the fencing token every outbox status change
 * of that instance carries. {@code epoch} rises by one on every acquisition and stays the same on
 * renewals, so an instance that lost the lease (to another instance, or to itself restarted)
 * holds a token that no longer matches the row.
 *
 * @param sink   the sink's name
 * @param holder the instance id that holds it
 * @param epoch  the fencing token
 * @param until  epoch ms until which it is held, unless renewed
 */
public record Lease(String sink, String holder, long epoch, long until) {

    /** @return the same lease, held until {@code newUntil} */
    Lease renewedUntil(long newUntil) {
        return new Lease(sink, holder, epoch, newUntil);
    }
}
