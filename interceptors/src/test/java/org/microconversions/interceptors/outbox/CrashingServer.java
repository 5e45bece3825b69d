package org.microconversions.interceptors.outbox;

import org.microconversions.interceptors.config.ConfigKeys;
import org.microconversions.interceptors.record.ShopBean;
import org.microconversions.interceptors.support.TestContainer;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A stand-in server process for the kill -9 tests: the real pipeline on PostgreSQL, forwarding to
 * a {@link FileSink}. Mode {@code burst} records conversions until it is killed; mode
 * {@code drain} records nothing and only forwards what is owed. Modes {@code purchases} and
 * {@code adds} play a shop's request threads: {@value #CLIENTS} threads each call an annotated
 * method (a durable purchase, or a buffered add-to-cart) with a unique id, and once the call has
 * returned, i.e. the request would be answered 2xx, append the id to the acknowledgement file
 * (argument 4) with one unbuffered write: what the kernel has, a SIGKILL cannot take back. The
 * outbox lease is the system property {@value #LEASE_PROPERTY} (default 2 s).
 */
public final class CrashingServer {

    private CrashingServer() {
    }

    static final int CLIENTS = 8;
    /** System property with the outbox lease of the stand-in server. */
    static final String LEASE_PROPERTY = "crashing-server.lease";

    /** @return whether the mode plays request threads, whose fourth argument is the acknowledgement file */
    private static boolean acknowledging(String mode) {
        return "purchases".equals(mode) || "adds".equals(mode);
    }

    public static void main(String[] args) throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(args[0]);
        ds.setUser("postgres");
        System.setProperty(FileSink.FILE_PROPERTY, args[1]);
        TestContainer c = TestContainer.builder(ds)
                .config(ConfigKeys.OUTBOX_POLL_INTERVAL, "50ms")
                .config(ConfigKeys.OUTBOX_LEASE, System.getProperty(LEASE_PROPERTY, "2s"))
                // the same identity in both runs, as a restarted server has
                .config(ConfigKeys.OUTBOX_INSTANCE_ID, "kill-it-server")
                .config(ConfigKeys.FLUSH_INTERVAL, "50ms")
                .beans(ShopBean.class, CheckoutBean.class, FileSink.class).start();
        System.out.println("started");
        if (acknowledging(args[2])) {
            acknowledge(c.bean(CheckoutBean.class), "purchases".equals(args[2]), java.nio.file.Path.of(args[3]));
        }
        if ("burst".equals(args[2])) {
            ShopBean shop = c.bean(ShopBean.class);
            while (true) {
                shop.addToCart("sku");
                Thread.onSpinWait();
            }
        }
        Thread.sleep(Long.MAX_VALUE); // drain: the forwarder works until the test stops this process
    }

    private static void acknowledge(CheckoutBean checkout, boolean purchases, java.nio.file.Path ackFile)
            throws Exception {
        java.io.FileOutputStream acks = new java.io.FileOutputStream(ackFile.toFile(), true);
        for (int t = 0; t < CLIENTS; t++) {
            String client = "c" + t + "-";
            Thread thread = new Thread(() -> {
                for (long n = 0;; n++) {
                    String id = client + n;
                    if (purchases) {
                        checkout.placeOrder(id);
                    } else {
                        checkout.addToCart(id);
                    }
                    byte[] line = (id + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    try {
                        synchronized (acks) {
                            acks.write(line); // one write(2): in the kernel once it returns
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }, "client-" + t);
            thread.start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
