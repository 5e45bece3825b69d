package org.microconversions.interceptors.outbox;

import org.microconversions.interceptors.config.ConfigKeys;
import org.microconversions.interceptors.record.ShopBean;
import org.microconversions.interceptors.support.TestContainer;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A stand-in server process for the kill -9 test: the real pipeline on PostgreSQL, forwarding to
 * a {@link FileSink}. Mode {@code burst} records conversions until it is killed; mode
 * {@code drain} records nothing and only forwards what is owed. An optional fourth argument is the
 * outbox lease.
 */
public final class CrashingServer {

    private CrashingServer() {
    }

    public static void main(String[] args) throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(args[0]);
        ds.setUser("postgres");
        System.setProperty(FileSink.FILE_PROPERTY, args[1]);
        TestContainer c = TestContainer.builder(ds)
                .config(ConfigKeys.OUTBOX_POLL_INTERVAL, "50ms")
                .config(ConfigKeys.OUTBOX_LEASE, args.length > 3 ? args[3] : "2s")
                // the same identity in both runs, as a restarted server has
                .config(ConfigKeys.OUTBOX_INSTANCE_ID, "kill-it-server")
                .config(ConfigKeys.FLUSH_INTERVAL, "50ms")
                .beans(ShopBean.class, FileSink.class).start();
        System.out.println("started");
        if ("burst".equals(args[2])) {
            ShopBean shop = c.bean(ShopBean.class);
            while (true) {
                shop.addToCart("sku");
                Thread.onSpinWait();
            }
        }
        Thread.sleep(Long.MAX_VALUE); // drain: the forwarder works until the test stops this process
    }
}
