package org.microconversions.interceptors.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** An executor that holds its tasks until the test opens it, then runs them (and later ones) on a thread. */
public final class GatedExecutor implements Executor, AutoCloseable {

    private final ExecutorService delegate = Executors.newSingleThreadExecutor();
    private final List<Runnable> held = new ArrayList<>();
    private boolean open;

    @Override
    public synchronized void execute(Runnable task) {
        if (open) {
            delegate.execute(task);
        } else {
            held.add(task);
        }
    }

    public synchronized void open() {
        open = true;
        held.forEach(delegate::execute);
        held.clear();
    }

    @Override
    public void close() {
        delegate.shutdownNow();
    }
}
